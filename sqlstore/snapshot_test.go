package sqlstore_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"attract"
	"attract/sqlstore"
)

// TestReadSnapshot checks that the reads of a snapshot see one moment: a
// change committed after its first read is not seen inside it, in the
// project or in what hangs from it, and is seen after it; that a write
// inside one fails; and that snapshots nest.
func TestReadSnapshot(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		p := &attract.Project{ProjectFields: attract.ProjectFields{NameEN: "Snapshot"}}
		if err := db.CreateProject(sys, p); err != nil {
			t.Fatal(err)
		}
		logged := func(ctx context.Context) int {
			t.Helper()
			acts, _, err := db.FindActivities(ctx, attract.ActivityFilter{ProjectID: &p.ID})
			if err != nil {
				t.Fatal(err)
			}
			return len(acts)
		}
		err := db.ReadSnapshot(sys, func(ctx context.Context) error {
			before, err := db.FindProjectByID(ctx, p.ID)
			if err != nil {
				return err
			}
			// A colleague's change, committed meanwhile.
			if _, err := db.UpdateProject(sys, p.ID, before.Version, attract.Patch{"next_action": json.RawMessage(`"visit"`)}); err != nil {
				return err
			}
			a := &attract.Activity{ActivityFields: attract.ActivityFields{ProjectID: &p.ID, Kind: attract.ActivitySiteVisit, Subject: "Site visit", OccurredAt: time.Now()}}
			if err := db.CreateActivity(sys, a); err != nil {
				return err
			}
			again, err := db.FindProjectByID(ctx, p.ID, "activities")
			if err != nil {
				return err
			}
			if again.Version != before.Version || again.NextAction != "" || len(again.Activities) != 0 || logged(ctx) != 0 {
				t.Errorf("inside the snapshot: version %d, next action %q, %d activities embedded, %d listed; want version %d as first read and no change",
					again.Version, again.NextAction, len(again.Activities), logged(ctx), before.Version)
			}
			// Nested: still the same moment.
			if err := db.ReadSnapshot(ctx, func(ctx context.Context) error {
				if n := logged(ctx); n != 0 {
					t.Errorf("nested snapshot lists %d activities, want 0", n)
				}
				return nil
			}); err != nil {
				return err
			}
			if _, err := db.UpdateProject(attract.NewSystemContext(ctx), p.ID, before.Version+1, attract.Patch{"next_action": json.RawMessage(`"call"`)}); err == nil {
				t.Error("a write inside a snapshot succeeded")
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		after, err := db.FindProjectByID(sys, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if after.NextAction != "visit" || logged(sys) != 1 {
			t.Errorf("after the snapshot: next action %q, %d activities; want the change seen", after.NextAction, logged(sys))
		}
	})
}
