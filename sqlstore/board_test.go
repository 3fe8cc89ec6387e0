package sqlstore_test

import (
	"context"
	"testing"

	"attract"
	"attract/sqlstore"

	"github.com/google/go-cmp/cmp"
)

func TestStageSummary(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		team := mustTeam(t, db, "德国招商组")
		owner, _ := mustUser(t, db, "li.na", attract.RoleOfficer, team)
		add := func(name string, stage attract.Stage, total string, key bool, economy string) *attract.Project {
			t.Helper()
			p := &attract.Project{ProjectFields: attract.ProjectFields{NameZH: name, InvestmentMode: attract.ModeWFOE,
				SourceEconomy: economy, KeyProject: key, Sector: "2910"}}
			if total != "" {
				p.TotalInvestment = mustMoney(t, total)
			}
			if stage == attract.StageSigned {
				p.ContractActual = &attract.Date{Year: 2024, Month: 3, Day: 1}
				p.ContractedFDI = mustMoney(t, "USD 1m")
				if p.TotalInvestment == nil {
					p.TotalInvestment = mustMoney(t, "1亿元")
				}
			}
			if stage != attract.StageLead {
				p.Stage = stage
			}
			if err := db.CreateProject(sys, p); err != nil {
				t.Fatal(err)
			}
			return p
		}
		add("A", attract.StageLead, "1.2亿元", true, "HK")
		add("B", attract.StageLead, "3000万元", false, "HK")
		add("C", attract.StageLead, "USD 12.5m", false, "DE")
		add("D", attract.StageLead, "", false, "DE") // counts, adds nothing
		add("E", attract.StageSigned, "2亿元", true, "DE")
		add("F", attract.StageOnHold, "HK$80,000,000", false, "HK")
		owned := add("G", attract.StageContacted, "EUR 3.4m", false, "DE")
		if _, err := db.UpdateProject(sys, owned.ID, owned.Version, attract.Patch{"owner_id": []byte(itoa(owner.ID)), "team_id": []byte(itoa(*team))}); err != nil {
			t.Fatal(err)
		}
		archived := add("H", attract.StageLead, "1亿元", false, "HK")
		if _, err := db.ArchiveProject(sys, archived.ID, archived.Version, true); err != nil {
			t.Fatal(err)
		}

		money := func(s string) attract.Money { return *mustMoney(t, s) }
		st := func(s attract.Stage, count int, totals ...attract.Money) attract.StageTotal {
			if totals == nil {
				totals = []attract.Money{}
			}
			return attract.StageTotal{Stage: s, Count: count, Totals: totals}
		}
		for _, tc := range []struct {
			name string
			f    attract.ProjectFilter
			want []attract.StageTotal
		}{
			{"everything", attract.ProjectFilter{}, []attract.StageTotal{
				st(attract.StageLead, 4, money("1.5亿元"), money("USD 12.5m")),
				st(attract.StageContacted, 1, money("EUR 3.4m")),
				st(attract.StageNegotiating, 0),
				st(attract.StageSigned, 1, money("2亿元")),
				st(attract.StageRegistered, 0),
				st(attract.StageConstruction, 0),
				st(attract.StageOperating, 0),
				st(attract.StageOnHold, 1, money("HKD 80m")),
				st(attract.StageLost, 0),
			}},
			{"key projects at two stages", attract.ProjectFilter{KeyProject: ptr(true), Stages: []attract.Stage{attract.StageSigned, attract.StageLead}}, []attract.StageTotal{
				st(attract.StageLead, 1, money("1.2亿元")),
				st(attract.StageSigned, 1, money("2亿元")),
			}},
			{"source economy", attract.ProjectFilter{SourceEconomy: "de", Stages: []attract.Stage{attract.StageLead}}, []attract.StageTotal{
				st(attract.StageLead, 2, money("USD 12.5m")),
			}},
			{"owner and team", attract.ProjectFilter{OwnerID: &owner.ID, TeamID: team, Stages: []attract.Stage{attract.StageContacted, attract.StageLead}}, []attract.StageTotal{
				st(attract.StageLead, 0),
				st(attract.StageContacted, 1, money("EUR 3.4m")),
			}},
			{"sector section", attract.ProjectFilter{Sector: "C", Type: attract.TypeGreenfield, Stages: []attract.Stage{attract.StageOnHold}}, []attract.StageTotal{
				st(attract.StageOnHold, 1, money("HKD 80m")),
			}},
			{"sector elsewhere", attract.ProjectFilter{Sector: "A", Stages: []attract.Stage{attract.StageLead}}, []attract.StageTotal{
				st(attract.StageLead, 0),
			}},
			{"the class alone", attract.ProjectFilter{Sector: "2910", SectorExact: true, Stages: []attract.Stage{attract.StageOnHold}}, []attract.StageTotal{
				st(attract.StageOnHold, 1, money("HKD 80m")),
			}},
			{"the section letter alone", attract.ProjectFilter{Sector: "C", SectorExact: true, Stages: []attract.Stage{attract.StageOnHold}}, []attract.StageTotal{
				st(attract.StageOnHold, 0),
			}},
			{"team", attract.ProjectFilter{TeamID: team, Stages: []attract.Stage{attract.StageLead, attract.StageContacted}}, []attract.StageTotal{
				st(attract.StageLead, 0),
				st(attract.StageContacted, 1, money("EUR 3.4m")),
			}},
			{"archived", attract.ProjectFilter{Archived: true, Stages: []attract.Stage{attract.StageLead}}, []attract.StageTotal{
				st(attract.StageLead, 1, money("1亿元")),
			}},
		} {
			got, err := db.StageSummary(sys, tc.f)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("%s: (-want +got)\n%s", tc.name, diff)
			}
			// The board by team or for everyone reads the rollups: the same
			// as the projects read with a filter that changes nothing.
			f := tc.f
			f.CreatedFrom = &attract.Date{Year: 1900, Month: 1, Day: 1}
			if direct, err := db.StageSummary(sys, f); err != nil {
				t.Fatal(err)
			} else if diff := cmp.Diff(direct, got); diff != "" {
				t.Errorf("%s: read from the projects (-) and as answered (+)\n%s", tc.name, diff)
			}
			// The counts agree with the list.
			for _, total := range got {
				f := tc.f
				f.Stages, f.Limit = []attract.Stage{total.Stage}, 500
				ps, _, err := db.FindProjects(sys, f)
				if err != nil {
					t.Fatal(err)
				}
				if len(ps) != total.Count {
					t.Errorf("%s: %s counts %d, the list has %d", tc.name, total.Stage, total.Count, len(ps))
				}
			}
		}

		if _, err := db.StageSummary(context.Background(), attract.ProjectFilter{}); attract.ErrorCode(err) != attract.EUNAUTHORIZED && attract.ErrorCode(err) != attract.EFORBIDDEN {
			t.Errorf("without a user: %v", err)
		}
	})
}
