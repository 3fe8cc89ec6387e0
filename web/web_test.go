package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"attract"
	attracthttp "attract/http"
	"attract/sqlstore"
	"attract/web"
)

// env is the whole server (API and pages, behind the same middleware as in
// production) over a fresh database, with one signed-in browser per role.
type env struct {
	t      *testing.T
	db     *sqlstore.DB
	ts     *httptest.Server
	ui     *web.Handler
	users  map[attract.Role]*attract.User
	teamID int64
}

const testPassword = "correct horse battery"

func newEnv(t *testing.T, dialect string) *env {
	t.Helper()
	db := sqlstore.MustOpenTestDB(t, dialect)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := attracthttp.NewServer(db, logger)
	ui, err := web.New(db, logger, srv.Throttle)
	if err != nil {
		t.Fatal(err)
	}
	srv.UI = ui
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	e := &env{t: t, db: db, ts: ts, ui: ui, users: map[attract.Role]*attract.User{}}
	ctx := attract.NewSystemContext(context.Background())
	team := &attract.Team{Name: "港澳招商组"}
	if err := db.CreateTeam(ctx, team); err != nil {
		t.Fatal(err)
	}
	e.teamID = team.ID
	for _, role := range attract.Roles {
		u := &attract.User{Username: string(role) + "1", Name: "Test " + string(role), Role: role, Language: "en"}
		if role == attract.RoleOfficer {
			u.TeamID = &team.ID
		}
		if err := db.CreateUser(ctx, u, testPassword); err != nil {
			t.Fatal(err)
		}
		e.users[role] = u
	}
	return e
}

// forEachDB runs a page test against every database the suite has.
func forEachDB(t *testing.T, test func(t *testing.T, e *env)) {
	for _, d := range sqlstore.TestDialects(t) {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			test(t, newEnv(t, d))
		})
	}
}

// browser is a cookie-keeping client, like a person's browser.
type browser struct {
	e *env
	c *http.Client
}

// anonymous returns a browser that has not signed in.
func (e *env) anonymous() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e, &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// as returns a browser signed in as the user of role.
func (e *env) as(role attract.Role) *browser {
	e.t.Helper()
	b := e.anonymous()
	res := b.post("/login", url.Values{"username": {e.users[role].Username}, "password": {testPassword}})
	if res.status != http.StatusSeeOther {
		e.t.Fatalf("sign in as %s: %d\n%s", role, res.status, res.body)
	}
	return b
}

// page is one answer.
type page struct {
	status   int
	header   http.Header
	body     string
	location string
}

func (b *browser) do(req *http.Request) page {
	b.e.t.Helper()
	res, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return page{res.StatusCode, res.Header, string(body), res.Header.Get("Location")}
}

func (b *browser) get(path string) page {
	b.e.t.Helper()
	req, _ := http.NewRequest("GET", b.e.ts.URL+path, nil)
	return b.do(req)
}

// post submits a form the way a browser does, from the same origin.
func (b *browser) post(path string, form url.Values) page {
	b.e.t.Helper()
	req, _ := http.NewRequest("POST", b.e.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.e.ts.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

// must fails the test unless the page answered with status.
func (p page) must(t *testing.T, status int) page {
	t.Helper()
	if p.status != status {
		t.Fatalf("status %d, want %d\n%s", p.status, status, p.body)
	}
	return p
}

// contains fails the test unless the body has every string.
func (p page) contains(t *testing.T, want ...string) page {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(p.body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	return p
}
