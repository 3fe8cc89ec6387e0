package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"attract"
)

// StageSummary counts the projects f selects at each stage and sums their
// total investment per currency, in one grouped query, so that the pipeline
// board's column heads cover the whole column and not only the cards shown.
// It honours every filter of f that FindProjects does; f's sort, cursor and
// limit are ignored. The result has one entry per stage of f.Stages (every
// stage when empty), in life-cycle order, including stages with no project.
// EFORBIDDEN without project:read.
func (db *DB) StageSummary(ctx context.Context, f attract.ProjectFilter) ([]attract.StageTotal, error) {
	if err := attract.Authorize(ctx, attract.PermProjectRead); err != nil {
		return nil, err
	}
	stages := attract.Stages
	if len(f.Stages) > 0 {
		stages = nil
		for _, s := range attract.Stages {
			if slices.Contains(f.Stages, s) {
				stages = append(stages, s)
			}
		}
	}
	r := db.reader(ctx)
	q := projectWhere(db.dialect, f)
	if f.Q != "" {
		if err := r.addTextMatch(&q, "projects", "p", f.Q, false); err != nil {
			return nil, err
		}
	}
	rows, err := r.query(`SELECT p.stage, p.total_investment_currency, COUNT(*), CAST(SUM(p.total_investment_amount) AS BIGINT)
		FROM projects p`+q.whereSQL()+`
		GROUP BY p.stage, p.total_investment_currency
		ORDER BY p.stage, p.total_investment_currency`, q.args...)
	if err != nil {
		return nil, fmt.Errorf("stage summary: %w", err)
	}
	defer rows.Close()
	byStage := make(map[attract.Stage]*attract.StageTotal, len(stages))
	out := make([]attract.StageTotal, len(stages))
	for i, s := range stages {
		out[i].Stage = s
		out[i].Totals = []attract.Money{}
		byStage[s] = &out[i]
	}
	for rows.Next() {
		var stage string
		var currency sql.NullString
		var count int
		var sum sql.NullInt64
		if err := rows.Scan(&stage, &currency, &count, &sum); err != nil {
			return nil, fmt.Errorf("stage summary: %w", err)
		}
		st, ok := byStage[attract.Stage(stage)]
		if !ok {
			continue
		}
		st.Count += count
		if currency.Valid && strings.TrimSpace(currency.String) != "" && sum.Valid {
			st.Totals = append(st.Totals, attract.Money{Amount: sum.Int64, Currency: currency.String})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("stage summary: %w", err)
	}
	for i := range out {
		slices.SortFunc(out[i].Totals, func(a, b attract.Money) int { return strings.Compare(a.Currency, b.Currency) })
	}
	return out, nil
}
