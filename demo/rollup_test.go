package demo

import (
	"context"
	"database/sql"
	"maps"
	"strconv"
	"testing"

	"attract"
	"attract/sqlstore"
)

// rollupTotals sums the dashboard's rollups by kind and currency, as
// "kind currency" → projects and amount.
func rollupTotals(t *testing.T, db *sql.DB) map[string][2]int64 {
	t.Helper()
	rows, err := db.Query(`SELECT kind, currency, SUM(projects), SUM(amount) FROM project_rollups GROUP BY kind, currency`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][2]int64{}
	for rows.Next() {
		var kind, currency, n, amount string
		if err := rows.Scan(&kind, &currency, &n, &amount); err != nil {
			t.Fatal(err)
		}
		count, err1 := strconv.ParseInt(n, 10, 64)
		sum, err2 := strconv.ParseInt(amount, 10, 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("rollup sums %q %q", n, amount)
		}
		if count != 0 || sum != 0 {
			out[kind+" "+currency] = [2]int64{count, sum}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// projectTotals is what rollupTotals must give, counted from the projects.
func projectTotals(t *testing.T, db *sql.DB) map[string][2]int64 {
	t.Helper()
	out := map[string][2]int64{}
	for kind, where := range map[string]string{
		"created":       "archived_at IS NULL",
		"signed_sector": "archived_at IS NULL AND contract_actual IS NOT NULL",
		"signed_source": "archived_at IS NULL AND contract_actual IS NOT NULL",
	} {
		rows, err := db.Query(`SELECT COALESCE(total_investment_currency, ''), COUNT(*), COALESCE(SUM(total_investment_amount), 0)
			FROM projects WHERE ` + where + ` GROUP BY COALESCE(total_investment_currency, '')`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var currency string
			var v [2]int64
			if err := rows.Scan(&currency, &v[0], &v[1]); err != nil {
				t.Fatal(err)
			}
			out[kind+" "+currency] = v
		}
		rows.Close()
	}
	return out
}

// TestGenerateBulkRollups checks that the dashboard's rollups are right
// after a bulk load, which writes projects around the store with the
// rollups' triggers suspended, and that the triggers are back afterwards.
func TestGenerateBulkRollups(t *testing.T) {
	sys := attract.NewSystemContext(context.Background())
	for _, d := range sqlstore.TestDialects(t) {
		t.Run(d, func(t *testing.T) {
			db := sqlstore.MustOpenTestDB(t, d)
			if _, err := GenerateBulk(context.Background(), db, Options{Projects: 300, Seed: 3, Today: bulkToday}); err != nil {
				t.Fatal(err)
			}
			got, want := rollupTotals(t, db.SQL()), projectTotals(t, db.SQL())
			if !maps.Equal(got, want) || want["created CNY"][0] == 0 || want["signed_sector CNY"][0] == 0 {
				t.Errorf("rollups after the bulk load %v, the projects give %v", got, want)
			}
			// Every row as the rebuild computes it.
			var before int
			if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM project_rollups WHERE projects <> 0`).Scan(&before); err != nil {
				t.Fatal(err)
			}
			if err := db.RebuildRollups(context.Background()); err != nil {
				t.Fatal(err)
			}
			if again := rollupTotals(t, db.SQL()); !maps.Equal(again, got) {
				t.Errorf("a rebuild changes the rollups: %v, was %v", again, got)
			}
			var after int
			if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM project_rollups`).Scan(&after); err != nil {
				t.Fatal(err)
			}
			if after != before {
				t.Errorf("%d rollup rows after a rebuild, %d after the load", after, before)
			}
			// The triggers are back: a new project counts at once.
			p := &attract.Project{ProjectFields: attract.ProjectFields{NameZH: "生成之后的项目", TotalInvestment: &attract.Money{Amount: 100_000_000, Currency: "CNY"}}}
			if err := db.CreateProject(sys, p); err != nil {
				t.Fatal(err)
			}
			got, want = rollupTotals(t, db.SQL()), projectTotals(t, db.SQL())
			if !maps.Equal(got, want) {
				t.Errorf("rollups after a create %v, the projects give %v", got, want)
			}
		})
	}
}
