package sqlstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"attract"
	"attract/sqlstore"
)

// rollupKey and rollupValue are one row of project_rollups.
type rollupKey struct {
	Year                            int
	Team                            int64
	Kind                            string
	Month                           int
	Stage, Sector, Source, Currency string
}

type rollupValue struct{ Projects, Amount int64 }

// storedRollups reads project_rollups. Rows whose projects have all gone
// stay with zero counts; they must hold zero amounts and are left out.
func storedRollups(t *testing.T, db *sqlstore.DB) map[rollupKey]rollupValue {
	t.Helper()
	rows, err := db.SQL().Query(`SELECT year, team_id, kind, month, stage, sector, source, currency, projects, amount FROM project_rollups`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[rollupKey]rollupValue{}
	for rows.Next() {
		var k rollupKey
		var v rollupValue
		var amount string
		if err := rows.Scan(&k.Year, &k.Team, &k.Kind, &k.Month, &k.Stage, &k.Sector, &k.Source, &k.Currency, &v.Projects, &amount); err != nil {
			t.Fatal(err)
		}
		if v.Amount, err = strconv.ParseInt(amount, 10, 64); err != nil {
			t.Fatalf("rollup amount %q: %v", amount, err)
		}
		if v.Projects == 0 {
			if v.Amount != 0 {
				t.Errorf("rollup %+v counts no project but sums %d", k, v.Amount)
			}
			continue
		}
		out[k] = v
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// liveProjects reads every project that is not archived, through the store.
func liveProjects(t *testing.T, db *sqlstore.DB) []*attract.Project {
	t.Helper()
	var out []*attract.Project
	f := attract.ProjectFilter{Limit: 500, Sort: "created_at"}
	for {
		ps, next, err := db.FindProjects(sys, f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ps...)
		if next == "" {
			return out
		}
		f.Cursor = next
	}
}

// expectedRollups is what the rollups must hold, computed in Go from the
// projects: the GROUP BY the triggers maintain, written independently.
func expectedRollups(ps []*attract.Project) map[rollupKey]rollupValue {
	out := map[rollupKey]rollupValue{}
	add := func(k rollupKey, p *attract.Project) {
		var amount int64
		if p.TeamID != nil {
			k.Team = *p.TeamID
		}
		if m := p.TotalInvestment; m != nil {
			k.Currency, amount = m.Currency, m.Amount
		}
		v := out[k]
		v.Projects++
		v.Amount += amount
		out[k] = v
	}
	for _, p := range ps {
		c := p.CreatedAt.In(attract.AgencyZone)
		add(rollupKey{Year: c.Year(), Kind: "created", Month: int(c.Month()), Stage: string(p.Stage)}, p)
		if d := p.ContractActual; d != nil {
			division := p.Sector
			if len(division) > 2 {
				division = division[:2]
			}
			add(rollupKey{Year: d.Year, Kind: "signed_sector", Month: int(d.Month), Sector: division}, p)
			add(rollupKey{Year: d.Year, Kind: "signed_source", Month: int(d.Month), Source: p.Source}, p)
		}
	}
	return out
}

// checkRollups fails when the rollups differ from a GROUP BY of the
// projects, naming each differing row.
func checkRollups(t *testing.T, db *sqlstore.DB, when string) {
	t.Helper()
	got, want := storedRollups(t, db), expectedRollups(liveProjects(t, db))
	keys := slices.Collect(maps.Keys(got))
	for k := range want {
		if _, ok := got[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b rollupKey) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
	for _, k := range keys {
		if got[k] != want[k] {
			t.Errorf("%s: rollup %+v holds %+v, the projects give %+v", when, k, got[k], want[k])
		}
	}
	if len(want) == 0 {
		t.Fatalf("%s: no projects to check the rollups against", when)
	}
}

// dashFigure is a figure as the tests compare it.
type dashFigure struct {
	Count  int64
	Totals string
}

func figureOf(f attract.DashboardFigure) dashFigure {
	var parts []string
	for _, m := range f.Totals {
		parts = append(parts, m.String())
	}
	return dashFigure{f.Count, strings.Join(parts, " + ")}
}

// expectedDashboard computes the figures of a year and team from the
// projects themselves, keyed "created", "signed", "stage:lead",
// "sector:29", "source:event", "month:3:created", ...
func expectedDashboard(ps []*attract.Project, year int, team *int64) map[string]dashFigure {
	type acc struct {
		n    int64
		sums map[string]int64
	}
	accs := map[string]*acc{}
	add := func(key string, p *attract.Project) {
		a := accs[key]
		if a == nil {
			a = &acc{sums: map[string]int64{}}
			accs[key] = a
		}
		a.n++
		if m := p.TotalInvestment; m != nil && m.Amount != 0 {
			a.sums[m.Currency] += m.Amount
		}
	}
	for _, p := range ps {
		if team != nil && (p.TeamID == nil || *p.TeamID != *team) {
			continue
		}
		if c := p.CreatedAt.In(attract.AgencyZone); c.Year() == year {
			add("created", p)
			add("stage:"+string(p.Stage), p)
			add(fmt.Sprintf("month:%d:created", c.Month()), p)
		}
		if d := p.ContractActual; d != nil && d.Year == year {
			division := p.Sector
			if len(division) > 2 {
				division = division[:2]
			}
			add("signed", p)
			add("sector:"+division, p)
			add("source:"+p.Source, p)
			add(fmt.Sprintf("month:%d:signed", int(d.Month)), p)
		}
	}
	out := map[string]dashFigure{}
	for key, a := range accs {
		var parts []string
		for _, cur := range slices.Sorted(maps.Keys(a.sums)) {
			parts = append(parts, attract.Money{Amount: a.sums[cur], Currency: cur}.String())
		}
		out[key] = dashFigure{a.n, strings.Join(parts, " + ")}
	}
	return out
}

// dashboardFigures flattens a dashboard the way expectedDashboard keys it,
// leaving out figures that count nothing.
func dashboardFigures(d *attract.Dashboard) map[string]dashFigure {
	out := map[string]dashFigure{}
	put := func(key string, f attract.DashboardFigure) {
		if f.Count != 0 || len(f.Totals) > 0 {
			out[key] = figureOf(f)
		}
	}
	put("created", d.Created)
	put("signed", d.Signed)
	for _, f := range d.CreatedByStage {
		put("stage:"+f.Key, f)
	}
	for _, f := range d.SignedBySector {
		put("sector:"+f.Key, f)
	}
	for _, f := range d.SignedBySource {
		put("source:"+f.Key, f)
	}
	for _, m := range d.ByMonth {
		put(fmt.Sprintf("month:%d:created", m.Month), m.Created)
		put(fmt.Sprintf("month:%d:signed", m.Month), m.Signed)
	}
	return out
}

func checkDashboard(t *testing.T, db *sqlstore.DB, year int, team *int64) *attract.Dashboard {
	t.Helper()
	d, err := db.Dashboard(sys, attract.DashboardFilter{Year: year, TeamID: team})
	if err != nil {
		t.Fatal(err)
	}
	got, want := dashboardFigures(d), expectedDashboard(liveProjects(t, db), year, team)
	for _, k := range slices.Sorted(maps.Keys(maps.Collect(func(yield func(string, bool) bool) {
		for k := range got {
			yield(k, true)
		}
		for k := range want {
			yield(k, true)
		}
	}))) {
		if got[k] != want[k] {
			t.Errorf("dashboard %d team %v: %s is %+v, the projects give %+v", year, team, k, got[k], want[k])
		}
	}
	if len(d.CreatedByStage) != len(attract.Stages) || len(d.ByMonth) != 12 || len(d.SignedBySource) < len(attract.LeadSources) {
		t.Errorf("dashboard %d: %d stages, %d months, %d sources: every stage, month and lead source must be listed",
			year, len(d.CreatedByStage), len(d.ByMonth), len(d.SignedBySource))
	}
	return d
}

// TestRollupsFollowEveryWrite checks that the dashboard's rollups equal a
// GROUP BY of the projects after every kind of write that touches what
// they count: creates, updates of each counted field, stage moves, the
// contract date set and cleared, archive and restore, delete, a company
// merge, an import batch with a rejected row, and a restore from an export
// archive.
func TestRollupsFollowEveryWrite(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		clock := time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return clock }
		teamA, teamB := mustTeam(t, db, "招商一组"), mustTeam(t, db, "招商二组")
		investor := &attract.Company{CompanyFields: attract.CompanyFields{NameZH: "佩奇汽车饰件有限公司", Country: "DE"}}
		duplicate := &attract.Company{CompanyFields: attract.CompanyFields{NameEN: "Paige Automotive Trim GmbH", Country: "DE"}}
		for _, c := range []*attract.Company{investor, duplicate} {
			if err := db.CreateCompany(sys, c); err != nil {
				t.Fatal(err)
			}
		}
		create := func(name string, f attract.ProjectFields) *attract.Project {
			t.Helper()
			f.NameZH, f.InvestmentMode, f.SourceEconomy = name, attract.ModeWFOE, "HK"
			p := &attract.Project{ProjectFields: f}
			if err := db.CreateProject(sys, p); err != nil {
				t.Fatalf("create %s: %v", name, err)
			}
			return p
		}
		update := func(p *attract.Project, patch string) *attract.Project {
			t.Helper()
			var pt attract.Patch
			if err := json.Unmarshal([]byte(patch), &pt); err != nil {
				t.Fatal(err)
			}
			got, err := db.UpdateProject(sys, p.ID, p.Version, pt)
			if err != nil {
				t.Fatalf("update %s with %s: %v", p.NameZH, patch, err)
			}
			return got
		}
		move := func(p *attract.Project, m attract.StageMove) *attract.Project {
			t.Helper()
			m.Version = p.Version
			got, err := db.MoveStage(sys, p.ID, m)
			if err != nil {
				t.Fatalf("move %s to %s: %v", p.NameZH, m.To, err)
			}
			return got
		}
		signing := func(date, amount string) attract.Patch {
			return attract.Patch{"contract_actual": json.RawMessage(`"` + date + `"`),
				"total_investment": json.RawMessage(`"` + amount + `"`), "contracted_fdi": json.RawMessage(`"USD 10m"`)}
		}

		parts := create("汽车零部件项目", attract.ProjectFields{TeamID: teamA, Sector: "2930", Source: "event", TotalInvestment: mustMoney(t, "1.2亿元"), InvestorID: &duplicate.ID})
		battery := create("动力电池项目", attract.ProjectFields{TeamID: teamA, Sector: "2720", Source: "referral", TotalInvestment: mustMoney(t, "USD 50m")})
		food := create("预制菜项目", attract.ProjectFields{TeamID: teamB, Sector: "C", Source: "website"})
		logistics := create("冷链物流项目", attract.ProjectFields{Sector: "5210", TotalInvestment: mustMoney(t, "3,500万元")})
		medicine := create("南药项目", attract.ProjectFields{TeamID: teamB, Sector: "2100", Source: "delegation", TotalInvestment: mustMoney(t, "EUR 3.4 million"), InvestorID: &duplicate.ID})
		checkRollups(t, db, "after creates")

		// A project counts in the year of the agency's day it was created
		// on, as the list's created_from/created_to filter counts it: the
		// last instant of 31 December China time in the old year, 04:00 on
		// 1 January (still 31 December in UTC) in the new.
		clock = time.Date(2025, 12, 31, 23, 59, 59, 999600000, attract.AgencyZone)
		lastOfYear := create("岁末项目", attract.ProjectFields{Sector: "2610"})
		clock = time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC)
		yearEnd := create("年末项目", attract.ProjectFields{TeamID: teamA, Sector: "2610", Source: "event", TotalInvestment: mustMoney(t, "8000万元")})
		clock = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
		newYear := create("新年项目", attract.ProjectFields{TeamID: teamB, Sector: "2610", TotalInvestment: mustMoney(t, "2亿元")})
		checkRollups(t, db, "after creates across the year's end")
		stored := storedRollups(t, db)
		for _, k := range []rollupKey{{Year: 2025, Kind: "created", Month: 12, Stage: "lead"}, {Year: 2026, Kind: "created", Month: 1, Stage: "lead", Team: *teamA, Currency: "CNY"}} {
			if stored[k].Projects != 1 {
				t.Errorf("rollup %+v holds %d projects, want 1", k, stored[k].Projects)
			}
		}
		for _, c := range []struct {
			day  attract.Date
			want []string
		}{{attract.Date{Year: 2025, Month: 12, Day: 31}, []string{lastOfYear.NameZH}}, {attract.Date{Year: 2026, Month: 1, Day: 1}, []string{yearEnd.NameZH}}} {
			ps, _, err := db.FindProjects(sys, attract.ProjectFilter{CreatedFrom: &c.day, CreatedTo: &c.day})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range ps {
				got = append(got, p.NameZH)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("created on %s: %v, want %v", c.day, got, c.want)
			}
		}

		// Each counted field changed in turn.
		parts = update(parts, `{"team_id": `+itoa(*teamB)+`}`)
		battery = update(battery, `{"sector": "2610"}`)
		food = update(food, `{"source": "event", "total_investment": "5000万元"}`)
		logistics = update(logistics, `{"total_investment": "4,200万元", "team_id": `+itoa(*teamA)+`}`)
		medicine = update(medicine, `{"total_investment": "HKD 80,000,000"}`)
		newYear = update(newYear, `{"notes": "不计入汇总的字段"}`)
		checkRollups(t, db, "after updates")

		// Signing sets the contract date; moving back and clearing it
		// takes the project out of the signed figures again.
		parts = move(parts, attract.StageMove{To: attract.StageContacted})
		parts = move(parts, attract.StageMove{To: attract.StageSigned, Patch: signing("2025-06-01", "1.5亿元")})
		battery = move(battery, attract.StageMove{To: attract.StageSigned, Patch: signing("2025-11-20", "USD 55m")})
		yearEnd = move(yearEnd, attract.StageMove{To: attract.StageSigned, Patch: signing("2026-02-03", "8000万元")})
		checkRollups(t, db, "after signing")
		battery = move(battery, attract.StageMove{To: attract.StageNegotiating, Note: "合同重新谈判"})
		update(battery, `{"contract_actual": null}`)
		logistics = update(logistics, `{"contract_actual": "2025-08-08"}`)
		logistics = update(logistics, `{"contract_actual": "2025-09-09"}`)
		checkRollups(t, db, "after contract dates set, moved and cleared")
		// One counted field at a time, on a signed project.
		logistics = update(logistics, `{"source": "referral"}`)
		checkRollups(t, db, "after a change of lead source")
		logistics = update(logistics, `{"sector": "5229"}`)
		checkRollups(t, db, "after a change of sector")
		update(logistics, `{"team_id": null}`)
		checkRollups(t, db, "after leaving the team")
		move(parts, attract.StageMove{To: attract.StageLost, LostReason: attract.LostOtherLocation})
		checkRollups(t, db, "after a loss")

		// Archived projects leave the figures; restored ones return.
		food, err := db.ArchiveProject(sys, food.ID, food.Version, true)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ArchiveProject(sys, yearEnd.ID, yearEnd.Version, true); err != nil {
			t.Fatal(err)
		}
		checkRollups(t, db, "after archiving")
		if _, err := db.ArchiveProject(sys, food.ID, food.Version, false); err != nil {
			t.Fatal(err)
		}
		checkRollups(t, db, "after restoring from the archive")

		// A failed write changes nothing, rollups included.
		if _, err := db.UpdateProject(sys, newYear.ID, newYear.Version-1, attract.Patch{"team_id": json.RawMessage(itoa(*teamA))}); attract.ErrorCode(err) != attract.ECONFLICT {
			t.Fatalf("stale update: %v", err)
		}
		if err := db.DeleteProject(sys, medicine.ID); err != nil {
			t.Fatal(err)
		}
		checkRollups(t, db, "after a delete")

		if _, err := db.MergeCompanies(sys, investor.ID, duplicate.ID); err != nil {
			t.Fatal(err)
		}
		checkRollups(t, db, "after merging companies")

		// An import: one transaction of creates and updates, with a
		// rejected row undone by its savepoint.
		clock = time.Date(2026, 4, 2, 9, 0, 0, 0, time.UTC)
		rejected := errors.New("rejected row")
		err = db.Batch(sys, func(b *sqlstore.Batch) error {
			for i, sector := range []string{"2930", "2592", ""} {
				p := &attract.Project{ProjectFields: attract.ProjectFields{NameZH: fmt.Sprintf("导入项目%d", i), TeamID: teamA,
					Sector: sector, Source: "desk_research", TotalInvestment: mustMoney(t, "USD 12.5m"), ContractActual: &attract.Date{Year: 2026, Month: 3, Day: 1 + i}}}
				if err := b.CreateProject(p); err != nil {
					return err
				}
			}
			if _, err := b.UpdateProject(newYear.ID, newYear.Version, attract.Patch{"sector": json.RawMessage(`"2720"`), "contract_actual": json.RawMessage(`"2026-03-15"`)}); err != nil {
				return err
			}
			err := b.Savepoint(func() error {
				p := &attract.Project{ProjectFields: attract.ProjectFields{NameZH: "被拒绝的行", TeamID: teamB, TotalInvestment: mustMoney(t, "9亿元")}}
				if err := b.CreateProject(p); err != nil {
					return err
				}
				return rejected
			})
			if !errors.Is(err, rejected) {
				return fmt.Errorf("savepoint: %v", err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		checkRollups(t, db, "after an import")

		// Conversions: CNY and USD have a rate, EUR none.
		for _, r := range []*attract.ExchangeRate{
			{Date: attract.Date{Year: 2025, Month: 1, Day: 1}, Base: "USD", Quote: "CNY", Rate: "7.1", Source: "PBOC"},
			{Date: attract.Date{Year: 2025, Month: 1, Day: 1}, Base: "HKD", Quote: "CNY", Rate: "0.91", Source: "PBOC"},
		} {
			if err := db.CreateExchangeRate(sys, r); err != nil {
				t.Fatal(err)
			}
		}
		for _, year := range []int{2025, 2026, 2027} {
			for _, team := range []*int64{nil, teamA, teamB} {
				checkDashboard(t, db, year, team)
			}
		}
		d := checkDashboard(t, db, 2026, nil)
		if d.RateDate != (attract.Date{Year: 2026, Month: 4, Day: 2}) {
			t.Errorf("rate date of the current year %s, want today", d.RateDate)
		}
		// 2026 signed: 8000万元 (archived, out), three imports of USD 12.5m
		// and the 2亿元 project: 2亿元 + 37.5m × 7.1.
		if d.Signed.Converted == nil || d.Signed.Converted.String() != "CNY 466,250,000.00" || len(d.Rates) != 1 || d.Rates[0].Base != "USD" {
			t.Errorf("2026 signed converted %v with rates %v, want CNY 466,250,000.00 at the USD rate", d.Signed.Converted, d.Rates)
		}
		d = checkDashboard(t, db, 2025, teamB)
		if d.RateDate != (attract.Date{Year: 2025, Month: 12, Day: 31}) {
			t.Errorf("rate date of a past year %s, want its last day", d.RateDate)
		}

		// An export restored into an empty database rebuilds the same
		// rollups through the triggers.
		archive := mustExport(t, db)
		restored := sqlstore.MustOpenTestDB(t, db.Dialect())
		mustRestore(t, restored, archive)
		checkRollups(t, restored, "after a restore from an export")
		if got, want := storedRollups(t, restored), storedRollups(t, db); !maps.Equal(got, want) {
			t.Errorf("restored rollups differ from the source's:\n%v\n%v", got, want)
		}

		// A load that suspends the triggers is made right by the rebuild.
		resume, err := db.SuspendDerived(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		stale := create("暂停期间的项目", attract.ProjectFields{TeamID: teamA, Sector: "2930", TotalInvestment: mustMoney(t, "1亿元")})
		if got := storedRollups(t, db); len(got) != len(expectedRollups(liveProjects(t, db)))-1 {
			t.Errorf("suspended triggers still counted the new project (%d rollups)", len(got))
		}
		if err := resume(context.Background()); err != nil {
			t.Fatal(err)
		}
		checkRollups(t, db, "after resuming the triggers")
		// The gram index found it too (by the index, not the LIKE alone).
		sqlstore.SetGramCap(db, 5000)
		if ps, _, err := db.FindProjects(sys, attract.ProjectFilter{Q: "暂停期间", Limit: 5}); err != nil || len(ps) != 1 || ps[0].ID != stale.ID {
			t.Errorf("search for a project written while suspended: %v, %v", ps, err)
		}
		sqlstore.SetGramCap(db, 0)
		update(stale, `{"team_id": `+itoa(*teamB)+`}`)
		checkRollups(t, db, "after a write with the triggers back")
		if err := db.RebuildRollups(context.Background()); err != nil {
			t.Fatal(err)
		}
		checkRollups(t, db, "after a rebuild")
	})
}

// TestRebuildRollupsBeside checks the bulk load's rebuild: the rollups are
// rebuilt while the other writes run, and still when those fail, whose
// error is returned.
func TestRebuildRollupsBeside(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		team := mustTeam(t, db, "招商一组")
		for i, amount := range []string{"1亿元", "3,500万元", "USD 12.5m"} {
			p := &attract.Project{ProjectFields: attract.ProjectFields{NameZH: "项目" + itoa(int64(i)), TeamID: team, Sector: "2930", TotalInvestment: mustMoney(t, amount)}}
			if err := db.CreateProject(sys, p); err != nil {
				t.Fatal(err)
			}
		}
		want := storedRollups(t, db)
		if len(want) == 0 {
			t.Fatal("no rollups to rebuild")
		}
		if _, err := db.SQL().Exec(`DELETE FROM project_rollups`); err != nil {
			t.Fatal(err)
		}
		boom := errors.New("the gram indexes failed")
		wrote := false
		err := sqlstore.RebuildRollupsBeside(db, context.Background(), func(context.Context) error { wrote = true; return boom })
		if !errors.Is(err, boom) || err.Error() != boom.Error() || !wrote {
			t.Errorf("rebuild beside a failing write: %v (write ran: %v), want its error", err, wrote)
		}
		if got := storedRollups(t, db); !maps.Equal(got, want) {
			t.Errorf("rollups after the rebuild:\n%v\nwant\n%v", got, want)
		}
		checkRollups(t, db, "after the rebuild beside a failing write")
	})
}

func TestDashboardRefuses(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		for _, f := range []attract.DashboardFilter{{Year: 0}, {Year: 1899}, {Year: 2201}} {
			if _, err := db.Dashboard(sys, f); !slices.Equal(fieldNames(err), []string{"year"}) {
				t.Errorf("year %d: %v, want an error naming year", f.Year, err)
			}
		}
		if _, err := db.Dashboard(sys, attract.DashboardFilter{Year: 2025, TeamID: ptr(int64(-1))}); !slices.Equal(fieldNames(err), []string{"team_id"}) {
			t.Errorf("negative team: %v, want an error naming team_id", err)
		}
		if _, err := db.Dashboard(context.Background(), attract.DashboardFilter{Year: 2025}); attract.ErrorCode(err) != attract.EUNAUTHORIZED {
			t.Errorf("anonymous: %v, want EUNAUTHORIZED", err)
		}
		_, viewer := mustUser(t, db, "viewer", attract.RoleViewer, nil)
		d, err := db.Dashboard(viewer, attract.DashboardFilter{Year: 2025})
		if err != nil {
			t.Fatalf("a viewer reads the dashboard: %v", err)
		}
		if d.Created.Count != 0 || d.Created.Converted == nil || d.Created.Converted.Amount != 0 || len(d.SignedBySector) != 0 {
			t.Errorf("empty dashboard: %+v", d)
		}
	})
}
