package sqlstore_test

import (
	"slices"
	"strings"
	"testing"

	"attract"
	"attract/sqlstore"
)

func viewNames(vs []*attract.SavedView) []string {
	var names []string
	for _, v := range vs {
		names = append(names, v.Name)
	}
	return names
}

func TestSavedViews(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		team := mustTeam(t, db, "港澳招商组")
		chen, asChen := mustUser(t, db, "chen.jie", attract.RoleOfficer, team)
		_, asXu := mustUser(t, db, "xu.wenbo", attract.RoleViewer, nil)
		_, asAdmin := mustUser(t, db, "admin", attract.RoleAdmin, nil)

		// The owner is the acting user, whatever the caller says.
		mine := &attract.SavedView{OwnerID: 999, Name: "  香港在谈项目 ", Query: "?stage=negotiating&economy=HK"}
		if err := db.CreateSavedView(asChen, mine); err != nil {
			t.Fatal(err)
		}
		if mine.ID == 0 || mine.OwnerID != chen.ID || mine.Name != "香港在谈项目" || mine.Query != "stage=negotiating&economy=HK" || mine.Version != 1 {
			t.Errorf("created %+v", mine)
		}
		shared := &attract.SavedView{Name: "Key projects", Query: "key=true", Shared: true}
		if err := db.CreateSavedView(asChen, shared); err != nil {
			t.Fatal(err)
		}
		if n := auditCount(t, db, "saved_view", shared.ID); n != 1 {
			t.Errorf("audit entries after create: %d, want 1", n)
		}

		// Bad input names each field, and writes nothing.
		for _, tc := range []struct {
			v    attract.SavedView
			want []string
		}{
			{attract.SavedView{Name: " ", Query: "a=1"}, []string{"name"}},
			{attract.SavedView{Name: strings.Repeat("名", attract.MaxViewName+1)}, []string{"name"}},
			{attract.SavedView{Name: "bad", Query: "a=%zz"}, []string{"query"}},
			{attract.SavedView{Name: "long", Query: "q=" + strings.Repeat("x", attract.MaxViewQuery)}, []string{"query"}},
			{attract.SavedView{Name: "香港在谈项目", Query: "stage=lead"}, []string{"name"}}, // taken by the same owner
		} {
			err := db.CreateSavedView(asChen, &tc.v)
			if attract.ErrorCode(err) != attract.EINVALID || !slices.Equal(fieldNames(err), tc.want) {
				t.Errorf("create %q %q: %v, want EINVALID on %v", tc.v.Name, tc.v.Query, err, tc.want)
			}
		}
		// Another user may use the same name.
		xus := &attract.SavedView{Name: "香港在谈项目", Query: "economy=HK"}
		if err := db.CreateSavedView(asXu, xus); err != nil {
			t.Fatal(err)
		}
		// A system context must name the owner.
		if err := db.CreateSavedView(sys, &attract.SavedView{Name: "x"}); !slices.Equal(fieldNames(err), []string{"owner_id"}) {
			t.Errorf("system create without owner: %v", err)
		}
		// Without a user there is no view.
		if err := db.CreateSavedView(t.Context(), &attract.SavedView{Name: "x"}); attract.ErrorCode(err) != attract.EUNAUTHORIZED {
			t.Errorf("anonymous create: %v", err)
		}

		// Chen sees his own views first, by name; Xu sees his own and Chen's
		// shared one, not Chen's private one.
		got, err := db.FindSavedViews(asChen)
		if err != nil {
			t.Fatal(err)
		}
		if names := viewNames(got); !slices.Equal(names, []string{"Key projects", "香港在谈项目"}) {
			t.Errorf("chen sees %v", names)
		}
		got, err = db.FindSavedViews(asXu)
		if err != nil {
			t.Fatal(err)
		}
		if names := viewNames(got); !slices.Equal(names, []string{"香港在谈项目", "Key projects"}) || got[0].ID != xus.ID || got[1].ID != shared.ID || !got[1].Shared {
			t.Errorf("xu sees %+v", got)
		}
		all, err := db.FindSavedViews(sys)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 3 {
			t.Errorf("system sees %d views, want 3", len(all))
		}

		// Xu may not delete Chen's views: the shared one is forbidden, the
		// private one is not even there for him.
		if err := db.DeleteSavedView(asXu, shared.ID); attract.ErrorCode(err) != attract.EFORBIDDEN {
			t.Errorf("viewer deletes a shared view of another: %v", err)
		}
		if err := db.DeleteSavedView(asXu, mine.ID); attract.ErrorCode(err) != attract.ENOTFOUND {
			t.Errorf("viewer deletes a private view of another: %v", err)
		}
		if err := db.DeleteSavedView(asChen, 123456); attract.ErrorCode(err) != attract.ENOTFOUND {
			t.Errorf("delete a missing view: %v", err)
		}
		// The owner deletes his own; an administrator deletes anyone's.
		if err := db.DeleteSavedView(asChen, mine.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteSavedView(asAdmin, shared.ID); err != nil {
			t.Fatal(err)
		}
		if n := auditCount(t, db, "saved_view", shared.ID); n != 2 {
			t.Errorf("audit entries after delete: %d, want 2", n)
		}
		got, err = db.FindSavedViews(asChen)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 0 {
			t.Errorf("after deletes chen sees %v", viewNames(got))
		}
	})
}

// The project list names the investors of a page in one query, archived
// ones included (the company filter's IDs, added with the saved views).
func TestFindCompaniesByIDs(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		var ids []int64
		for _, name := range []string{"Hang Tung Holdings", "Paige Automotive Trim", "Krause Auto Parts"} {
			c := &attract.Company{CompanyFields: attract.CompanyFields{NameEN: name}}
			if err := db.CreateCompany(sys, c); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		if _, err := db.ArchiveCompany(sys, ids[1], 1, true); err != nil {
			t.Fatal(err)
		}
		got, _, err := db.FindCompanies(sys, attract.CompanyFilter{IDs: []int64{ids[1], ids[2], 999999}})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, c := range got {
			names = append(names, c.NameEN)
		}
		slices.Sort(names)
		if !slices.Equal(names, []string{"Krause Auto Parts", "Paige Automotive Trim"}) {
			t.Errorf("by ids: %v", names)
		}
	})
}
