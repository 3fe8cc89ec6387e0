package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"attract"
)

const taskColumns = `t.id, t.title, t.notes, t.assignee_id, t.due_date, t.status, t.project_id, t.company_id,
	t.done_at, t.demo, t.version, t.created_at, t.updated_at, t.created_by`

func scanTask(s interface{ Scan(...any) error }) (*attract.Task, error) {
	t := &attract.Task{}
	var assignee, project, company, by sql.NullInt64
	err := s.Scan(&t.ID, &t.Title, &t.Notes, &assignee, dateCol{&t.DueDate}, &t.Status, &project, &company,
		nullTimeCol{&t.DoneAt}, &t.Demo, &t.Version, timeCol{&t.CreatedAt}, timeCol{&t.UpdatedAt}, &by)
	t.AssigneeID, t.ProjectID, t.CompanyID, t.CreatedBy = idPtr(assignee), idPtr(project), idPtr(company), idPtr(by)
	return t, err
}

func (tx *Tx) validateTask(t *attract.Task) error {
	var p attract.Problems
	p.Merge("", t.TaskFields.Validate())
	for _, ref := range []struct {
		field, table string
		id           *int64
	}{
		{"assignee_id", "users", t.AssigneeID}, {"project_id", "projects", t.ProjectID}, {"company_id", "companies", t.CompanyID},
	} {
		if err := tx.checkRef(&p, ref.field, ref.table, ref.id); err != nil {
			return err
		}
	}
	return p.Err()
}

// taskOwner returns the owner and team whose edit right covers a task: its
// project's when it has one, else its author's.
func (tx *Tx) taskOwner(t *attract.Task) (owner, team *int64, err error) {
	if t.ProjectID != nil {
		p, err := findProject(tx.reader(), *t.ProjectID)
		if err == nil {
			return p.OwnerID, p.TeamID, nil
		} else if attract.ErrorCode(err) != attract.ENOTFOUND {
			return nil, nil, err
		}
	}
	return t.CreatedBy, nil, nil
}

// CreateTask stores a task.
func (db *DB) CreateTask(ctx context.Context, t *attract.Task) error {
	if err := attract.Authorize(ctx, attract.PermTaskWrite); err != nil {
		return err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.createTask(t); err != nil {
		return err
	}
	return tx.Commit()
}

func (tx *Tx) createTask(t *attract.Task) error {
	t.CreatedBy, _ = actor(tx.ctx)
	if t.AssigneeID == nil && t.CreatedBy != nil {
		t.AssigneeID = t.CreatedBy
	}
	if err := tx.validateTask(t); err != nil {
		return err
	}
	if t.CreatedBy != nil {
		owner, team, err := tx.taskOwner(t)
		if err != nil {
			return err
		}
		if err := attract.AuthorizeEdit(tx.ctx, attract.PermTaskWrite, owner, team); err != nil {
			return err
		}
	}
	t.CreatedAt, t.UpdatedAt, t.Version = tx.now, tx.now, 1
	if t.Status == attract.TaskDone && t.DoneAt == nil {
		t.DoneAt = &tx.now
	}
	id, err := tx.insert(`INSERT INTO tasks (title, notes, assignee_id, due_date, status, project_id, company_id, done_at, demo, version, created_at, updated_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`, t.Title, t.Notes, intArg(t.AssigneeID), dateArg(t.DueDate), t.Status,
		intArg(t.ProjectID), intArg(t.CompanyID), tx.tsp(t.DoneAt), t.Demo, tx.ts(t.CreatedAt), tx.ts(t.UpdatedAt), intArg(t.CreatedBy))
	if err != nil {
		return storeError(err, "task")
	}
	t.ID = id
	return tx.audit("create", "task", id, nil, t)
}

// FindTaskByID returns a task.
func (db *DB) FindTaskByID(ctx context.Context, id int64) (*attract.Task, error) {
	if err := attract.Authorize(ctx, attract.PermTaskRead); err != nil {
		return nil, err
	}
	return findTask(db.reader(ctx), id)
}

func findTask(r reader, id int64) (*attract.Task, error) {
	t, err := scanTask(r.queryRow(`SELECT `+taskColumns+` FROM tasks t WHERE t.id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, notFound("task", id)
	}
	return t, err
}

var taskSorts = map[string]sortKey[*attract.Task]{
	"id":       {col: "id", kind: keyInt, val: func(t *attract.Task) any { return t.ID }},
	"due_date": {col: "due_date", kind: keyText, val: func(t *attract.Task) any { return t.DueDate.String() }},
}

// FindTasks lists tasks matching f, oldest first or, sorted by due date,
// the dated ones soonest first: someone's open tasks in that order are read
// from the assignee index (assignee_id, status, due_date, id).
func (db *DB) FindTasks(ctx context.Context, f attract.TaskFilter) ([]*attract.Task, string, error) {
	if err := attract.Authorize(ctx, attract.PermTaskRead); err != nil {
		return nil, "", err
	}
	return db.findTasks(db.reader(ctx), f)
}

func (db *DB) findTasks(r reader, f attract.TaskFilter) ([]*attract.Task, string, error) {
	var q listQuery
	if f.AssigneeID != nil {
		q.add("t.assignee_id = ?", *f.AssigneeID)
	}
	if f.ProjectID != nil {
		q.add("t.project_id = ?", *f.ProjectID)
	}
	if f.CompanyID != nil {
		q.add("t.company_id = ?", *f.CompanyID)
	}
	if f.Status != "" {
		q.add("t.status = ?", string(f.Status))
	}
	if f.DueFrom != nil {
		q.add("t.due_date >= ?", f.DueFrom.String())
	}
	if f.DueTo != nil {
		q.add("t.due_date <= ?", f.DueTo.String())
	}
	if strings.TrimPrefix(f.Sort, "-") == "due_date" {
		q.add("t.due_date IS NOT NULL") // a keyset cannot pass a NULL
	}
	pg, order, err := paginate(db.dialect, &q, "t.", taskSorts, f.Sort, "id", f.Cursor, f.Limit)
	if err != nil {
		return nil, "", err
	}
	rows, err := r.query(`SELECT `+taskColumns+` FROM tasks t`+q.whereSQL()+order+pg.limitSQL(), q.args...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	out := []*attract.Task{}
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	out, next := pg.next(out, func(t *attract.Task) int64 { return t.ID })
	return out, next, nil
}

// loadTaskForWrite reads a task for a change: whoever may edit its project
// (or its author) may change it, and its assignee may change its status.
func (tx *Tx) loadTaskForWrite(id, version int64, patch attract.Patch) (*attract.Task, error) {
	t, err := findTask(tx.reader(), id)
	if err != nil {
		return nil, err
	}
	owner, team, err := tx.taskOwner(t)
	if err != nil {
		return nil, err
	}
	if err := attract.AuthorizeEdit(tx.ctx, attract.PermTaskWrite, owner, team); err != nil {
		u := attract.UserFromContext(tx.ctx)
		statusOnly := len(patch) > 0
		for k := range patch {
			statusOnly = statusOnly && (k == "status" || k == "notes")
		}
		isAssignee := u != nil && t.AssigneeID != nil && *t.AssigneeID == u.ID
		isAuthor := u != nil && t.CreatedBy != nil && *t.CreatedBy == u.ID
		if !(isAuthor || (isAssignee && statusOnly)) || !u.Role.Can(attract.PermTaskWrite) {
			return nil, err
		}
	}
	if version >= 0 && t.Version != version {
		return nil, conflict("task", id, version)
	}
	return t, nil
}

// UpdateTask applies patch to the task last read at version.
func (db *DB) UpdateTask(ctx context.Context, id, version int64, patch attract.Patch) (*attract.Task, error) {
	if err := attract.Authorize(ctx, attract.PermTaskWrite); err != nil {
		return nil, err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	t, err := tx.loadTaskForWrite(id, version, patch)
	if err != nil {
		return nil, err
	}
	before, project := snapshot(t), ptrValue(t.ProjectID)
	wasDone := t.Status == attract.TaskDone
	if err := patch.Apply(&t.TaskFields); err != nil {
		return nil, err
	}
	// Moving the task to another project needs the right to edit that one.
	if ptrValue(t.ProjectID) != project {
		owner, team, err := tx.taskOwner(t)
		if err != nil {
			return nil, err
		}
		if err := attract.AuthorizeEdit(ctx, attract.PermTaskWrite, owner, team); err != nil {
			return nil, err
		}
	}
	if err := tx.validateTask(t); err != nil {
		return nil, err
	}
	switch {
	case t.Status == attract.TaskDone && !wasDone:
		t.DoneAt = &tx.now
	case t.Status != attract.TaskDone:
		t.DoneAt = nil
	}
	t.UpdatedAt = tx.now
	res, err := tx.exec(`UPDATE tasks SET title = ?, notes = ?, assignee_id = ?, due_date = ?, status = ?, project_id = ?, company_id = ?,
		done_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, t.Title, t.Notes, intArg(t.AssigneeID),
		dateArg(t.DueDate), t.Status, intArg(t.ProjectID), intArg(t.CompanyID), tx.tsp(t.DoneAt), tx.ts(t.UpdatedAt), id, version)
	if err != nil {
		return nil, storeError(err, "task")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, conflict("task", id, version)
	}
	t.Version++
	if err := tx.audit("update", "task", id, before, t); err != nil {
		return nil, err
	}
	return t, tx.Commit()
}

// DeleteTask removes a task.
func (db *DB) DeleteTask(ctx context.Context, id int64) error {
	if err := attract.Authorize(ctx, attract.PermTaskWrite); err != nil {
		return err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	t, err := tx.loadTaskForWrite(id, -1, nil)
	if err != nil {
		return err
	}
	if _, err := tx.exec(`DELETE FROM tasks WHERE id = ?`, id); err != nil {
		return storeError(err, "task")
	}
	if err := tx.audit("delete", "task", id, t, nil); err != nil {
		return err
	}
	return tx.Commit()
}
