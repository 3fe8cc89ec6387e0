package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"attract"
	"attract/demo"
	attracthttp "attract/http"
	"attract/sqlstore"
	"attract/web"
)

// plFixture is the projects the list tests filter, sort and page: three
// distinct projects (T-1, T-2, T-3), one archived (T-4), and 27 plain leads
// (F-01 ... F-27) so that the list has more than one page of 25.
type plFixture struct {
	director *attract.User
	hangTung *attract.Company // investor of T-1
	paige    *attract.Company // investor of T-2, archived
	byCode   map[string]*attract.Project
}

// The name of T-3 is made to test an export's quoting and formula
// neutralisation.
const plFormulaName = `=1+2 "quoted", name`

func newPLFixture(t *testing.T, e *env) *plFixture {
	t.Helper()
	ctx := attract.NewSystemContext(context.Background())
	db := e.db
	fx := &plFixture{byCode: map[string]*attract.Project{}}
	fx.director = e.users[attract.RoleDirector]
	officer := e.users[attract.RoleOfficer]

	fx.hangTung = &attract.Company{CompanyFields: attract.CompanyFields{NameZH: "恒通控股有限公司", NameEN: "Hang Tung Holdings Ltd", Country: "HK"}}
	fx.paige = &attract.Company{CompanyFields: attract.CompanyFields{NameZH: "佩奇汽车饰件有限公司", NameEN: "Paige Automotive Trim GmbH", Country: "DE"}}
	for _, c := range []*attract.Company{fx.hangTung, fx.paige} {
		if err := db.CreateCompany(ctx, c); err != nil {
			t.Fatal(err)
		}
	}

	money := func(s string) *attract.Money {
		m, err := attract.ParseMoney(s, "")
		if err != nil {
			t.Fatal(err)
		}
		return &m
	}
	date := func(s string) *attract.Date {
		d, err := attract.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return &d
	}
	ptr := func(n int64) *int64 { return &n }
	// Projects are created on the day their creation date says.
	defer func() { db.Now = time.Now }()
	create := func(on string, p *attract.Project) {
		t.Helper()
		day, err := time.Parse(time.DateOnly, on)
		if err != nil {
			t.Fatal(err)
		}
		db.Now = func() time.Time { return day.Add(3 * time.Hour) }
		if err := db.CreateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
		fx.byCode[p.Code] = p
	}
	create("2024-01-10", &attract.Project{ProjectFields: attract.ProjectFields{
		Code: "T-1", NameZH: "肇庆新区西银智慧产业园", NameEN: "Xiyin Smart Industrial Park",
		InvestorID: &fx.hangTung.ID, SourceEconomy: "HK", UltimateEconomy: "HK", Sector: "2910", Type: attract.TypeGreenfield,
		TotalInvestment: money("1.2亿元"), OwnerID: &officer.ID, TeamID: &e.teamID, KeyProject: true,
		Park: "肇庆高新区", Probability: ptr(60), NextAction: "安排实地考察", NextActionDue: date("2024-02-01"),
	}})
	create("2024-03-05", &attract.Project{Stage: attract.StageSigned, ProjectFields: attract.ProjectFields{
		Code: "T-2", NameZH: "佩奇汽车饰件项目", NameEN: "Paige Automotive Trim Plant",
		InvestorID: &fx.paige.ID, SourceEconomy: "DE", Sector: "2930", Type: attract.TypeMA, InvestmentMode: attract.ModeWFOE,
		TotalInvestment: money("EUR 3.4 million"), ContractedFDI: money("EUR 3,400,000.55"), ContractActual: date("2024-06-01"),
		OwnerID: &fx.director.ID,
	}})
	create("2024-05-20", &attract.Project{Stage: attract.StageNegotiating, ProjectFields: attract.ProjectFields{
		Code: "T-3", NameZH: "新能源汽车产业园", NameEN: plFormulaName,
		SourceEconomy: "SG", Sector: "3510", Type: attract.TypeExpansion, ContractActual: date("2024-08-01"),
		OwnerID: &officer.ID, TeamID: &e.teamID,
	}})
	create("2024-06-01", &attract.Project{ProjectFields: attract.ProjectFields{Code: "T-4", NameZH: "已归档项目", NameEN: "Archived project"}})
	if _, err := db.ArchiveProject(ctx, fx.byCode["T-4"].ID, 1, true); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 27; i++ {
		create(fmt.Sprintf("2025-%02d-%02d", 1+i%12, 1+i), &attract.Project{Stage: attract.StageContacted, ProjectFields: attract.ProjectFields{
			Code: fmt.Sprintf("F-%02d", i), NameEN: fmt.Sprintf("Filler lead %02d", i),
		}})
	}
	// An archived investor is still named on its projects.
	if _, err := db.ArchiveCompany(ctx, fx.paige.ID, 1, true); err != nil {
		t.Fatal(err)
	}
	return fx
}

var plCodeRE = regexp.MustCompile(`<a href="/projects/\d+">([TF]-\d+)</a>`)

// plCodes returns the project plCodes of the table's rows, in order.
func plCodes(body string) []string {
	var out []string
	for _, m := range plCodeRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func plFillers() []string {
	var out []string
	for i := 1; i <= 27; i++ {
		out = append(out, fmt.Sprintf("F-%02d", i))
	}
	return out
}

func plSorted(ss ...[]string) []string {
	out := slices.Concat(ss...)
	slices.Sort(out)
	return out
}

func TestProjectListRendersForEveryRole(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		e.as(attract.RoleViewer).get("/projects").must(t, http.StatusOK).contains(t, "There are no projects yet.")
		newPLFixture(t, e)
		for _, role := range attract.Roles {
			b := e.as(role)
			// Only those who may create projects are offered to.
			if got := strings.Contains(b.get("/projects").body, `href="/projects/new"`); got != role.Can(attract.PermProjectWrite) {
				t.Errorf("%s: new project link %v", role, got)
			}
			b.get("/projects").must(t, http.StatusOK).contains(t,
				"<h1>Projects</h1>", `<th scope="col"`, "Days in stage", "Xiyin Smart Industrial Park",
				`<div class="small muted" lang="zh-CN">肇庆新区西银智慧产业园</div>`, "Hang Tung Holdings Ltd", "Hong Kong, China",
				"CNY 120 million", "Test officer", "Save this view", "Export CSV")
			b.post("/lang", url.Values{"lang": {"zh"}, "next": {"/projects"}}).must(t, http.StatusSeeOther)
			b.get("/projects").must(t, http.StatusOK).contains(t,
				"<h1>项目列表</h1>", "本阶段天数", "肇庆新区西银智慧产业园", `<div class="small muted" lang="en">Xiyin Smart Industrial Park</div>`,
				"恒通控股有限公司", "中国香港", "1.2亿元", "保存当前视图", "导出 CSV", "线索")
		}
		// A visitor who has not signed in is sent to sign in first.
		res := e.anonymous().get("/projects?stage=lead")
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.location, "/login?next=") {
			t.Errorf("anonymous: %d %s", res.status, res.location)
		}
	})
}

func TestProjectListFilters(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		fx := newPLFixture(t, e)
		b := e.as(attract.RoleOfficer)
		director := strconv.FormatInt(fx.director.ID, 10)
		team := strconv.FormatInt(e.teamID, 10)
		for _, tc := range []struct {
			query string
			want  []string
		}{
			{"", plSorted([]string{"T-1", "T-2", "T-3"}, plFillers())},
			{"q=西银", []string{"T-1"}},
			{"q=PAIGE", []string{"T-2"}},
			{"stage=signed", []string{"T-2"}},
			{"stage=lead&stage=negotiating", []string{"T-1", "T-3"}},
			{"stage=lead,negotiating", []string{"T-1", "T-3"}},
			{"owner=" + director, []string{"T-2"}},
			{"owner=me", []string{"T-1", "T-3"}},
			{"team=" + team, []string{"T-1", "T-3"}},
			{"sector=C", []string{"T-1", "T-2"}},
			{"sector=29", []string{"T-1", "T-2"}},
			{"sector=2930", []string{"T-2"}},
			{"sector=d", []string{"T-3"}},
			{"economy=HK", []string{"T-1"}},
			{"economy=de", []string{"T-2"}},
			{"economy=新加坡", []string{"T-3"}},
			{"type=ma", []string{"T-2"}},
			{"key=true", []string{"T-1"}},
			{"key=false", plSorted([]string{"T-2", "T-3"}, plFillers())},
			{"created_from=2024-03-01&created_to=2024-05-20", []string{"T-2", "T-3"}},
			{"created_to=2024-01-10", []string{"T-1"}},
			{"contract_from=2024-06-01&contract_to=2024-06-30", []string{"T-2"}},
			{"contract_from=2024-07-01", []string{"T-3"}},
			{"archived=true", []string{"T-4"}},
			{"stage=lead,negotiating&key=false", []string{"T-3"}},
			{"q=filler&stage=signed", nil},
		} {
			res := b.get("/projects?limit=200&"+tc.query).must(t, http.StatusOK)
			got := plCodes(res.body)
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("%s: got %v, want %v", tc.query, got, tc.want)
			}
			if tc.want == nil && !strings.Contains(res.body, "No project matches these filters.") {
				t.Errorf("%s: no message for an empty result", tc.query)
			}
		}
		// The form shows the filters back, in the canonical form.
		b.get("/projects?economy=de&stage=lead,negotiating&key=false&created_from=2024-03-01").must(t, http.StatusOK).contains(t,
			`<option value="DE" selected>DE Germany</option>`, `value="lead" checked`, `value="negotiating" checked`,
			`<option value="false" selected>`, `value="2024-03-01"`, "2 active")
	})
}

// TestProjectListSectorExact checks sector_exact on the list: the code
// alone, not the codes under it, said beside the sector filter in both
// languages and kept by the next page, the sort links, the form, the saved
// view and both exports.
func TestProjectListSectorExact(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := attract.NewSystemContext(context.Background())
		// 26 projects classified by the section letter alone (more than a
		// page of 25) and two under it.
		var only []string
		create := func(code, sector string) {
			t.Helper()
			if err := e.db.CreateProject(ctx, &attract.Project{ProjectFields: attract.ProjectFields{Code: code, NameEN: "Project " + code, Sector: sector}}); err != nil {
				t.Fatal(err)
			}
		}
		for i := 1; i <= 26; i++ {
			code := fmt.Sprintf("T-%d", 100+i)
			create(code, "C")
			only = append(only, code)
		}
		create("T-201", "2930")
		create("T-202", "10")
		all := plSorted(only, []string{"T-201", "T-202"})
		b := e.as(attract.RoleOfficer)

		view := "limit=25&sector=C&sector_exact=1&sort=code"
		first := b.get("/projects?"+view).must(t, http.StatusOK)
		first.contains(t, `<span class="hint" id="f-sector-hint">C only, not the codes under it</span>`,
			`id="f-sector_exact" name="sector_exact" value="true" checked`, `aria-describedby="f-sector-hint"`,
			"1 active", // the box narrows the sector filter; it is not a filter of its own
			// The sort links, the exports and the saved view keep it.
			`<a href="/projects?limit=25&amp;sector=C&amp;sector_exact=1&amp;sort=-code">Code`,
			`href="/projects/export.csv?`+strings.ReplaceAll(view, "&", "&amp;")+`"`,
			`href="/projects/export.xlsx?`+strings.ReplaceAll(view, "&", "&amp;")+`"`,
			`<input type="hidden" name="query" value="`+strings.ReplaceAll(view, "&", "&amp;")+`">`)
		got := plCodes(first.body)
		next := regexp.MustCompile(`<a class="button secondary" href="([^"]+)" rel="next">`).FindStringSubmatch(first.body)
		if next == nil {
			t.Fatalf("no next page after %v", got)
		}
		if href := html.UnescapeString(next[1]); !strings.Contains(href, "sector_exact=1") {
			t.Errorf("the next page %s drops sector_exact", href)
		} else {
			got = append(got, plCodes(b.get(href).must(t, http.StatusOK).body)...)
		}
		if !slices.Equal(got, only) {
			t.Errorf("the section letter alone, over two pages: %v, want %v", got, only)
		}

		// The form sends the checkbox as it is; the page reads either.
		if got := plSorted(plCodes(b.get("/projects?limit=200&sector=C&sector_exact=true").must(t, http.StatusOK).body)); !slices.Equal(got, only) {
			t.Errorf("sector_exact=true from the form: %v, want %v", got, only)
		}
		// Both exports hold every project of the view and no other.
		records := plReadCSV(t, b.get("/projects/export.csv?"+view).must(t, http.StatusOK).body)
		if got := plColumn(records, 0); !slices.Equal(got, only) {
			t.Errorf("CSV export: %v, want %v", got, only)
		}
		f, err := excelize.OpenReader(strings.NewReader(b.get("/projects/export.xlsx?"+view).must(t, http.StatusOK).body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if rows, err := f.GetRows("Projects"); err != nil || len(rows) != 1+len(only) || rows[len(rows)-1][0] != "T-126" {
			t.Errorf("XLSX export: %d rows (%v), want the header and %d projects", len(rows), err, len(only))
		}

		// Without it the letter matches every code under it, and the page
		// says nothing of codes alone.
		whole := b.get("/projects?limit=200&sector=C").must(t, http.StatusOK)
		if got := plSorted(plCodes(whole.body)); !slices.Equal(got, all) {
			t.Errorf("sector=C: %v, want %v", got, all)
		}
		if strings.Contains(whole.body, "not the codes under it</span>") || strings.Contains(whole.body, `name="sector_exact" value="true" checked`) {
			t.Error("sector=C alone says the list is limited to the letter")
		}
		// Without a code there is nothing to narrow: it is left out.
		none := b.get("/projects?limit=200&sector_exact=1").must(t, http.StatusOK)
		if got := plSorted(plCodes(none.body)); !slices.Equal(got, all) {
			t.Errorf("sector_exact without a sector: %v, want every project", got)
		}
		none.contains(t, `href="/projects/export.csv?limit=200"`, `<input type="hidden" name="query" value="limit=200">`,
			// The box stays as the user left it, and says why it does nothing.
			`id="f-sector_exact" name="sector_exact" value="true" checked`, "Choose a sector code for this to narrow.",
			`<details class="pl-more" open>`)
		if strings.Contains(b.get("/projects?limit=200").must(t, http.StatusOK).body, "Choose a sector code") {
			t.Error("the box unticked still asks for a sector code")
		}

		b.post("/lang", url.Values{"lang": {"zh"}, "next": {"/projects"}}).must(t, http.StatusSeeOther)
		b.get("/projects?"+view).must(t, http.StatusOK).contains(t, "仅 C，不含其下各类", "仅限所选代码，不含其下各类")
	})
}

// TestProjectListCompany checks the list filtered by a company, as its
// page links to it: the projects it invests in and those it became, said
// above the filters, kept by the form, the sort links, the exports and a
// saved view, and removed by one link.
func TestProjectListCompany(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := attract.NewSystemContext(context.Background())
		company := func(name string) *attract.Company {
			c := &attract.Company{CompanyFields: attract.CompanyFields{NameZH: name + "公司", NameEN: name}}
			if err := e.db.CreateCompany(ctx, c); err != nil {
				t.Fatal(err)
			}
			return c
		}
		alpha, beta := company("Alpha Holdings"), company("Beta Capital")
		create := func(code string, investor, enterprise *attract.Company) {
			t.Helper()
			p := &attract.Project{ProjectFields: attract.ProjectFields{Code: code, NameEN: "Project " + code}}
			if investor != nil {
				p.InvestorID = &investor.ID
			}
			if enterprise != nil {
				p.EnterpriseID = &enterprise.ID
			}
			if err := e.db.CreateProject(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		create("T-1", alpha, nil)
		create("T-2", beta, alpha)
		create("T-3", beta, nil)
		create("T-4", nil, nil)
		id := strconv.FormatInt(alpha.ID, 10)
		b := e.as(attract.RoleOfficer)

		view := "company=" + id + "&sort=code"
		res := b.get("/projects?"+view).must(t, http.StatusOK)
		if got := plCodes(res.body); !slices.Equal(got, []string{"T-1", "T-2"}) {
			t.Errorf("company %s: %v, want T-1 (its investment) and T-2 (the enterprise it became)", id, got)
		}
		res.contains(t, `<p class="pl-company" id="f-company">Company: <a href="/companies/`+id+`"><strong>Alpha Holdings</strong></a>`,
			`<input type="hidden" name="company" value="`+id+`">`, "as investor or as the enterprise established",
			`<a href="/projects?sort=code">Remove this filter</a>`,
			`<a href="/projects?company=`+id+`&amp;sort=-code">Code`,
			`href="/projects/export.csv?`+strings.ReplaceAll(view, "&", "&amp;")+`"`,
			`<input type="hidden" name="query" value="`+strings.ReplaceAll(view, "&", "&amp;")+`">`)
		// Other filters narrow it further.
		one := b.get("/projects?"+view+"&q=T-2").must(t, http.StatusOK)
		if got := plCodes(one.body); !slices.Equal(got, []string{"T-2"}) {
			t.Errorf("company and text: %v, want T-2", got)
		}
		one.contains(t, "1 project on this page.")
		records := plReadCSV(t, b.get("/projects/export.csv?"+view).must(t, http.StatusOK).body)
		if got := plColumn(records, 0); !slices.Equal(got, []string{"T-1", "T-2"}) {
			t.Errorf("CSV export of the company: %v", got)
		}
		// A saved view keeps the company.
		b.post("/projects/views", url.Values{"name": {"Alpha"}, "query": {view}}).must(t, http.StatusSeeOther)
		views, err := e.db.FindSavedViews(attract.NewContextWithUser(ctx, e.users[attract.RoleOfficer]))
		if err != nil || len(views) != 1 || views[0].Query != view {
			t.Errorf("saved view: %+v, %v; want the query %q", views, err, view)
		}
		// The company's page links here.
		b.get("/companies/"+id).must(t, http.StatusOK).contains(t, `<a href="/projects?company=`+id+`">Open them in the project list →</a>`)

		b.post("/lang", url.Values{"lang": {"zh"}, "next": {"/projects"}}).must(t, http.StatusSeeOther)
		b.get("/projects?"+view).must(t, http.StatusOK).contains(t, "企业：", "Alpha Holdings公司", "作为投资方或所设企业", "取消此筛选")
		b.get("/projects?company=999999").must(t, http.StatusBadRequest).contains(t, "不存在编号为“999999”的企业")
	})
}

func TestProjectListSort(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		fx := newPLFixture(t, e)
		b := e.as(attract.RoleViewer)
		all := plSorted([]string{"T-1", "T-2", "T-3"}, plFillers())
		byCode := b.get("/projects?limit=200&sort=code").must(t, http.StatusOK)
		if got := plCodes(byCode.body); !slices.Equal(got, all) {
			t.Errorf("sort=code: %v", got)
		}
		byCode.contains(t, `<th scope="col" aria-sort="ascending"><a href="/projects?limit=200&amp;sort=-code">Code <span aria-hidden="true">▲</span></a></th>`)
		desc := b.get("/projects?limit=200&sort=-code").must(t, http.StatusOK)
		want := slices.Clone(all)
		slices.Reverse(want)
		if got := plCodes(desc.body); !slices.Equal(got, want) {
			t.Errorf("sort=-code: %v", got)
		}
		desc.contains(t, `aria-sort="descending"><a href="/projects?limit=200&amp;sort=code">Code`)

		// Oldest first and newest first by creation.
		created := func(code string) time.Time { return fx.byCode[code].CreatedAt }
		for _, sort := range []string{"created_at", "-created_at"} {
			got := plCodes(b.get("/projects?limit=200&cols=code,created&sort="+sort).must(t, http.StatusOK).body)
			ok := slices.IsSortedFunc(got, func(a, b string) int {
				if sort == "created_at" {
					return created(a).Compare(created(b))
				}
				return created(b).Compare(created(a))
			})
			if !ok || len(got) != 30 {
				t.Errorf("sort=%s: %v", sort, got)
			}
		}
		// By name: the English plFillers first, then by the Chinese names:
		// 佩 (T-2), 新 (T-3), 肇 (T-1).
		got := plCodes(b.get("/projects?limit=200&sort=name").must(t, http.StatusOK).body)
		if i := slices.Index(got, "T-2"); i != 27 || !slices.Equal(got[27:], []string{"T-2", "T-3", "T-1"}) {
			t.Errorf("sort=name: %v", got)
		}
		// Days in stage ascend as the stage change recedes: the plColumn shows
		// the store's descending sort as ascending.
		b.get("/projects?sort=-stage_changed_at").must(t, http.StatusOK).contains(t,
			`aria-sort="ascending" class="num"><a href="/projects?sort=stage_changed_at">Days in stage`)
		// The default sort (newest change first) marks the Updated plColumn.
		b.get("/projects").must(t, http.StatusOK).contains(t,
			`aria-sort="descending"><a href="/projects?sort=updated_at">Updated`)
		// Columns the store has no index for are not sortable.
		if body := b.get("/projects").body; strings.Contains(body, `<a href="/projects?sort=stage`) || !strings.Contains(body, `<th scope="col">Stage</th>`) {
			t.Error("the stage plColumn offers a sort")
		}
	})
}

func TestProjectListPaging(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		newPLFixture(t, e)
		b := e.as(attract.RoleDirector)
		for _, start := range []string{"/projects?limit=25", "/projects?limit=25&sort=name", "/projects?limit=25&sort=-created_at&stage=contacted"} {
			seen := map[string]int{}
			next, pages := start, 0
			for next != "" {
				res := b.get(next).must(t, http.StatusOK)
				pages++
				for _, c := range plCodes(res.body) {
					seen[c]++
				}
				if pages > 1 {
					res.contains(t, "First page")
				}
				next = ""
				if m := regexp.MustCompile(`<a class="button secondary" href="([^"]+)" rel="next">Next page</a>`).FindStringSubmatch(res.body); m != nil {
					next = html.UnescapeString(m[1])
					if !strings.Contains(next, "cursor=") || !strings.Contains(next, "limit=25") {
						t.Errorf("next page link %s", next)
					}
				}
			}
			want := 30
			if strings.Contains(start, "contacted") {
				want = 27
			}
			if pages != 2 || len(seen) != want {
				t.Errorf("%s: %d pages, %d projects", start, pages, len(seen))
			}
			for c, n := range seen {
				if n != 1 {
					t.Errorf("%s: %s shown %d times", start, c, n)
				}
			}
		}
		// Page sizes other than those offered are refused; so is a damaged cursor.
		b.get("/projects?limit=7").must(t, http.StatusBadRequest).contains(t, `must be 25, 50, 100 or 200, not &#34;7&#34;`)
		b.get("/projects?cursor=garbage").must(t, http.StatusBadRequest).contains(t, "start again from the first page")
	})
}

func TestProjectListBadInput(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		newPLFixture(t, e)
		b := e.as(attract.RoleOfficer)
		for _, tc := range []struct {
			query string
			want  []string
		}{
			{"created_from=yesterday", []string{`&#34;yesterday&#34; is not a date; write it as YYYY-MM-DD`, `type="text" value="yesterday"`, `aria-invalid="true"`, `href="#f-created_from"`}},
			{"sort=colour", []string{`cannot sort by &#34;colour&#34;`, "updated_at, created_at, stage_changed_at, name, code"}},
			{"stage=lead,bogus", []string{`&#34;bogus&#34; is not a stage`}},
			{"owner=999999", []string{`there is no user with id &#34;999999&#34;`}},
			{"team=abc", []string{`there is no team with id &#34;abc&#34;`}},
			{"company=abc", []string{`there is no company with id &#34;abc&#34;`, `href="#f-company"`, `id="f-company">Company: abc`}},
			{"company=999999", []string{`there is no company with id &#34;999999&#34;`, `href="#f-company"`, `<a href="/projects">Remove this filter</a>`}},
			{"economy=Atlantis", []string{`&#34;Atlantis&#34; is not a known country or economy`}},
			{"sector=ZZ9", []string{`&#34;ZZ9&#34; is not an ISIC Rev.4 code`}},
			{"type=castle", []string{`&#34;castle&#34; is not a project type`}},
			{"source=radio", []string{`&#34;radio&#34; is not a lead source`}},
			{"key=maybe", []string{`must be true or false, not &#34;maybe&#34;`}},
			{"sector=C&sector_exact=maybe", []string{`must be true or false, not &#34;maybe&#34;`, `href="#f-sector_exact"`}},
			{"archived=perhaps", []string{`must be true or false, not &#34;perhaps&#34;`}},
			{"cols=code,colour", []string{"unknown columns: colour"}},
			{"created_from=2024-05-01&created_to=2024-01-01", []string{"must not be before the start of the range"}},
			{"contract_to=31/12/2024", []string{`&#34;31/12/2024&#34; is not a date`}},
		} {
			res := b.get("/projects?"+tc.query).must(t, http.StatusBadRequest)
			res.contains(t, append(tc.want, `role="alert"`, "Some filters could not be understood")...)
			if strings.Contains(res.body, "<table") || strings.Contains(res.body, "Export CSV") {
				t.Errorf("%s: the page shows projects or exports despite the error", tc.query)
			}
		}
		// In Chinese too, and an export of a bad view says so rather than
		// exporting something else.
		b.post("/lang", url.Values{"lang": {"zh"}, "next": {"/"}})
		b.get("/projects?created_from=yesterday").must(t, http.StatusBadRequest).contains(t, "“yesterday”不是日期", "部分筛选条件无法识别")
		b.get("/projects/export.csv?sort=colour").must(t, http.StatusBadRequest).contains(t, "无法按“colour”排序")
	})
}

func TestProjectListColumns(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		newPLFixture(t, e)
		b := e.as(attract.RoleIntegrity)
		headers := func(body string) []string {
			var out []string
			for _, m := range regexp.MustCompile(`<th scope="col"[^>]*>(?:<a [^>]*>)?([^<]+?)(?: <span|</a>|</th>)`).FindAllStringSubmatch(body, -1) {
				out = append(out, m[1])
			}
			return out
		}
		def := b.get("/projects").must(t, http.StatusOK)
		if got := headers(def.body); !slices.Equal(got, []string{"Code", "Name", "Stage", "Days in stage", "Investor", "Source economy", "Total investment", "Owner", "Next action", "Updated"}) {
			t.Errorf("default columns: %v", got)
		}
		def.contains(t, `id="f-cols-park" name="cols" value="park">`, `id="f-cols-code" name="cols" value="code" checked>`)
		// The user's choice, in the order given, comma-separated or repeated.
		for _, q := range []string{"cols=code,park,probability,key,next", "cols=code&cols=park&cols=probability,key&cols=next"} {
			res := b.get("/projects?q=西银&"+q).must(t, http.StatusOK)
			if got := headers(res.body); !slices.Equal(got, []string{"Code", "Park", "Probability", "Key project", "Next action"}) {
				t.Errorf("%s: columns %v", q, got)
			}
			res.contains(t, `<td class="pl-wrap">肇庆高新区</td>`, `<td class="num">60%</td>`, `<span class="badge key">Key project</span>`,
				`安排实地考察 <span class="badge late">overdue since 2024-02-01</span>`, `id="f-cols-park" name="cols" value="park" checked>`)
			if strings.Contains(res.body, "Xiyin Smart Industrial Park") {
				t.Errorf("%s: the name plColumn is shown", q)
			}
		}
		// Every plColumn renders; the archived investor is still named.
		all := b.get("/projects?q=paige&cols=code,name,stage,days,investor,economy,ultimate,sector,type,mode,total,contracted,utilized,owner,team,park,key,probability,next,activity,updated,created")
		all.must(t, http.StatusOK).contains(t, "Paige Automotive Trim GmbH", "Germany", "2930", "M&amp;A", "Wholly foreign-owned",
			"EUR 3.4 million", "EUR 3,400,000.55", "Test director", "2024-03-05", `class="stage stage-signed">Signed`)
		if got := len(headers(all.body)); got != 22 {
			t.Errorf("all columns: %d headers", got)
		}
	})
}

func TestProjectListSavedViews(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		newPLFixture(t, e)
		officer, director := e.as(attract.RoleOfficer), e.as(attract.RoleDirector)
		officerUser := attract.NewContextWithUser(context.Background(), e.users[attract.RoleOfficer])
		countViews := func() int {
			vs, err := e.db.FindSavedViews(attract.NewSystemContext(context.Background()))
			if err != nil {
				t.Fatal(err)
			}
			return len(vs)
		}

		// The form carries the view's query; saving goes back to the view.
		page := officer.get("/projects?key=true&economy=hk").must(t, http.StatusOK)
		page.contains(t, `<input type="hidden" name="query" value="economy=HK&amp;key=true">`)
		res := officer.post("/projects/views", url.Values{"name": {"香港重点项目"}, "query": {"economy=HK&key=true"}}).must(t, http.StatusSeeOther)
		if res.location != "/projects?economy=HK&key=true" {
			t.Errorf("after saving: %s", res.location)
		}
		officer.get(res.location).must(t, http.StatusOK).contains(t, `<a href="/projects?economy=HK&amp;key=true" aria-current="page">香港重点项目</a>`)
		officer.post("/projects/views", url.Values{"name": {"Signed deals"}, "shared": {"true"}, "query": {"stage=signed&cols=code,name,total"}}).must(t, http.StatusSeeOther)

		// The director sees the shared view, not the private one, and opening
		// it shows the rows the officer sees.
		list := director.get("/projects").must(t, http.StatusOK)
		list.contains(t, "Shared by colleagues", `<a href="/projects?cols=code,name,total&amp;stage=signed">Signed deals</a>`, "by Test officer")
		if strings.Contains(list.body, "香港重点项目") {
			t.Error("the director sees the officer's private view")
		}
		theirs := plCodes(director.get("/projects?cols=code,name,total&stage=signed").must(t, http.StatusOK).body)
		mine := plCodes(officer.get("/projects?cols=code,name,total&stage=signed").must(t, http.StatusOK).body)
		if !slices.Equal(theirs, []string{"T-2"}) || !slices.Equal(theirs, mine) {
			t.Errorf("the shared view shows %v to the director and %v to the officer", theirs, mine)
		}

		// Refusals re-render the form with the input and the error beside
		// the field, and write nothing.
		before := countViews()
		for _, tc := range []struct {
			form url.Values
			want []string
		}{
			{url.Values{"name": {"  "}, "shared": {"true"}, "query": {"stage=lead"}}, []string{`id="f-name-error">is required`, `id="f-shared" name="shared" value="true" checked`}},
			{url.Values{"name": {"香港重点项目"}, "query": {"stage=lead"}}, []string{`you already have a view named &#34;香港重点项目&#34;`, `value="香港重点项目"`}},
			{url.Values{"name": {strings.Repeat("x", 101)}, "query": {""}}, []string{"must be at most 100 characters"}},
			{url.Values{"name": {"Bad dates"}, "query": {"created_from=yesterday"}}, []string{"The filters of this view have errors", "yesterday"}},
		} {
			res := officer.post("/projects/views", tc.form).must(t, http.StatusBadRequest)
			res.contains(t, append(tc.want, `role="alert"`)...)
		}
		if n := countViews(); n != before {
			t.Errorf("refused saves wrote views: %d, want %d", n, before)
		}

		// Only the owner (or an administrator) deletes a view.
		vs, _ := e.db.FindSavedViews(officerUser)
		byName := map[string]int64{}
		for _, v := range vs {
			byName[v.Name] = v.ID
		}
		shared := strconv.FormatInt(byName["Signed deals"], 10)
		director.post("/projects/views/"+shared+"/delete", url.Values{"next": {"/projects"}}).must(t, http.StatusForbidden)
		private := strconv.FormatInt(byName["香港重点项目"], 10)
		director.post("/projects/views/"+private+"/delete", nil).must(t, http.StatusNotFound)
		res = officer.post("/projects/views/"+private+"/delete", url.Values{"next": {"/projects?stage=lead"}}).must(t, http.StatusSeeOther)
		if res.location != "/projects?stage=lead" {
			t.Errorf("after delete: %s", res.location)
		}
		if n := countViews(); n != before-1 {
			t.Errorf("after delete %d views, want %d", n, before-1)
		}
		e.as(attract.RoleAdmin).post("/projects/views/"+shared+"/delete", url.Values{"next": {"//evil.example"}}).must(t, http.StatusSeeOther)
		if n := countViews(); n != before-2 {
			t.Errorf("after the admin's delete %d views, want %d", n, before-2)
		}
		// A viewer may keep views too: they are preferences, not records.
		e.as(attract.RoleViewer).post("/projects/views", url.Values{"name": {"Mine"}, "query": {"stage=lead"}}).must(t, http.StatusSeeOther)
	})
}

// plReadCSV parses an export, checking the byte-order mark and CRLF line ends.
func plReadCSV(t *testing.T, body string) [][]string {
	t.Helper()
	rest, ok := strings.CutPrefix(body, "\uFEFF")
	if !ok {
		t.Fatal("the CSV has no byte-order mark")
	}
	if !strings.Contains(rest, "\r\n") || strings.Contains(strings.ReplaceAll(rest, "\r\n", ""), "\n") {
		t.Error("the CSV's lines do not end in CRLF")
	}
	records, err := csv.NewReader(strings.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}

func plColumn(records [][]string, i int) []string {
	var out []string
	for _, r := range records[1:] {
		out = append(out, r[i])
	}
	return out
}

func TestProjectListExportCSV(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		newPLFixture(t, e)
		defer web.SetListExportPage(7)()
		b := e.as(attract.RoleOfficer)
		// Every page of the view, in its sort, with its columns — not the 25
		// rows of the page on screen.
		res := b.get("/projects/export.csv?limit=25&sort=code&cols=code,name,total,next,probability").must(t, http.StatusOK)
		if ct := res.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("content type %q", ct)
		}
		if cd := res.header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="projects-`) {
			t.Errorf("content disposition %q", cd)
		}
		records := plReadCSV(t, res.body)
		if want := []string{"Code", "Name", "Chinese name", "Total investment", "Total investment currency", "Next action", "Next action due", "Probability (%)"}; !slices.Equal(records[0], want) {
			t.Errorf("header %q", records[0])
		}
		if got, want := plColumn(records, 0), plSorted([]string{"T-1", "T-2", "T-3"}, plFillers()); !slices.Equal(got, want) {
			t.Errorf("plCodes %v, want %v", got, want)
		}
		byCode := map[string][]string{}
		for _, r := range records[1:] {
			byCode[r[0]] = r
		}
		if got, want := byCode["T-1"], []string{"T-1", "Xiyin Smart Industrial Park", "肇庆新区西银智慧产业园", "120000000.00", "CNY", "安排实地考察", "2024-02-01", "60"}; !slices.Equal(got, want) {
			t.Errorf("T-1 %q", got)
		}
		if got := byCode["T-3"][1]; got != "'"+plFormulaName {
			t.Errorf("formula not neutralised: %q", got)
		}
		// RFC 4180 quoting, as written.
		if !strings.Contains(res.body, "T-3,\"'=1+2 \"\"quoted\"\", name\",新能源汽车产业园,,,,,\r\n") {
			t.Errorf("quoting of T-3:\n%s", res.body)
		}

		// In Chinese the headers are Chinese, and the other name is English.
		b.post("/lang", url.Values{"lang": {"zh"}, "next": {"/"}})
		zh := plReadCSV(t, b.get("/projects/export.csv?q=西银&cols=code,name,stage,contracted,key").must(t, http.StatusOK).body)
		if want := []string{"编号", "名称", "英文名称", "阶段", "合同外资", "合同外资币种", "重点项目"}; !slices.Equal(zh[0], want) {
			t.Errorf("zh header %q", zh[0])
		}
		if want := []string{"T-1", "肇庆新区西银智慧产业园", "Xiyin Smart Industrial Park", "线索", "", "", "是"}; len(zh) != 2 || !slices.Equal(zh[1], want) {
			t.Errorf("zh rows %q", zh)
		}
	})
}

func TestProjectListExportXLSX(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		newPLFixture(t, e)
		defer web.SetListExportPage(4)()
		b := e.as(attract.RoleViewer)
		query := "?sort=-code&cols=code,name,total,contracted,days&key=false"
		res := b.get("/projects/export.xlsx"+query).must(t, http.StatusOK)
		if ct := res.header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
			t.Errorf("content type %q", ct)
		}
		f, err := excelize.OpenReader(strings.NewReader(res.body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if sheets := f.GetSheetList(); !slices.Equal(sheets, []string{"Projects"}) {
			t.Fatalf("sheets %v", sheets)
		}
		rows, err := f.GetRows("Projects", excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		// The same rows as the CSV of the same view; amounts are number cells.
		records := plReadCSV(t, b.get("/projects/export.csv"+query).must(t, http.StatusOK).body)
		if len(rows) != len(records) || len(rows) != 30 {
			t.Fatalf("%d rows in XLSX, %d in CSV, want 30", len(rows), len(records))
		}
		for i := range rows {
			for j, want := range records[i] {
				got := ""
				if j < len(rows[i]) {
					got = rows[i][j]
				}
				if got == want {
					continue
				}
				gf, err1 := strconv.ParseFloat(got, 64)
				wf, err2 := strconv.ParseFloat(want, 64)
				if err1 != nil || err2 != nil || gf != wf {
					t.Errorf("row %d plColumn %d: XLSX %q, CSV %q", i, j, got, want)
				}
			}
		}
		if rows[0][0] != "Code" || rows[1][0] != "T-3" || rows[3][0] != "F-27" {
			t.Errorf("order: %v %v %v", rows[0], rows[1], rows[3])
		}
		// T-2's contracted FDI is EUR 3,400,000.55: a number, exactly.
		var t2 int
		for i, r := range rows {
			if r[0] == "T-2" {
				t2 = i + 1
			}
		}
		cell, _ := excelize.CoordinatesToCellName(6, t2)
		typ, err := f.GetCellType("Projects", cell)
		if err != nil || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
			t.Errorf("contracted FDI cell %s is of type %v (%v)", cell, typ, err)
		}
		if v, _ := f.GetCellValue("Projects", cell); v != "3,400,000.55" {
			t.Errorf("contracted FDI shows %q", v)
		}
		if v, _ := f.GetCellValue("Projects", "G1"); v != "Contracted FDI currency" {
			t.Errorf("G1 %q", v)
		}
		if v, _ := f.GetCellValue("Projects", "B"+strconv.Itoa(plRowOf(rows, "T-3"))); v != "'"+plFormulaName {
			t.Errorf("T-3 name %q", v)
		}
	})
}

func plRowOf(rows [][]string, code string) int {
	for i, r := range rows {
		if len(r) > 0 && r[0] == code {
			return i + 1
		}
	}
	return 0
}

// BenchmarkProjectList renders the project list of the demo agency (300
// projects, SQLite) as an officer sees it first:
//
//	go test ./web -run '^$' -bench BenchmarkProjectList -benchmem
func BenchmarkProjectList(b *testing.B) {
	db := sqlstore.MustOpenTestDB(b, "sqlite")
	ctx := attract.NewSystemContext(context.Background())
	if _, err := demo.Generate(ctx, db, demo.Options{Projects: 300, Today: attract.DateOf(time.Now())}); err != nil {
		b.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	ui, err := web.New(db, logger, attracthttp.NewServer(db, logger).Throttle)
	if err != nil {
		b.Fatal(err)
	}
	u, err := db.FindUserByUsername(ctx, "chen.jie")
	if err != nil {
		b.Fatal(err)
	}
	secret, err := db.CreateSession(ctx, u.ID, time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct{ name, path string }{
		{"default", "/projects"},
		{"200rows-allcolumns", "/projects?limit=200&cols=code,name,stage,days,investor,economy,ultimate,sector,type,mode,total,contracted,utilized,owner,team,park,key,probability,next,activity,updated,created"},
	} {
		path := bc.path
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				req := httptest.NewRequest("GET", path, nil)
				req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: secret})
				rec := httptest.NewRecorder()
				ui.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || !bytes.Contains(rec.Body.Bytes(), []byte("<table")) {
					b.Fatalf("status %d\n%s", rec.Code, rec.Body)
				}
			}
		})
	}
}
