package sqlstore_test

import (
	"context"
	"slices"
	"testing"

	"attract"
	"attract/sqlstore"
)

// pinyinOrder are names in the order a list sorted by name shows them:
// Latin names first, alphabetically whatever their case, then Chinese names
// by pinyin (a-li, chen, lian, wan, zhang), not by code point (联 U+8054 <
// 陈 U+9648 < 阿 U+963F would not hold it).
var pinyinOrder = []string{"apple Farms", "Orchid Holdings", "Zeta Trading", "阿里巴巴网络", "陈氏集团", "联合化工", "万通汽车零部件", "张记食品"}

// shuffled are pinyinOrder's names in the order they are created.
func shuffled() []string {
	return []string{pinyinOrder[5], pinyinOrder[2], pinyinOrder[7], pinyinOrder[0], pinyinOrder[4], pinyinOrder[6], pinyinOrder[1], pinyinOrder[3]}
}

func splitName(name string) (zh, en string) {
	for _, r := range name {
		if r > 0x2e80 {
			return name, ""
		}
	}
	return "", name
}

func TestSortByNameInPinyin(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		for _, name := range shuffled() {
			zh, en := splitName(name)
			co := &attract.Company{CompanyFields: attract.CompanyFields{NameZH: zh, NameEN: en}}
			if err := db.CreateCompany(sys, co); err != nil {
				t.Fatal(err)
			}
			if err := db.CreateContact(sys, &attract.Contact{ContactFields: attract.ContactFields{NameZH: zh, NameEN: en}}); err != nil {
				t.Fatal(err)
			}
			if err := db.CreateProject(sys, &attract.Project{ProjectFields: attract.ProjectFields{NameZH: zh, NameEN: en}}); err != nil {
				t.Fatal(err)
			}
		}
		// Three at a time, so that the cursor carries the key between pages.
		companies := pagedNames(t, func(cursor string) ([]*attract.Company, string, error) {
			return db.FindCompanies(sys, attract.CompanyFilter{Sort: "name", Limit: 3, Cursor: cursor})
		})
		contacts := pagedNames(t, func(cursor string) ([]*attract.Contact, string, error) {
			return db.FindContacts(sys, attract.ContactFilter{Sort: "name", Limit: 3, Cursor: cursor})
		})
		projects := pagedNames(t, func(cursor string) ([]*attract.Project, string, error) {
			return db.FindProjects(sys, attract.ProjectFilter{Sort: "name", Limit: 3, Cursor: cursor})
		})
		for kind, got := range map[string][]string{"companies": companies, "contacts": contacts, "projects": projects} {
			if !slices.Equal(got, pinyinOrder) {
				t.Errorf("%s by name: %q, want %q", kind, got, pinyinOrder)
			}
		}
		// Descending, the other way round.
		page, _, err := db.FindCompanies(sys, attract.CompanyFilter{Sort: "-name", Limit: 2})
		if err != nil || len(page) != 2 || page[0].DisplayName() != "张记食品" || page[1].DisplayName() != "万通汽车零部件" {
			t.Errorf("companies by name descending: %v, %v", page, err)
		}
	})
}

// TestSortNamesMigration opens a database whose sort names an earlier
// Attract kept (the folded names) and finds them keyed again.
func TestSortNamesMigration(t *testing.T) {
	for _, d := range sqlstore.TestDialects(t) {
		t.Run(d, func(t *testing.T) {
			db := sqlstore.MustOpenTestDB(t, d)
			for _, name := range shuffled() {
				zh, en := splitName(name)
				if err := db.CreateCompany(sys, &attract.Company{CompanyFields: attract.CompanyFields{NameZH: zh, NameEN: en}}); err != nil {
					t.Fatal(err)
				}
			}
			for _, q := range []string{
				`UPDATE companies SET sort_name = LOWER(CASE WHEN name_zh <> '' THEN name_zh ELSE name_en END)`,
				`DELETE FROM schema_migrations WHERE name LIKE '%0011_sort_names.go'`,
			} {
				if _, err := db.SQL().Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			if got := companyNames(t, db); slices.Equal(got, pinyinOrder) {
				t.Fatal("the folded names sort in pinyin order already: the test proves nothing")
			}
			db.Close()
			db, err := sqlstore.Open(context.Background(), db.DSN())
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			if got := companyNames(t, db); !slices.Equal(got, pinyinOrder) {
				t.Errorf("after the migration: %q, want %q", got, pinyinOrder)
			}
		})
	}
}

// pagedNames follows a list's cursor to its end and returns the names of
// the records it lists, in order.
func pagedNames[T interface{ DisplayName() string }](t *testing.T, page func(cursor string) ([]T, string, error)) []string {
	t.Helper()
	var names []string
	for cursor := ""; ; {
		records, next, err := page(cursor)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range records {
			names = append(names, r.DisplayName())
		}
		if cursor = next; next == "" {
			return names
		}
	}
}

func companyNames(t *testing.T, db *sqlstore.DB) []string {
	t.Helper()
	return pagedNames(t, func(cursor string) ([]*attract.Company, string, error) {
		return db.FindCompanies(sys, attract.CompanyFilter{Sort: "name", Cursor: cursor})
	})
}
