package sqlstore

import (
	"context"
	"database/sql"

	"attract"
)

var _ attract.SavedViewService = (*DB)(nil)

const viewColumns = `id, owner_id, name, query, shared, version, created_at, updated_at`

func scanView(s interface{ Scan(...any) error }) (*attract.SavedView, error) {
	v := &attract.SavedView{}
	err := s.Scan(&v.ID, &v.OwnerID, &v.Name, &v.Query, &v.Shared, &v.Version, timeCol{&v.CreatedAt}, timeCol{&v.UpdatedAt})
	return v, err
}

// CreateSavedView stores a view of the project list for the acting user.
// A view is a preference, not a record of the agency's work, so reading the
// project list is all it takes.
func (db *DB) CreateSavedView(ctx context.Context, v *attract.SavedView) error {
	if err := attract.Authorize(ctx, attract.PermProjectRead); err != nil {
		return err
	}
	if u := attract.UserFromContext(ctx); u != nil {
		v.OwnerID = u.ID
	}
	err := v.Validate()
	var p attract.Problems
	if err != nil {
		p = attract.ErrorFields(err)
	}
	if v.OwnerID <= 0 {
		p.Required("owner_id")
	}
	if err := p.Err(); err != nil {
		return err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// The unique index would refuse a second view of the same name too, but
	// only as a conflict without a field; checking first names the field.
	var n int
	if err := tx.queryRow(`SELECT COUNT(*) FROM saved_views WHERE owner_id = ? AND name = ?`, v.OwnerID, v.Name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		p.Add("name", "you already have a view named %q", "您已有名为“%s”的视图", v.Name)
		return p.Err()
	}
	if err := tx.checkRef(&p, "owner_id", "users", &v.OwnerID); err != nil {
		return err
	}
	if err := p.Err(); err != nil {
		return err
	}
	v.CreatedAt, v.UpdatedAt, v.Version = tx.now, tx.now, 1
	id, err := tx.insert(`INSERT INTO saved_views (owner_id, name, query, shared, version, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)`,
		v.OwnerID, v.Name, v.Query, v.Shared, tx.ts(v.CreatedAt), tx.ts(v.UpdatedAt))
	if err != nil {
		return storeError(err, "saved view")
	}
	v.ID = id
	if err := tx.audit("create", "saved_view", id, nil, v); err != nil {
		return err
	}
	return tx.Commit()
}

// FindSavedViews lists the acting user's views, then those others shared.
func (db *DB) FindSavedViews(ctx context.Context) ([]*attract.SavedView, error) {
	if err := attract.Authorize(ctx, attract.PermProjectRead); err != nil {
		return nil, err
	}
	query, args := `SELECT `+viewColumns+` FROM saved_views ORDER BY name, id`, []any(nil)
	if u := attract.UserFromContext(ctx); u != nil {
		query = `SELECT ` + viewColumns + ` FROM saved_views WHERE owner_id = ? OR shared = ?
			ORDER BY CASE WHEN owner_id = ? THEN 0 ELSE 1 END, name, id`
		args = []any{u.ID, true, u.ID}
	}
	rows, err := db.reader(ctx).query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*attract.SavedView{}
	for rows.Next() {
		v, err := scanView(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// DeleteSavedView removes a view of the acting user's, or anyone's for an
// administrator (record:delete). Another user's private view is not found,
// so that its existence is not revealed.
func (db *DB) DeleteSavedView(ctx context.Context, id int64) error {
	if err := attract.Authorize(ctx, attract.PermProjectRead); err != nil {
		return err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	v, err := scanView(tx.queryRow(`SELECT `+viewColumns+` FROM saved_views WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return viewNotFound(id)
	} else if err != nil {
		return err
	}
	if u := attract.UserFromContext(ctx); u != nil && !attract.IsSystem(ctx) && v.OwnerID != u.ID && !u.Role.Can(attract.PermRecordDelete) {
		if !v.Shared {
			return viewNotFound(id)
		}
		return attract.Errorf(attract.EFORBIDDEN, "Only the owner of a view or an administrator may delete it.", "只有视图的创建者或管理员可以删除该视图。")
	}
	if _, err := tx.exec(`DELETE FROM saved_views WHERE id = ?`, id); err != nil {
		return err
	}
	if err := tx.audit("delete", "saved_view", id, v, nil); err != nil {
		return err
	}
	return tx.Commit()
}

func viewNotFound(id int64) error {
	return attract.Errorf(attract.ENOTFOUND, "No saved view with id %d.", "保存的视图 %d 不存在。", id)
}
