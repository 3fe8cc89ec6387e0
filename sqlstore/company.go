package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"

	"attract"
)

const companyColumns = `c.id, c.name_zh, c.name_en, c.uscc, c.foreign_reg_no, c.country, c.ultimate_parent_id,
	c.sector, c.foreign_invested, c.investment_mode, c.registration_date,
	c.registered_capital_amount, c.registered_capital_currency, c.website, c.notes,
	c.owner_id, c.team_id, c.archived_at, c.demo, c.version, c.created_at, c.updated_at, c.external_id`

func scanCompany(s interface{ Scan(...any) error }) (*attract.Company, error) {
	c := &attract.Company{}
	f := &c.CompanyFields
	var parent, owner, team sql.NullInt64
	var regcap moneyCol
	err := s.Scan(&c.ID, &f.NameZH, &f.NameEN, &f.USCC, &f.ForeignRegNo, &f.Country, &parent,
		&f.Sector, &f.ForeignInvested, &f.InvestmentMode, dateCol{&f.RegistrationDate},
		&regcap.amount, &regcap.currency, &f.Website, &f.Notes,
		&owner, &team, nullTimeCol{&c.ArchivedAt}, &c.Demo, &c.Version, timeCol{&c.CreatedAt}, timeCol{&c.UpdatedAt}, &f.ExternalID)
	if err != nil {
		return nil, err
	}
	f.UltimateParentID, f.OwnerID, f.TeamID = idPtr(parent), idPtr(owner), idPtr(team)
	f.RegisteredCap = regcap.value()
	return c, nil
}

var companyWritable = []string{"name_zh", "name_en", "uscc", "foreign_reg_no", "country", "ultimate_parent_id",
	"sector", "foreign_invested", "investment_mode", "registration_date",
	"registered_capital_amount", "registered_capital_currency", "website", "notes",
	"owner_id", "team_id", "updated_at", "sort_name", "search_text", "external_id"}

func (tx *Tx) companyValues(c *attract.Company) []any {
	f := &c.CompanyFields
	a, cur := moneyArgs(f.RegisteredCap)
	return []any{f.NameZH, f.NameEN, f.USCC, f.ForeignRegNo, f.Country, intArg(f.UltimateParentID),
		f.Sector, f.ForeignInvested, f.InvestmentMode, dateArg(f.RegistrationDate),
		a, cur, f.Website, f.Notes, intArg(f.OwnerID), intArg(f.TeamID), tx.ts(c.UpdatedAt),
		SortName(f.DisplayName()), searchText(f.NameZH, f.NameEN, f.USCC, f.ForeignRegNo, f.Notes), f.ExternalID}
}

func (tx *Tx) validateCompany(c *attract.Company) error {
	var p attract.Problems
	p.Merge("", c.CompanyFields.Validate())
	if c.ID != 0 && c.UltimateParentID != nil && *c.UltimateParentID == c.ID {
		p.Add("ultimate_parent_id", "a company cannot be its own parent", "企业不能是自己的母公司")
	}
	for _, ref := range []struct {
		field, table string
		id           *int64
	}{
		{"ultimate_parent_id", "companies", c.UltimateParentID}, {"owner_id", "users", c.OwnerID}, {"team_id", "teams", c.TeamID},
	} {
		if err := tx.checkRef(&p, ref.field, ref.table, ref.id); err != nil {
			return err
		}
	}
	if c.USCC != "" {
		var n int
		if err := tx.queryRow(`SELECT COUNT(*) FROM companies WHERE uscc = ? AND uscc <> '' AND id <> ?`, c.USCC, c.ID).Scan(&n); err != nil {
			return err
		} else if n > 0 {
			p.Add("uscc", "another company already has this USCC", "已有其他企业使用此统一社会信用代码")
		}
	}
	return p.Err()
}

// CreateCompany stores a new company.
func (db *DB) CreateCompany(ctx context.Context, c *attract.Company) error {
	if err := attract.Authorize(ctx, attract.PermCompanyWrite); err != nil {
		return err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.createCompany(c); err != nil {
		return err
	}
	return tx.Commit()
}

func (tx *Tx) createCompany(c *attract.Company) error {
	if u := attract.UserFromContext(tx.ctx); u != nil {
		if c.OwnerID == nil {
			c.OwnerID = &u.ID
		}
		if c.TeamID == nil {
			c.TeamID = u.TeamID
		}
	}
	if err := attract.AuthorizeEdit(tx.ctx, attract.PermCompanyWrite, c.OwnerID, c.TeamID); err != nil {
		return err
	}
	if err := tx.validateCompany(c); err != nil {
		return err
	}
	c.CreatedAt, c.UpdatedAt, c.Version = tx.now, tx.now, 1
	cols := append(slices.Clone(companyWritable), "created_at", "demo")
	id, err := tx.insert(`INSERT INTO companies (`+strings.Join(cols, ", ")+`) VALUES (`+placeholders(len(cols))+`)`,
		append(tx.companyValues(c), tx.ts(c.CreatedAt), c.Demo)...)
	if err != nil {
		return storeError(err, "company")
	}
	c.ID = id
	return tx.audit("create", "company", id, nil, c)
}

// FindCompanyByID returns a company with the embeds asked for: contacts, projects.
func (db *DB) FindCompanyByID(ctx context.Context, id int64, embed ...string) (*attract.Company, error) {
	if err := attract.Authorize(ctx, attract.PermCompanyRead); err != nil {
		return nil, err
	}
	return readRecord(db, ctx, len(embed) > 0, func(ctx context.Context) (*attract.Company, error) {
		r := db.reader(ctx)
		c, err := findCompany(r, id)
		if err != nil {
			return nil, err
		}
		for _, e := range embed {
			switch e {
			case "contacts":
				c.Contacts, _, err = findContacts(r, attract.ContactFilter{CompanyID: &id, Limit: maxLimit})
			case "projects":
				c.Projects, err = findCompanyProjects(r, id)
			default:
				var p attract.Problems
				p.Add("embed", "must be a list of contacts, projects", "须为以下各项组成的列表：contacts, projects")
				return nil, p.Err()
			}
			if err != nil {
				return nil, err
			}
		}
		return c, nil
	})
}

func findCompany(r reader, id int64) (*attract.Company, error) {
	c, err := scanCompany(r.queryRow(`SELECT `+companyColumns+` FROM companies c WHERE c.id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, notFound("company", id)
	}
	return c, err
}

// CountCompanyProjects counts the current projects a company invests in or
// is the enterprise of: those FindProjects lists, a page at a time, with
// ProjectFilter.CompanyID.
func (db *DB) CountCompanyProjects(ctx context.Context, id int64) (int, error) {
	if err := attract.Authorize(ctx, attract.PermProjectRead); err != nil {
		return 0, err
	}
	var n int
	q := projectWhere(db.dialect, attract.ProjectFilter{CompanyID: &id})
	err := db.reader(ctx).queryRow(`SELECT COUNT(*)`+q.fromWhere("projects p"), q.params()...).Scan(&n)
	return n, err
}

// CountCompanyContacts counts a company's current contacts: those
// FindContacts lists, a page at a time, with ContactFilter.CompanyID.
func (db *DB) CountCompanyContacts(ctx context.Context, id int64) (int, error) {
	if err := attract.Authorize(ctx, attract.PermContactRead); err != nil {
		return 0, err
	}
	var n int
	err := db.reader(ctx).queryRow(`SELECT COUNT(*) FROM contacts WHERE company_id = ? AND archived_at IS NULL`, id).Scan(&n)
	return n, err
}

// findCompanyProjects returns the current projects a company invests in or
// became, the maxLimit most recently updated.
func findCompanyProjects(r reader, id int64) ([]*attract.Project, error) {
	q := projectWhere(r.d, attract.ProjectFilter{CompanyID: &id})
	rows, err := r.query(`SELECT `+projectColumns+q.fromWhere("projects p")+` ORDER BY p.updated_at DESC, p.id DESC LIMIT `+strconv.Itoa(maxLimit), q.params()...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*attract.Project{}
	for rows.Next() {
		p, err := scanProject(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

var companySorts = map[string]sortKey[*attract.Company]{
	"name":       {col: "sort_name", kind: keyText, val: func(c *attract.Company) any { return SortName(c.DisplayName()) }},
	"updated_at": {col: "updated_at", kind: keyTime, val: func(c *attract.Company) any { return c.UpdatedAt }},
}

// FindCompanies lists companies matching f.
func (db *DB) FindCompanies(ctx context.Context, f attract.CompanyFilter) ([]*attract.Company, string, error) {
	if err := attract.Authorize(ctx, attract.PermCompanyRead); err != nil {
		return nil, "", err
	}
	var q listQuery
	if len(f.IDs) > 0 {
		// A record's investor is shown even once archived.
		args := make([]any, len(f.IDs))
		for i, id := range f.IDs {
			args[i] = id
		}
		q.add("c.id IN ("+placeholders(len(args))+")", args...)
	} else if f.Archived {
		q.add("c.archived_at IS NOT NULL")
	} else {
		q.add("c.archived_at IS NULL")
	}
	if f.Country != "" {
		code := f.Country
		if c, ok := attract.LookupCountry(code); ok {
			code = c.Alpha2
		}
		q.add("c.country = ?", code)
	}
	if f.Sector != "" {
		addSectorFilter(&q, "c.sector", f.Sector)
	}
	if f.ForeignInvested != nil {
		q.add("c.foreign_invested = ?", *f.ForeignInvested)
	}
	if f.OwnerID != nil {
		q.add("c.owner_id = ?", *f.OwnerID)
	}
	if f.TeamID != nil {
		q.add("c.team_id = ?", *f.TeamID)
	}
	if f.USCC != "" {
		q.add("c.uscc = ? AND c.uscc <> ''", attract.NormalizeUSCC(f.USCC)) // the partial index's condition
	}
	r := db.reader(ctx)
	if f.Q != "" {
		if err := r.addTextMatch(&q, "companies", "c", f.Q, true); err != nil {
			return nil, "", err
		}
	}
	pg, order, err := paginate(db.dialect, &q, "c.", companySorts, f.Sort, "name", f.Cursor, f.Limit)
	if err != nil {
		return nil, "", err
	}
	rows, err := r.query(`SELECT `+companyColumns+` FROM companies c`+q.whereSQL()+order+pg.limitSQL(), q.params()...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	out := []*attract.Company{}
	for rows.Next() {
		c, err := scanCompany(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	out, next := pg.next(out, func(c *attract.Company) int64 { return c.ID })
	return out, next, nil
}

// UpdateCompany applies patch to the company last read at version.
func (db *DB) UpdateCompany(ctx context.Context, id, version int64, patch attract.Patch) (*attract.Company, error) {
	if err := attract.Authorize(ctx, attract.PermCompanyWrite); err != nil {
		return nil, err
	}
	return write(db, ctx, func(tx *Tx) (*attract.Company, error) { return tx.updateCompany(id, version, patch) })
}

func (tx *Tx) updateCompany(id, version int64, patch attract.Patch) (*attract.Company, error) {
	c, err := tx.loadCompanyForWrite(id, version, attract.PermCompanyWrite)
	if err != nil {
		return nil, err
	}
	before := snapshot(c)
	if err := patch.Apply(&c.CompanyFields); err != nil {
		return nil, err
	}
	if err := tx.validateCompany(c); err != nil {
		return nil, err
	}
	c.UpdatedAt = tx.now
	sets := make([]string, len(companyWritable))
	for i, col := range companyWritable {
		sets[i] = col + " = ?"
	}
	res, err := tx.exec(`UPDATE companies SET `+strings.Join(sets, ", ")+`, version = version + 1 WHERE id = ? AND version = ?`,
		append(tx.companyValues(c), id, version)...)
	if err != nil {
		return nil, storeError(err, "company")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, conflict("company", id, version)
	}
	c.Version++
	if err := tx.audit("update", "company", id, before, c); err != nil {
		return nil, err
	}
	return c, nil
}

func (tx *Tx) loadCompanyForWrite(id, version int64, perm attract.Permission) (*attract.Company, error) {
	c, err := findCompany(tx.reader(), id)
	if err != nil {
		return nil, err
	}
	if err := attract.AuthorizeEdit(tx.ctx, perm, c.OwnerID, c.TeamID); err != nil {
		return nil, err
	}
	if c.Version != version {
		return nil, conflict("company", id, version)
	}
	return c, nil
}

// ArchiveCompany archives or restores a company.
func (db *DB) ArchiveCompany(ctx context.Context, id, version int64, archived bool) (*attract.Company, error) {
	if err := attract.Authorize(ctx, attract.PermCompanyArchive); err != nil {
		return nil, err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	c, err := tx.loadCompanyForWrite(id, version, attract.PermCompanyArchive)
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
	res, err := tx.exec(`UPDATE companies SET archived_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, tx.tsp(at), tx.ts(tx.now), id, version)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, conflict("company", id, version)
	}
	c.ArchivedAt, c.UpdatedAt, c.Version = at, tx.now, c.Version+1
	if err := tx.audit(action, "company", id, before, c); err != nil {
		return nil, err
	}
	return c, tx.Commit()
}

// DeleteCompany removes a company for good; it fails with ECONFLICT while
// projects, contacts or other companies still refer to it.
func (db *DB) DeleteCompany(ctx context.Context, id int64) error {
	return db.hardDelete(ctx, "company", "companies", id, func(r reader) (any, error) { return findCompany(r, id) })
}
