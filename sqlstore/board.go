package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
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
	var rows *sql.Rows
	var err error
	if byTeamOnly(f) {
		// The board's usual question — the live projects of the agency or
		// of a team, by stage — is answered by the dashboard's rollups,
		// which count each live project once by its creation month
		// (docs/dashboard.md): a few thousand rows, where the projects of
		// a large team at provincial scale are a hundred thousand.
		team, args := "", []any{}
		if f.TeamID != nil {
			team, args = " AND team_id = ?", []any{*f.TeamID}
		}
		rows, err = r.query(`SELECT stage, currency, SUM(projects), CAST(SUM(amount) AS BIGINT) FROM project_rollups
			WHERE kind = 'created'`+team+` GROUP BY stage, currency HAVING SUM(projects) > 0 ORDER BY stage, currency`, args...)
	} else {
		q := projectWhere(db.dialect, f)
		if f.Q != "" {
			if err := r.addTextMatch(&q, "projects", "p", f.Q, false); err != nil {
				return nil, err
			}
		}
		rows, err = r.query(`SELECT p.stage, p.total_investment_currency, COUNT(*), CAST(SUM(p.total_investment_amount) AS BIGINT)
			`+q.fromWhere("projects p")+`
			GROUP BY p.stage, p.total_investment_currency
			ORDER BY p.stage, p.total_investment_currency`, q.params()...)
	}
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

// byTeamOnly reports whether f selects the live projects by team and stage
// alone (the order and page of a list aside), which the rollups answer.
func byTeamOnly(f attract.ProjectFilter) bool {
	f.TeamID, f.Stages, f.Sort, f.Cursor, f.Limit = nil, nil, "", "", 0
	return reflect.ValueOf(f).IsZero()
}
