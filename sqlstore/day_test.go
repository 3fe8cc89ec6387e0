package sqlstore_test

import (
	"slices"
	"testing"
	"time"

	"attract"
	"attract/sqlstore"
)

// TestDayFiltersUseAgencyDay checks that the filters over days — the
// activities' from/to, the audit log's from/to, the projects' created_from/
// created_to — take the agency's days (China Standard Time), not UTC's: a
// meeting at 07:30 on 20 October happened on the 20th, though it is still
// the 19th in UTC.
func TestDayFiltersUseAgencyDay(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		_, ctx := mustUser(t, db, "zhou.min", attract.RoleOfficer, nil)
		cst := func(day, hour, min int) time.Time {
			return time.Date(2023, 10, day, hour, min, 0, 0, attract.AgencyZone)
		}
		clock := cst(19, 23, 30)
		db.Now = func() time.Time { return clock }
		late := newProject(t, ctx, db, "夜间录入项目")
		clock = cst(20, 7, 30)
		early := newProject(t, ctx, db, "清晨录入项目")
		for _, p := range []*attract.Project{late, early} {
			a := &attract.Activity{ActivityFields: attract.ActivityFields{Kind: attract.ActivityMeeting, Subject: p.NameZH, OccurredAt: p.CreatedAt, ProjectID: &p.ID}}
			if err := db.CreateActivity(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		day := func(d int) *attract.Date { return &attract.Date{Year: 2023, Month: time.October, Day: d} }
		for _, c := range []struct {
			from, to *attract.Date
			want     []string
		}{
			{day(19), day(19), []string{late.NameZH}},
			{day(20), day(20), []string{early.NameZH}},
			{day(19), day(20), []string{late.NameZH, early.NameZH}},
			{day(21), nil, nil},
		} {
			acts, _, err := db.FindActivities(ctx, attract.ActivityFilter{From: c.from, To: c.to})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, a := range acts {
				got = append(got, a.Subject)
			}
			slices.Sort(got)
			want := slices.Sorted(slices.Values(c.want))
			if !slices.Equal(got, want) {
				t.Errorf("activities from %v to %v: %v, want %v", c.from, c.to, got, want)
			}

			ps, _, err := db.FindProjects(ctx, attract.ProjectFilter{CreatedFrom: c.from, CreatedTo: c.to})
			if err != nil {
				t.Fatal(err)
			}
			got = got[:0]
			for _, p := range ps {
				got = append(got, p.NameZH)
			}
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("projects created from %v to %v: %v, want %v", c.from, c.to, got, want)
			}

			es, _, err := db.FindAudit(sys, attract.AuditFilter{Entity: "project", Action: "create", From: c.from, To: c.to})
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, e := range es {
				ids = append(ids, e.EntityID)
			}
			var wantIDs []int64
			for _, p := range []*attract.Project{late, early} {
				if slices.Contains(c.want, p.NameZH) {
					wantIDs = append(wantIDs, p.ID)
				}
			}
			slices.Sort(ids)
			if !slices.Equal(ids, wantIDs) {
				t.Errorf("audit from %v to %v: projects %v, want %v", c.from, c.to, ids, wantIDs)
			}
		}
	})
}
