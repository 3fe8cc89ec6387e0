package demo_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"attract"
	"attract/demo"
	"attract/sqlstore"
)

var (
	sys = attract.NewSystemContext(context.Background())
	// today is the day after the seed article was published.
	today = attract.Date{Year: 2023, Month: time.October, Day: 20}
)

// forEachDB runs a test on every database the suite has, each on its own.
func forEachDB(t *testing.T, test func(t *testing.T, db *sqlstore.DB)) {
	for _, d := range sqlstore.TestDialects(t) {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			test(t, sqlstore.MustOpenTestDB(t, d))
		})
	}
}

func mustGenerate(t testing.TB, db *sqlstore.DB, opt demo.Options) demo.Summary {
	t.Helper()
	sum, err := demo.Generate(context.Background(), db, opt)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return sum
}

// all pages through a list.
func all[T any](t testing.TB, list func(cursor string) ([]T, string, error)) []T {
	t.Helper()
	var out []T
	cursor := ""
	for {
		page, next, err := list(cursor)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, page...)
		if cursor = next; cursor == "" {
			return out
		}
	}
}

func allProjects(t testing.TB, db *sqlstore.DB) []*attract.Project {
	return all(t, func(c string) ([]*attract.Project, string, error) {
		return db.FindProjects(sys, attract.ProjectFilter{Sort: "code", Limit: 500, Cursor: c})
	})
}

func TestGenerate(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		// The first administrator exists before the demo, as after a first start.
		admin := &attract.User{Username: "admin", Name: "管理员", Role: attract.RoleAdmin, Language: "zh"}
		if err := db.CreateUser(sys, admin, "administrator-password"); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		sum := mustGenerate(t, db, demo.Options{Projects: 60, Seed: 7, Today: today})
		t.Logf("60 projects in %v: %+v", time.Since(start), sum)

		if got := db.Now(); time.Since(got).Abs() > time.Minute {
			t.Errorf("db.Now was not restored: it says %v", got)
		}

		projects := allProjects(t, db)
		companies := all(t, func(c string) ([]*attract.Company, string, error) {
			return db.FindCompanies(sys, attract.CompanyFilter{Limit: 500, Cursor: c})
		})
		contacts := all(t, func(c string) ([]*attract.Contact, string, error) {
			return db.FindContacts(sys, attract.ContactFilter{Limit: 500, Cursor: c})
		})
		activities := all(t, func(c string) ([]*attract.Activity, string, error) {
			return db.FindActivities(sys, attract.ActivityFilter{Limit: 500, Cursor: c})
		})
		tasks := all(t, func(c string) ([]*attract.Task, string, error) {
			return db.FindTasks(sys, attract.TaskFilter{Limit: 500, Cursor: c})
		})
		users := all(t, func(c string) ([]*attract.User, string, error) {
			return db.FindUsers(sys, attract.UserFilter{Limit: 500, Cursor: c})
		})
		var inflows []*attract.CapitalInflow
		for _, p := range projects {
			ins, err := db.FindInflows(sys, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			inflows = append(inflows, ins...)
		}
		teams, err := db.FindTeams(sys)
		if err != nil {
			t.Fatal(err)
		}
		rates := all(t, func(c string) ([]*attract.ExchangeRate, string, error) {
			return db.FindExchangeRates(sys, attract.ExchangeRateFilter{Limit: 500, Cursor: c})
		})

		// The summary counts what is there.
		for _, c := range []struct {
			what      string
			got, want int
		}{
			{"projects", len(projects), 60}, {"summary projects", sum.Projects, 60},
			{"companies", len(companies), sum.Companies}, {"contacts", len(contacts), sum.Contacts},
			{"activities", len(activities), sum.Activities}, {"tasks", len(tasks), sum.Tasks},
			{"users", len(users), sum.Users + 1}, {"inflows", len(inflows), sum.Inflows},
			{"teams", len(teams), sum.Teams}, {"rates", len(rates), sum.Rates},
		} {
			if c.got != c.want {
				t.Errorf("%s: %d, want %d", c.what, c.got, c.want)
			}
		}
		if sum.Teams != 4 || sum.Users < 15 || sum.Rates < 4*36 || sum.Inflows == 0 {
			t.Errorf("summary %+v: want 4 teams, about 17 users, monthly rates of 4 currencies over 3 years, some inflows", sum)
		}
		if n := float64(sum.Activities) / 60; n < 3 || n > 7 {
			t.Errorf("%.1f activities a project, want 3 to 6 or so", n)
		}

		// Every record the demo made says so.
		for _, p := range projects {
			if !p.Demo {
				t.Errorf("project %s is not marked demo", p.Code)
			}
		}
		for _, c := range companies {
			if !c.Demo {
				t.Errorf("company %s is not marked demo", c.NameZH)
			}
		}
		for _, c := range contacts {
			if !c.Demo {
				t.Errorf("contact %s is not marked demo", c.NameZH)
			}
		}
		for _, a := range activities {
			if !a.Demo {
				t.Errorf("activity %d is not marked demo", a.ID)
			}
		}
		for _, k := range tasks {
			if !k.Demo {
				t.Errorf("task %d is not marked demo", k.ID)
			}
		}
		for _, in := range inflows {
			if !in.Demo {
				t.Errorf("inflow %d is not marked demo", in.ID)
			}
		}
		for _, u := range users {
			if u.Demo == (u.ID == admin.ID) {
				t.Errorf("user %s: demo %v", u.Username, u.Demo)
			}
		}
		if _, err := db.Authenticate(context.Background(), "chen.jie", demo.Password); err != nil {
			t.Errorf("a demo officer cannot sign in with the documented password: %v", err)
		}

		// The named projects are found by the words people search with.
		for _, c := range []struct{ q, name string }{
			{"西银", "肇庆新区西银智慧产业园"}, {"Paige", "德国佩奇汽车内外饰件项目"},
			{"维杰尼", "维杰尼科技项目"}, {"Virginie", "维杰尼科技项目"}, {"泰铃", "泰铃电动车产销一体化产业园"},
		} {
			found, _, err := db.FindProjects(sys, attract.ProjectFilter{Q: c.q})
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(found, func(p *attract.Project) bool { return p.NameZH == c.name }) {
				t.Errorf("q=%q does not find %s", c.q, c.name)
			}
		}
		named := map[string]*attract.Project{}
		for _, p := range projects {
			named[p.NameZH] = p
		}
		for _, c := range []struct {
			name, en string
			stage    attract.Stage
			economy  string
		}{
			{"肇庆新区西银智慧产业园", "Xiyin Smart Industrial Park, Zhaoqing New District", attract.StageConstruction, "HK"},
			{"维杰尼科技项目", "Virginie Technology Project", attract.StageOperating, "FR"},
			{"德国佩奇汽车内外饰件项目", "German Paige Automotive Interior and Exterior Trim Project", attract.StageConstruction, "DE"},
			{"泰铃电动车产销一体化产业园", "Tailing Electric Vehicle Production and Sales Integrated Industrial Park", attract.StageSigned, "HK"},
		} {
			p := named[c.name]
			if p == nil {
				t.Errorf("no project %s", c.name)
				continue
			}
			if p.NameEN != c.en || p.Stage != c.stage || p.SourceEconomy != c.economy || !p.KeyProject || p.ContractedFDI == nil {
				t.Errorf("%s: %q stage %s economy %s key %v fdi %v", c.name, p.NameEN, p.Stage, p.SourceEconomy, p.KeyProject, p.ContractedFDI)
			}
		}
		if p := named["德国佩奇汽车内外饰件项目"]; p != nil && p.ContractedFDI.Currency != "EUR" {
			t.Errorf("Paige's contracted FDI is in %s, want EUR", p.ContractedFDI.Currency)
		}
		if p := named["泰铃电动车产销一体化产业园"]; p != nil && (p.Park != "广东（肇庆）大型产业集聚区" || p.UltimateEconomy != "CN") {
			t.Errorf("Tailing: park %q ultimate %q", p.Park, p.UltimateEconomy)
		}
		if p := named["肇庆新区西银智慧产业园"]; p != nil && p.Park != "肇庆新区" {
			t.Errorf("Xiyin: park %q", p.Park)
		}
		var delegations []string
		for _, a := range activities {
			if a.Kind == attract.ActivityDelegation {
				delegations = append(delegations, a.Subject)
			}
		}
		for _, who := range []string{"香港", "澳门"} {
			if !slices.ContainsFunc(delegations, func(s string) bool { return strings.Contains(s, who) && strings.Contains(s, "考察团") }) {
				t.Errorf("no %s inspection group among the delegation visits %q", who, delegations)
			}
		}

		// Every stage appears, and each project's history is real: it began
		// at lead, moved forward in time within the three years, by officers
		// and directors rather than "system", through the gates.
		start3 := attract.DateOf(today.Time().AddDate(-3, 0, 0)).Time()
		seen := map[attract.Stage]bool{}
		codeRE := regexp.MustCompile(`^ZQ-20(2[0-3])-\d{4}$`)
		for _, p := range projects {
			seen[p.Stage] = true
			if !codeRE.MatchString(p.Code) {
				t.Errorf("code %q is not ZQ-YYYY-NNNN within the three years", p.Code)
			}
			if p.Stage == attract.StageLost && p.LostReason == "" {
				t.Errorf("%s lost without a reason", p.Code)
			}
			full, err := db.FindProjectByID(sys, p.ID, "stage_history", "enterprise")
			if err != nil {
				t.Fatal(err)
			}
			h := full.StageHistory
			if len(h) == 0 || h[0].To != attract.StageLead || h[len(h)-1].To != p.Stage {
				t.Errorf("%s: history %v does not run from lead to %s", p.Code, h, p.Stage)
				continue
			}
			for i, c := range h {
				if c.At.Before(start3) || !c.At.Before(today.Time()) {
					t.Errorf("%s: move at %v outside the three years before %v", p.Code, c.At, today)
				}
				if i > 0 && !c.At.After(h[i-1].At) {
					t.Errorf("%s: moves out of order: %v then %v", p.Code, h[i-1].At, c.At)
				}
				if c.ActorName == "system" || c.ActorID == nil {
					t.Errorf("%s: a move by %q", p.Code, c.ActorName)
				}
			}
			if p.CreatedAt.Before(start3) || p.UpdatedAt.After(today.Time()) {
				t.Errorf("%s: created %v updated %v, outside the three years", p.Code, p.CreatedAt, p.UpdatedAt)
			}
			if p.LineStage.Index() >= attract.StageRegistered.Index() {
				e := full.Enterprise
				if e == nil || attract.ValidateUSCC(e.USCC) != nil || e.RegistrationDate == nil || !e.Demo {
					t.Errorf("%s: registered enterprise %+v", p.Code, e)
				}
			}
			if p.LineStage.Index() >= attract.StageSigned.Index() && (p.ContractActual == nil || p.TotalInvestment == nil) {
				t.Errorf("%s: signed without contract date or amount", p.Code)
			}
		}
		for _, s := range attract.Stages {
			if !seen[s] {
				t.Errorf("no project at stage %s", s)
			}
		}

		// Tasks are some late, some coming, relative to Today.
		var late, coming int
		for _, k := range tasks {
			if k.Status != attract.TaskOpen || k.DueDate == nil {
				continue
			}
			if k.DueDate.Before(today) {
				late++
			} else {
				coming++
			}
		}
		if late == 0 || coming == 0 {
			t.Errorf("open tasks: %d late, %d coming; want some of each", late, coming)
		}
		for _, a := range activities {
			if a.OccurredAt.Before(start3) || !a.OccurredAt.Before(today.Time()) {
				t.Errorf("activity %q occurred at %v, outside the three years", a.Subject, a.OccurredAt)
			}
		}
		// The bottle of Moutai of PRODUCT.md was offered, declined and declared.
		if !slices.ContainsFunc(activities, func(a *attract.Activity) bool { return strings.Contains(a.Notes, "茅台") }) {
			t.Errorf("no activity tells of the Moutai that was declined")
		}
		for _, c := range contacts {
			if c.Email != "" && !strings.HasSuffix(c.Email, ".example") {
				t.Errorf("contact %s has a real-looking address %s", c.NameZH, c.Email)
			}
		}

		// The audit log names the officers who did the work.
		entries, _, err := db.FindAudit(sys, attract.AuditFilter{Entity: "project", Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.ActorName == "system" {
				t.Errorf("audit: %s of project %d by system", e.Action, e.EntityID)
			}
		}
	})
}

// fingerprint is what must come out the same from the same seed: the
// projects as a report would list them, their timeline included.
func fingerprint(t testing.TB, db *sqlstore.DB) []string {
	var out []string
	for _, p := range allProjects(t, db) {
		fdi := ""
		if p.ContractedFDI != nil {
			fdi = p.ContractedFDI.String()
		}
		out = append(out, fmt.Sprintf("%s|%s|%s|%s|%s|%s|%s|%v|%v", p.Code, p.NameZH, p.NameEN, p.Stage,
			p.TotalInvestment, fdi, p.SourceEconomy, p.CreatedAt.UTC(), p.StageChangedAt.UTC()))
	}
	return out
}

func TestGenerateIsDeterministic(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		dialect := db.Dialect()
		other := sqlstore.MustOpenTestDB(t, dialect)
		third := sqlstore.MustOpenTestDB(t, dialect)
		opt := demo.Options{Projects: 40, Seed: 2023, Today: today}
		mustGenerate(t, db, opt)
		mustGenerate(t, other, opt)
		a, b := fingerprint(t, db), fingerprint(t, other)
		if !slices.Equal(a, b) {
			for i := range min(len(a), len(b)) {
				if a[i] != b[i] {
					t.Fatalf("same seed, different projects:\n%s\n%s", a[i], b[i])
				}
			}
			t.Fatalf("same seed, %d and %d projects", len(a), len(b))
		}
		opt.Seed++
		mustGenerate(t, third, opt)
		if c := fingerprint(t, third); slices.Equal(a, c) {
			t.Errorf("seeds %d and %d gave the same projects", opt.Seed-1, opt.Seed)
		}
	})
}

func TestGenerateRefusesADatabaseWithProjects(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		opt := demo.Options{Projects: 12, Seed: 1, Today: today}
		// The command line passes a system context; the demo's officers
		// still act as themselves.
		if _, err := demo.Generate(sys, db, opt); err != nil {
			t.Fatal(err)
		}
		moves, _, err := db.FindAudit(sys, attract.AuditFilter{Entity: "project", Action: "stage", Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range moves {
			if e.ActorID == nil {
				t.Errorf("a stage move by %q, not by a demo user", e.ActorName)
			}
		}
		before := len(allProjects(t, db))
		_, err = demo.Generate(context.Background(), db, opt)
		var ae *attract.Error
		if attract.ErrorCode(err) != attract.EINVALID || !asError(err, &ae) || ae.MessageZH == "" || ae.Message == "" {
			t.Fatalf("second Generate: %v, want a bilingual EINVALID", err)
		}
		if after := len(allProjects(t, db)); after != before {
			t.Errorf("the refused run changed the projects: %d → %d", before, after)
		}
	})
}

func asError(err error, target **attract.Error) bool {
	e, ok := err.(*attract.Error)
	*target = e
	return ok
}

func TestGenerateChecksOptions(t *testing.T) {
	db := sqlstore.MustOpenTestDB(t, "sqlite")
	for _, c := range []struct {
		opt   demo.Options
		field string
	}{
		{demo.Options{Projects: 10}, "today"},
		{demo.Options{Projects: 2, Today: today}, "projects"},
		{demo.Options{Projects: -1, Today: today}, "projects"},
	} {
		_, err := demo.Generate(context.Background(), db, c.opt)
		fields := attract.ErrorFields(err)
		if attract.ErrorCode(err) != attract.EINVALID || len(fields) != 1 || fields[0].Field != c.field {
			t.Errorf("%+v: %v, want EINVALID on %s", c.opt, err, c.field)
		}
	}
	if ps := allProjects(t, db); len(ps) != 0 {
		t.Errorf("refused options wrote %d projects", len(ps))
	}
}

// TestGenerateDefaultSize generates the default demo and checks the shape a
// real pipeline has: a funnel, Hong Kong first among sources, routed
// capital, a long tail of amounts. It logs how long generation takes.
func TestGenerateDefaultSize(t *testing.T) {
	if testing.Short() {
		t.Skip("SKIPPING the full-size demo in -short mode")
	}
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		start := time.Now()
		sum := mustGenerate(t, db, demo.Options{Seed: 1, Today: today})
		t.Logf("%s: the default demo in %v: %+v", db.Dialect(), time.Since(start), sum)
		projects := allProjects(t, db)
		if len(projects) != demo.DefaultProjects {
			t.Fatalf("%d projects, want %d", len(projects), demo.DefaultProjects)
		}
		stages := map[attract.Stage]int{}
		economies := map[string]int{}
		var routed, big, small int
		for _, p := range projects {
			stages[p.Stage]++
			economies[p.SourceEconomy]++
			if (p.SourceEconomy == "VG" || p.SourceEconomy == "KY") && p.UltimateEconomy != "" && p.UltimateEconomy != p.SourceEconomy {
				routed++
			}
			if p.TotalInvestment != nil {
				switch wan := p.TotalInvestment.Amount / 1_000_000; {
				case wan >= 100_000:
					big++
				case wan >= 1_000 && wan <= 50_000:
					small++
				}
			}
		}
		if !(stages[attract.StageLead]+stages[attract.StageContacted] > stages[attract.StageNegotiating] &&
			stages[attract.StageNegotiating] > stages[attract.StageSigned] && stages[attract.StageLost] > 0) {
			t.Errorf("stages %v do not make a funnel", stages)
		}
		for code, n := range economies {
			if code != "HK" && n >= economies["HK"] {
				t.Errorf("%s brings %d projects, Hong Kong %d: Hong Kong should lead", code, n, economies["HK"])
			}
		}
		if routed == 0 {
			t.Errorf("no project routed through BVI or Cayman to an ultimate economy elsewhere")
		}
		if big == 0 || small < len(projects)*3/4 {
			t.Errorf("amounts: %d of 10亿 and more, %d between 1000万 and 5亿, of %d", big, small, len(projects))
		}
	})
}

// BenchmarkGenerate measures the default demo on SQLite.
func BenchmarkGenerate(b *testing.B) {
	for range b.N {
		b.StopTimer()
		db := sqlstore.MustOpenTestDB(b, "sqlite")
		b.StartTimer()
		mustGenerate(b, db, demo.Options{Seed: 1, Today: today})
	}
}
