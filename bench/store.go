package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"attract"
)

// The reads and writes as Attract makes them, through the store.

// boardCards is how many cards a column of the board shows (web's
// boardCardLimit).
const boardCards = 50

// board is the pipeline board's reads: the counts and totals per stage, and
// the first cards of each column that has any, filtered by the team.
func (run *runner) board() error {
	f := attract.ProjectFilter{TeamID: &run.teamID}
	summary, err := run.db.StageSummary(run.ctx, f)
	if err != nil {
		return err
	}
	for _, st := range summary {
		if st.Count == 0 {
			continue
		}
		sf := f
		sf.Stages, sf.Limit, sf.Sort = []attract.Stage{st.Stage}, boardCards, "-updated_at"
		if _, _, err := run.db.FindProjects(run.ctx, sf); err != nil {
			return err
		}
	}
	return nil
}

// measureList finds the cursor of a page deep in the team's list, then
// measures reading that page.
func (run *runner) measureList(ctx context.Context, m *Measure) error {
	f := attract.ProjectFilter{TeamID: &run.teamID, Sort: "-updated_at", Limit: 50}
	var cursor string
	page := 1
	for ; page < listDepth; page++ {
		f.Cursor = cursor
		_, next, err := run.db.FindProjects(run.ctx, f)
		if err != nil {
			return err
		}
		if next == "" {
			break
		}
		cursor = next
	}
	m.What = fmt.Sprintf("team's projects by -updated_at, page %d (cursor)", page)
	f.Cursor = cursor
	floorAfter, err := run.listFloorCursor(ctx, (page-1)*50)
	if err != nil {
		return err
	}
	return run.read(m, func() error {
		_, _, err := run.db.FindProjects(run.ctx, f)
		return err
	}, func() error { return run.floorList(ctx, floorAfter) })
}

func (run *runner) search(term string) error {
	_, _, err := run.db.FindProjects(run.ctx, attract.ProjectFilter{Q: term, Limit: 50})
	return err
}

// projectPage is what the project page reads, in one snapshot: the
// project with every part of it but its activities, the latest 20 of
// those, and its audit history.
func (run *runner) projectPage(id int64) error {
	return run.db.ReadSnapshot(run.ctx, func(ctx context.Context) error {
		_, err := run.db.FindProjectByID(ctx, id, "investor", "enterprise", "stage_history", "inflows", "tasks", "contacts")
		if attract.ErrorCode(err) == attract.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		if _, _, err := run.db.FindActivities(ctx, attract.ActivityFilter{ProjectID: &id, Limit: 20}); err != nil {
			return err
		}
		_, _, err = run.db.FindAudit(ctx, attract.AuditFilter{Entity: "project", EntityID: &id, Limit: 50})
		return err
	})
}

// measureWrite measures creating, updating or moving projects of the
// officer's team, as the officer.
func (run *runner) measureWrite(ctx context.Context, m *Measure) error {
	var op func() error
	switch m.Name {
	case Create:
		m.What = "CreateProject as an officer, with its stage history and audit"
		n := 0
		op = func() error {
			n++
			total := attract.Money{Amount: int64(1000+n) * 1_000_000, Currency: "CNY"}
			p := &attract.Project{Demo: true, ProjectFields: attract.ProjectFields{
				NameZH: fmt.Sprintf("基准测试新建项目 %d", n), NameEN: fmt.Sprintf("Benchmark project %d", n),
				Type: attract.TypeGreenfield, Source: "referral", SourceEconomy: "HK", Sector: "2610",
				TotalInvestment: &total, Notes: "由基准测试创建。", Tags: []string{"基准测试"},
			}}
			return run.db.CreateProject(run.ctx, p)
		}
	case Update:
		m.What = "UpdateProject (next action) as an officer, with its audit"
		ids, err := run.teamProjects(ctx, "", 5000)
		if err != nil {
			return err
		}
		n := 0
		op = func() error {
			id := ids[n%len(ids)]
			n++
			version, err := run.version(ctx, id)
			if err != nil {
				return err
			}
			due := attract.DateOf(time.Now()).AddDays(14)
			patch := attract.Patch{"next_action": json.RawMessage(`"基准测试：电话回访投资方"`), "next_action_due": json.RawMessage(`"` + due.String() + `"`)}
			_, err = run.db.UpdateProject(run.ctx, id, version, patch)
			return err
		}
	case Move:
		m.What = "MoveStage lead → contacted as an officer, with history and audit"
		ids, err := run.teamProjects(ctx, string(attract.StageLead), run.cfg.MaxOps+1)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return fmt.Errorf("the team has no lead to move")
		}
		n := 0
		op = func() error {
			if n >= len(ids) {
				return errExhausted
			}
			id := ids[n]
			n++
			version, err := run.version(ctx, id)
			if err != nil {
				return err
			}
			_, err = run.db.MoveStage(run.ctx, id, attract.StageMove{To: attract.StageContacted, Version: version, Note: "基准测试：已与投资方建立联系。"})
			return err
		}
	}
	ds, err := run.timedUntilExhausted(op)
	if err != nil {
		return err
	}
	m.Ops = len(ds)
	m.P50, m.P95, m.P99 = percentiles(ds)
	return nil
}

// errExhausted stops a write measure that has run out of projects to change.
var errExhausted = fmt.Errorf("exhausted")

// timedUntilExhausted is timed, stopping early without error when op runs
// out of work.
func (run *runner) timedUntilExhausted(op func() error) ([]time.Duration, error) {
	var ds []time.Duration
	start := time.Now()
	for len(ds) < run.cfg.MaxOps && (len(ds) == 0 || time.Since(start) < run.cfg.Duration) {
		t := time.Now()
		err := op()
		if err == errExhausted {
			break
		} else if err != nil {
			return nil, err
		}
		ds = append(ds, time.Since(t))
	}
	if len(ds) == 0 {
		return nil, fmt.Errorf("no operation ran")
	}
	return ds, nil
}

// teamProjects returns up to n live projects of the officer's team, at
// stage when it is set.
func (run *runner) teamProjects(ctx context.Context, stage string, n int) ([]int64, error) {
	q := `SELECT id FROM projects WHERE team_id = ? AND archived_at IS NULL`
	args := []any{run.teamID}
	if stage != "" {
		q += ` AND stage = ?`
		args = append(args, stage)
	}
	rows, err := run.sql.QueryContext(ctx, run.rebind(q+` ORDER BY id LIMIT ?`), append(args, n)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// version reads a project's version, as a form that was just loaded holds it.
func (run *runner) version(ctx context.Context, id int64) (int64, error) {
	var v int64
	err := run.sql.QueryRowContext(ctx, run.rebind(`SELECT version FROM projects WHERE id = ?`), id).Scan(&v)
	return v, err
}
