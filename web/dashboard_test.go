package web_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"
	"time"

	"attract"
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
			"CNY 356,000,000.00", "of which CNY 285,000,000.00, USD 10,000,000.00", "USD/CNY 7.1 ("+y+"-01-01)",
			// Sectors: the section with its divisions; what no list can show apart has no link.
			`<span class="dash-code">C</span> Manufacturing`, `<span class="dash-code">29</span> Manufacture of motor vehicles, trailers and semi-trailers`,
			"Section only, no division", "No sector given", "No lead source given", "Website inquiry",
			"The project list has no filter for these")
		// 2 headline figures; stages lead and signed, and all; sources
		// event, referral, website and none given, and all; sectors C, 26,
		// 29 and none given, and all; January and the year, each new and
		// signed.
		if n := checkDrillDown(t, b, res.body); n != 19 {
			t.Errorf("followed %d links, want 19: every figure with projects that a list can show links", n)
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
