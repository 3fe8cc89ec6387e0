package web_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"attract"
	"attract/demo"

	"github.com/chromedp/chromedp"
)

// Browser tests drive the real pages in a real headless Chromium (Debian's
// chromium package). Without Chromium they skip loudly; in CI (CI=true)
// they fail. Screenshots of the main pages go to the folder named by
// ATTRACT_SCREENSHOTS, by default screenshots/ at the top of the repository.

// chromium returns the path of the browser, or skips or fails the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("ATTRACT_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("Chromium is not installed: CI must run the browser tests (apt-get install chromium)")
	}
	t.Skip("SKIPPING browser test: Chromium is not installed (apt-get install chromium, or set ATTRACT_CHROMIUM)")
	return ""
}

// screenshotDir returns the folder for screenshots, created if missing.
func screenshotDir(t *testing.T) string {
	dir := os.Getenv("ATTRACT_SCREENSHOTS")
	if dir == "" {
		dir = filepath.Join("..", "screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// chrome is one browser window: its own profile, so its own cookies.
type chrome struct {
	t   *testing.T
	e   *env
	ctx context.Context
}

// newChrome starts a headless Chromium window of the given size. The flags
// keep it from reaching the network for updates, sync or safe browsing.
func (e *env) newChrome(t *testing.T, width, height int) *chrome {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", "en-US"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	// Generous: a browser test shares two cores with the other packages' tests.
	ctx, cancelTimeout := context.WithTimeout(ctx, 150*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return &chrome{t: t, e: e, ctx: ctx}
}

// run runs browser actions, failing the test on error.
func (c *chrome) run(actions ...chromedp.Action[chromedp.Void]) {
	c.t.Helper()
	if err := chromedp.Do(c.ctx, actions...); err != nil {
		c.t.Fatalf("browser: %v", err)
	}
}

// get runs one browser action that yields a value.
func get[T any](c *chrome, a chromedp.Action[T]) T {
	c.t.Helper()
	v, err := chromedp.Run(c.ctx, a)
	if err != nil {
		c.t.Fatalf("browser: %v", err)
	}
	return v
}

// open navigates to a path of the server and waits for the page.
func (c *chrome) open(path string) {
	c.t.Helper()
	c.run(chromedp.Navigate(c.e.ts.URL+path), chromedp.WaitReady(chromedp.CSS("body")))
}

// text returns the text of the first visible element matching sel.
func (c *chrome) text(sel string) string {
	c.t.Helper()
	return get(c, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
}

// signIn signs in through the sign-in form.
func (c *chrome) signIn(username string) {
	c.t.Helper()
	c.signInAs(username, testPassword)
}

// signInAs signs in with a password.
func (c *chrome) signInAs(username, password string) {
	c.t.Helper()
	c.open("/login")
	c.run(
		chromedp.SendKeys(chromedp.CSS("#username"), username),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitReady(chromedp.CSS("#nav")), // only signed-in pages have the menu
	)
}

// screenshot saves the whole page as name.png in the screenshot folder.
func (c *chrome) screenshot(name string) {
	c.t.Helper()
	png := get(c, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(screenshotDir(c.t), name+".png"), png, 0o644); err != nil {
		c.t.Fatal(err)
	}
}

func TestBrowserSignInAndLanguage(t *testing.T) {
	chromium(t)
	e := newEnv(t, "sqlite")
	c := e.newChrome(t, 1280, 900)

	// A wrong password is refused with a message, and the username is kept.
	c.open("/login")
	c.screenshot("signin")
	c.run(
		chromedp.SendKeys(chromedp.CSS("#username"), "officer1"),
		chromedp.SendKeys(chromedp.CSS("#password"), "wrong password"),
		chromedp.Submit(chromedp.CSS("#password")),
		chromedp.WaitVisible(chromedp.CSS(".form-errors")),
	)
	if kept := get(c, chromedp.Value(chromedp.CSS("#username"))); kept != "officer1" {
		t.Errorf("username after a refusal: %q", kept)
	}

	c.signIn("officer1")
	if h1 := c.text("h1"); !strings.Contains(h1, "Test officer") {
		t.Errorf("desk heading %q", h1)
	}
	c.screenshot("desk-en")

	// Switch to Chinese: the choice is kept on the user.
	c.run(chromedp.Click(chromedp.CSS("form.lang button")), chromedp.WaitReady(chromedp.CSS(`html[lang="zh-CN"]`)))
	if nav := c.text(`nav a[href="/pipeline"]`); nav != "项目看板" {
		t.Errorf("nav after switching to Chinese: %q", nav)
	}
	c.open("/account")
	if h1 := c.text("h1"); h1 != "我的账户" {
		t.Errorf("account page after switching: %q", h1)
	}
	c.open("/")
	c.screenshot("desk-zh")

	// At phone width the menu folds behind a button that opens it.
	phone := e.newChrome(t, 390, 844)
	phone.signIn("officer1")
	const navShown = `getComputedStyle(document.getElementById("nav")).display !== "none"`
	if get(phone, chromedp.Evaluate[bool](navShown)) {
		t.Error("the menu is open at phone width before the button is pressed")
	}
	phone.run(chromedp.Click(chromedp.CSS(".menu-toggle")))
	if !get(phone, chromedp.Evaluate[bool](navShown)) {
		t.Error("the menu button does not open the menu")
	}
	phone.screenshot("desk-phone")
}

// mustProject creates a project owned by the officer through the store.
func (e *env) mustProject(t *testing.T, name string) *attract.Project {
	t.Helper()
	officer := e.users[attract.RoleOfficer]
	p := &attract.Project{ProjectFields: attract.ProjectFields{NameZH: name, InvestmentMode: attract.ModeWFOE,
		SourceEconomy: "HK", OwnerID: &officer.ID, TeamID: officer.TeamID}}
	if err := e.db.CreateProject(attract.NewSystemContext(context.Background()), p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBrowserLogMeetingAndEditConflict(t *testing.T) {
	chromium(t)
	e := newEnv(t, "sqlite")
	p := e.mustProject(t, "肇庆新区西银智慧产业园")
	path := fmt.Sprintf("/projects/%d", p.ID)

	// An officer logs a meeting from the project page.
	a := e.newChrome(t, 1280, 900)
	a.signIn("officer1")
	a.open(path)
	a.run(
		chromedp.Click(chromedp.CSS("#activities details summary")),
		chromedp.SetValue(chromedp.CSS("#activity-form #f-kind"), "meeting"),
		chromedp.SendKeys(chromedp.CSS("#activity-form #f-subject"), "Incentive talks with the investor"),
		chromedp.Submit(chromedp.CSS("#activity-form #f-subject")),
		chromedp.WaitVisible(chromedp.CSS("ol.feed")),
	)
	if feed := a.text("ol.feed"); !strings.Contains(feed, "Incentive talks with the investor") {
		t.Errorf("the feed lacks the meeting: %q", feed)
	}
	a.screenshot("project")

	// Two people edit the project at once; the second sees the conflict
	// and keeps what they typed.
	b := e.newChrome(t, 1280, 900)
	b.signIn("director1")
	a.open(path + "/edit")
	b.open(path + "/edit")
	b.run(
		chromedp.SetValue(chromedp.CSS("#f-park"), "广东（肇庆）大型产业集聚区"),
		chromedp.Submit(chromedp.CSS("#f-park")),
		chromedp.WaitVisible(chromedp.CSS("#facts")),
	)
	a.run(
		chromedp.SetValue(chromedp.CSS("#f-park"), "肇庆新区"),
		chromedp.SetValue(chromedp.CSS("#f-next_action"), "Send the land survey"),
		chromedp.Submit(chromedp.CSS("#f-park")),
		chromedp.WaitVisible(chromedp.CSS("#conflict")),
	)
	if panel := a.text("#conflict"); !strings.Contains(panel, "广东（肇庆）大型产业集聚区") {
		t.Errorf("the conflict panel does not show the other's change: %q", panel)
	}
	if kept := get(a, chromedp.Value(chromedp.CSS("#f-next_action"))); kept != "Send the land survey" {
		t.Errorf("the user's input was lost: next_action = %q", kept)
	}
	a.screenshot("project-conflict")
}

func TestBrowserCreateAndFind(t *testing.T) {
	chromium(t)
	e := newEnv(t, "sqlite")
	c := e.newChrome(t, 1280, 900)
	c.signIn("officer1")

	// A company, then a project it invests in.
	c.open("/companies/new")
	c.run(
		chromedp.SendKeys(chromedp.CSS("#f-name_zh"), "佩奇汽车饰件有限公司"),
		chromedp.SendKeys(chromedp.CSS("#f-name_en"), "Paige Automotive Trim GmbH"),
		chromedp.SetValue(chromedp.CSS("#f-country"), "DE"),
		chromedp.Submit(chromedp.CSS("#f-name_zh")),
		chromedp.WaitVisible(chromedp.CSS("#facts, .company-facts, main h1")),
	)
	if h1 := c.text("main h1"); h1 != "佩奇汽车饰件有限公司" {
		t.Fatalf("after creating the company: %q", h1)
	}
	c.open("/projects/new")
	c.screenshot("project-new")
	c.run(
		chromedp.SendKeys(chromedp.CSS("#f-name_zh"), "德国佩奇汽车内外饰件项目"),
		chromedp.SendKeys(chromedp.CSS("#f-investor_id"), "佩奇汽车饰件有限公司"),
		chromedp.SendKeys(chromedp.CSS("#f-total_investment"), "3,500万元"),
		chromedp.Submit(chromedp.CSS("#f-name_zh")),
		chromedp.WaitVisible(chromedp.CSS("#facts")),
	)
	if h1 := c.text("main h1"); !strings.Contains(h1, "德国佩奇汽车内外饰件项目") {
		t.Fatalf("after creating the project: %q", h1)
	}
	if facts := c.text("#facts"); !strings.Contains(facts, "佩奇汽车饰件有限公司") || !strings.Contains(facts, "CNY 35 million") {
		t.Errorf("the project's facts lack the investor or the amount: %q", facts)
	}

	// Find it by a Chinese substring from the search box, with the shortcut.
	c.open("/")
	c.run(chromedp.KeyEvent("/"))
	if focused := get(c, chromedp.Evaluate[string]("document.activeElement.id")); focused != "q" {
		t.Errorf("the / shortcut focused %q, not the search box", focused)
	}
	c.run(
		chromedp.SetValue(chromedp.CSS("#q"), "佩奇"),
		chromedp.Submit(chromedp.CSS("#q")),
		chromedp.WaitVisible(chromedp.CSS("#projects")),
	)
	if got := c.text("#projects"); !strings.Contains(got, "德国佩奇汽车内外饰件项目") {
		t.Errorf("search results for 佩奇: %q", got)
	}
	if got := c.text("#companies"); !strings.Contains(got, "佩奇汽车饰件有限公司") {
		t.Errorf("company results for 佩奇: %q", got)
	}
	c.screenshot("search")
}

func TestBrowserDragAcrossGate(t *testing.T) {
	chromium(t)
	e := newEnv(t, "sqlite")
	p := e.mustProject(t, "泰铃电动车产销一体化产业园")
	card := fmt.Sprintf("#card-%d", p.ID)
	c := e.newChrome(t, 1600, 1000)
	c.signIn("officer1")
	c.open("/pipeline")
	c.screenshot("pipeline")

	// Dragging a lead onto "signed" meets the signing gate: the dialog asks
	// for exactly the contract date and amounts, then completes the move.
	// A drag is a sequence of timed mouse events; on a loaded machine the
	// browser may miss one and no drop happens, so the drag is tried again
	// a few times before the test gives up.
	for try := 1; ; try++ {
		c.run(chromedp.DragAndDrop(chromedp.CSS(card+" .name"), chromedp.CSS("#column-signed h2")))
		wait, cancel := context.WithTimeout(c.ctx, 5*time.Second)
		err := chromedp.Do(wait, chromedp.WaitVisible(chromedp.CSS("#gate-dialog")))
		cancel()
		if err == nil {
			break
		}
		if try == 5 {
			t.Fatalf("no gate dialog after %d drags: %v", try, err)
		}
	}
	asked := get(c, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#gate-slots [name]")).map(e => e.name)`))
	if !sameSet(asked, []string{"contract_actual", "total_investment", "contracted_fdi"}) {
		t.Fatalf("the gate dialog asks for %v", asked)
	}
	c.screenshot("pipeline-gate")
	c.run(
		chromedp.SetValue(chromedp.CSS(`#gate-slots [name="contract_actual"]`), "2023-10-19"),
		chromedp.SendKeys(chromedp.CSS(`#gate-slots [name="total_investment"]`), "10亿元"),
		chromedp.SendKeys(chromedp.CSS(`#gate-slots [name="contracted_fdi"]`), "HK$500m"),
		chromedp.Click(chromedp.CSS("#gate-submit")),
		chromedp.WaitReady(chromedp.CSS("#column-signed "+card)),
	)
	got, err := e.db.FindProjectByID(attract.NewSystemContext(context.Background()), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Stage != attract.StageSigned || got.TotalInvestment == nil || got.TotalInvestment.Amount != 100_000_000_000 {
		t.Errorf("after the move: stage %s, total %v", got.Stage, got.TotalInvestment)
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]int{}
	for _, s := range a {
		seen[s]++
	}
	for _, s := range b {
		if seen[s]--; seen[s] < 0 {
			return false
		}
	}
	return true
}

// TestBrowserDemoScreenshots walks the main pages over the demo agency, in
// both languages and at phone width, saving a screenshot of each and
// failing on any page that does not answer with its heading.
func TestBrowserDemoScreenshots(t *testing.T) {
	chromium(t)
	e := newEnv(t, "sqlite")
	ctx := attract.NewSystemContext(context.Background())
	if _, err := demo.Generate(ctx, e.db, demo.Options{Projects: 80, Seed: 1, Today: attract.DateOf(time.Now())}); err != nil {
		t.Fatal(err)
	}
	ps, _, err := e.db.FindProjects(ctx, attract.ProjectFilter{Q: "西银"})
	if err != nil || len(ps) == 0 {
		t.Fatalf("the demo's Xiyin project: %v", err)
	}
	project := ps[0]
	contacts, _, err := e.db.FindContacts(ctx, attract.ContactFilter{CompanyID: project.InvestorID, Limit: 1})
	if err != nil || len(contacts) == 0 {
		t.Fatalf("a contact of the Xiyin project's investor: %v", err)
	}
	monthly := &attract.Mapping{MappingFields: attract.MappingFields{Name: "月度在谈项目表", Kind: attract.ImportProjects,
		Key: []string{"项目名称"}, Columns: []attract.MappingColumn{{Column: "项目名称", Field: "name_zh"}, {Column: "投资方", Field: "investor"},
			{Column: "总投资(万元)", Field: "total_investment", Unit: "万元"}, {Column: "阶段", Field: "stage"}, {Column: "负责人", Field: "owner"}, {Column: "序号"}}}}
	if err := e.db.CreateMapping(ctx, monthly); err != nil {
		t.Fatal(err)
	}
	pages := []struct{ name, path string }{
		{"desk", "/"}, {"pipeline", "/pipeline"}, {"projects", "/projects"},
		{"project", fmt.Sprintf("/projects/%d", project.ID)}, {"dashboard", "/dashboard"},
		{"company", fmt.Sprintf("/companies/%d", *project.InvestorID)}, {"contact", fmt.Sprintf("/contacts/%d", contacts[0].ID)},
		{"projects-sector", "/projects?sector=C&sector_exact=1"}, {"activities", fmt.Sprintf("/companies/%d/activities", *project.InvestorID)},
		{"projects-company", fmt.Sprintf("/projects?company=%d", *project.InvestorID)},
		{"tasks", "/tasks"}, {"mappings", "/import/mappings"},
		{"search", "/search?q=" + url.QueryEscape("肇庆")}, {"admin", "/admin"}, {"rates", "/admin/rates"},
	}
	for _, lang := range []string{"zh", "en"} {
		c := e.newChrome(t, 1366, 900)
		c.signInAs("chen.jie", demo.Password)
		if lang == "en" {
			c.run(chromedp.Click(chromedp.CSS("form.lang button")), chromedp.WaitReady(chromedp.CSS(`html[lang="en"]`)))
		}
		for _, pg := range pages {
			if strings.HasPrefix(pg.path, "/admin") {
				continue // the officer has no admin pages; the director's turn below
			}
			c.open(pg.path)
			if h1 := c.text("main h1"); h1 == "" {
				t.Errorf("%s (%s) has no heading", pg.path, lang)
			}
			c.screenshot("demo-" + pg.name + "-" + lang)
		}
	}
	admin := e.newChrome(t, 1366, 900)
	admin.signInAs("admin1", testPassword)
	for _, pg := range pages[len(pages)-2:] {
		admin.open(pg.path)
		admin.screenshot("demo-" + pg.name)
	}
	phone := e.newChrome(t, 390, 844)
	phone.signInAs("chen.jie", demo.Password)
	for _, pg := range pages[:5] {
		phone.open(pg.path)
		phone.screenshot("demo-" + pg.name + "-phone")
	}
}
