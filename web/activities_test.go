package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"attract"
)

// feedSubjects returns the subjects of a page's activity feed, in order.
func feedSubjects(t *testing.T, body string) []string {
	t.Helper()
	i := strings.Index(body, `<ol class="feed">`)
	if i < 0 {
		return nil
	}
	feed := body[i : i+strings.Index(body[i:], "</ol>")]
	var out []string
	for _, m := range regexp.MustCompile(`<strong>([^<]*)</strong>`).FindAllStringSubmatch(feed, -1) {
		out = append(out, html.UnescapeString(m[1]))
	}
	return out
}

var nextPageRE = regexp.MustCompile(`<a href="([^"]*)" rel="next">`)

// TestRecordActivities: a record's page shows its latest activities and
// links to all of them when there are more; the page of all of them lists
// them latest first, 50 at a time.
func TestRecordActivities(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		ctx := attract.NewSystemContext(context.Background())
		fx := newProjectFixture(t, e)
		pid, cid := fx.project.ID, fx.investor.ID
		// A person of another company's, since archived, met once.
		other := &attract.Company{CompanyFields: attract.CompanyFields{NameZH: "肇庆物流园有限公司"}}
		if err := e.db.CreateCompany(ctx, other); err != nil {
			t.Fatal(err)
		}
		stranger := &attract.Contact{ContactFields: attract.ContactFields{CompanyID: &other.ID, NameZH: "林晓"}}
		if err := e.db.CreateContact(ctx, stranger); err != nil {
			t.Fatal(err)
		}
		// 54 more on the project and the investor (55 on the project in
		// all), the latest last; the first 25 with a person of the
		// investor's, the last with the stranger too.
		start := time.Date(2025, 1, 6, 1, 0, 0, 0, time.UTC)
		for i := range 54 {
			a := &attract.Activity{ActivityFields: attract.ActivityFields{Kind: attract.ActivityCall,
				Subject: fmt.Sprintf("Call %02d", i+1), OccurredAt: start.Add(time.Duration(i) * 24 * time.Hour), ProjectID: &pid, CompanyID: &cid}}
			switch {
			case i < 25:
				a.ContactIDs = []int64{fx.contact.ID}
			case i == 53:
				a.ContactIDs = []int64{fx.contact.ID, stranger.ID}
			}
			if err := e.db.CreateActivity(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.db.ArchiveContact(ctx, stranger.ID, stranger.Version, true); err != nil {
			t.Fatal(err)
		}
		b := e.as(attract.RoleViewer)

		// The project page: the latest 20, and a link to all.
		path := fmt.Sprintf("/projects/%d", pid)
		page := b.get(path).must(t, http.StatusOK)
		got := feedSubjects(t, page.body)
		if len(got) != 20 || got[0] != "Call 54" || got[19] != "Call 35" {
			t.Errorf("project page feed: %d, %q … %q; want Call 54 … Call 35", len(got), got[0], got[len(got)-1])
		}
		page.contains(t, "The latest 20 are shown.", `href="`+path+`/activities">All activities →`,
			fmt.Sprintf(`<a href="/contacts/%d">施安娜</a>, <a href="/contacts/%d">林晓</a>`, fx.contact.ID, stranger.ID))

		// All of them: 50, then 5, the oldest last.
		page = b.get(path+"/activities").must(t, http.StatusOK)
		page.contains(t, "<title>Activities: 德林汽车饰件肇庆工厂", `<a href="`+path+`">← 德林汽车饰件肇庆工厂</a>`, "施安娜")
		first := feedSubjects(t, page.body)
		if len(first) != 50 || first[0] != "Call 54" || first[49] != "Call 05" {
			t.Fatalf("first page: %d, %q … %q", len(first), first[0], first[len(first)-1])
		}
		m := nextPageRE.FindStringSubmatch(page.body)
		if m == nil || strings.Contains(page.body, ">First page<") {
			t.Fatalf("first page: next link %v, or a first-page link", m)
		}
		page = b.get(html.UnescapeString(m[1])).must(t, http.StatusOK)
		rest := feedSubjects(t, page.body)
		if want := []string{"Call 04", "Call 03", "Call 02", "Call 01", "Negotiation on the land price"}; strings.Join(rest, "|") != strings.Join(want, "|") {
			t.Errorf("second page: %q, want %q", rest, want)
		}
		page.contains(t, `<a href="`+path+`/activities">First page</a>`)
		if nextPageRE.MatchString(page.body) {
			t.Error("the last page links to a next one")
		}
		// A damaged page link falls back to the first page, and says so.
		page = b.get(path+"/activities?cursor=garbage").must(t, http.StatusOK)
		page.contains(t, "This page link is out of date")
		if got := feedSubjects(t, page.body); len(got) != 50 {
			t.Errorf("after a damaged link: %d activities", len(got))
		}

		// The investor: 20 of its 54, and all of them, 50 and 4, each
		// naming its project, archived since.
		if _, err := e.db.ArchiveProject(ctx, pid, fx.project.Version, true); err != nil {
			t.Fatal(err)
		}
		cpath := fmt.Sprintf("/companies/%d", cid)
		b.get(cpath).must(t, http.StatusOK).contains(t, "The latest 20 are shown.", `href="`+cpath+`/activities">All activities →`)
		page = b.get(cpath+"/activities").must(t, http.StatusOK)
		if got := feedSubjects(t, page.body); len(got) != 50 || got[0] != "Call 54" {
			t.Errorf("company's activities: %d, first %q", len(got), got[0])
		}
		page.contains(t, `<a href="`+cpath+`">← 德林汽车饰件有限公司</a>`, `· <a href="`+path+`">德林汽车饰件肇庆工厂</a>`, "林晓")
		m = nextPageRE.FindStringSubmatch(page.body)
		if m == nil || !strings.HasPrefix(html.UnescapeString(m[1]), cpath+"/activities?cursor=") {
			t.Fatalf("company's next page link: %v", m)
		}
		page = b.get(html.UnescapeString(m[1])).must(t, http.StatusOK)
		if got := feedSubjects(t, page.body); len(got) != 4 || got[3] != "Call 01" {
			t.Errorf("company's second page: %q", got)
		}
		page.contains(t, `<a href="`+cpath+`/activities">First page</a>`)

		// The contact met on 27 of them: the same, through the contact.
		kpath := fmt.Sprintf("/contacts/%d", fx.contact.ID)
		b.get(kpath).must(t, http.StatusOK).contains(t, `href="`+kpath+`/activities"`)
		if got := feedSubjects(t, b.get(kpath+"/activities").must(t, http.StatusOK).body); len(got) != 27 {
			t.Errorf("contact's activities: %d, want 27", len(got))
		}

		// A record with few activities shows them all and links nowhere.
		small := &attract.Project{ProjectFields: attract.ProjectFields{NameZH: "小项目"}}
		if err := e.db.CreateProject(ctx, small); err != nil {
			t.Fatal(err)
		}
		page = b.get(fmt.Sprintf("/projects/%d", small.ID)).must(t, http.StatusOK)
		if strings.Contains(page.body, "All activities") {
			t.Error("a project without activities links to all of them")
		}
		b.get(fmt.Sprintf("/projects/%d/activities", small.ID)).must(t, http.StatusOK).contains(t, "No activity has been logged.")

		for _, p := range []string{"/projects/999999/activities", "/companies/999999/activities", "/contacts/999999/activities", "/projects/abc/activities"} {
			b.get(p).must(t, http.StatusNotFound)
		}
		e.anonymous().get(path+"/activities").must(t, http.StatusSeeOther)
	})
}

// TestRecordHistory: a company's page names who changed it as the project
// page does, by name, and says when older changes are not shown.
func TestRecordHistory(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		admin := e.users[attract.RoleAdmin]
		ctx := attract.NewContextWithUser(context.Background(), admin)
		c := &attract.Company{CompanyFields: attract.CompanyFields{NameZH: "端州五金有限公司"}}
		if err := e.db.CreateCompany(ctx, c); err != nil {
			t.Fatal(err)
		}
		path := fmt.Sprintf("/companies/%d", c.ID)
		b := e.as(attract.RoleViewer)
		page := b.get(path).must(t, http.StatusOK)
		page.contains(t, "by "+admin.Name)
		if strings.Contains(page.body, "by "+admin.Username) || strings.Contains(page.body, "changes are shown") {
			t.Error("the history names the username, or says changes are left out of one")
		}
		for i := range 30 {
			var err error
			if c, err = e.db.UpdateCompany(ctx, c.ID, c.Version, attract.Patch{"notes": []byte(fmt.Sprintf(`"note %d"`, i))}); err != nil {
				t.Fatal(err)
			}
		}
		b.get(path).must(t, http.StatusOK).contains(t, "Only the latest 30 changes are shown.")
	})
}
