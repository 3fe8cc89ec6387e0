package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"attract"
	"attract/demo"
	attracthttp "attract/http"
	"attract/sqlstore"
	"attract/web"
)

// searchSection returns the HTML of one group of results.
func searchSection(t *testing.T, body, kind string) string {
	t.Helper()
	i := strings.Index(body, `id="`+kind+`"`)
	if i < 0 {
		t.Fatalf("no %s group on the page", kind)
	}
	rest := body[i:]
	if j := strings.Index(rest, "</section>"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

func TestSearch(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		d := dirSetup(t, e)
		park := &attract.Project{ProjectFields: attract.ProjectFields{NameZH: "肇庆新区西银智慧产业园", NameEN: "Xiyin Smart Industrial Park",
			InvestorID: &d.parent.ID, SourceEconomy: "HK"}}
		if err := e.db.CreateProject(dirSys, park); err != nil {
			t.Fatal(err)
		}
		for _, role := range attract.Roles {
			b := e.as(role)
			// A Chinese substring finds the project, and only it.
			res := b.get("/search?q="+url.QueryEscape("西银")).must(t, http.StatusOK)
			res.contains(t, `value="西银"`, "Results for “西银”")
			projects := searchSection(t, res.body, "projects")
			for _, want := range []string{"肇庆新区西银智慧产业园", "/projects?q=%E8%A5%BF%E9%93%B6", "Hartmann Holding AG", "(1)"} {
				if !strings.Contains(projects, want) {
					t.Errorf("the projects group lacks %q", want)
				}
			}
			if strings.Contains(projects, d.project.NameZH) {
				t.Error("西银 found the Hartmann project")
			}
			if c := searchSection(t, res.body, "companies"); !strings.Contains(c, "No matches.") {
				t.Error("西银 found companies")
			}

			// An English word finds the companies and the contact's company in
			// their groups.
			res = b.get("/search?q=Hartmann").must(t, http.StatusOK)
			companies := searchSection(t, res.body, "companies")
			for _, want := range []string{d.company.NameZH, "Hartmann Holding AG", "(2)", `href="/companies?q=Hartmann"`} {
				if !strings.Contains(companies, want) {
					t.Errorf("the companies group lacks %q", want)
				}
			}
			contacts := searchSection(t, res.body, "contacts")
			for _, want := range []string{"韦安娜", "Anna Weber", "(1)", `href="/contacts?q=Hartmann"`} {
				if !strings.Contains(contacts, want) {
					t.Errorf("the contacts group lacks %q", want)
				}
			}
			if p := searchSection(t, res.body, "projects"); !strings.Contains(p, "Hartmann trim plant") {
				t.Error("Hartmann did not find the project by its English name")
			}
			// The "see all" link gives the list filtered alike.
			b.get("/companies?q=Hartmann").must(t, http.StatusOK).contains(t, d.company.NameZH, "Hartmann Holding AG")
			b.get("/contacts?q=Hartmann").must(t, http.StatusOK).contains(t, "Anna Weber")
		}

		b := e.as(attract.RoleOfficer)
		b.get("/search").must(t, http.StatusOK).contains(t, "Press / on any page", `href="/reference"`)
		b.get("/search?q="+url.QueryEscape("不存在的东西")).must(t, http.StatusOK).contains(t, "Nothing matches “不存在的东西”")
		b.get("/search?q="+strings.Repeat("x", 201)).must(t, http.StatusOK).contains(t, "too long")
		dirLang(t, b, "zh")
		b.get("/search").must(t, http.StatusOK).contains(t, "按 / 键即可跳到搜索框")
		res := b.get("/search?q="+url.QueryEscape("不存在的东西")).must(t, http.StatusOK)
		res.contains(t, "没有与“不存在的东西”匹配的结果")
		b.get("/search?q="+url.QueryEscape("西银")).must(t, http.StatusOK).contains(t, "“西银”的搜索结果", "查看全部匹配“西银”的项目")
		// Markup in the query is text.
		res = b.get("/search?q="+url.QueryEscape(`<b>x</b>`)).must(t, http.StatusOK)
		dirLacks(t, res, "<b>x</b>")

		e.anonymous().get("/search?q=x").must(t, http.StatusSeeOther)
	})
}

// demoHandler is the page handler over the demo agency (300 projects, on
// SQLite) and a session of a signed-in director.
func demoHandler(b *testing.B) (*web.Handler, *sqlstore.DB, string) {
	db := sqlstore.MustOpenTestDB(b, "sqlite")
	if _, err := demo.Generate(context.Background(), db, demo.Options{Projects: 300, Today: attract.DateOf(time.Now())}); err != nil {
		b.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	ui, err := web.New(db, logger, attracthttp.NewServer(db, logger).Throttle)
	if err != nil {
		b.Fatal(err)
	}
	u, err := db.FindUserByUsername(dirSys, "liang.zhiqiang")
	if err != nil {
		b.Fatal(err)
	}
	secret, err := db.CreateSession(dirSys, u.ID, time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	return ui, db, secret
}

// benchPage times one page of the demo agency through the handler alone.
func benchPage(b *testing.B, ui *web.Handler, secret, path string) {
	for b.Loop() {
		req := httptest.NewRequest("GET", path, nil)
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: secret})
		w := httptest.NewRecorder()
		ui.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("%s: status %d", path, w.Code)
		}
	}
}

// BenchmarkSearch searches the demo agency (300 projects) in Chinese and in
// English, as a director. Run it with
//
//	go test ./web -run '^$' -bench 'BenchmarkSearch|BenchmarkCompanyPage' -benchtime 50x
//
// The target is under 50 ms (50,000,000 ns/op) per page.
func BenchmarkSearch(b *testing.B) {
	ui, _, secret := demoHandler(b)
	b.Run("zh", func(b *testing.B) { benchPage(b, ui, secret, "/search?q="+url.QueryEscape("肇庆")) })
	b.Run("en", func(b *testing.B) { benchPage(b, ui, secret, "/search?q=park") })
}

// BenchmarkCompanyPage renders the page of the demo company with the most
// projects, with its contacts, activities and history.
func BenchmarkCompanyPage(b *testing.B) {
	ui, db, secret := demoHandler(b)
	projects, _, err := db.FindProjects(dirSys, attract.ProjectFilter{Limit: 500})
	if err != nil {
		b.Fatal(err)
	}
	count := map[int64]int{}
	var busiest int64
	for _, p := range projects {
		if p.InvestorID != nil {
			count[*p.InvestorID]++
			if count[*p.InvestorID] > count[busiest] {
				busiest = *p.InvestorID
			}
		}
	}
	if busiest == 0 {
		b.Fatal("the demo has no investors")
	}
	b.Run("page", func(b *testing.B) { benchPage(b, ui, secret, "/companies/"+strconv.FormatInt(busiest, 10)) })
	b.Run("list", func(b *testing.B) { benchPage(b, ui, secret, "/companies") })
	b.Run("form", func(b *testing.B) { benchPage(b, ui, secret, "/companies/"+strconv.FormatInt(busiest, 10)+"/edit") })
}
