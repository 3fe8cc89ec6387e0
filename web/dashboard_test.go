package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"attract"

	"github.com/xuri/excelize/v2"
)

// dashFixture fills the database with projects of this year and the last,
// created before anyone signs in (the store's clock is set per project).
// It returns this year.
func dashFixture(t *testing.T, e *env) int {
	t.Helper()
	db := e.db
	year := time.Now().In(time.FixedZone("CST", 8*3600)).Year()
	defer func() { db.Now = time.Now }()
	on := func(y int, m time.Month, d int) *attract.Date { return &attract.Date{Year: y, Month: m, Day: d} }
	team := &e.teamID
	n := 0
	create := func(created time.Time, stage attract.Stage, f attract.ProjectFields) *attract.Project {
		t.Helper()
		n++
		db.Now = func() time.Time { return created }
		f.Code, f.NameZH, f.InvestmentMode, f.SourceEconomy = fmt.Sprintf("D-%d", n), fmt.Sprintf("统计项目%d", n), attract.ModeWFOE, "HK"
		if stage == attract.StageSigned {
			f.ContractedFDI = boardMoney(t, "USD 5m")
		}
		p := &attract.Project{Stage: stage, ProjectFields: f}
		if err := db.CreateProject(boardSys, p); err != nil {
			t.Fatalf("create D-%d: %v", n, err)
		}
		return p
	}
	jan := time.Date(year, 1, 2, 2, 0, 0, 0, time.UTC)
	create(jan, attract.StageLead, attract.ProjectFields{TeamID: team, Sector: "2930", Source: "event", TotalInvestment: boardMoney(t, "1.2亿元")})
	create(jan, attract.StageSigned, attract.ProjectFields{TeamID: team, Sector: "2930", Source: "event", TotalInvestment: boardMoney(t, "3500万元"), ContractActual: on(year, 1, 3)})
	create(time.Date(year-1, 11, 5, 2, 0, 0, 0, time.UTC), attract.StageSigned, attract.ProjectFields{Sector: "2610", Source: "referral", TotalInvestment: boardMoney(t, "USD 10m"), ContractActual: on(year, 1, 4)})
	create(jan, attract.StageSigned, attract.ProjectFields{TeamID: team, Sector: "C", TotalInvestment: boardMoney(t, "5000万元"), ContractActual: on(year, 1, 4)})
	create(jan, attract.StageSigned, attract.ProjectFields{TeamID: team, Source: "website", TotalInvestment: boardMoney(t, "2亿元"), ContractActual: on(year, 1, 5)})
	archived := create(jan, attract.StageSigned, attract.ProjectFields{TeamID: team, Sector: "2930", Source: "event", TotalInvestment: boardMoney(t, "9亿元"), ContractActual: on(year, 1, 5)})
	if _, err := db.ArchiveProject(boardSys, archived.ID, archived.Version, true); err != nil {
		t.Fatal(err)
	}
	rate := &attract.ExchangeRate{Date: attract.Date{Year: year, Month: 1, Day: 1}, Base: "USD", Quote: "CNY", Rate: "7.1", Source: "PBOC"}
	if err := db.CreateExchangeRate(boardSys, rate); err != nil {
		t.Fatal(err)
	}
	return year
}

var (
	dashCountLink = regexp.MustCompile(`<a href="(/projects\?[^"]*)"[^>]*>(\d+)(?: projects?| 个项目)?</a>`)
	dashCodeRE    = regexp.MustCompile(`<a href="/projects/\d+">(D-\d+)</a>`)
)

// checkDrillDown follows every count the dashboard links and checks that
// the project list shows exactly that many projects. It returns how many
// links it followed.
func checkDrillDown(t *testing.T, b *browser, body string) int {
	t.Helper()
	links := dashCountLink.FindAllStringSubmatch(body, -1)
	for _, m := range links {
		href, want := html.UnescapeString(m[1]), m[2]
		list := b.get(href+"&limit=200").must(t, http.StatusOK)
		if got := len(dashCodeRE.FindAllString(list.body, -1)); strconv.Itoa(got) != want {
			t.Errorf("%s lists %d projects; the dashboard counts %s", href, got, want)
		}
	}
	return len(links)
}

func TestDashboardFiguresDrillDown(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		year := dashFixture(t, e)
		b := e.as(attract.RoleDirector)
		res := b.get("/dashboard").must(t, http.StatusOK)
		y := strconv.Itoa(year)
		res.contains(t, "<h1>Figures for "+y+"</h1>", `aria-current="page">Figures</a>`, "Year to date: 1 January to",
			// Headline figures: four new projects (one was created last
			// year, one is archived), four signed.
			`created_from=`+y+`-01-01&amp;created_to=`+y+`-12-31">4 projects</a>`,
			`contract_from=`+y+`-01-01&amp;contract_to=`+y+`-12-31">4 projects</a>`,
			// 3500万 + 5000万 + 2亿 + USD 10m at 7.1.
			"CNY 356 million", "of which CNY 285 million, USD 10 million", "USD/CNY 7.1 ("+y+"-01-01)",
			// Sectors: the section with its subtotal and its divisions, and
			// the project classified by the section letter alone, which
			// opens the list of that letter alone.
			`<span class="dash-code">C</span> Manufacturing`, `<span class="dash-code">29</span> Manufacture of motor vehicles, trailers and semi-trailers`,
			`contract_to=`+y+`-12-31&amp;sector=C" aria-label="3 projects: Manufacturing">3</a>`,
			`contract_to=`+y+`-12-31&amp;sector=C&amp;sector_exact=1" aria-label="1 project: Section only, no division">1</a>`,
			"No sector given", "No lead source given", "Website inquiry")
		// Every row links: no note of rows the list cannot show.
		res.lacks(t, "The project list has no filter for these")
		// 2 headline figures; stages lead and signed, and all; sources
		// event, referral, website and none given, and all; sectors C, 26,
		// 29, C alone and none given, and all; January and the year, each
		// new and signed.
		if n := checkDrillDown(t, b, res.body); n != 20 {
			t.Errorf("followed %d links, want 20: every figure with projects that a list can show links", n)
		}
		// The list opened from the section letter's row says it shows
		// that letter alone, and holds the one project the row counts.
		only := b.get("/projects?contract_from="+y+"-01-01&contract_to="+y+"-12-31&sector=C&sector_exact=1").must(t, http.StatusOK)
		only.contains(t, "C only, not the codes under it", `id="f-sector_exact" name="sector_exact" value="true" checked`)
		if codes := dashCodeRE.FindAllStringSubmatch(only.body, -1); len(codes) != 1 || codes[0][1] != "D-4" {
			t.Errorf("the section letter's list shows %v, want D-4 alone", codes)
		}

		// One team's figures: the project without a team drops out.
		team := strconv.FormatInt(e.teamID, 10)
		res = b.get("/dashboard?team="+team).must(t, http.StatusOK)
		res.contains(t, `<option value="`+team+`" selected>`, `contract_to=`+y+`-12-31&amp;team=`+team+`">3 projects</a>`)
		checkDrillDown(t, b, res.body)

		// Last year: the one project created then, nothing signed.
		last := strconv.Itoa(year - 1)
		res = b.get("/dashboard?year="+last).must(t, http.StatusOK)
		res.contains(t, "<h1>Figures for "+last+"</h1>", "The whole year.", `created_to=`+last+`-12-31">1 project</a>`, "No project was signed in this year.")
		checkDrillDown(t, b, res.body)
	})
}

func TestDashboardInChinese(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		year := dashFixture(t, e)
		b := e.as(attract.RoleViewer)
		b.post("/lang", url.Values{"lang": {"zh"}, "next": {"/dashboard"}}).must(t, http.StatusSeeOther)
		res := b.get("/dashboard").must(t, http.StatusOK)
		res.contains(t, fmt.Sprintf("<h1>%d 年统计</h1>", year), ">统计</a>", "年初至今：1月1日至", "新增项目（按当前阶段）",
			"4 个项目", "3.56亿元", "其中 2.85亿元、1000万美元", "制造业", "汽车、挂车和半挂车的制造", "网站咨询", "未填行业", "1月")
	})
}

func TestDashboardRefusesBadChoices(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		b := e.as(attract.RoleOfficer)
		for _, tc := range []struct{ query, field, message string }{
			{"year=1800", "year", "must be a year from 1900 to 2200"},
			{"year=this", "year", "must be a year from 1900 to 2200"},
			{"team=999999", "team", "is not a team"},
			{"team=abc", "team", "is not a team"},
		} {
			res := b.get("/dashboard?"+tc.query).must(t, http.StatusBadRequest)
			res.contains(t, "The figures are not shown until the choices below are corrected.", tc.message,
				`id="f-`+tc.field+`" name="`+tc.field+`" aria-invalid="true"`)
			res.lacks(t, "dash-summary")
		}
	})
}

func TestDashboardForEveryReader(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		for _, role := range attract.Roles {
			e.as(role).get("/dashboard").must(t, http.StatusOK).contains(t, "New projects by stage now", "Signed projects by lead source")
		}
		if res := e.anonymous().get("/dashboard"); res.status != http.StatusSeeOther || res.location != "/login?next=%2Fdashboard" {
			t.Errorf("anonymous: %d %s, want a redirect to sign in", res.status, res.location)
		}
	})
}

// TestDashboardWorkbook checks the figures' workbook: a sheet for each of
// the page's tables with the counts and the CNY totals as numbers, the
// last row of each the whole, a sheet that says what they count, sheet
// names in the page's language, and a refused year refused as the page
// refuses it.
func TestDashboardWorkbook(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		year := dashFixture(t, e)
		b := e.as(attract.RoleDirector)
		y := strconv.Itoa(year)
		b.get("/dashboard").must(t, http.StatusOK).contains(t, `href="/dashboard/export.xlsx?year=`+y+`" download>Export to Excel</a>`)
		res := b.get("/dashboard/export.xlsx?year="+y).must(t, http.StatusOK)
		if ct, cd := res.header.Get("Content-Type"), res.header.Get("Content-Disposition"); !strings.Contains(ct, "spreadsheetml") || cd != `attachment; filename="figures-`+y+`.xlsx"` {
			t.Errorf("served as %q, %q", ct, cd)
		}
		f, err := excelize.OpenReader(strings.NewReader(res.body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if got := f.GetSheetList(); !slices.Equal(got, []string{"New by stage", "Signed by sector", "Signed by source", "By month", "About"}) {
			t.Fatalf("sheets %q", got)
		}
		cell := func(sheet, at string) (string, excelize.CellType) {
			t.Helper()
			v, err := f.GetCellValue(sheet, at, excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			ct, err := f.GetCellType(sheet, at)
			if err != nil {
				t.Fatal(err)
			}
			return v, ct
		}
		rows, err := f.GetRows("New by stage")
		if err != nil {
			t.Fatal(err)
		}
		last := len(rows)
		// Four new projects: 1.2亿 + 3500万 + 5000万 + 2亿.
		for at, want := range map[string]string{"A1": "Stage", "A2": "Lead", "B2": "1", fmt.Sprintf("A%d", last): "All", fmt.Sprintf("B%d", last): "4", fmt.Sprintf("C%d", last): "405000000"} {
			if v, _ := cell("New by stage", at); v != want {
				t.Errorf("New by stage %s = %q, want %q", at, v, want)
			}
		}
		if _, ct := cell("New by stage", fmt.Sprintf("C%d", last)); ct == excelize.CellTypeSharedString || ct == excelize.CellTypeInlineString {
			t.Errorf("the total is text, not a number")
		}
		// Signed: 3500万 + 5000万 + 2亿 and USD 10m at 7.1, with the sums per currency beside.
		sectors, _ := f.GetRows("Signed by sector")
		if got := sectors[len(sectors)-1]; got[1] != "All" || got[2] != "4" || got[3] != "356,000,000.00" || !strings.Contains(got[4], "USD 10 million") {
			t.Errorf("signed by sector, the whole: %q", got)
		}
		if v, _ := cell("Signed by sector", "A2"); v != "C" {
			t.Errorf("the first sector row's code %q", v)
		}
		if v, _ := cell("Signed by sector", "B2"); v != "Manufacturing (subtotal)" {
			t.Errorf("a section's row %q: it must say it is a subtotal of the rows under it", v)
		}
		if v, _ := cell("By month", "B2"); v != "4" {
			t.Errorf("January's new projects %q", v)
		}
		if v, _ := cell("About", "B2"); v != y {
			t.Errorf("the year %q", v)
		}

		b.post("/lang", url.Values{"lang": {"zh"}, "next": {"/dashboard"}}).must(t, http.StatusSeeOther)
		zh, err := excelize.OpenReader(strings.NewReader(b.get("/dashboard/export.xlsx?year="+y).must(t, http.StatusOK).body))
		if err != nil {
			t.Fatal(err)
		}
		defer zh.Close()
		if got := zh.GetSheetList(); got[0] != "新增项目（按阶段）" || got[4] != "说明" {
			t.Errorf("Chinese sheets %q", got)
		}
		b.get("/dashboard/export.xlsx?year=1800").must(t, http.StatusBadRequest).contains(t, "须为 1900 至 2200 之间的年份")
	})
}
