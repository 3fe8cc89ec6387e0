package sqlstore_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"attract"
	"attract/sqlstore"
)

func TestGrams(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"鼎", nil},
		{"鼎新", []string{"鼎新"}},
		{"鼎新冷链 鼎新", []string{"鼎新", "冷链"}},
		{"冷链仓", []string{"冷链", "链仓"}},
		{"ab-cd\nef", []string{"ab", "cd", "ef"}},
		{"zq-2025", []string{"zq", "202", "025"}},
		{"kallang", []string{"kal", "lan", "ang"}},
		{"abcd", []string{"abc", "bcd"}},
		{"abc鼎新", []string{"abc", "c鼎", "鼎新"}},
		{"鼎ab新xyz1", []string{"xyz", "yz1", "鼎a", "b新", "新x"}},
		{"a鼎1", []string{"a鼎", "鼎1"}},
		{"x\xffy", nil}, // invalid UTF-8 is no letter
	} {
		if got := sqlstore.Grams(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("grams(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestGramsOfAQueryAreIndexed checks the two sides of the gram index
// against each other: a text holding a query holds, among the grams
// indexed of it, every gram the query is narrowed by.
func TestGramsOfAQueryAreIndexed(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []rune("鼎新ab1Z- ")
	for range 2000 {
		var b strings.Builder
		for range 1 + r.IntN(12) {
			b.WriteRune(alphabet[r.IntN(len(alphabet))])
		}
		text := b.String()
		indexed := strings.Fields(sqlstore.GramText(text))
		rs := []rune(text)
		for i := range rs {
			for j := i + 1; j <= len(rs); j++ {
				for _, g := range sqlstore.Grams(string(rs[i:j])) {
					if !slices.Contains(indexed, g) {
						t.Fatalf("text %q indexes %q, without %q of its substring %q", text, indexed, g, string(rs[i:j]))
					}
				}
			}
		}
	}
}

// TestTextSearchAgreesWithSubstrings checks the gram indexes against the
// definition of a search — the records whose text holds the folded query —
// for every substring of the names, after creates, renames, archiving and
// deletes, by each of the three ways a paged list may take (caps 5000, 3
// and 1 reach all of them), in lists and in the board's totals.
func TestTextSearchAgreesWithSubstrings(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *sqlstore.DB) {
		r := rand.New(rand.NewPCG(1, 2))
		alphabet := []rune("鼎新冷链仓储xykＸ ")
		name := func() string {
			var b strings.Builder
			for range 2 + r.IntN(6) {
				b.WriteRune(alphabet[r.IntN(len(alphabet))])
			}
			return "项" + b.String()
		}
		type rec struct {
			p    *attract.Project
			name string
		}
		var live []rec
		for range 60 {
			n := name()
			live = append(live, rec{newProject(t, sys, db, n), n})
		}
		// Rename some (the index must forget the old text), archive one,
		// delete one.
		for i := range 10 {
			n := name()
			p, err := db.UpdateProject(sys, live[i].p.ID, live[i].p.Version, attract.Patch{"name_zh": []byte(fmt.Sprintf("%q", n))})
			if err != nil {
				t.Fatal(err)
			}
			live[i] = rec{p, n}
		}
		if _, err := db.ArchiveProject(sys, live[10].p.ID, live[10].p.Version, true); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteProject(sys, live[11].p.ID); err != nil {
			t.Fatal(err)
		}
		live = slices.Delete(live, 10, 12)

		fold := func(s string) string {
			s = strings.ToLower(strings.NewReplacer("Ｘ", "X", "　", " ").Replace(s))
			return strings.Join(strings.Fields(s), " ")
		}
		queries := map[string]bool{"新冷链": true, "xx": true, "Ｘy": true, "鼎 新": true, "项": true, "茅台": true}
		for _, x := range live[:20] {
			rs := []rune(x.name)
			for i := range rs {
				for j := i + 1; j <= len(rs) && j <= i+4; j++ {
					if q := strings.TrimSpace(string(rs[i:j])); q != "" {
						queries[q] = true
					}
				}
			}
		}
		for _, cap := range []int{5000, 3, 1} {
			sqlstore.SetGramCap(db, cap)
			for q := range queries {
				var want []int64
				for _, x := range live {
					if strings.Contains(fold(x.name), fold(q)) {
						want = append(want, x.p.ID)
					}
				}
				var got []int64
				cursor := ""
				for {
					ps, next, err := db.FindProjects(sys, attract.ProjectFilter{Q: q, Limit: 7, Cursor: cursor})
					if err != nil {
						t.Fatalf("q=%q: %v", q, err)
					}
					for _, p := range ps {
						got = append(got, p.ID)
					}
					if cursor = next; cursor == "" {
						break
					}
				}
				slices.Sort(got)
				if !slices.Equal(got, want) {
					t.Errorf("cap %d, q=%q: found %v, want %v", cap, q, got, want)
				}
				totals, err := db.StageSummary(sys, attract.ProjectFilter{Q: q})
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, st := range totals {
					n += st.Count
				}
				if n != len(want) {
					t.Errorf("cap %d, q=%q: the board counts %d, want %d", cap, q, n, len(want))
				}
			}
		}
	})
}
