package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"attract"
)

const contactColumns = `k.id, k.company_id, k.name_zh, k.name_en, k.title, k.email, k.phone, k.wechat, k.language, k.notes,
	k.owner_id, k.team_id, k.archived_at, k.demo, k.version, k.created_at, k.updated_at, k.external_id`

func scanContact(s interface{ Scan(...any) error }) (*attract.Contact, error) {
	c := &attract.Contact{}
	f := &c.ContactFields
	var company, owner, team sql.NullInt64
	err := s.Scan(&c.ID, &company, &f.NameZH, &f.NameEN, &f.Title, &f.Email, &f.Phone, &f.WeChat, &f.Language, &f.Notes,
		&owner, &team, nullTimeCol{&c.ArchivedAt}, &c.Demo, &c.Version, timeCol{&c.CreatedAt}, timeCol{&c.UpdatedAt}, &f.ExternalID)
	f.CompanyID, f.OwnerID, f.TeamID = idPtr(company), idPtr(owner), idPtr(team)
	return c, err
}

var contactWritable = []string{"company_id", "name_zh", "name_en", "title", "email", "phone", "wechat", "language", "notes",
	"owner_id", "team_id", "updated_at", "sort_name", "search_text", "external_id"}

func (tx *Tx) contactValues(c *attract.Contact) []any {
	f := &c.ContactFields
	return []any{intArg(f.CompanyID), f.NameZH, f.NameEN, f.Title, f.Email, f.Phone, f.WeChat, f.Language, f.Notes,
		intArg(f.OwnerID), intArg(f.TeamID), tx.ts(c.UpdatedAt),
		SortName(f.DisplayName()), searchText(f.NameZH, f.NameEN, f.Title, f.Email, f.Phone, f.WeChat, f.Notes), f.ExternalID}
}

func (tx *Tx) validateContact(c *attract.Contact) error {
	var p attract.Problems
	p.Merge("", c.ContactFields.Validate())
	for _, ref := range []struct {
		field, table string
		id           *int64
	}{
		{"company_id", "companies", c.CompanyID}, {"owner_id", "users", c.OwnerID}, {"team_id", "teams", c.TeamID},
	} {
		if err := tx.checkRef(&p, ref.field, ref.table, ref.id); err != nil {
			return err
		}
	}
	return p.Err()
}

// CreateContact stores a new contact.
func (db *DB) CreateContact(ctx context.Context, c *attract.Contact) error {
	if err := attract.Authorize(ctx, attract.PermContactWrite); err != nil {
		return err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.createContact(c); err != nil {
		return err
	}
	return tx.Commit()
}

func (tx *Tx) createContact(c *attract.Contact) error {
	if u := attract.UserFromContext(tx.ctx); u != nil {
		if c.OwnerID == nil {
			c.OwnerID = &u.ID
		}
		if c.TeamID == nil {
			c.TeamID = u.TeamID
		}
	}
	if err := attract.AuthorizeEdit(tx.ctx, attract.PermContactWrite, c.OwnerID, c.TeamID); err != nil {
		return err
	}
	if err := tx.validateContact(c); err != nil {
		return err
	}
	c.CreatedAt, c.UpdatedAt, c.Version = tx.now, tx.now, 1
	cols := append(slices.Clone(contactWritable), "created_at", "demo")
	id, err := tx.insert(`INSERT INTO contacts (`+strings.Join(cols, ", ")+`) VALUES (`+placeholders(len(cols))+`)`,
		append(tx.contactValues(c), tx.ts(c.CreatedAt), c.Demo)...)
	if err != nil {
		return storeError(err, "contact")
	}
	c.ID = id
	return tx.audit("create", "contact", id, nil, c)
}

// FindContactByID returns a contact, with its company on request.
func (db *DB) FindContactByID(ctx context.Context, id int64, embed ...string) (*attract.Contact, error) {
	if err := attract.Authorize(ctx, attract.PermContactRead); err != nil {
		return nil, err
	}
	return readRecord(db, ctx, len(embed) > 0, func(ctx context.Context) (*attract.Contact, error) {
		r := db.reader(ctx)
		c, err := findContact(r, id)
		if err != nil {
			return nil, err
		}
		for _, e := range embed {
			if e != "company" {
				var p attract.Problems
				p.Add("embed", "must be a list of company", "须为以下各项组成的列表：company")
				return nil, p.Err()
			}
			if c.CompanyID != nil {
				if c.Company, err = findCompany(r, *c.CompanyID); err != nil {
					return nil, err
				}
			}
		}
		return c, nil
	})
}

func findContact(r reader, id int64) (*attract.Contact, error) {
	c, err := scanContact(r.queryRow(`SELECT `+contactColumns+` FROM contacts k WHERE k.id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, notFound("contact", id)
	}
	return c, err
}

var contactSorts = map[string]sortKey[*attract.Contact]{
	"name":       {col: "sort_name", kind: keyText, val: func(c *attract.Contact) any { return SortName(c.DisplayName()) }},
	"updated_at": {col: "updated_at", kind: keyTime, val: func(c *attract.Contact) any { return c.UpdatedAt }},
}

// FindContacts lists contacts matching f.
func (db *DB) FindContacts(ctx context.Context, f attract.ContactFilter) ([]*attract.Contact, string, error) {
	if err := attract.Authorize(ctx, attract.PermContactRead); err != nil {
		return nil, "", err
	}
	return findContacts(db.reader(ctx), f)
}

func findContacts(r reader, f attract.ContactFilter) ([]*attract.Contact, string, error) {
	var q listQuery
	if f.Archived {
		q.add("k.archived_at IS NOT NULL")
	} else {
		q.add("k.archived_at IS NULL")
	}
	if len(f.IDs) > 0 {
		args := make([]any, len(f.IDs))
		for i, id := range f.IDs {
			args[i] = id
		}
		q.add("k.id IN ("+placeholders(len(args))+")", args...)
	}
	if f.CompanyID != nil {
		q.add("k.company_id = ?", *f.CompanyID)
	}
	if f.OwnerID != nil {
		q.add("k.owner_id = ?", *f.OwnerID)
	}
	if f.Q != "" {
		if err := r.addTextMatch(&q, "contacts", "k", f.Q, true); err != nil {
			return nil, "", err
		}
	}
	pg, order, err := paginate(r.d, &q, "k.", contactSorts, f.Sort, "name", f.Cursor, f.Limit)
	if err != nil {
		return nil, "", err
	}
	rows, err := r.query(`SELECT `+contactColumns+` FROM contacts k`+q.whereSQL()+order+pg.limitSQL(), q.params()...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	out := []*attract.Contact{}
	for rows.Next() {
		c, err := scanContact(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	out, next := pg.next(out, func(c *attract.Contact) int64 { return c.ID })
	return out, next, nil
}

func (tx *Tx) loadContactForWrite(id, version int64, perm attract.Permission) (*attract.Contact, error) {
	c, err := findContact(tx.reader(), id)
	if err != nil {
		return nil, err
	}
	if err := attract.AuthorizeEdit(tx.ctx, perm, c.OwnerID, c.TeamID); err != nil {
		return nil, err
	}
	if c.Version != version {
		return nil, conflict("contact", id, version)
	}
	return c, nil
}

// UpdateContact applies patch to the contact last read at version.
func (db *DB) UpdateContact(ctx context.Context, id, version int64, patch attract.Patch) (*attract.Contact, error) {
	if err := attract.Authorize(ctx, attract.PermContactWrite); err != nil {
		return nil, err
	}
	return write(db, ctx, func(tx *Tx) (*attract.Contact, error) { return tx.updateContact(id, version, patch) })
}

func (tx *Tx) updateContact(id, version int64, patch attract.Patch) (*attract.Contact, error) {
	c, err := tx.loadContactForWrite(id, version, attract.PermContactWrite)
	if err != nil {
		return nil, err
	}
	before := snapshot(c)
	if err := patch.Apply(&c.ContactFields); err != nil {
		return nil, err
	}
	if err := tx.validateContact(c); err != nil {
		return nil, err
	}
	c.UpdatedAt = tx.now
	sets := make([]string, len(contactWritable))
	for i, col := range contactWritable {
		sets[i] = col + " = ?"
	}
	res, err := tx.exec(`UPDATE contacts SET `+strings.Join(sets, ", ")+`, version = version + 1 WHERE id = ? AND version = ?`,
		append(tx.contactValues(c), id, version)...)
	if err != nil {
		return nil, storeError(err, "contact")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, conflict("contact", id, version)
	}
	c.Version++
	if err := tx.audit("update", "contact", id, before, c); err != nil {
		return nil, err
	}
	return c, nil
}

// ArchiveContact archives or restores a contact.
func (db *DB) ArchiveContact(ctx context.Context, id, version int64, archived bool) (*attract.Contact, error) {
	if err := attract.Authorize(ctx, attract.PermContactArchive); err != nil {
		return nil, err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	c, err := tx.loadContactForWrite(id, version, attract.PermContactArchive)
	if err != nil {
		return nil, err
	}
	if (c.ArchivedAt != nil) == archived {
		return c, nil
	}
	before := snapshot(c)
	action, at := "archive", &tx.now
	if !archived {
		action, at = "restore", nil
	}
	res, err := tx.exec(`UPDATE contacts SET archived_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, tx.tsp(at), tx.ts(tx.now), id, version)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, conflict("contact", id, version)
	}
	c.ArchivedAt, c.UpdatedAt, c.Version = at, tx.now, c.Version+1
	if err := tx.audit(action, "contact", id, before, c); err != nil {
		return nil, err
	}
	return c, tx.Commit()
}

// DeleteContact removes a contact for good.
func (db *DB) DeleteContact(ctx context.Context, id int64) error {
	return db.hardDelete(ctx, "contact", "contacts", id, func(r reader) (any, error) { return findContact(r, id) })
}
