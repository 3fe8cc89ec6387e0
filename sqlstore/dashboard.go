package sqlstore

import (
	"cmp"
	"context"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"attract"
)

// The dashboard reads project_rollups, which triggers on projects keep
// (migrations 0006_rollups.sql; docs/dashboard.md). A year is a few
// thousand rollup rows whatever the number of projects, so the figures
// cost the same at a hundred projects and at a million.

var _ attract.DashboardService = (*DB)(nil)

// dashboardQuery is the one statement Dashboard runs on the rollups, with
// ? placeholders, and its arguments: the year's rows, summed over teams
// unless one is asked for. It reads the year's range of the table's
// primary key, which is in the order it groups by.
func dashboardQuery(f attract.DashboardFilter) (string, []any) {
	where, args := "year = ?", []any{f.Year}
	if f.TeamID != nil {
		where, args = where+" AND team_id = ?", append(args, *f.TeamID)
	}
	return `SELECT kind, month, stage, sector, source, currency, SUM(projects), SUM(amount)
		FROM project_rollups WHERE ` + where + `
		GROUP BY kind, month, stage, sector, source, currency`, args
}

// DashboardSQL returns the statement Dashboard runs for f, with its
// arguments, for tools that measure the database alone (the benchmark's
// floor). The placeholders are the dialect's own.
func (db *DB) DashboardSQL(f attract.DashboardFilter) (string, []any) {
	query, args := dashboardQuery(f)
	return db.dialect.rebind(query), args
}

// Dashboard returns the year-to-date figures of f.Year (see
// attract.Dashboard), from the rollups. Sums are converted into CNY at the
// agency's latest rates on or before the year's last day, or today in the
// current year. EINVALID naming year or team_id; EFORBIDDEN without
// project:read.
func (db *DB) Dashboard(ctx context.Context, f attract.DashboardFilter) (*attract.Dashboard, error) {
	if err := attract.Authorize(ctx, attract.PermProjectRead); err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	query, args := dashboardQuery(f)
	rows, err := db.reader(ctx).query(query, args...)
	if err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	defer rows.Close()
	a := newDashboardSums()
	for rows.Next() {
		var kind, stage, sector, source, currency, count, amount string
		var month int
		if err := rows.Scan(&kind, &month, &stage, &sector, &source, &currency, &count, &amount); err != nil {
			return nil, fmt.Errorf("dashboard: %w", err)
		}
		n, err := strconv.ParseInt(count, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("dashboard: count %q: %w", count, err)
		}
		sum, ok := new(big.Int).SetString(amount, 10)
		if !ok {
			return nil, fmt.Errorf("dashboard: sum %q is not an integer", amount)
		}
		if month < 1 || month > 12 {
			return nil, fmt.Errorf("dashboard: month %d in the rollups", month)
		}
		switch kind {
		case "created":
			a.add(n, currency, sum, &a.created, a.row(a.byStage, stage), &a.months[month-1][0])
		case "signed_sector":
			a.add(n, currency, sum, &a.signed, a.row(a.bySector, sector), &a.months[month-1][1])
		case "signed_source":
			a.add(n, currency, sum, a.row(a.bySource, source))
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("dashboard: %w", err)
	}
	rows.Close()

	today := attract.AgencyDate(db.Now())
	d := &attract.Dashboard{Year: f.Year, TeamID: f.TeamID, Currency: "CNY", Rates: []*attract.ExchangeRate{},
		RateDate:       attract.Date{Year: f.Year, Month: time.December, Day: 31},
		CreatedByStage: []attract.DashboardFigure{}, SignedBySector: []attract.DashboardFigure{},
		SignedBySource: []attract.DashboardFigure{}, ByMonth: []attract.DashboardMonth{}}
	if today.Before(d.RateDate) {
		d.RateDate = today
	}
	conv := dashboardConverter{db: db, ctx: ctx, d: d, rates: map[string]*attract.ExchangeRate{}}
	figure := conv.figure
	if d.Created, err = figure("", &a.created); err != nil {
		return nil, err
	}
	if d.Signed, err = figure("", &a.signed); err != nil {
		return nil, err
	}
	for _, st := range attract.Stages {
		fig, err := figure(string(st), a.row(a.byStage, string(st)))
		if err != nil {
			return nil, err
		}
		d.CreatedByStage = append(d.CreatedByStage, fig)
	}
	for _, sector := range dashboardKeys(a.bySector, nil) {
		fig, err := figure(sector, a.bySector[sector])
		if err != nil {
			return nil, err
		}
		d.SignedBySector = append(d.SignedBySector, fig)
	}
	for _, source := range dashboardKeys(a.bySource, attract.LeadSources) {
		fig, err := figure(source, a.row(a.bySource, source))
		if err != nil {
			return nil, err
		}
		d.SignedBySource = append(d.SignedBySource, fig)
	}
	for i := range a.months {
		m := attract.DashboardMonth{Month: i + 1}
		if m.Created, err = figure("", &a.months[i][0]); err != nil {
			return nil, err
		}
		if m.Signed, err = figure("", &a.months[i][1]); err != nil {
			return nil, err
		}
		d.ByMonth = append(d.ByMonth, m)
	}
	return d, nil
}

// dashboardSum is one figure being summed: a count and a sum per currency,
// exact, so that adding rows never overflows before the end.
type dashboardSum struct {
	count int64
	sums  map[string]*big.Int
}

// dashboardSums holds every figure of the dashboard while its rows are read.
type dashboardSums struct {
	created, signed             dashboardSum
	byStage, bySector, bySource map[string]*dashboardSum
	months                      [12][2]dashboardSum // created, signed
}

func newDashboardSums() *dashboardSums {
	return &dashboardSums{byStage: map[string]*dashboardSum{}, bySector: map[string]*dashboardSum{}, bySource: map[string]*dashboardSum{}}
}

// row returns the figure of key in m, adding it when missing.
func (*dashboardSums) row(m map[string]*dashboardSum, key string) *dashboardSum {
	s, ok := m[key]
	if !ok {
		s = &dashboardSum{}
		m[key] = s
	}
	return s
}

// add adds one rollup row to each of the figures it counts in. A row whose
// projects have all gone elsewhere (a sector or a stage changed) counts in
// none, so that its key is not shown as a figure of nothing.
func (*dashboardSums) add(n int64, currency string, amount *big.Int, to ...*dashboardSum) {
	if n == 0 {
		return
	}
	for _, s := range to {
		s.count += n
		if currency == "" {
			continue
		}
		if s.sums == nil {
			s.sums = map[string]*big.Int{}
		}
		if s.sums[currency] == nil {
			s.sums[currency] = new(big.Int)
		}
		s.sums[currency].Add(s.sums[currency], amount)
	}
}

// dashboardKeys returns the keys of m with projects in them, and every
// key of fixed: fixed first in its order, then the rest in code order with
// "" last.
func dashboardKeys(m map[string]*dashboardSum, fixed []string) []string {
	var rest []string
	for k, s := range m {
		if !slices.Contains(fixed, k) && (s.count != 0 || len(s.sums) > 0) {
			rest = append(rest, k)
		}
	}
	slices.SortFunc(rest, func(a, b string) int {
		if (a == "") != (b == "") {
			if a == "" {
				return 1
			}
			return -1
		}
		return cmp.Compare(a, b)
	})
	return append(slices.Clone(fixed), rest...)
}

// dashboardConverter turns sums into figures, converting them into the
// dashboard's currency with one rate lookup per currency.
type dashboardConverter struct {
	db    *DB
	ctx   context.Context
	d     *attract.Dashboard
	rates map[string]*attract.ExchangeRate // nil: no rate for that currency
}

func (c *dashboardConverter) figure(key string, s *dashboardSum) (attract.DashboardFigure, error) {
	fig := attract.DashboardFigure{Key: key, Count: s.count, Totals: []attract.Money{}}
	for currency, sum := range s.sums {
		if !sum.IsInt64() {
			return fig, attract.Errorf(attract.EINTERNAL, "The sum of total investment in %[1]s is too large to report.",
				"以 %[1]s 计的总投资之和过大，无法统计。", currency)
		}
		if sum.Sign() != 0 {
			fig.Totals = append(fig.Totals, attract.Money{Amount: sum.Int64(), Currency: currency})
		}
	}
	slices.SortFunc(fig.Totals, func(a, b attract.Money) int { return strings.Compare(a.Currency, b.Currency) })
	total := attract.Money{Currency: c.d.Currency}
	for _, m := range fig.Totals {
		if m.Currency != c.d.Currency {
			r, err := c.rate(m.Currency)
			if err != nil {
				return fig, err
			}
			if r == nil {
				return fig, nil
			}
			conv, err := attract.Convert(m, c.d.Currency, *r)
			if attract.ErrorCode(err) == attract.EINVALID {
				return fig, nil // too large to hold once converted: left unconverted
			} else if err != nil {
				return fig, err
			}
			m = conv.To
		}
		sum, err := total.Add(m)
		if err != nil {
			return fig, nil
		}
		total = sum
	}
	fig.Converted = &total
	return fig, nil
}

// rate returns the rate converting currency into the dashboard's, or nil
// when the table has none, and lists it among the rates used.
func (c *dashboardConverter) rate(currency string) (*attract.ExchangeRate, error) {
	if r, seen := c.rates[currency]; seen {
		return r, nil
	}
	r, err := c.db.FindRate(c.ctx, currency, c.d.Currency, c.d.RateDate)
	switch attract.ErrorCode(err) {
	case "":
		c.d.Rates = append(c.d.Rates, r)
	case attract.ENOTFOUND:
		r = nil
	default:
		return nil, err
	}
	c.rates[currency] = r
	return r, nil
}
