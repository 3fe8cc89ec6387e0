package bench

import (
	"context"
	"time"

	"attract"
)

// The dashboard measure: this year's figures for the whole agency — new
// projects by stage, signed projects by sector and by lead source, and both
// by month, counted and summed per currency — as directors open them.

// dashboardFilter is the dashboard the measure reads: this year, every team.
func dashboardFilter() attract.DashboardFilter {
	return attract.DashboardFilter{Year: time.Now().UTC().Year()}
}

// dashboard reads the figures through the store, from its rollups.
func (run *runner) dashboard() error {
	_, err := run.db.Dashboard(run.ctx, dashboardFilter())
	return err
}

// floorDashboard runs what Dashboard runs: the one grouped query on the
// rollup table, then for each currency other than CNY among the sums the
// lookup of its latest rate on or before the rate date (generated projects
// are all in CNY, so none).
func (run *runner) floorDashboard(ctx context.Context) error {
	f := dashboardFilter()
	query, args := run.db.DashboardSQL(f)
	rows, err := run.sql.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	currencies := map[string]bool{}
	for rows.Next() {
		var kind, month, stage, sector, source, count, sum any
		var currency string
		if err := rows.Scan(&kind, &month, &stage, &sector, &source, &currency, &count, &sum); err != nil {
			return err
		}
		if currency != "" && currency != "CNY" {
			currencies[currency] = true
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	today := time.Now().UTC()
	on := time.Date(f.Year, 12, 31, 0, 0, 0, 0, time.UTC)
	if today.Before(on) {
		on = today
	}
	for cur := range currencies {
		if _, err := run.rowsOf(ctx, `SELECT id, date, base, quote, rate, source, version, created_at FROM exchange_rates
			WHERE ((base = ? AND quote = ?) OR (base = ? AND quote = ?)) AND date <= ?
			ORDER BY date DESC, id DESC LIMIT 1`, cur, "CNY", "CNY", cur, on.Format("2006-01-02")); err != nil {
			return err
		}
	}
	return nil
}
