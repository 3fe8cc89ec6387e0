package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// project_rollups (migration 0006_rollups.sql) is kept by triggers on
// projects named project_rollups_*, in the same transaction as every write.
// A bulk load that writes projects by the hundred thousand suspends them
// (SuspendDerived, with the gram indexes' triggers) and rebuilds the
// rollups once at the end, which is far quicker than a rollup update per
// row.

// rollupColumns are project_rollups' columns, as rollupSelect yields them.
const rollupColumns = `year, team_id, kind, month, stage, sector, source, currency, projects, amount`

// rollupColumnCount is how many columns rollupColumns names.
var rollupColumnCount = strings.Count(rollupColumns, ",") + 1

// rollupSelect groups what every project adds to the rollups, through the
// same definition of it that the triggers use (the view or function
// project_rollup_keys).
var rollupSelect = map[string]string{
	"sqlite": `SELECT year, team_id, kind, month, stage, sector, source, currency, COUNT(*), SUM(amount)
		FROM project_rollup_keys
		GROUP BY year, team_id, kind, month, stage, sector, source, currency`,
	"postgres": `SELECT k.year, k.team_id, k.kind, k.month, k.stage, k.sector, k.source, k.currency, COUNT(*), SUM(k.amount)
		FROM projects p CROSS JOIN LATERAL project_rollup_keys(p) k
		GROUP BY k.year, k.team_id, k.kind, k.month, k.stage, k.sector, k.source, k.currency`,
}

// RebuildRollups recomputes the dashboard's rollups from the projects, in
// one transaction. The triggers keep them right on every write; this is
// for after a load that went around them (SuspendDerived).
func (db *DB) RebuildRollups(ctx context.Context) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM project_rollups`); err != nil {
		return fmt.Errorf("rebuild rollups: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO project_rollups (`+rollupColumns+`) `+rollupSelect[db.dialect.name()]); err != nil {
		return fmt.Errorf("rebuild rollups: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if db.dialect.name() == "postgres" {
		if _, err := db.db.ExecContext(ctx, `ANALYZE project_rollups`); err != nil {
			return fmt.Errorf("analyze rollups: %w", err)
		}
	}
	return nil
}

// rebuildRollupsBeside runs write and, meanwhile, RebuildRollups' grouped
// read of every project, outside any transaction (in WAL a reader does not
// wait for the writer); then the rows read replace the rollups. It is for
// SQLite after a bulk load, where write rebuilds the gram indexes: at a
// million projects the read takes some 8 s of one core and yields 15,000
// rows. Nothing may write the projects meanwhile.
func (db *DB) rebuildRollupsBeside(ctx context.Context, write func(context.Context) error) error {
	var rows [][]any
	read := make(chan error, 1)
	go func() {
		var err error
		rows, err = db.readRollups(ctx)
		read <- err
	}()
	werr := write(ctx)
	if err := <-read; err != nil {
		return errors.Join(werr, fmt.Errorf("rebuild rollups: %w", err))
	}
	return errors.Join(werr, db.writeRollups(ctx, rows))
}

// writeRollups replaces the rollups by rows, in one transaction.
func (db *DB) writeRollups(ctx context.Context, rows [][]any) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("rebuild rollups: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM project_rollups`); err != nil {
		return fmt.Errorf("rebuild rollups: %w", err)
	}
	insert, err := tx.PrepareContext(ctx, db.dialect.rebind(`INSERT INTO project_rollups (`+rollupColumns+`) VALUES (`+placeholders(rollupColumnCount)+`)`))
	if err != nil {
		return fmt.Errorf("rebuild rollups: %w", err)
	}
	defer insert.Close()
	for _, r := range rows {
		if _, err := insert.ExecContext(ctx, r...); err != nil {
			return fmt.Errorf("rebuild rollups: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("rebuild rollups: %w", err)
	}
	return nil
}

// readRollups returns the rows RebuildRollups would write, each a value
// per column of rollupColumns, as the database typed them.
func (db *DB) readRollups(ctx context.Context) ([][]any, error) {
	rs, err := db.db.QueryContext(ctx, rollupSelect[db.dialect.name()])
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	n := rollupColumnCount
	var rows [][]any
	for rs.Next() {
		vals := make([]any, n)
		ptrs := make([]any, n)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, err
		}
		rows = append(rows, vals)
	}
	return rows, rs.Err()
}

// SuspendDerived stops the triggers that keep what is derived from the
// records — the dashboard's rollups and, on SQLite, the gram indexes of
// text search — for a bulk load that writes the tables directly
// (demo.GenerateBulk). The function it returns puts the triggers back and
// rebuilds what they keep from the records; call it when the load ends,
// after a failure too. Nothing else may write in between: its writes would
// be missing from the rollups and the search until the rebuild. An
// interrupted load may leave the triggers suspended (SQLite: dropped);
// start again on a fresh database.
//
// One pass at the end is far quicker than a row trigger per record: at a
// million projects the rollups take 12 s to rebuild, and FTS5 fills an
// index from one INSERT … SELECT with a large in-memory hash in about half
// the time the triggers took (docs/benchmarks.md).
func (db *DB) SuspendDerived(ctx context.Context) (resume func(context.Context) error, err error) {
	if db.dialect.name() == "postgres" {
		// Disabled triggers stay in the schema; enabling is one statement.
		// The gram indexes are indexes, which the load drops and builds.
		if _, err := db.db.ExecContext(ctx, `ALTER TABLE projects DISABLE TRIGGER project_rollups_insert_delete, DISABLE TRIGGER project_rollups_update`); err != nil {
			return nil, fmt.Errorf("suspend rollups: %w", err)
		}
		return func(ctx context.Context) error {
			if _, err := db.db.ExecContext(ctx, `ALTER TABLE projects ENABLE TRIGGER project_rollups_insert_delete, ENABLE TRIGGER project_rollups_update`); err != nil {
				return fmt.Errorf("resume rollups: %w", err)
			}
			return db.RebuildRollups(ctx)
		}, nil
	}
	// SQLite cannot disable a trigger: drop them, keeping their definitions.
	rows, err := db.db.QueryContext(ctx, `SELECT name, sql FROM sqlite_master
		WHERE type = 'trigger' AND tbl_name IN ('projects', 'companies', 'contacts')
		AND (name LIKE 'project\_rollups\_%' ESCAPE '\' OR name LIKE '%\_grams\_%' ESCAPE '\') ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("suspend derived data: %w", err)
	}
	var names, creates []string
	for rows.Next() {
		var name, create string
		if err := rows.Scan(&name, &create); err != nil {
			rows.Close()
			return nil, fmt.Errorf("suspend derived data: %w", err)
		}
		names, creates = append(names, name), append(creates, create)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("suspend derived data: %w", err)
	}
	// Four on projects for the rollups, three on each table for its grams.
	if want := 4 + 3*len(gramTables); len(names) != want {
		return nil, fmt.Errorf("suspend derived data: found %d of its %d triggers (an interrupted bulk load?)", len(names), want)
	}
	resume = func(ctx context.Context) error {
		tx, err := db.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		// This connection may hold the schema as it was before the drop:
		// reading the schema table first makes SQLite check its copy and
		// load the current one, or CREATE TRIGGER may find the dropped
		// trigger still there (seen with a pool of long-lived
		// connections).
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_master`).Scan(&n); err != nil {
			return fmt.Errorf("resume derived data: %w", err)
		}
		for _, create := range creates {
			if _, err := tx.ExecContext(ctx, create); err != nil {
				return fmt.Errorf("resume derived data: %w", err)
			}
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("resume derived data: %w", err)
		}
		// Both, even when one fails: the triggers are back either way.
		return db.rebuildRollupsBeside(ctx, db.rebuildGrams)
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	for _, name := range names {
		if _, err := tx.ExecContext(ctx, `DROP TRIGGER "`+name+`"`); err != nil {
			return nil, fmt.Errorf("suspend derived data: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return resume, nil
}
