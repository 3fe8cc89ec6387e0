package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strconv"

	"attract"
)

// actor returns the id and name the audit log records for the acting user.
func actor(ctx context.Context) (*int64, string) {
	if u := attract.UserFromContext(ctx); u != nil {
		id := u.ID
		return &id, u.Username
	}
	return nil, "system"
}

// audit writes the audit record of a change in the change's transaction.
// before and after are the record as the API shows it (nil when absent).
func (tx *Tx) audit(action, entity string, id int64, before, after any) error {
	actorID, actorName := actor(tx.ctx)
	var b, a any
	if before != nil {
		j, err := json.Marshal(before)
		if err != nil {
			return err
		}
		b = string(j)
	}
	if after != nil {
		j, err := json.Marshal(after)
		if err != nil {
			return err
		}
		a = string(j)
	}
	_, err := tx.exec(`INSERT INTO audit_log (at, actor_id, actor_name, action, entity, entity_id, before_json, after_json)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, tx.ts(tx.now), intArg(actorID), actorName, action, entity, id, b, a)
	return err
}

// FindAudit lists audit entries, newest first.
// Whoever may read a record may read its own history; the log as a whole
// needs audit:read.
func (db *DB) FindAudit(ctx context.Context, f attract.AuditFilter) ([]*attract.AuditEntry, string, error) {
	perm := attract.PermAuditRead
	if p, ok := recordReadPerm[f.Entity]; ok && f.EntityID != nil {
		perm = p
	}
	if err := attract.Authorize(ctx, perm); err != nil {
		return nil, "", err
	}
	var q listQuery
	if f.Entity != "" {
		q.add("entity = ?", f.Entity)
	}
	if f.EntityID != nil {
		q.add("entity_id = ?", *f.EntityID)
	}
	if f.ActorID != nil {
		q.add("actor_id = ?", *f.ActorID)
	}
	if f.Action != "" {
		q.add("action = ?", f.Action)
	}
	if f.From != nil {
		q.add("at >= ?", db.dialect.timeValue(f.From.In(attract.AgencyZone)))
	}
	if f.To != nil {
		q.add("at < ?", db.dialect.timeValue(f.To.AddDays(1).In(attract.AgencyZone)))
	}
	sorts := map[string]sortKey[*attract.AuditEntry]{
		"id": {col: "id", kind: keyInt, val: func(e *attract.AuditEntry) any { return e.ID }},
	}
	pg, order, err := paginate(db.dialect, &q, "", sorts, "-id", "-id", f.Cursor, f.Limit)
	if err != nil {
		return nil, "", err
	}
	r := db.reader(ctx)
	rows, err := r.query(`SELECT id, at, actor_id, actor_name, action, entity, entity_id, before_json, after_json FROM audit_log`+q.whereSQL()+order+pg.limitSQL(), q.args...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var out []*attract.AuditEntry
	for rows.Next() {
		e := &attract.AuditEntry{}
		var actorID sql.NullInt64
		var before, after sql.NullString
		if err := rows.Scan(&e.ID, timeCol{&e.At}, &actorID, &e.ActorName, &e.Action, &e.Entity, &e.EntityID, &before, &after); err != nil {
			return nil, "", err
		}
		e.ActorID = idPtr(actorID)
		if before.Valid {
			e.Before = json.RawMessage(before.String)
		}
		if after.Valid {
			e.After = json.RawMessage(after.String)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	out, next := pg.next(out, func(e *attract.AuditEntry) int64 { return e.ID })
	return out, next, nil
}

// snapshot returns v as JSON, taken before a change so that the audit
// record's "before" is not altered by the change itself.
func snapshot(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // every record type marshals
	}
	return b
}

var recordReadPerm = map[string]attract.Permission{
	"project": attract.PermProjectRead, "company": attract.PermCompanyRead, "contact": attract.PermContactRead,
	"activity": attract.PermActivityRead, "task": attract.PermTaskRead,
}

// checkRef records a problem when id does not name a live row of table.
func (tx *Tx) checkRef(p *attract.Problems, field, table string, id *int64) error {
	if id == nil {
		return nil
	}
	var n int
	err := tx.queryRow(`SELECT COUNT(*) FROM `+table+` WHERE id = ?`, *id).Scan(&n)
	if err != nil {
		return err
	}
	if n == 0 {
		p.Add(field, "no record with id %d", "编号为 %d 的记录不存在", *id)
	}
	return nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func sortedStrings(s []string) []string {
	slices.Sort(s)
	return s
}

// placeholders returns "?, ?, ..." for n values.
func placeholders(n int) string {
	if n == 0 {
		return ""
	}
	b := make([]byte, 0, 3*n)
	for i := range n {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, '?')
	}
	return string(b)
}
