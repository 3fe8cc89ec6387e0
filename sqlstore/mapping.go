package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"attract"
)

// This file serves spreadsheet imports: the saved column mappings, the
// lookups an import makes inside its batch, and the merge of duplicate
// companies that imports (and people) leave behind.

var _ attract.MappingService = (*DB)(nil)

// ExternalIDEntities maps the entities that carry an external ID to their
// tables.
var ExternalIDEntities = map[string]string{
	"company": "companies", "contact": "contacts", "project": "projects",
	"activity": "activities", "inflow": "capital_inflows",
}

// FindByExternalID returns the id and version of the record of entity
// (company, contact, project, activity or inflow) whose external ID is
// externalID. ENOTFOUND when there is none; EINVALID for another entity.
func (db *DB) FindByExternalID(ctx context.Context, entity, externalID string) (id, version int64, err error) {
	if err := attract.Authorize(ctx, recordReadPermOf(entity)); err != nil {
		return 0, 0, err
	}
	return findByExternalID(db.reader(ctx), entity, externalID)
}

// recordReadPermOf is the permission to read a record of entity; inflows
// belong to projects.
func recordReadPermOf(entity string) attract.Permission {
	if p, ok := recordReadPerm[entity]; ok {
		return p
	}
	return attract.PermProjectRead
}

func findByExternalID(r reader, entity, externalID string) (id, version int64, err error) {
	table, ok := ExternalIDEntities[entity]
	if !ok {
		return 0, 0, attract.Errorf(attract.EINVALID, "%q has no external IDs", "%q 没有外部编号", entity)
	}
	externalID = strings.TrimSpace(externalID)
	if externalID == "" {
		return 0, 0, attract.Errorf(attract.ENOTFOUND, "No %[1]s with an empty external ID.", "外部编号为空的%[2]s不存在。", entity, entityZH(entity))
	}
	// The condition external_id <> '' lets both databases use the partial index.
	err = r.queryRow(`SELECT id, version FROM `+table+` WHERE external_id = ? AND external_id <> ''`, externalID).Scan(&id, &version)
	if err == sql.ErrNoRows {
		return 0, 0, attract.Errorf(attract.ENOTFOUND, "No %s with external ID %q.", "外部编号为 %[2]q 的%[3]s不存在。", entity, externalID, entityZH(entity))
	}
	return id, version, err
}

// Batch lookups. An import reads inside its own transaction, so that a row
// finds what an earlier row of the same file created.

// FindByExternalID is DB.FindByExternalID inside the batch.
func (b *Batch) FindByExternalID(entity, externalID string) (id, version int64, err error) {
	return findByExternalID(b.tx.reader(), entity, externalID)
}

// FindProject returns a project, with its utilized capital.
func (b *Batch) FindProject(id int64) (*attract.Project, error) {
	p, err := findProject(b.tx.reader(), id)
	if err != nil {
		return nil, err
	}
	return p, b.tx.embedUtilized(p)
}

// FindCompany returns a company.
func (b *Batch) FindCompany(id int64) (*attract.Company, error) {
	return findCompany(b.tx.reader(), id)
}

// FindContact returns a contact.
func (b *Batch) FindContact(id int64) (*attract.Contact, error) {
	return findContact(b.tx.reader(), id)
}

// FindContacts lists contacts as DB.FindContacts does, inside the batch.
func (b *Batch) FindContacts(f attract.ContactFilter) ([]*attract.Contact, string, error) {
	return findContacts(b.tx.reader(), f)
}

// FindActivity returns an activity with its participants.
func (b *Batch) FindActivity(id int64) (*attract.Activity, error) {
	return findActivity(b.tx.reader(), id)
}

// FindInflow returns a capital-ledger entry.
func (b *Batch) FindInflow(id int64) (*attract.CapitalInflow, error) {
	in, err := scanInflow(b.tx.queryRow(`SELECT `+inflowColumns+` FROM capital_inflows WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, notFound("inflow", id)
	}
	return in, err
}

// FindProjectByCode returns the project with a code. ENOTFOUND.
func (b *Batch) FindProjectByCode(code string) (*attract.Project, error) {
	var id int64
	if err := b.tx.queryRow(`SELECT id FROM projects WHERE code = ?`, strings.TrimSpace(code)).Scan(&id); err == sql.ErrNoRows {
		return nil, attract.Errorf(attract.ENOTFOUND, "No project with code %q.", "编号为 %q 的项目不存在。", code)
	} else if err != nil {
		return nil, err
	}
	return b.FindProject(id)
}

// CompanyName is what an import needs to recognise an existing company.
type CompanyName struct {
	ID       int64
	NameZH   string
	NameEN   string
	USCC     string
	Archived bool
}

// CompanyNames calls fn with every company's names and USCC, in id order,
// so that an import can match its rows against them in memory.
func (b *Batch) CompanyNames(fn func(CompanyName)) error {
	if err := attract.Authorize(b.tx.ctx, attract.PermCompanyRead); err != nil {
		return err
	}
	rows, err := b.tx.reader().query(`SELECT id, name_zh, name_en, uscc, archived_at FROM companies ORDER BY id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c CompanyName
		var at any
		if err := rows.Scan(&c.ID, &c.NameZH, &c.NameEN, &c.USCC, &at); err != nil {
			return err
		}
		c.Archived = at != nil
		fn(c)
	}
	return rows.Err()
}

// Users returns every user, for matching an owner column by username or
// name.
func (b *Batch) Users() ([]*attract.User, error) {
	rows, err := b.tx.reader().query(`SELECT ` + userColumns + ` FROM users u ORDER BY u.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*attract.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// MoveStage moves a project along its life cycle. See DB.MoveStage.
func (b *Batch) MoveStage(id int64, m attract.StageMove) (*attract.Project, error) {
	if err := attract.Authorize(b.tx.ctx, attract.PermProjectWrite); err != nil {
		return nil, err
	}
	return b.tx.moveStage(id, m)
}

// UpdateActivity changes an activity. See DB.UpdateActivity.
func (b *Batch) UpdateActivity(id, version int64, patch attract.Patch) (*attract.Activity, error) {
	if err := attract.Authorize(b.tx.ctx, attract.PermActivityWrite); err != nil {
		return nil, err
	}
	return b.tx.updateActivity(id, version, patch)
}

// Mappings.

func scanMapping(s interface{ Scan(...any) error }) (*attract.Mapping, error) {
	m := &attract.Mapping{}
	var body string
	var by sql.NullInt64
	if err := s.Scan(&m.ID, &m.Name, &m.Kind, &body, &m.Version, timeCol{&m.CreatedAt}, timeCol{&m.UpdatedAt}, &by); err != nil {
		return nil, err
	}
	name, kind := m.Name, m.Kind
	if err := json.Unmarshal([]byte(body), &m.MappingFields); err != nil {
		return nil, fmt.Errorf("mapping %d: %w", m.ID, err)
	}
	// The columns of the row are the truth; the body repeats them.
	m.Name, m.Kind, m.CreatedBy = name, kind, idPtr(by)
	return m, nil
}

const mappingColumns = `id, name, kind, body, version, created_at, updated_at, created_by`

// mappingTaken is the conflict of a name already used.
func mappingTaken(name string) error {
	return &attract.Error{Code: attract.ECONFLICT, Message: "A mapping with this name already exists.", MessageZH: "已存在同名的映射。",
		Fields: []attract.FieldError{{Field: "name", Message: fmt.Sprintf("%q is taken", name), MessageZH: fmt.Sprintf("“%s”已被使用", name)}}}
}

// CreateMapping stores a named mapping. Whoever may write projects may
// import, and so save a mapping.
func (db *DB) CreateMapping(ctx context.Context, m *attract.Mapping) error {
	if err := attract.Authorize(ctx, attract.PermProjectWrite); err != nil {
		return err
	}
	if err := m.Validate(); err != nil {
		return err
	}
	_, err := write(db, ctx, func(tx *Tx) (struct{}, error) {
		var n int
		if err := tx.queryRow(`SELECT COUNT(*) FROM import_mappings WHERE name = ?`, m.Name).Scan(&n); err != nil {
			return struct{}{}, err
		} else if n > 0 {
			return struct{}{}, mappingTaken(m.Name)
		}
		body, err := json.Marshal(m.MappingFields)
		if err != nil {
			return struct{}{}, err
		}
		m.CreatedAt, m.UpdatedAt, m.Version = tx.now, tx.now, 1
		m.CreatedBy, _ = actor(ctx)
		id, err := tx.insert(`INSERT INTO import_mappings (name, kind, body, version, created_at, updated_at, created_by) VALUES (?, ?, ?, 1, ?, ?, ?)`,
			m.Name, m.Kind, string(body), tx.ts(m.CreatedAt), tx.ts(m.UpdatedAt), intArg(m.CreatedBy))
		if err != nil {
			return struct{}{}, storeError(err, "mapping")
		}
		m.ID = id
		return struct{}{}, tx.audit("create", "mapping", id, nil, m)
	})
	return err
}

// FindMappingByName returns the mapping saved under name.
func (db *DB) FindMappingByName(ctx context.Context, name string) (*attract.Mapping, error) {
	if err := attract.Authorize(ctx, attract.PermProjectRead); err != nil {
		return nil, err
	}
	m, err := scanMapping(db.reader(ctx).queryRow(`SELECT `+mappingColumns+` FROM import_mappings WHERE name = ?`, strings.TrimSpace(name)))
	if err == sql.ErrNoRows {
		return nil, attract.Errorf(attract.ENOTFOUND, "No mapping named %q.", "没有名为“%s”的映射。", name)
	}
	return m, err
}

// FindMappings lists the mappings of a kind ("" for every kind) by name.
func (db *DB) FindMappings(ctx context.Context, kind attract.ImportKind) ([]*attract.Mapping, error) {
	if err := attract.Authorize(ctx, attract.PermProjectRead); err != nil {
		return nil, err
	}
	var q listQuery
	if kind != "" {
		q.add("kind = ?", string(kind))
	}
	rows, err := db.reader(ctx).query(`SELECT `+mappingColumns+` FROM import_mappings`+q.whereSQL()+` ORDER BY name LIMIT 1000`, q.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*attract.Mapping{}
	for rows.Next() {
		m, err := scanMapping(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// UpdateMapping applies patch to the mapping last read at version.
func (db *DB) UpdateMapping(ctx context.Context, id, version int64, patch attract.Patch) (*attract.Mapping, error) {
	if err := attract.Authorize(ctx, attract.PermProjectWrite); err != nil {
		return nil, err
	}
	return write(db, ctx, func(tx *Tx) (*attract.Mapping, error) {
		m, err := scanMapping(tx.queryRow(`SELECT `+mappingColumns+` FROM import_mappings WHERE id = ?`, id))
		if err == sql.ErrNoRows {
			return nil, notFound("mapping", id)
		} else if err != nil {
			return nil, err
		}
		if m.Version != version {
			return nil, conflict("mapping", id, version)
		}
		before := snapshot(m)
		if err := patch.Apply(&m.MappingFields); err != nil {
			return nil, err
		}
		if err := m.Validate(); err != nil {
			return nil, err
		}
		var n int
		if err := tx.queryRow(`SELECT COUNT(*) FROM import_mappings WHERE name = ? AND id <> ?`, m.Name, id).Scan(&n); err != nil {
			return nil, err
		} else if n > 0 {
			return nil, mappingTaken(m.Name)
		}
		body, err := json.Marshal(m.MappingFields)
		if err != nil {
			return nil, err
		}
		m.UpdatedAt = tx.now
		res, err := tx.exec(`UPDATE import_mappings SET name = ?, kind = ?, body = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			m.Name, m.Kind, string(body), tx.ts(m.UpdatedAt), id, version)
		if err != nil {
			return nil, storeError(err, "mapping")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil, conflict("mapping", id, version)
		}
		m.Version++
		return m, tx.audit("update", "mapping", id, before, m)
	})
}

// DeleteMapping removes the saved mapping last read at version: one that
// someone changed since is ECONFLICT.
func (db *DB) DeleteMapping(ctx context.Context, id, version int64) error {
	if err := attract.Authorize(ctx, attract.PermProjectWrite); err != nil {
		return err
	}
	_, err := write(db, ctx, func(tx *Tx) (struct{}, error) {
		m, err := scanMapping(tx.queryRow(`SELECT `+mappingColumns+` FROM import_mappings WHERE id = ?`, id))
		if err == sql.ErrNoRows {
			return struct{}{}, notFound("mapping", id)
		} else if err != nil {
			return struct{}{}, err
		}
		if m.Version != version {
			return struct{}{}, conflict("mapping", id, version)
		}
		if _, err := tx.exec(`DELETE FROM import_mappings WHERE id = ?`, id); err != nil {
			return struct{}{}, err
		}
		return struct{}{}, tx.audit("delete", "mapping", id, m, nil)
	})
	return err
}

// MergeCompanies merges the company mergeID into keepID: every project,
// contact, activity and task of the merged company, and every company naming
// it as ultimate parent, moves to the kept one; the kept company takes the
// merged one's codes and fields it lacks; the merged company is archived with
// a note naming the kept one, so that its own history stays readable. Every
// record changed is audited, in one transaction. Only directors and admins
// merge. EINVALID (a company merged into itself or into an archived one),
// ENOTFOUND, EFORBIDDEN.
func (db *DB) MergeCompanies(ctx context.Context, keepID, mergeID int64) (*attract.Company, error) {
	if err := attract.Authorize(ctx, attract.PermCompanyArchive); err != nil {
		return nil, err
	}
	if u := attract.UserFromContext(ctx); !attract.IsSystem(ctx) && (u == nil || !u.Role.EditsAll()) {
		return nil, attract.Errorf(attract.EFORBIDDEN, "Only a director or an admin may merge companies.", "只有主管或管理员可以合并企业。")
	}
	if keepID == mergeID {
		var p attract.Problems
		p.Add("merge_id", "a company cannot be merged into itself", "企业不能与自身合并")
		return nil, p.Err()
	}
	return write(db, ctx, func(tx *Tx) (*attract.Company, error) { return tx.mergeCompanies(keepID, mergeID) })
}

func (tx *Tx) mergeCompanies(keepID, mergeID int64) (*attract.Company, error) {
	r := tx.reader()
	keep, err := findCompany(r, keepID)
	if err != nil {
		return nil, err
	}
	merged, err := findCompany(r, mergeID)
	if err != nil {
		return nil, err
	}
	if keep.ArchivedAt != nil {
		var p attract.Problems
		p.Add("keep_id", "the company to keep is archived; restore it first", "要保留的企业已归档，请先恢复")
		return nil, p.Err()
	}
	_, actorName := actor(tx.ctx)
	day := tx.now.Format(attract.DateLayout)

	// Move what points at the merged company, auditing each record.
	type ref struct {
		table, column, entity string
		load                  func(id int64) (any, error)
	}
	refs := []ref{
		{"projects", "investor_id", "project", func(id int64) (any, error) { return findProject(r, id) }},
		{"projects", "enterprise_id", "project", func(id int64) (any, error) { return findProject(r, id) }},
		{"contacts", "company_id", "contact", func(id int64) (any, error) { return findContact(r, id) }},
		{"activities", "company_id", "activity", func(id int64) (any, error) { return findActivity(r, id) }},
		{"tasks", "company_id", "task", func(id int64) (any, error) { return findTask(r, id) }},
		{"companies", "ultimate_parent_id", "company", func(id int64) (any, error) { return findCompany(r, id) }},
	}
	moved := map[string][]int64{}
	for _, rf := range refs {
		ids, err := tx.idsWhere(`SELECT id FROM `+rf.table+` WHERE `+rf.column+` = ? ORDER BY id`, mergeID)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			before, err := rf.load(id)
			if err != nil {
				return nil, err
			}
			target := any(keepID)
			if rf.table == "companies" && id == keepID {
				target = nil // the kept company cannot become its own parent
			}
			if _, err := tx.exec(`UPDATE `+rf.table+` SET `+rf.column+` = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
				target, tx.ts(tx.now), id); err != nil {
				return nil, storeError(err, rf.entity)
			}
			after, err := rf.load(id)
			if err != nil {
				return nil, err
			}
			if err := tx.audit("merge", rf.entity, id, before, after); err != nil {
				return nil, err
			}
			moved[rf.entity] = append(moved[rf.entity], id)
		}
	}
	if keep, err = findCompany(r, keepID); err != nil { // its parent may have changed above
		return nil, err
	}

	// The kept company takes the merged one's codes and the fields it lacks.
	// The codes are unique, so the merged company gives them up first.
	mergedBefore, keepBefore := snapshot(merged), snapshot(keep)
	k, m := &keep.CompanyFields, &merged.CompanyFields
	take := func(dst *string, src string) {
		if *dst == "" {
			*dst = src
		}
	}
	uscc, extID := m.USCC, m.ExternalID
	if k.USCC == "" {
		m.USCC = ""
	}
	if k.ExternalID == "" {
		m.ExternalID = ""
	}
	m.Notes = strings.TrimSpace(m.Notes + fmt.Sprintf("\n\nMerged into company #%d (%s) on %s by %s. 已于 %s 由 %s 合并至企业 #%d（%s）。",
		keepID, k.DisplayName(), day, actorName, day, actorName, keepID, k.DisplayName()))
	merged.ArchivedAt = &tx.now
	if err := tx.writeCompany(merged); err != nil {
		return nil, err
	}
	if _, err := tx.exec(`UPDATE companies SET archived_at = ? WHERE id = ?`, tx.ts(tx.now), mergeID); err != nil {
		return nil, err
	}
	if err := tx.audit("merge", "company", mergeID, json.RawMessage(mergedBefore), merged); err != nil {
		return nil, err
	}

	take(&k.NameZH, m.NameZH)
	take(&k.NameEN, m.NameEN)
	take(&k.USCC, uscc)
	take(&k.ExternalID, extID)
	take(&k.ForeignRegNo, m.ForeignRegNo)
	take(&k.Country, m.Country)
	take(&k.Sector, m.Sector)
	take(&k.Website, m.Website)
	if k.InvestmentMode == "" {
		k.InvestmentMode = m.InvestmentMode
	}
	if k.RegistrationDate == nil {
		k.RegistrationDate = m.RegistrationDate
	}
	if k.RegisteredCap == nil {
		k.RegisteredCap = m.RegisteredCap
	}
	if k.UltimateParentID == nil && m.UltimateParentID != nil && *m.UltimateParentID != keepID {
		k.UltimateParentID = m.UltimateParentID
	}
	k.ForeignInvested = k.ForeignInvested || m.ForeignInvested
	summary, _ := json.Marshal(moved)
	k.Notes = strings.TrimSpace(k.Notes + fmt.Sprintf("\n\nMerged company #%d (%s) into this one on %s by %s; moved: %s. 已于 %s 由 %s 将企业 #%d（%s）合并至此。",
		mergeID, m.DisplayName(), day, actorName, summary, day, actorName, mergeID, m.DisplayName()))
	if err := tx.validateCompany(keep); err != nil {
		return nil, err
	}
	if err := tx.writeCompany(keep); err != nil {
		return nil, err
	}
	if err := tx.audit("merge", "company", keepID, json.RawMessage(keepBefore), keep); err != nil {
		return nil, err
	}
	return keep, nil
}

// writeCompany saves c's editable fields over its row, one version on.
func (tx *Tx) writeCompany(c *attract.Company) error {
	c.UpdatedAt = tx.now
	sets := make([]string, len(companyWritable))
	for i, col := range companyWritable {
		sets[i] = col + " = ?"
	}
	if _, err := tx.exec(`UPDATE companies SET `+strings.Join(sets, ", ")+`, version = version + 1 WHERE id = ?`,
		append(tx.companyValues(c), c.ID)...); err != nil {
		return storeError(err, "company")
	}
	c.Version++
	return nil
}

// idsWhere returns the ids a query selects.
func (tx *Tx) idsWhere(query string, args ...any) ([]int64, error) {
	rows, err := tx.reader().query(query, args...)
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
