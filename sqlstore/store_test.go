package sqlstore_test

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"attract"
	"attract/sqlstore"
)

// forEachDB runs a contract test on every database the suite has.
func forEachDB(t *testing.T, test func(t *testing.T, db *sqlstore.DB)) {
	for _, d := range sqlstore.TestDialects(t) {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			test(t, sqlstore.MustOpenTestDB(t, d))
		})
	}
}

var sys = attract.NewSystemContext(context.Background())

func ptr[T any](v T) *T { return &v }

func mustMoney(t *testing.T, s string) *attract.Money {
	t.Helper()
	m, err := attract.ParseMoney(s, "")
	if err != nil {
		t.Fatal(err)
	}
	return &m
}

// mustUser creates a user with a role (and team) and returns a context
// acting as that user.
func mustUser(t *testing.T, db *sqlstore.DB, name string, role attract.Role, team *int64) (*attract.User, context.Context) {
	t.Helper()
	u := &attract.User{Username: name, Name: name, Role: role, TeamID: team, Language: "en"}
	if err := db.CreateUser(sys, u, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	return u, attract.NewContextWithUser(context.Background(), u)
}

func mustTeam(t *testing.T, db *sqlstore.DB, name string) *int64 {
	t.Helper()
	team := &attract.Team{Name: name}
	if err := db.CreateTeam(sys, team); err != nil {
		t.Fatal(err)
	}
	return &team.ID
}

func fieldNames(err error) []string {
	var names []string
	for _, f := range attract.ErrorFields(err) {
		names = append(names, f.Field)
	}
	slices.Sort(names)
	return names
}

func auditCount(t *testing.T, db *sqlstore.DB, entity string, id int64) int {
	t.Helper()
	es, _, err := db.FindAudit(sys, attract.AuditFilter{Entity: entity, EntityID: &id, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	return len(es)
}

func TestCompanyLifecycle(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		c := &attract.Company{CompanyFields: attract.CompanyFields{
			NameZH: "佩奇汽车饰件有限公司", NameEN: "Paige Automotive Trim GmbH", Country: "德国",
			USCC: "91350100M000100Y43", RegisteredCap: mustMoney(t, "EUR 3.4 million"),
		}}
		if err := db.CreateCompany(sys, c); err != nil {
			t.Fatal(err)
		}
		if c.Country != "DE" || c.Version != 1 {
			t.Errorf("country %q version %d, want DE 1", c.Country, c.Version)
		}
		// A second company with the same USCC is refused, naming the field.
		dup := &attract.Company{CompanyFields: attract.CompanyFields{NameEN: "Other", USCC: "91350100M000100Y43"}}
		if err := db.CreateCompany(sys, dup); attract.ErrorCode(err) != attract.EINVALID || !slices.Equal(fieldNames(err), []string{"uscc"}) {
			t.Errorf("duplicate USCC: %v", err)
		}
		// A bad USCC check character is named.
		bad := &attract.Company{CompanyFields: attract.CompanyFields{NameEN: "Bad", USCC: "91350100M000100Y44"}}
		if err := db.CreateCompany(sys, bad); !slices.Equal(fieldNames(err), []string{"uscc"}) {
			t.Errorf("bad USCC: %v", err)
		}

		got, err := db.UpdateCompany(sys, c.ID, 1, attract.Patch{"website": json.RawMessage(`"https://paige.example"`)})
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 || got.Website != "https://paige.example" || got.NameZH != c.NameZH {
			t.Errorf("after update: %+v", got)
		}
		// A stale update is a conflict and changes nothing.
		if _, err := db.UpdateCompany(sys, c.ID, 1, attract.Patch{"notes": json.RawMessage(`"lost"`)}); attract.ErrorCode(err) != attract.ECONFLICT {
			t.Errorf("stale update: %v", err)
		}
		again, _ := db.FindCompanyByID(sys, c.ID)
		if again.Notes != "" || again.Version != 2 {
			t.Errorf("stale update changed the record: %+v", again)
		}
		// Unknown and read-only fields are refused by name.
		if _, err := db.UpdateCompany(sys, c.ID, 2, attract.Patch{"version": json.RawMessage(`9`), "colour": json.RawMessage(`"red"`)}); !slices.Equal(fieldNames(err), []string{"colour", "version"}) {
			t.Errorf("read-only fields: %v", err)
		}

		if _, err := db.ArchiveCompany(sys, c.ID, 2, true); err != nil {
			t.Fatal(err)
		}
		live, _, _ := db.FindCompanies(sys, attract.CompanyFilter{})
		archived, _, _ := db.FindCompanies(sys, attract.CompanyFilter{Archived: true})
		if len(live) != 0 || len(archived) != 1 {
			t.Errorf("after archive: %d live, %d archived", len(live), len(archived))
		}
		if n := auditCount(t, db, "company", c.ID); n != 3 {
			t.Errorf("audit entries for the company: %d, want 3 (create, update, archive)", n)
		}
		if err := db.DeleteCompany(sys, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindCompanyByID(sys, c.ID); attract.ErrorCode(err) != attract.ENOTFOUND {
			t.Errorf("after delete: %v", err)
		}
	})
}

func newProject(t *testing.T, ctx context.Context, db *sqlstore.DB, name string) *attract.Project {
	t.Helper()
	p := &attract.Project{ProjectFields: attract.ProjectFields{NameZH: name, InvestmentMode: attract.ModeWFOE, SourceEconomy: "HK"}}
	if err := db.CreateProject(ctx, p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestStageGates(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		p := newProject(t, sys, db, "肇庆新区西银智慧产业园")
		if p.Stage != attract.StageLead || p.Code == "" {
			t.Fatalf("new project: stage %q code %q", p.Stage, p.Code)
		}
		// Skipping to signed checks the signed gate and names each missing field.
		_, err := db.MoveStage(sys, p.ID, attract.StageMove{To: attract.StageSigned, Version: p.Version})
		if want := []string{"contract_actual", "contracted_fdi", "total_investment"}; !slices.Equal(fieldNames(err), want) {
			t.Fatalf("signed gate: %v, want fields %v", err, want)
		}
		// The move may supply the fields itself.
		set := attract.Patch{
			"contract_actual":  json.RawMessage(`"2023-10-19"`),
			"total_investment": json.RawMessage(`"1.2亿元"`),
			"contracted_fdi":   json.RawMessage(`"USD 12.5m"`),
		}
		p, err = db.MoveStage(sys, p.ID, attract.StageMove{To: attract.StageSigned, Version: p.Version, Patch: set})
		if err != nil {
			t.Fatal(err)
		}
		if p.Stage != attract.StageSigned || p.TotalInvestment.Amount != 12_000_000_000 {
			t.Fatalf("after signing: %s %+v", p.Stage, p.TotalInvestment)
		}
		// Registration needs the enterprise with its USCC and registration date.
		_, err = db.MoveStage(sys, p.ID, attract.StageMove{To: attract.StageRegistered, Version: p.Version})
		if !slices.Equal(fieldNames(err), []string{"enterprise_id"}) {
			t.Errorf("registered gate: %v", err)
		}
		ent := &attract.Company{CompanyFields: attract.CompanyFields{NameZH: "肇庆西银科技有限公司"}}
		if err := db.CreateCompany(sys, ent); err != nil {
			t.Fatal(err)
		}
		_, err = db.MoveStage(sys, p.ID, attract.StageMove{To: attract.StageRegistered, Version: p.Version,
			Patch: attract.Patch{"enterprise_id": json.RawMessage(itoa(ent.ID))}})
		if want := []string{"enterprise.registration_date", "enterprise.uscc"}; !slices.Equal(fieldNames(err), want) {
			t.Errorf("registered gate with a bare enterprise: %v, want %v", err, want)
		}
		// A refused move changes nothing, not even the fields it carried.
		again, _ := db.FindProjectByID(sys, p.ID)
		if again.EnterpriseID != nil || again.Version != p.Version {
			t.Errorf("refused move changed the project: %+v", again)
		}
		// Back is allowed with a note only.
		_, err = db.MoveStage(sys, p.ID, attract.StageMove{To: attract.StageNegotiating, Version: p.Version})
		if !slices.Equal(fieldNames(err), []string{"note"}) {
			t.Errorf("backward move without a note: %v", err)
		}
		p, err = db.MoveStage(sys, p.ID, attract.StageMove{To: attract.StageNegotiating, Version: p.Version, Note: "contract renegotiated"})
		if err != nil {
			t.Fatal(err)
		}
		// Lost needs a reason.
		_, err = db.MoveStage(sys, p.ID, attract.StageMove{To: attract.StageLost, Version: p.Version})
		if !slices.Equal(fieldNames(err), []string{"lost_reason"}) {
			t.Errorf("lost without a reason: %v", err)
		}
		p, err = db.MoveStage(sys, p.ID, attract.StageMove{To: attract.StageLost, Version: p.Version, LostReason: attract.LostOtherLocation})
		if err != nil {
			t.Fatal(err)
		}
		if p.LineStage != attract.StageNegotiating || p.LostReason != attract.LostOtherLocation {
			t.Errorf("lost: line stage %q reason %q", p.LineStage, p.LostReason)
		}
		full, err := db.FindProjectByID(sys, p.ID, "stage_history")
		if err != nil {
			t.Fatal(err)
		}
		var path []attract.Stage
		for _, c := range full.StageHistory {
			path = append(path, c.To)
		}
		want := []attract.Stage{attract.StageLead, attract.StageSigned, attract.StageNegotiating, attract.StageLost}
		if !slices.Equal(path, want) {
			t.Errorf("history %v, want %v", path, want)
		}
		if full.StageHistory[2].Note != "contract renegotiated" || full.StageHistory[2].ActorName != "system" {
			t.Errorf("history entry: %+v", full.StageHistory[2])
		}
	})
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }

func TestConcurrentStageMoves(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		p := newProject(t, sys, db, "泰铃电动车产销一体化产业园")
		const movers = 6
		var wg sync.WaitGroup
		errs := make([]error, movers)
		for i := range movers {
			wg.Go(func() {
				to := attract.StageContacted
				if i%2 == 1 {
					to = attract.StageNegotiating
				}
				_, errs[i] = db.MoveStage(sys, p.ID, attract.StageMove{To: to, Version: p.Version})
			})
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch attract.ErrorCode(err) {
			case "":
				won++
			case attract.ECONFLICT:
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}
		if won != 1 {
			t.Fatalf("%d moves won, want exactly 1", won)
		}
		full, _ := db.FindProjectByID(sys, p.ID, "stage_history")
		if len(full.StageHistory) != 2 || full.Version != p.Version+1 {
			t.Errorf("history %d entries, version %d", len(full.StageHistory), full.Version)
		}
	})
}

func TestProjectSearchAndPaging(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		names := []string{"肇庆新区西银智慧产业园", "维杰尼科技项目", "German Paige automotive interior and exterior trim",
			"泰铃电动车产销一体化产业园", "ＰＡＩＧＥ全角测试", "100% solar_farm"}
		for _, n := range names {
			newProject(t, sys, db, n)
		}
		for _, tc := range []struct {
			q    string
			want int
		}{
			{"西银", 1}, {"产业园", 2}, {"paige", 2}, {"PAIGE", 2}, {"Paige automotive", 1},
			{"100%", 1}, {"_", 1}, {"%", 1}, {"nothing", 0},
		} {
			got, _, err := db.FindProjects(sys, attract.ProjectFilter{Q: tc.q})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tc.want {
				t.Errorf("q=%q: %d results, want %d", tc.q, len(got), tc.want)
			}
		}
		// Cursor paging visits every project once, in order.
		for _, sort := range []string{"name", "-name", "created_at", "-updated_at", "code"} {
			var seen []int64
			cursor := ""
			for range 10 {
				page, next, err := db.FindProjects(sys, attract.ProjectFilter{Sort: sort, Limit: 4, Cursor: cursor})
				if err != nil {
					t.Fatalf("sort %s: %v", sort, err)
				}
				for _, p := range page {
					seen = append(seen, p.ID)
				}
				if cursor = next; cursor == "" {
					break
				}
			}
			if len(seen) != len(names) || len(slices.Compact(slices.Sorted(slices.Values(seen)))) != len(names) {
				t.Errorf("sort %s: saw %v", sort, seen)
			}
		}
		if _, _, err := db.FindProjects(sys, attract.ProjectFilter{Sort: "colour"}); !slices.Equal(fieldNames(err), []string{"sort"}) {
			t.Errorf("bad sort: %v", err)
		}
		if _, _, err := db.FindProjects(sys, attract.ProjectFilter{Cursor: "garbage"}); !slices.Equal(fieldNames(err), []string{"cursor"}) {
			t.Errorf("bad cursor: %v", err)
		}
	})
}

// TestProjectSectorFilter checks the sector filter: a code matches itself
// and every code under it; SectorExact that very code alone, as the
// dashboard counts the projects classified by a section letter alone.
func TestProjectSectorFilter(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		// Each project is named after its sector; " c " is stored as "C".
		for _, sector := range []string{" c ", "10", "101", "1010", "29", "2930", "A", ""} {
			name := strings.ToUpper(strings.TrimSpace(sector))
			if name == "" {
				name = "none"
			}
			p := &attract.Project{ProjectFields: attract.ProjectFields{NameEN: name, Sector: sector}}
			if err := db.CreateProject(sys, p); err != nil {
				t.Fatal(err)
			}
			if p.Sector != strings.ToUpper(strings.TrimSpace(sector)) {
				t.Errorf("sector %q stored as %q, want it upper case and trimmed", sector, p.Sector)
			}
		}
		for _, tc := range []struct {
			sector string
			exact  bool
			want   []string
		}{
			{"C", false, []string{"10", "101", "1010", "29", "2930", "C"}},
			{"C", true, []string{"C"}},
			{" c", true, []string{"C"}},
			{"10", false, []string{"10", "101", "1010"}},
			{"10", true, []string{"10"}},
			{"101", true, []string{"101"}},
			{"1010", true, []string{"1010"}},
			{"2930", true, []string{"2930"}},
			{"A", true, []string{"A"}},
			{"B", true, nil},
			{attract.FilterNone, false, []string{"none"}},
			{attract.FilterNone, true, []string{"none"}},
			// Without a code there is nothing to narrow.
			{"", true, []string{"10", "101", "1010", "29", "2930", "A", "C", "none"}},
		} {
			f := attract.ProjectFilter{Sector: tc.sector, SectorExact: tc.exact, Sort: "name", Limit: 50}
			ps, _, err := db.FindProjects(sys, f)
			if err != nil {
				t.Fatalf("sector %q exact %v: %v", tc.sector, tc.exact, err)
			}
			var got []string
			for _, p := range ps {
				got = append(got, p.NameEN)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("sector %q exact %v: %v, want %v", tc.sector, tc.exact, got, tc.want)
			}
			// The board's stage summary selects the same projects.
			totals, err := db.StageSummary(sys, f)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, st := range totals {
				n += st.Count
			}
			if n != len(tc.want) {
				t.Errorf("sector %q exact %v: the stage summary counts %d, the list has %d", tc.sector, tc.exact, n, len(tc.want))
			}
		}
	})
}

func TestPermissions(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		teamA, teamB := mustTeam(t, db, "A"), mustTeam(t, db, "B")
		_, alice := mustUser(t, db, "alice", attract.RoleOfficer, teamA)
		_, anna := mustUser(t, db, "anna", attract.RoleOfficer, teamA)
		_, bob := mustUser(t, db, "bob", attract.RoleOfficer, teamB)
		_, viewer := mustUser(t, db, "vic", attract.RoleViewer, nil)
		_, director := mustUser(t, db, "dora", attract.RoleDirector, nil)
		_, integrity := mustUser(t, db, "ivan", attract.RoleIntegrity, nil)

		p := newProject(t, alice, db, "Alice's project")
		patch := attract.Patch{"next_action": json.RawMessage(`"call back"`)}
		for _, tc := range []struct {
			who  string
			ctx  context.Context
			want string
		}{
			{"viewer", viewer, attract.EFORBIDDEN},
			{"integrity", integrity, attract.EFORBIDDEN},
			{"other team", bob, attract.EFORBIDDEN},
			{"same team", anna, ""},
			{"director", director, ""},
		} {
			cur, _ := db.FindProjectByID(sys, p.ID)
			_, err := db.UpdateProject(tc.ctx, p.ID, cur.Version, patch)
			if attract.ErrorCode(err) != tc.want {
				t.Errorf("%s updating: %v, want %q", tc.who, err, tc.want)
			}
		}
		if err := db.CreateProject(viewer, &attract.Project{ProjectFields: attract.ProjectFields{NameEN: "x"}}); attract.ErrorCode(err) != attract.EFORBIDDEN {
			t.Errorf("viewer creating: %v", err)
		}
		if _, _, err := db.FindAudit(alice, attract.AuditFilter{}); attract.ErrorCode(err) != attract.EFORBIDDEN {
			t.Errorf("officer reading audit: %v", err)
		}
		if _, _, err := db.FindAudit(integrity, attract.AuditFilter{}); err != nil {
			t.Errorf("integrity reading audit: %v", err)
		}
		if err := db.DeleteProject(director, p.ID); attract.ErrorCode(err) != attract.EFORBIDDEN {
			t.Errorf("director hard-deleting: %v", err)
		}
		// Bob may not move his own activity or task onto Alice's project.
		bobCo := &attract.Company{CompanyFields: attract.CompanyFields{NameEN: "Bob's investor"}}
		if err := db.CreateCompany(bob, bobCo); err != nil {
			t.Fatal(err)
		}
		act := &attract.Activity{ActivityFields: attract.ActivityFields{Kind: attract.ActivityCall, Subject: "call", OccurredAt: time.Now(), CompanyID: &bobCo.ID}}
		if err := db.CreateActivity(bob, act); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateActivity(bob, act.ID, act.Version, attract.Patch{"project_id": json.RawMessage(itoa(p.ID))}); attract.ErrorCode(err) != attract.EFORBIDDEN {
			t.Errorf("moving an activity onto another team's project: %v", err)
		}
		task := &attract.Task{TaskFields: attract.TaskFields{Title: "x", CompanyID: &bobCo.ID}}
		if err := db.CreateTask(bob, task); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateTask(bob, task.ID, task.Version, attract.Patch{"project_id": json.RawMessage(itoa(p.ID))}); attract.ErrorCode(err) != attract.EFORBIDDEN {
			t.Errorf("moving a task onto another team's project: %v", err)
		}
		if _, err := db.FindProjectByID(context.Background(), p.ID); attract.ErrorCode(err) != attract.EUNAUTHORIZED {
			t.Errorf("anonymous read: %v", err)
		}
	})
}

func TestFailedWriteLeavesNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		bad := &attract.Project{ProjectFields: attract.ProjectFields{NameZH: "x", InvestorID: ptr(int64(999)), Probability: ptr(int64(150))}}
		err := db.CreateProject(sys, bad)
		if want := []string{"investor_id", "probability"}; !slices.Equal(fieldNames(err), want) {
			t.Errorf("fields %v, want %v", fieldNames(err), want)
		}
		ps, _, _ := db.FindProjects(sys, attract.ProjectFilter{})
		es, _, _ := db.FindAudit(sys, attract.AuditFilter{Entity: "project"})
		if len(ps) != 0 || len(es) != 0 {
			t.Errorf("after a refused create: %d projects, %d audit entries", len(ps), len(es))
		}
	})
}

func TestCapitalLedgerAndRates(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		p := newProject(t, sys, db, "ledger")
		for _, s := range []string{"USD 1m", "USD 2.5m", "HK$80,000,000"} {
			if err := db.CreateInflow(sys, &attract.CapitalInflow{ProjectID: p.ID, Date: attract.Date{Year: 2024, Month: 3, Day: 1}, Amount: *mustMoney(t, s)}); err != nil {
				t.Fatal(err)
			}
		}
		got, _ := db.FindProjectByID(sys, p.ID, "inflows")
		want := []attract.Money{{Amount: 8_000_000_000, Currency: "HKD"}, {Amount: 350_000_000, Currency: "USD"}}
		if !slices.Equal(got.UtilizedFDI, want) || len(got.Inflows) != 3 {
			t.Errorf("utilized %v (%d inflows), want %v", got.UtilizedFDI, len(got.Inflows), want)
		}
		// Derived from the embedded ledger and activities, or by the store's
		// own queries: the same.
		for _, at := range []time.Time{time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC), time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)} {
			a := &attract.Activity{ActivityFields: attract.ActivityFields{Kind: attract.ActivityMeeting, Subject: "会谈", OccurredAt: at, ProjectID: &p.ID}}
			if err := db.CreateActivity(sys, a); err != nil {
				t.Fatal(err)
			}
		}
		embedded, _ := db.FindProjectByID(sys, p.ID, "inflows", "activities")
		plain, _ := db.FindProjectByID(sys, p.ID)
		// A list derives it for many projects at once; one without
		// activities has none.
		quiet := newProject(t, sys, db, "quiet")
		listed, _, err := db.FindProjects(sys, attract.ProjectFilter{IDs: []int64{p.ID, quiet.ID}, Sort: "name"})
		if err != nil || len(listed) != 2 {
			t.Fatalf("listed %d, %v", len(listed), err)
		}
		if q, _ := db.FindProjectByID(sys, quiet.ID); q.LastActivityAt != nil || listed[1].LastActivityAt != nil {
			t.Errorf("a project without activities: last activity %v alone, %v listed; want none", q.LastActivityAt, listed[1].LastActivityAt)
		}
		for _, q := range []*attract.Project{embedded, plain, listed[0]} {
			if !slices.Equal(q.UtilizedFDI, want) || q.LastActivityAt == nil || !q.LastActivityAt.Equal(time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)) {
				t.Errorf("derived: utilized %v, last activity %v; want %v, 2024-05-01 09:00", q.UtilizedFDI, q.LastActivityAt, want)
			}
		}
		on := attract.Date{Year: 2024, Month: 6, Day: 30}
		if _, err := db.ConvertMoney(sys, want[1], "CNY", on); attract.ErrorCode(err) != attract.ENOTFOUND {
			t.Errorf("conversion without a rate: %v", err)
		}
		for _, r := range []attract.ExchangeRate{
			{Date: attract.Date{Year: 2024, Month: 1, Day: 2}, Base: "USD", Quote: "CNY", Rate: "7.1000"},
			{Date: attract.Date{Year: 2024, Month: 6, Day: 3}, Base: "usd", Quote: "cny", Rate: "7.1234"},
			{Date: attract.Date{Year: 2024, Month: 7, Day: 1}, Base: "USD", Quote: "CNY", Rate: "7.3000"},
		} {
			if err := db.CreateExchangeRate(sys, &r); err != nil {
				t.Fatal(err)
			}
		}
		conv, err := db.ConvertMoney(sys, want[1], "CNY", on)
		if err != nil {
			t.Fatal(err)
		}
		if conv.Rate.Rate != "7.1234" || conv.To.Amount != 2_493_190_000 {
			t.Errorf("conversion %+v", conv)
		}
		if err := db.CreateExchangeRate(sys, &attract.ExchangeRate{Date: attract.Date{Year: 2024, Month: 7, Day: 1}, Base: "USD", Quote: "CNY", Rate: "7.2"}); attract.ErrorCode(err) != attract.ECONFLICT {
			t.Errorf("duplicate rate: %v", err)
		}
	})
}

func TestUsersSessionsTokens(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		u, ctx := mustUser(t, db, "zhang.wei", attract.RoleOfficer, nil)
		if _, err := db.Authenticate(ctx, "zhang.wei", "wrong password!"); attract.ErrorCode(err) != attract.EUNAUTHORIZED {
			t.Errorf("wrong password: %v", err)
		}
		if _, err := db.Authenticate(ctx, "nobody", "correct horse battery"); attract.ErrorCode(err) != attract.EUNAUTHORIZED {
			t.Errorf("unknown user: %v", err)
		}
		if got, err := db.Authenticate(ctx, "Zhang.Wei ", "correct horse battery"); err != nil || got.ID != u.ID {
			t.Fatalf("authenticate: %v", err)
		}
		secret, err := db.CreateSession(ctx, u.ID, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := db.UserBySession(ctx, secret); err != nil || got.ID != u.ID {
			t.Errorf("session: %v", err)
		}
		tok := &attract.Token{UserID: u.ID, Name: "curl"}
		tokSecret, err := db.CreateToken(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		// The token's last use is kept to the minute, written when it moves
		// on.
		lastUsed := func() time.Time {
			t.Helper()
			if got, err := db.UserByToken(ctx, tokSecret); err != nil || got.ID != u.ID {
				t.Fatalf("token: %v", err)
			}
			toks, err := db.FindTokens(ctx, &u.ID)
			if err != nil || len(toks) != 1 || toks[0].LastUsedAt == nil {
				t.Fatalf("tokens: %v %v", toks, err)
			}
			return *toks[0].LastUsedAt
		}
		start := time.Now()
		if got := lastUsed(); got.Before(start.Truncate(time.Minute)) || got.After(time.Now()) || got.Second() != 0 {
			t.Errorf("last used %v, want the minute of %v", got, start)
		}
		db.Now = func() time.Time { return start.Add(2 * time.Minute) }
		if got := lastUsed(); !got.Equal(start.Add(2 * time.Minute).UTC().Truncate(time.Minute)) {
			t.Errorf("last used a while later %v", got)
		}
		db.Now = time.Now
		if err := db.RevokeToken(ctx, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UserByToken(ctx, tokSecret); attract.ErrorCode(err) != attract.EUNAUTHORIZED {
			t.Errorf("revoked token: %v", err)
		}
		// Changing the password ends sessions.
		if err := db.SetPassword(ctx, u.ID, "another long password"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.UserBySession(ctx, secret); attract.ErrorCode(err) != attract.EUNAUTHORIZED {
			t.Errorf("session after password change: %v", err)
		}
		if err := db.SetPassword(ctx, u.ID, "short"); !slices.Equal(fieldNames(err), []string{"password"}) {
			t.Errorf("short password: %v", err)
		}
		// An officer may not promote themselves.
		if _, err := db.UpdateUser(ctx, u.ID, u.Version, attract.Patch{"role": json.RawMessage(`"admin"`)}); attract.ErrorCode(err) != attract.EFORBIDDEN {
			t.Errorf("self-promotion: %v", err)
		}
	})
}

func TestActivitiesAndTasks(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		u, ctx := mustUser(t, db, "li.na", attract.RoleOfficer, nil)
		p := newProject(t, ctx, db, "维杰尼科技项目")
		co := &attract.Company{CompanyFields: attract.CompanyFields{NameEN: "Virginie Technology"}}
		if err := db.CreateCompany(ctx, co); err != nil {
			t.Fatal(err)
		}
		k := &attract.Contact{ContactFields: attract.ContactFields{CompanyID: &co.ID, NameEN: "Marie Dupont", Email: "marie@virginie.example"}}
		if err := db.CreateContact(ctx, k); err != nil {
			t.Fatal(err)
		}
		a := &attract.Activity{ActivityFields: attract.ActivityFields{Kind: attract.ActivitySiteVisit, Subject: "Site visit to the new district",
			OccurredAt: time.Date(2023, 10, 19, 9, 30, 0, 0, time.UTC), ProjectID: &p.ID, ContactIDs: []int64{k.ID, k.ID}, UserIDs: []int64{u.ID}}}
		if err := db.CreateActivity(ctx, a); err != nil {
			t.Fatal(err)
		}
		got, _, err := db.FindActivities(ctx, attract.ActivityFilter{ContactID: &k.ID})
		if err != nil || len(got) != 1 || !slices.Equal(got[0].ContactIDs, []int64{k.ID}) {
			t.Fatalf("activities of the contact: %v %+v", err, got)
		}
		bad := &attract.Activity{ActivityFields: attract.ActivityFields{Kind: "lunch", OccurredAt: time.Now()}}
		if err := db.CreateActivity(ctx, bad); !slices.Equal(fieldNames(err), []string{"kind", "project_id", "subject"}) {
			t.Errorf("bad activity: %v", err)
		}
		task := &attract.Task{TaskFields: attract.TaskFields{Title: "Send the incentive summary", ProjectID: &p.ID, DueDate: &attract.Date{Year: 2023, Month: 10, Day: 26}}}
		if err := db.CreateTask(ctx, task); err != nil {
			t.Fatal(err)
		}
		if task.AssigneeID == nil || *task.AssigneeID != u.ID {
			t.Errorf("task assignee %v, want the creator", task.AssigneeID)
		}
		done, err := db.UpdateTask(ctx, task.ID, task.Version, attract.Patch{"status": json.RawMessage(`"done"`)})
		if err != nil || done.DoneAt == nil {
			t.Errorf("completing the task: %v %+v", err, done)
		}
		full, _ := db.FindProjectByID(ctx, p.ID, "activities", "tasks")
		if len(full.Activities) != 1 || len(full.Tasks) != 1 {
			t.Errorf("embedded %d activities, %d tasks", len(full.Activities), len(full.Tasks))
		}
	})
}

func TestEditKeepsGateFields(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		p := newProject(t, sys, db, "西银")
		p, err := db.MoveStage(sys, p.ID, attract.StageMove{To: attract.StageSigned, Version: p.Version, Patch: attract.Patch{
			"contract_actual": json.RawMessage(`"2023-10-19"`), "total_investment": json.RawMessage(`"1亿元"`), "contracted_fdi": json.RawMessage(`"USD 10m"`)}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.UpdateProject(sys, p.ID, p.Version, attract.Patch{"contract_actual": json.RawMessage(`null`)})
		if !slices.Equal(fieldNames(err), []string{"contract_actual"}) {
			t.Errorf("clearing the contract date of a signed project: %v", err)
		}
		if _, err := db.UpdateProject(sys, p.ID, p.Version, attract.Patch{"next_action": json.RawMessage(`"visit"`)}); err != nil {
			t.Errorf("an ordinary edit of a signed project: %v", err)
		}
	})
}

// TestTasksByDueDate checks the due-date sort of tasks: the dated ones,
// soonest first (ties by id), page after page in both directions, without
// the undated, and a cursor of one sort refused by the other.
func TestTasksByDueDate(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		u, ctx := mustUser(t, db, "li.na", attract.RoleOfficer, nil)
		p := newProject(t, ctx, db, "西银")
		dues := []*attract.Date{{Year: 2024, Month: 3, Day: 1}, nil, {Year: 2023, Month: 12, Day: 31}, {Year: 2024, Month: 3, Day: 1}, nil, {Year: 2024, Month: 1, Day: 15}}
		var want []int64 // ids by due date, then id
		tasks := map[int64]*attract.Date{}
		for i, d := range dues {
			task := &attract.Task{TaskFields: attract.TaskFields{Title: "task " + strconv.Itoa(i), ProjectID: &p.ID, DueDate: d}}
			if err := db.CreateTask(ctx, task); err != nil {
				t.Fatal(err)
			}
			if d != nil {
				want = append(want, task.ID)
				tasks[task.ID] = d
			}
		}
		slices.SortStableFunc(want, func(a, b int64) int { return tasks[a].Time().Compare(tasks[b].Time()) })
		all := func(sort string) []int64 {
			var ids []int64
			cur := ""
			for range 10 {
				page, next, err := db.FindTasks(ctx, attract.TaskFilter{AssigneeID: &u.ID, Status: attract.TaskOpen, Sort: sort, Cursor: cur, Limit: 2})
				if err != nil {
					t.Fatalf("sort %s: %v", sort, err)
				}
				for _, x := range page {
					ids = append(ids, x.ID)
				}
				if cur = next; cur == "" {
					break
				}
			}
			return ids
		}
		if got := all("due_date"); !slices.Equal(got, want) {
			t.Errorf("by due date: %v, want %v", got, want)
		}
		back := slices.Clone(want)
		slices.Reverse(back)
		if got := all("-due_date"); !slices.Equal(got, back) {
			t.Errorf("by due date, descending: %v, want %v", got, back)
		}
		_, next, err := db.FindTasks(ctx, attract.TaskFilter{AssigneeID: &u.ID, Limit: 1})
		if err != nil || next == "" {
			t.Fatalf("a first page by id: %v %q", err, next)
		}
		if _, _, err := db.FindTasks(ctx, attract.TaskFilter{AssigneeID: &u.ID, Sort: "due_date", Cursor: next}); !slices.Equal(fieldNames(err), []string{"cursor"}) {
			t.Errorf("an id cursor on the due-date sort: %v", err)
		}
		if _, _, err := db.FindTasks(ctx, attract.TaskFilter{Sort: "urgency"}); !slices.Equal(fieldNames(err), []string{"sort"}) {
			t.Errorf("an unknown sort: %v", err)
		}
	})
}

// TestSectorStoredAsTheTableWritesIt: a company's or a project's sector is
// stored trimmed and in upper case, and migration 0010 writes so the rows
// an older version stored as typed.
func TestSectorStoredAsTheTableWritesIt(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		c := &attract.Company{CompanyFields: attract.CompanyFields{NameZH: "小写行业公司", Sector: " c "}}
		if err := db.CreateCompany(sys, c); err != nil {
			t.Fatal(err)
		}
		// Signed, so that the dashboard counts it by sector.
		p := &attract.Project{Stage: attract.StageSigned, ProjectFields: attract.ProjectFields{NameZH: "小写行业项目", Sector: "c\t",
			InvestmentMode: attract.ModeWFOE, SourceEconomy: "HK", TotalInvestment: mustMoney(t, "5000万元"),
			ContractedFDI: mustMoney(t, "USD 5m"), ContractActual: &attract.Date{Year: 2026, Month: 3, Day: 2}}}
		if err := db.CreateProject(sys, p); err != nil {
			t.Fatal(err)
		}
		if c.Sector != "C" || p.Sector != "C" {
			t.Fatalf("stored company %q, project %q; want C", c.Sector, p.Sector)
		}

		// As an older version stored them, then the migration once more.
		for _, q := range []string{`UPDATE companies SET sector = ' c'`, "UPDATE projects SET sector = 'c\t'",
			`DELETE FROM schema_migrations WHERE name LIKE '%0010_sector_case.sql'`} {
			if _, err := db.SQL().Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		again, err := sqlstore.Open(context.Background(), db.DSN())
		if err != nil {
			t.Fatal(err)
		}
		defer again.Close()
		gotC, err := again.FindCompanyByID(sys, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		gotP, err := again.FindProjectByID(sys, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if gotC.Sector != "C" || gotP.Sector != "C" {
			t.Errorf("after the migration: company %q, project %q; want C", gotC.Sector, gotP.Sector)
		}
		exact, _, err := again.FindProjects(sys, attract.ProjectFilter{Sector: "C", SectorExact: true})
		if err != nil || len(exact) != 1 {
			t.Errorf("sector C alone after the migration: %d projects (%v), want 1", len(exact), err)
		}
		// The rollups moved the project to C, and the row it left, which
		// counts nothing now, is no figure of the dashboard.
		d, err := again.Dashboard(sys, attract.DashboardFilter{Year: 2026})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.SignedBySector) != 1 || d.SignedBySector[0].Key != "C" || d.SignedBySector[0].Count != 1 {
			t.Errorf("signed by sector after the migration: %+v, want C with 1 project alone", d.SignedBySector)
		}
	})
}

func TestProjectCompanyFilter(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		company := func(name string) *int64 {
			c := &attract.Company{CompanyFields: attract.CompanyFields{NameEN: name}}
			if err := db.CreateCompany(sys, c); err != nil {
				t.Fatal(err)
			}
			return &c.ID
		}
		a, b := company("Alpha"), company("Beta")
		project := func(name string, investor, enterprise *int64) *attract.Project {
			p := &attract.Project{ProjectFields: attract.ProjectFields{NameEN: name, InvestorID: investor, EnterpriseID: enterprise}}
			if err := db.CreateProject(sys, p); err != nil {
				t.Fatal(err)
			}
			return p
		}
		project("invests", a, nil)
		project("became", b, a)
		project("both", a, a)
		project("other", b, b)
		project("none", nil, nil)
		gone := project("archived", a, nil)
		if _, err := db.ArchiveProject(sys, gone.ID, gone.Version, true); err != nil {
			t.Fatal(err)
		}
		names := func(f attract.ProjectFilter) []string {
			t.Helper()
			f.Sort = "name"
			ps, _, err := db.FindProjects(sys, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, p := range ps {
				out = append(out, p.NameEN)
			}
			return out
		}
		for _, tc := range []struct {
			f    attract.ProjectFilter
			want []string
		}{
			{attract.ProjectFilter{CompanyID: a}, []string{"became", "both", "invests"}},
			{attract.ProjectFilter{CompanyID: a, Archived: true}, []string{"archived"}},
			{attract.ProjectFilter{CompanyID: a, InvestorID: b}, []string{"became"}},
			{attract.ProjectFilter{CompanyID: b}, []string{"became", "other"}},
			{attract.ProjectFilter{CompanyID: ptr(*b + 100)}, nil},
		} {
			if got := names(tc.f); !slices.Equal(got, tc.want) {
				t.Errorf("company %d investor %v archived %v: %v, want %v", *tc.f.CompanyID, tc.f.InvestorID, tc.f.Archived, got, tc.want)
			}
		}
		// The company's count is of the projects the filter lists, and so
		// is the board's summary.
		if n, err := db.CountCompanyProjects(sys, *a); err != nil || n != 3 {
			t.Errorf("CountCompanyProjects = %d, %v; want 3", n, err)
		}
		totals, err := db.StageSummary(sys, attract.ProjectFilter{CompanyID: a})
		if err != nil {
			t.Fatal(err)
		}
		if totals[0].Stage != attract.StageLead || totals[0].Count != 3 {
			t.Errorf("stage summary of the company: %+v, want 3 leads", totals[0])
		}
		// With a text search too, on every path search takes, paged.
		c := company("Gamma")
		project("gamma plant one", c, nil)
		project("gamma plant two", b, c)
		project("gamma plant three", c, c)
		project("gamma plant four", b, nil)
		for _, sort := range []string{"name", "-updated_at", "code"} {
			var got []string
			cursor := ""
			for range 3 {
				ps, next, err := db.FindProjects(sys, attract.ProjectFilter{CompanyID: c, Q: "plant", Sort: sort, Limit: 2, Cursor: cursor})
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range ps {
					got = append(got, p.NameEN)
				}
				if cursor = next; cursor == "" {
					break
				}
			}
			slices.Sort(got)
			if want := []string{"gamma plant one", "gamma plant three", "gamma plant two"}; !slices.Equal(got, want) {
				t.Errorf("company, text and sort %s, paged: %v, want %v", sort, got, want)
			}
		}
		if totals, err := db.StageSummary(sys, attract.ProjectFilter{CompanyID: c, Q: "plant"}); err != nil || totals[0].Count != 3 {
			t.Errorf("stage summary of the company's plants: %+v, %v; want 3 leads", totals, err)
		}
		// Paged, the projects come once each.
		first, next, err := db.FindProjects(sys, attract.ProjectFilter{CompanyID: a, Limit: 2})
		if err != nil || len(first) != 2 || next == "" {
			t.Fatalf("first page: %d projects, next %q, %v", len(first), next, err)
		}
		rest, next, err := db.FindProjects(sys, attract.ProjectFilter{CompanyID: a, Limit: 2, Cursor: next})
		if err != nil || len(rest) != 1 || next != "" || rest[0].ID == first[0].ID || rest[0].ID == first[1].ID {
			t.Errorf("second page: %d projects, next %q, %v", len(rest), next, err)
		}
	})
}
