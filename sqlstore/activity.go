package sqlstore

import (
	"context"
	"database/sql"
	"slices"

	"attract"
)

const activityColumns = `a.id, a.kind, a.subject, a.notes, a.occurred_at, a.project_id, a.company_id,
	a.demo, a.version, a.created_at, a.updated_at, a.created_by, a.external_id`

func scanActivity(s interface{ Scan(...any) error }) (*attract.Activity, error) {
	a := &attract.Activity{}
	var project, company, by sql.NullInt64
	err := s.Scan(&a.ID, &a.Kind, &a.Subject, &a.Notes, timeCol{&a.OccurredAt}, &project, &company,
		&a.Demo, &a.Version, timeCol{&a.CreatedAt}, timeCol{&a.UpdatedAt}, &by, &a.ExternalID)
	a.ProjectID, a.CompanyID, a.CreatedBy = idPtr(project), idPtr(company), idPtr(by)
	a.ContactIDs, a.UserIDs = []int64{}, []int64{}
	return a, err
}

// activityOwner returns the owner and team an activity's edit right follows:
// its project's, else its author's.
func (tx *Tx) activityOwner(a *attract.Activity) (owner, team *int64, err error) {
	if a.ProjectID != nil {
		p, err := findProject(tx.reader(), *a.ProjectID)
		if err == nil {
			return p.OwnerID, p.TeamID, nil
		} else if attract.ErrorCode(err) != attract.ENOTFOUND {
			return nil, nil, err
		}
	}
	return a.CreatedBy, nil, nil
}

func (tx *Tx) validateActivity(a *attract.Activity) error {
	var p attract.Problems
	p.Merge("", a.ActivityFields.Validate())
	if err := tx.checkRef(&p, "project_id", "projects", a.ProjectID); err != nil {
		return err
	}
	if err := tx.checkRef(&p, "company_id", "companies", a.CompanyID); err != nil {
		return err
	}
	for _, id := range a.ContactIDs {
		if err := tx.checkRef(&p, "contact_ids", "contacts", &id); err != nil {
			return err
		}
	}
	for _, id := range a.UserIDs {
		if err := tx.checkRef(&p, "user_ids", "users", &id); err != nil {
			return err
		}
	}
	return p.Err()
}

// CreateActivity stores an activity with its participants. Anyone who may
// write activities may log one on a project they can edit, or on no project.
func (db *DB) CreateActivity(ctx context.Context, a *attract.Activity) error {
	if err := attract.Authorize(ctx, attract.PermActivityWrite); err != nil {
		return err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.createActivity(a); err != nil {
		return err
	}
	return tx.Commit()
}

func (tx *Tx) createActivity(a *attract.Activity) error {
	a.CreatedBy, _ = actor(tx.ctx)
	if err := tx.validateActivity(a); err != nil {
		return err
	}
	if a.CreatedBy != nil {
		owner, team, err := tx.activityOwner(a)
		if err != nil {
			return err
		}
		if err := attract.AuthorizeEdit(tx.ctx, attract.PermActivityWrite, owner, team); err != nil {
			return err
		}
	}
	a.OccurredAt = a.OccurredAt.UTC()
	a.CreatedAt, a.UpdatedAt, a.Version = tx.now, tx.now, 1
	id, err := tx.insert(`INSERT INTO activities (kind, subject, notes, occurred_at, project_id, company_id, demo, version, created_at, updated_at, created_by, external_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`, a.Kind, a.Subject, a.Notes, tx.ts(a.OccurredAt), intArg(a.ProjectID), intArg(a.CompanyID),
		a.Demo, tx.ts(a.CreatedAt), tx.ts(a.UpdatedAt), intArg(a.CreatedBy), a.ExternalID)
	if err != nil {
		return storeError(err, "activity")
	}
	a.ID = id
	if err := tx.saveParticipants(a); err != nil {
		return err
	}
	return tx.audit("create", "activity", id, nil, a)
}

func (tx *Tx) saveParticipants(a *attract.Activity) error {
	if a.ContactIDs == nil {
		a.ContactIDs = []int64{}
	}
	if a.UserIDs == nil {
		a.UserIDs = []int64{}
	}
	slices.Sort(a.ContactIDs)
	a.ContactIDs = slices.Compact(a.ContactIDs)
	slices.Sort(a.UserIDs)
	a.UserIDs = slices.Compact(a.UserIDs)
	if _, err := tx.exec(`DELETE FROM activity_contacts WHERE activity_id = ?`, a.ID); err != nil {
		return err
	}
	if _, err := tx.exec(`DELETE FROM activity_users WHERE activity_id = ?`, a.ID); err != nil {
		return err
	}
	for _, id := range a.ContactIDs {
		if _, err := tx.exec(`INSERT INTO activity_contacts (activity_id, contact_id) VALUES (?, ?)`, a.ID, id); err != nil {
			return err
		}
	}
	for _, id := range a.UserIDs {
		if _, err := tx.exec(`INSERT INTO activity_users (activity_id, user_id) VALUES (?, ?)`, a.ID, id); err != nil {
			return err
		}
	}
	return nil
}

// FindActivityByID returns an activity.
func (db *DB) FindActivityByID(ctx context.Context, id int64) (*attract.Activity, error) {
	if err := attract.Authorize(ctx, attract.PermActivityRead); err != nil {
		return nil, err
	}
	return findActivity(db.reader(ctx), id)
}

func findActivity(r reader, id int64) (*attract.Activity, error) {
	a, err := scanActivity(r.queryRow(`SELECT `+activityColumns+` FROM activities a WHERE a.id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, notFound("activity", id)
	} else if err != nil {
		return nil, err
	}
	return a, loadParticipants(r, []*attract.Activity{a})
}

// loadParticipants fills the contact and user ids of the activities in one
// query.
func loadParticipants(r reader, as []*attract.Activity) error {
	if len(as) == 0 {
		return nil
	}
	ids := make([]any, len(as))
	byID := make(map[int64]*attract.Activity, len(as))
	for i, a := range as {
		ids[i] = a.ID
		byID[a.ID] = a
	}
	// The contacts and the staff in one statement: 0 marks a contact.
	in := placeholders(len(ids))
	rows, err := r.query(`SELECT 0, activity_id, contact_id FROM activity_contacts WHERE activity_id IN (`+in+`)
		UNION ALL SELECT 1, activity_id, user_id FROM activity_users WHERE activity_id IN (`+in+`) ORDER BY 1, 3`, append(ids, ids...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var staff, aid, id int64
		if err := rows.Scan(&staff, &aid, &id); err != nil {
			return err
		}
		if a := byID[aid]; staff == 0 {
			a.ContactIDs = append(a.ContactIDs, id)
		} else {
			a.UserIDs = append(a.UserIDs, id)
		}
	}
	return rows.Err()
}

var activitySorts = map[string]sortKey[*attract.Activity]{
	"occurred_at": {col: "occurred_at", kind: keyTime, val: func(a *attract.Activity) any { return a.OccurredAt }},
}

// FindActivities lists activities, latest first.
func (db *DB) FindActivities(ctx context.Context, f attract.ActivityFilter) ([]*attract.Activity, string, error) {
	if err := attract.Authorize(ctx, attract.PermActivityRead); err != nil {
		return nil, "", err
	}
	return db.findActivities(db.reader(ctx), f)
}

func (db *DB) findActivities(r reader, f attract.ActivityFilter) ([]*attract.Activity, string, error) {
	var q listQuery
	if f.ProjectID != nil {
		q.add("a.project_id = ?", *f.ProjectID)
	}
	if f.CompanyID != nil {
		q.add("a.company_id = ?", *f.CompanyID)
	}
	if f.ContactID != nil {
		q.add("a.id IN (SELECT activity_id FROM activity_contacts WHERE contact_id = ?)", *f.ContactID)
	}
	if f.UserID != nil {
		q.add("(a.created_by = ? OR a.id IN (SELECT activity_id FROM activity_users WHERE user_id = ?))", *f.UserID, *f.UserID)
	}
	if f.TeamID != nil {
		q.add("a.created_by IN (SELECT id FROM users WHERE team_id = ?)", *f.TeamID)
	}
	if f.Kind != "" {
		q.add("a.kind = ?", string(f.Kind))
	}
	if f.From != nil {
		q.add("a.occurred_at >= ?", db.dialect.timeValue(f.From.In(attract.AgencyZone)))
	}
	if f.To != nil {
		q.add("a.occurred_at < ?", db.dialect.timeValue(f.To.AddDays(1).In(attract.AgencyZone)))
	}
	pg, order, err := paginate(db.dialect, &q, "a.", activitySorts, "-occurred_at", "-occurred_at", f.Cursor, f.Limit)
	if err != nil {
		return nil, "", err
	}
	rows, err := r.query(`SELECT `+activityColumns+` FROM activities a`+q.whereSQL()+order+pg.limitSQL(), q.args...)
	if err != nil {
		return nil, "", err
	}
	out := []*attract.Activity{}
	for rows.Next() {
		a, err := scanActivity(rows)
		if err != nil {
			rows.Close()
			return nil, "", err
		}
		out = append(out, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	out, next := pg.next(out, func(a *attract.Activity) int64 { return a.ID })
	return out, next, loadParticipants(r, out)
}

func (tx *Tx) loadActivityForWrite(id, version int64) (*attract.Activity, error) {
	a, err := findActivity(tx.reader(), id)
	if err != nil {
		return nil, err
	}
	owner, team, err := tx.activityOwner(a)
	if err != nil {
		return nil, err
	}
	if err := attract.AuthorizeEdit(tx.ctx, attract.PermActivityWrite, owner, team); err != nil {
		// The author may always correct their own record.
		if u := attract.UserFromContext(tx.ctx); u == nil || a.CreatedBy == nil || *a.CreatedBy != u.ID || !u.Role.Can(attract.PermActivityWrite) {
			return nil, err
		}
	}
	if version >= 0 && a.Version != version {
		return nil, conflict("activity", id, version)
	}
	return a, nil
}

// UpdateActivity applies patch to the activity last read at version.
func (db *DB) UpdateActivity(ctx context.Context, id, version int64, patch attract.Patch) (*attract.Activity, error) {
	if err := attract.Authorize(ctx, attract.PermActivityWrite); err != nil {
		return nil, err
	}
	return write(db, ctx, func(tx *Tx) (*attract.Activity, error) { return tx.updateActivity(id, version, patch) })
}

func (tx *Tx) updateActivity(id, version int64, patch attract.Patch) (*attract.Activity, error) {
	ctx := tx.ctx
	a, err := tx.loadActivityForWrite(id, version)
	if err != nil {
		return nil, err
	}
	before, project := snapshot(a), ptrValue(a.ProjectID)
	if err := patch.Apply(&a.ActivityFields); err != nil {
		return nil, err
	}
	// Moving the activity to another project needs the right to edit that one.
	if ptrValue(a.ProjectID) != project {
		owner, team, err := tx.activityOwner(a)
		if err != nil {
			return nil, err
		}
		if err := attract.AuthorizeEdit(ctx, attract.PermActivityWrite, owner, team); err != nil {
			return nil, err
		}
	}
	if err := tx.validateActivity(a); err != nil {
		return nil, err
	}
	a.OccurredAt = a.OccurredAt.UTC()
	a.UpdatedAt = tx.now
	res, err := tx.exec(`UPDATE activities SET kind = ?, subject = ?, notes = ?, occurred_at = ?, project_id = ?, company_id = ?,
		external_id = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, a.Kind, a.Subject, a.Notes, tx.ts(a.OccurredAt),
		intArg(a.ProjectID), intArg(a.CompanyID), a.ExternalID, tx.ts(a.UpdatedAt), id, version)
	if err != nil {
		return nil, storeError(err, "activity")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, conflict("activity", id, version)
	}
	a.Version++
	if err := tx.saveParticipants(a); err != nil {
		return nil, err
	}
	if err := tx.audit("update", "activity", id, before, a); err != nil {
		return nil, err
	}
	return a, nil
}

// DeleteActivity removes an activity: its author, or whoever may edit its project.
func (db *DB) DeleteActivity(ctx context.Context, id int64) error {
	if err := attract.Authorize(ctx, attract.PermActivityWrite); err != nil {
		return err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	a, err := tx.loadActivityForWrite(id, -1)
	if err != nil {
		return err
	}
	if _, err := tx.exec(`DELETE FROM activities WHERE id = ?`, id); err != nil {
		return storeError(err, "activity")
	}
	if err := tx.audit("delete", "activity", id, a, nil); err != nil {
		return err
	}
	return tx.Commit()
}
