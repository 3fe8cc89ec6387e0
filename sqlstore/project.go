package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"attract"
)

// projectColumns are the stored columns of a project, in scanProject's order.
const projectColumns = `p.id, p.code, p.name_zh, p.name_en, p.type, p.investment_mode, p.source,
	p.investor_id, p.enterprise_id, p.source_economy, p.ultimate_source_economy,
	p.sector, p.sector_gb, p.business_activity, p.technology_level, p.tags,
	p.total_investment_amount, p.total_investment_currency,
	p.registered_capital_amount, p.registered_capital_currency,
	p.contracted_fdi_amount, p.contracted_fdi_currency, p.foreign_share_pct, p.amounts_confirmed,
	p.expected_jobs, p.jobs_confirmed, p.expected_output_amount, p.expected_output_currency,
	p.expected_tax_amount, p.expected_tax_currency, p.land_area_sqm, p.energy_use_tce,
	p.park, p.site, p.owner_id, p.team_id, p.key_project, p.priority, p.probability,
	p.next_action, p.next_action_due, p.notes,
	p.mou_planned, p.mou_actual, p.contract_planned, p.contract_actual, p.licence_planned, p.licence_actual,
	p.land_planned, p.land_actual, p.construction_planned, p.construction_actual, p.operation_planned, p.operation_actual,
	p.stage, p.line_stage, p.stage_changed_at, p.lost_reason, p.archived_at, p.demo, p.version,
	p.created_at, p.updated_at, p.created_by, p.external_id`

func scanProject(s interface{ Scan(...any) error }) (*attract.Project, error) {
	p := &attract.Project{}
	f := &p.ProjectFields
	var investor, enterprise, owner, team, createdBy sql.NullInt64
	var share, jobs, land, energy, prob sql.NullInt64
	var total, regcap, fdi, output, tax moneyCol
	dest := []any{&p.ID, &f.Code, &f.NameZH, &f.NameEN, &f.Type, &f.InvestmentMode, &f.Source,
		&investor, &enterprise, &f.SourceEconomy, &f.UltimateEconomy,
		&f.Sector, &f.SectorGB, &f.BusinessActivity, &f.TechnologyLevel, jsonCol{&f.Tags}}
	dest = append(dest, total.dest()...)
	dest = append(dest, regcap.dest()...)
	dest = append(dest, fdi.dest()...)
	dest = append(dest, &share, &f.AmountsConfirmed, &jobs, &f.JobsConfirmed)
	dest = append(dest, output.dest()...)
	dest = append(dest, tax.dest()...)
	dest = append(dest, &land, &energy, &f.Park, &f.Site, &owner, &team, &f.KeyProject, &f.Priority, &prob,
		&f.NextAction, dateCol{&f.NextActionDue}, &f.Notes,
		dateCol{&f.MOUPlanned}, dateCol{&f.MOUActual}, dateCol{&f.ContractPlanned}, dateCol{&f.ContractActual},
		dateCol{&f.LicencePlanned}, dateCol{&f.LicenceActual}, dateCol{&f.LandPlanned}, dateCol{&f.LandActual},
		dateCol{&f.ConstructionPlanned}, dateCol{&f.ConstructionActual}, dateCol{&f.OperationPlanned}, dateCol{&f.OperationActual},
		&p.Stage, &p.LineStage, timeCol{&p.StageChangedAt}, &p.LostReason, nullTimeCol{&p.ArchivedAt}, &p.Demo, &p.Version,
		timeCol{&p.CreatedAt}, timeCol{&p.UpdatedAt}, &createdBy, &f.ExternalID)
	if err := s.Scan(dest...); err != nil {
		return nil, err
	}
	f.InvestorID, f.EnterpriseID, f.OwnerID, f.TeamID, p.CreatedBy = idPtr(investor), idPtr(enterprise), idPtr(owner), idPtr(team), idPtr(createdBy)
	f.ForeignSharePct, f.ExpectedJobs, f.LandAreaSqm, f.EnergyUseTce, f.Probability = idPtr(share), idPtr(jobs), idPtr(land), idPtr(energy), idPtr(prob)
	f.TotalInvestment, f.RegisteredCapital, f.ContractedFDI, f.ExpectedOutput, f.ExpectedTax = total.value(), regcap.value(), fdi.value(), output.value(), tax.value()
	if f.Tags == nil {
		f.Tags = []string{}
	}
	return p, nil
}

// projectWritable lists the columns a create or update writes, in the order
// of projectValues.
var projectWritable = []string{"code", "name_zh", "name_en", "type", "investment_mode", "source",
	"investor_id", "enterprise_id", "source_economy", "ultimate_source_economy",
	"sector", "sector_gb", "business_activity", "technology_level", "tags",
	"total_investment_amount", "total_investment_currency", "registered_capital_amount", "registered_capital_currency",
	"contracted_fdi_amount", "contracted_fdi_currency", "foreign_share_pct", "amounts_confirmed",
	"expected_jobs", "jobs_confirmed", "expected_output_amount", "expected_output_currency",
	"expected_tax_amount", "expected_tax_currency", "land_area_sqm", "energy_use_tce",
	"park", "site", "owner_id", "team_id", "key_project", "priority", "probability",
	"next_action", "next_action_due", "notes",
	"mou_planned", "mou_actual", "contract_planned", "contract_actual", "licence_planned", "licence_actual",
	"land_planned", "land_actual", "construction_planned", "construction_actual", "operation_planned", "operation_actual",
	"stage", "line_stage", "stage_changed_at", "lost_reason", "updated_at", "sort_name", "search_text", "external_id"}

func (tx *Tx) projectValues(p *attract.Project) []any {
	f := &p.ProjectFields
	tags, _ := json.Marshal(f.Tags)
	if f.Tags == nil {
		tags = []byte("[]")
	}
	v := []any{f.Code, f.NameZH, f.NameEN, f.Type, f.InvestmentMode, f.Source,
		intArg(f.InvestorID), intArg(f.EnterpriseID), f.SourceEconomy, f.UltimateEconomy,
		f.Sector, f.SectorGB, f.BusinessActivity, f.TechnologyLevel, string(tags)}
	for _, m := range []*attract.Money{f.TotalInvestment, f.RegisteredCapital, f.ContractedFDI} {
		a, c := moneyArgs(m)
		v = append(v, a, c)
	}
	v = append(v, intArg(f.ForeignSharePct), f.AmountsConfirmed, intArg(f.ExpectedJobs), f.JobsConfirmed)
	for _, m := range []*attract.Money{f.ExpectedOutput, f.ExpectedTax} {
		a, c := moneyArgs(m)
		v = append(v, a, c)
	}
	v = append(v, intArg(f.LandAreaSqm), intArg(f.EnergyUseTce), f.Park, f.Site, intArg(f.OwnerID), intArg(f.TeamID),
		f.KeyProject, f.Priority, intArg(f.Probability), f.NextAction, dateArg(f.NextActionDue), f.Notes)
	for _, d := range []*attract.Date{f.MOUPlanned, f.MOUActual, f.ContractPlanned, f.ContractActual,
		f.LicencePlanned, f.LicenceActual, f.LandPlanned, f.LandActual,
		f.ConstructionPlanned, f.ConstructionActual, f.OperationPlanned, f.OperationActual} {
		v = append(v, dateArg(d))
	}
	return append(v, p.Stage, p.LineStage, tx.ts(p.StageChangedAt), p.LostReason, tx.ts(p.UpdatedAt),
		SortName(f.DisplayName()), searchText(f.Code, f.NameZH, f.NameEN, f.Notes, f.Park, f.Site), f.ExternalID)
}

// CreateProject stores a new project. It starts at lead unless p.Stage names
// a later stage, whose gates must then pass.
func (db *DB) CreateProject(ctx context.Context, p *attract.Project) error {
	if err := attract.Authorize(ctx, attract.PermProjectWrite); err != nil {
		return err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := tx.createProject(p); err != nil {
		return err
	}
	return tx.Commit()
}

func (tx *Tx) createProject(p *attract.Project) error {
	u := attract.UserFromContext(tx.ctx)
	if p.OwnerID == nil && u != nil {
		p.OwnerID = &u.ID
	}
	if p.TeamID == nil && u != nil {
		p.TeamID = u.TeamID
	}
	if err := attract.AuthorizeEdit(tx.ctx, attract.PermProjectWrite, p.OwnerID, p.TeamID); err != nil {
		return err
	}
	target := p.Stage
	if target == "" {
		target = attract.StageLead
	}
	p.Stage, p.LineStage = attract.StageLead, attract.StageLead
	if err := tx.validateProject(p); err != nil {
		return err
	}
	var enterprise *attract.Company
	if target != attract.StageLead {
		var err error
		if enterprise, err = tx.enterpriseOf(p); err != nil {
			return err
		}
		if err := attract.CheckGate(p, enterprise, attract.StageMove{To: target}); err != nil {
			return err
		}
	}
	if p.Code == "" {
		code, err := tx.nextProjectCode()
		if err != nil {
			return err
		}
		p.Code = code
	}
	p.Stage = target
	if idx := target.Index(); idx >= 0 {
		p.LineStage = target
	}
	p.CreatedAt, p.UpdatedAt, p.StageChangedAt = tx.now, tx.now, tx.now
	p.CreatedBy, _ = actor(tx.ctx)
	p.Version = 1
	cols := append(slices.Clone(projectWritable), "created_at", "created_by", "demo")
	args := append(tx.projectValues(p), tx.ts(p.CreatedAt), intArg(p.CreatedBy), p.Demo)
	id, err := tx.insert(`INSERT INTO projects (`+strings.Join(cols, ", ")+`) VALUES (`+placeholders(len(cols))+`)`, args...)
	if err != nil {
		return storeError(err, "project")
	}
	p.ID = id
	p.UtilizedFDI = []attract.Money{}
	if err := tx.recordStage(p.ID, nil, p.Stage, "", ""); err != nil {
		return err
	}
	return tx.audit("create", "project", p.ID, nil, p)
}

// validateProject checks the fields and that the records they point at exist.
func (tx *Tx) validateProject(p *attract.Project) error {
	var probs attract.Problems
	probs.Merge("", p.ProjectFields.Validate())
	for _, ref := range []struct {
		field, table string
		id           *int64
	}{
		{"investor_id", "companies", p.InvestorID}, {"enterprise_id", "companies", p.EnterpriseID},
		{"owner_id", "users", p.OwnerID}, {"team_id", "teams", p.TeamID},
	} {
		if err := tx.checkRef(&probs, ref.field, ref.table, ref.id); err != nil {
			return err
		}
	}
	return probs.Err()
}

// nextProjectCode returns the next code of the form PREFIX-YEAR-NNNN, the
// prefix coming from the setting project_code_prefix (default "P").
func (tx *Tx) nextProjectCode() (string, error) {
	prefix := "P"
	var v string
	switch err := tx.queryRow(`SELECT value FROM settings WHERE key = 'project_code_prefix'`).Scan(&v); err {
	case nil:
		prefix = v
	case sql.ErrNoRows:
	default:
		return "", err
	}
	year := tx.now.Year()
	name := fmt.Sprintf("project_code:%d", year)
	for {
		var n int64
		if err := tx.queryRow(`INSERT INTO counters (name, value) VALUES (?, 1)
			ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value`, name).Scan(&n); err != nil {
			return "", err
		}
		code := fmt.Sprintf("%s-%d-%04d", prefix, year, n)
		var taken int
		if err := tx.queryRow(`SELECT COUNT(*) FROM projects WHERE code = ?`, code).Scan(&taken); err != nil {
			return "", err
		}
		if taken == 0 {
			return code, nil
		}
	}
}

func (tx *Tx) recordStage(projectID int64, from *attract.Stage, to attract.Stage, note string, reason attract.LostReason) error {
	actorID, actorName := actor(tx.ctx)
	var fromArg any
	if from != nil {
		fromArg = string(*from)
	}
	_, err := tx.exec(`INSERT INTO stage_changes (project_id, from_stage, to_stage, at, actor_id, actor_name, note, lost_reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, projectID, fromArg, to, tx.ts(tx.now), intArg(actorID), actorName, note, reason)
	return err
}

// enterpriseOf loads the project's registered enterprise, if it names one.
func (tx *Tx) enterpriseOf(p *attract.Project) (*attract.Company, error) {
	if p.EnterpriseID == nil {
		return nil, nil
	}
	c, err := findCompany(tx.reader(), *p.EnterpriseID)
	if attract.ErrorCode(err) == attract.ENOTFOUND {
		return nil, nil
	}
	return c, err
}

// FindProjectByID returns a project with the embeds asked for: investor,
// enterprise, stage_history, inflows, activities, tasks, contacts.
func (db *DB) FindProjectByID(ctx context.Context, id int64, embed ...string) (*attract.Project, error) {
	if err := attract.Authorize(ctx, attract.PermProjectRead); err != nil {
		return nil, err
	}
	return readRecord(db, ctx, len(embed) > 0, func(ctx context.Context) (*attract.Project, error) {
		r := db.reader(ctx)
		p, err := findProject(r, id)
		if err != nil {
			return nil, err
		}
		if err := db.embedProjects(ctx, r, []*attract.Project{p}, embed); err != nil {
			return nil, err
		}
		return p, nil
	})
}

func findProject(r reader, id int64) (*attract.Project, error) {
	p, err := scanProject(r.queryRow(`SELECT `+projectColumns+` FROM projects p WHERE p.id = ?`, id))
	if err == sql.ErrNoRows {
		return nil, notFound("project", id)
	} else if err != nil {
		return nil, err
	}
	return p, nil
}

// ProjectEmbeds lists what FindProjectByID can embed.
var ProjectEmbeds = []string{"investor", "enterprise", "stage_history", "inflows", "activities", "tasks", "contacts"}

func (db *DB) embedProjects(ctx context.Context, r reader, ps []*attract.Project, embed []string) error {
	if len(ps) == 0 {
		return nil
	}
	for _, e := range embed {
		if !slices.Contains(ProjectEmbeds, e) {
			var p attract.Problems
			p.Add("embed", "must be a list of %s", "须为以下各项组成的列表：%s", strings.Join(ProjectEmbeds, ", "))
			return p.Err()
		}
	}
	for _, p := range ps {
		for _, e := range embed {
			var err error
			switch e {
			case "investor":
				if p.InvestorID != nil {
					p.Investor, err = findCompany(r, *p.InvestorID)
				}
			case "enterprise":
				if p.EnterpriseID != nil {
					p.Enterprise, err = findCompany(r, *p.EnterpriseID)
				}
			case "stage_history":
				p.StageHistory, err = findStageHistory(r, p.ID)
			case "inflows":
				p.Inflows, err = findInflows(r, p.ID)
			case "activities":
				pid := p.ID
				p.Activities, _, err = db.findActivities(r, attract.ActivityFilter{ProjectID: &pid, Limit: maxLimit})
			case "tasks":
				pid := p.ID
				p.Tasks, _, err = db.findTasks(r, attract.TaskFilter{ProjectID: &pid, Limit: maxLimit})
			case "contacts":
				p.Contacts, err = findProjectContacts(r, p)
			}
			if err != nil {
				return err
			}
		}
	}
	return deriveProjects(r, ps, slices.Contains(embed, "inflows"), slices.Contains(embed, "activities"))
}

// deriveProjects sets what is derived of each project: the utilized
// foreign capital, summed per currency from the ledger, and the time of the
// latest activity — from the ledger and the activities embedded when they
// are (the project page embeds the ledger: one statement fewer), else by a
// query each for all the projects.
func deriveProjects(r reader, ps []*attract.Project, inflows, activities bool) error {
	ids := make([]any, len(ps))
	byID := make(map[int64]*attract.Project, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
		byID[p.ID] = p
		p.UtilizedFDI = []attract.Money{}
		if inflows {
			sums := map[string]attract.Money{}
			for _, in := range p.Inflows {
				sum, err := sums[in.Amount.Currency].Add(in.Amount)
				if err != nil {
					return fmt.Errorf("utilized FDI of project %d: %w", p.ID, err)
				}
				sums[in.Amount.Currency] = sum
			}
			for _, c := range slices.Sorted(maps.Keys(sums)) {
				p.UtilizedFDI = append(p.UtilizedFDI, sums[c])
			}
		}
		if activities && len(p.Activities) > 0 {
			at := p.Activities[0].OccurredAt // latest first
			p.LastActivityAt = &at
		}
	}
	if !inflows {
		rows, err := r.query(`SELECT project_id, currency, SUM(amount) FROM capital_inflows WHERE project_id IN (`+placeholders(len(ids))+`)
			GROUP BY project_id, currency ORDER BY project_id, currency`, ids...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var pid int64
			var m attract.Money
			if err := rows.Scan(&pid, &m.Currency, &m.Amount); err != nil {
				rows.Close()
				return err
			}
			byID[pid].UtilizedFDI = append(byID[pid].UtilizedFDI, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	if !activities {
		rows, err := r.query(`SELECT project_id, MAX(occurred_at) FROM activities WHERE project_id IN (`+placeholders(len(ids))+`)
			GROUP BY project_id`, ids...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var pid int64
			var at *time.Time
			if err := rows.Scan(&pid, nullTimeCol{&at}); err != nil {
				rows.Close()
				return err
			}
			byID[pid].LastActivityAt = at
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func findStageHistory(r reader, projectID int64) ([]*attract.StageChange, error) {
	rows, err := r.query(`SELECT id, project_id, from_stage, to_stage, at, actor_id, actor_name, note, lost_reason
		FROM stage_changes WHERE project_id = ? ORDER BY at, id`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*attract.StageChange{}
	for rows.Next() {
		c := &attract.StageChange{}
		var from sql.NullString
		var actorID sql.NullInt64
		if err := rows.Scan(&c.ID, &c.ProjectID, &from, &c.To, timeCol{&c.At}, &actorID, &c.ActorName, &c.Note, &c.LostReason); err != nil {
			return nil, err
		}
		if from.Valid {
			s := attract.Stage(from.String)
			c.From = &s
		}
		c.ActorID = idPtr(actorID)
		out = append(out, c)
	}
	return out, rows.Err()
}

// findProjectContacts returns the contacts of the project's investor and
// enterprise.
func findProjectContacts(r reader, p *attract.Project) ([]*attract.Contact, error) {
	out := []*attract.Contact{}
	for _, id := range []*int64{p.InvestorID, p.EnterpriseID} {
		if id == nil {
			continue
		}
		cs, _, err := findContacts(r, attract.ContactFilter{CompanyID: id, Limit: maxLimit})
		if err != nil {
			return nil, err
		}
		out = append(out, cs...)
	}
	return out, nil
}

var projectSorts = map[string]sortKey[*attract.Project]{
	"updated_at":       {col: "updated_at", kind: keyTime, val: func(p *attract.Project) any { return p.UpdatedAt }},
	"created_at":       {col: "created_at", kind: keyTime, val: func(p *attract.Project) any { return p.CreatedAt }},
	"stage_changed_at": {col: "stage_changed_at", kind: keyTime, val: func(p *attract.Project) any { return p.StageChangedAt }},
	"name":             {col: "sort_name", kind: keyText, val: func(p *attract.Project) any { return SortName(p.DisplayName()) }},
	"code":             {col: "code", kind: keyText, val: func(p *attract.Project) any { return p.Code }},
}

// FindProjects lists projects matching f.
func (db *DB) FindProjects(ctx context.Context, f attract.ProjectFilter) ([]*attract.Project, string, error) {
	if err := attract.Authorize(ctx, attract.PermProjectRead); err != nil {
		return nil, "", err
	}
	r := db.reader(ctx)
	q := projectWhere(db.dialect, f)
	if f.Q != "" {
		if err := r.addTextMatch(&q, "projects", "p", f.Q, true); err != nil {
			return nil, "", err
		}
	}
	pg, order, err := paginate(db.dialect, &q, "p.", projectSorts, f.Sort, "-updated_at", f.Cursor, f.Limit)
	if err != nil {
		return nil, "", err
	}
	rows, err := r.query(`SELECT `+projectColumns+q.fromWhere("projects p")+order+pg.limitSQL(), q.params()...)
	if err != nil {
		return nil, "", err
	}
	var out []*attract.Project
	for rows.Next() {
		p, err := scanProject(rows)
		if err != nil {
			rows.Close()
			return nil, "", err
		}
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	out, next := pg.next(out, func(p *attract.Project) int64 { return p.ID })
	if out == nil {
		out = []*attract.Project{}
	}
	if err := db.embedProjects(ctx, r, out, nil); err != nil {
		return nil, "", err
	}
	return out, next, nil
}

// projectWhere builds the WHERE clause of f's filters (not its text query,
// sort or cursor), shared by the list and the board's stage summary so that both
// select the same projects.
func projectWhere(d dialect, f attract.ProjectFilter) listQuery {
	var q listQuery
	if f.Archived {
		q.add("p.archived_at IS NOT NULL")
	} else {
		q.add("p.archived_at IS NULL")
	}
	if len(f.IDs) > 0 {
		args := make([]any, len(f.IDs))
		for i, id := range f.IDs {
			args[i] = id
		}
		q.add("p.id IN ("+placeholders(len(args))+")", args...)
	}
	if len(f.Stages) > 0 {
		args := make([]any, len(f.Stages))
		for i, s := range f.Stages {
			args[i] = string(s)
		}
		q.add("p.stage IN ("+placeholders(len(args))+")", args...)
	}
	if f.OwnerID != nil {
		q.add("p.owner_id = ?", *f.OwnerID)
	}
	if f.TeamID != nil {
		q.add("p.team_id = ?", *f.TeamID)
	}
	switch f.Sector {
	case "":
	case attract.FilterNone:
		q.add("p.sector = ''")
	default:
		if f.SectorExact {
			q.add("p.sector = ?", strings.ToUpper(strings.TrimSpace(f.Sector)))
		} else {
			addSectorFilter(&q, "p.sector", f.Sector)
		}
	}
	if f.SourceEconomy != "" {
		q.add("p.source_economy = ?", strings.ToUpper(f.SourceEconomy))
	}
	if f.Type != "" {
		q.add("p.type = ?", string(f.Type))
	}
	switch f.Source {
	case "":
	case attract.FilterNone:
		q.add("p.source = ''")
	default:
		q.add("p.source = ?", f.Source)
	}
	if f.KeyProject != nil {
		q.add("p.key_project = ?", *f.KeyProject)
	}
	if f.InvestorID != nil {
		q.add("p.investor_id = ?", *f.InvestorID)
	}
	if id := f.CompanyID; id != nil && d.name() == "sqlite" {
		// A company's projects are a few among a million, but SQLite,
		// without statistics (docs/benchmarks.md, finding 9), would rather
		// walk a stage's or a team's index when the list filters by one
		// too. CROSS JOIN makes them the outer loop: SQLite keeps its order.
		q.from = `(SELECT id FROM projects WHERE investor_id = ? UNION SELECT id FROM projects WHERE enterprise_id = ?) c CROSS JOIN `
		q.fromArgs = []any{*id, *id}
		q.add("p.id = c.id")
	} else if id != nil {
		q.add("(p.investor_id = ? OR p.enterprise_id = ?)", *id, *id)
	}
	if f.CreatedFrom != nil {
		q.add("p.created_at >= ?", d.timeValue(f.CreatedFrom.In(attract.AgencyZone)))
	}
	if f.CreatedTo != nil {
		q.add("p.created_at < ?", d.timeValue(f.CreatedTo.AddDays(1).In(attract.AgencyZone)))
	}
	if f.ContractFrom != nil {
		q.add("p.contract_actual >= ?", f.ContractFrom.String())
	}
	if f.ContractTo != nil {
		q.add("p.contract_actual <= ?", f.ContractTo.String())
	}
	if f.NextActionDueTo != nil {
		q.add("p.next_action_due <= ?", f.NextActionDueTo.String())
	}
	return q
}

// addSectorFilter matches an ISIC code and every code under it: a section
// letter matches its classes through the reference table, a numeric prefix by
// LIKE on the index.
func addSectorFilter(q *listQuery, col, code string) {
	code = strings.ToUpper(strings.TrimSpace(code))
	if len(code) == 1 && code[0] >= 'A' && code[0] <= 'Z' {
		var codes []any
		for _, s := range attract.Sectors() {
			if s.Section == code && s.Level == "division" {
				codes = append(codes, s.Code)
			}
		}
		conds := make([]string, len(codes))
		args := make([]any, 0, len(codes)+1)
		for i, c := range codes {
			conds[i] = col + " LIKE ?"
			args = append(args, c.(string)+"%")
		}
		conds = append(conds, col+" = ?")
		args = append(args, code)
		q.add("("+strings.Join(conds, " OR ")+")", args...)
		return
	}
	q.add(col+" LIKE ?", code+"%")
}

// UpdateProject applies patch to the project last read at version.
func (db *DB) UpdateProject(ctx context.Context, id, version int64, patch attract.Patch) (*attract.Project, error) {
	if err := attract.Authorize(ctx, attract.PermProjectWrite); err != nil {
		return nil, err
	}
	return write(db, ctx, func(tx *Tx) (*attract.Project, error) { return tx.updateProject(id, version, patch) })
}

func (tx *Tx) updateProject(id, version int64, patch attract.Patch) (*attract.Project, error) {
	p, err := tx.loadProjectForWrite(id, version)
	if err != nil {
		return nil, err
	}
	before, code := snapshot(p), p.Code
	if err := patch.Apply(&p.ProjectFields); err != nil {
		return nil, err
	}
	if p.Code == "" {
		p.Code = code
	}
	if err := tx.validateProject(p); err != nil {
		return nil, err
	}
	if err := attract.CheckReached(p); err != nil {
		return nil, err
	}
	if err := tx.saveProject(p, "update", before); err != nil {
		return nil, err
	}
	return p, nil
}

// loadProjectForWrite reads a project in a write transaction, checking the
// caller's version and right to edit it.
func (tx *Tx) loadProjectForWrite(id, version int64) (*attract.Project, error) {
	p, err := findProject(tx.reader(), id)
	if err != nil {
		return nil, err
	}
	if err := attract.AuthorizeEdit(tx.ctx, attract.PermProjectWrite, p.OwnerID, p.TeamID); err != nil {
		return nil, err
	}
	if p.Version != version {
		return nil, conflict("project", id, version)
	}
	return p, tx.embedUtilized(p)
}

// saveProject writes p over the stored row at p.Version and audits the change.
// The version condition makes the last of two racing writers fail.
func (tx *Tx) saveProject(p *attract.Project, action string, before json.RawMessage) error {
	p.UpdatedAt = tx.now
	sets := make([]string, len(projectWritable))
	for i, c := range projectWritable {
		sets[i] = c + " = ?"
	}
	args := append(tx.projectValues(p), p.ID, p.Version)
	res, err := tx.exec(`UPDATE projects SET `+strings.Join(sets, ", ")+`, version = version + 1 WHERE id = ? AND version = ?`, args...)
	if err != nil {
		return storeError(err, "project")
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return conflict("project", p.ID, p.Version)
	}
	p.Version++
	if err := tx.embedUtilized(p); err != nil {
		return err
	}
	return tx.audit(action, "project", p.ID, before, p)
}

func (tx *Tx) embedUtilized(p *attract.Project) error {
	return tx.db.embedProjects(tx.ctx, tx.reader(), []*attract.Project{p}, nil)
}

// MoveStage moves a project to m.To after checking the gate.
func (db *DB) MoveStage(ctx context.Context, id int64, m attract.StageMove) (*attract.Project, error) {
	if err := attract.Authorize(ctx, attract.PermProjectWrite); err != nil {
		return nil, err
	}
	return write(db, ctx, func(tx *Tx) (*attract.Project, error) { return tx.moveStage(id, m) })
}

// moveStage is MoveStage inside a transaction, shared with Batch.
func (tx *Tx) moveStage(id int64, m attract.StageMove) (*attract.Project, error) {
	p, err := tx.loadProjectForWrite(id, m.Version)
	if err != nil {
		return nil, err
	}
	before, code := snapshot(p), p.Code
	if len(m.Patch) > 0 {
		var probs attract.Problems
		probs.Merge("set", m.Patch.Apply(&p.ProjectFields))
		if err := probs.Err(); err != nil {
			return nil, err
		}
		if p.Code == "" {
			p.Code = code
		}
		if err := tx.validateProject(p); err != nil {
			return nil, err
		}
	}
	enterprise, err := tx.enterpriseOf(p)
	if err != nil {
		return nil, err
	}
	if err := attract.CheckGate(p, enterprise, m); err != nil {
		return nil, err
	}
	from := p.Stage
	p.Stage = m.To
	if m.To.Index() >= 0 {
		p.LineStage = m.To
	}
	p.StageChangedAt = tx.now
	p.LostReason = ""
	if m.To == attract.StageLost {
		p.LostReason = m.LostReason
	}
	if err := tx.recordStage(p.ID, &from, m.To, strings.TrimSpace(m.Note), p.LostReason); err != nil {
		return nil, err
	}
	if err := tx.saveProject(p, "stage", before); err != nil {
		return nil, err
	}
	return p, nil
}

// ArchiveProject archives or restores a project.
func (db *DB) ArchiveProject(ctx context.Context, id, version int64, archived bool) (*attract.Project, error) {
	if err := attract.Authorize(ctx, attract.PermProjectArchive); err != nil {
		return nil, err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	p, err := tx.loadProjectForWrite(id, version)
	if err != nil {
		return nil, err
	}
	before := snapshot(p)
	action, at := "archive", &tx.now
	if !archived {
		action, at = "restore", nil
	}
	if (p.ArchivedAt != nil) == archived {
		return p, nil
	}
	res, err := tx.exec(`UPDATE projects SET archived_at = ?, version = version + 1, updated_at = ? WHERE id = ? AND version = ?`, tx.tsp(at), tx.ts(tx.now), id, version)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, conflict("project", id, version)
	}
	p.ArchivedAt, p.Version, p.UpdatedAt = at, p.Version+1, tx.now
	if err := tx.audit(action, "project", id, before, p); err != nil {
		return nil, err
	}
	return p, tx.Commit()
}

// DeleteProject removes a project with its history, ledger, activities and
// tasks. The audit log keeps the record as it was, with all of those.
func (db *DB) DeleteProject(ctx context.Context, id int64) error {
	return db.hardDelete(ctx, "project", "projects", id, func(r reader) (any, error) {
		// The audit keeps everything the delete takes with it: the stage
		// history, the ledger, the activities and the tasks.
		p, err := findProject(r, id)
		if err != nil {
			return nil, err
		}
		return p, db.embedProjects(ctx, r, []*attract.Project{p}, ProjectEmbeds)
	})
}

// hardDelete removes one row for good, admin only, auditing what it was.
func (db *DB) hardDelete(ctx context.Context, entity, table string, id int64, load func(reader) (any, error)) error {
	if err := attract.Authorize(ctx, attract.PermRecordDelete); err != nil {
		return err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	before, err := load(tx.reader())
	if err != nil {
		return err
	}
	if _, err := tx.exec(`DELETE FROM `+table+` WHERE id = ?`, id); err != nil {
		return storeError(err, entity)
	}
	if err := tx.audit("delete", entity, id, before, nil); err != nil {
		return err
	}
	return tx.Commit()
}

// CreateInflow adds an entry to a project's capital ledger.
func (db *DB) CreateInflow(ctx context.Context, in *attract.CapitalInflow) error {
	if err := attract.Authorize(ctx, attract.PermProjectWrite); err != nil {
		return err
	}
	_, err := write(db, ctx, func(tx *Tx) (struct{}, error) { return struct{}{}, tx.createInflow(in) })
	return err
}

func (tx *Tx) createInflow(in *attract.CapitalInflow) error {
	if err := in.Validate(); err != nil {
		return err
	}
	p, err := findProject(tx.reader(), in.ProjectID)
	if attract.ErrorCode(err) == attract.ENOTFOUND {
		var probs attract.Problems
		probs.Add("project_id", "no project with id %d", "编号为 %d 的项目不存在", in.ProjectID)
		return probs.Err()
	} else if err != nil {
		return err
	}
	if err := attract.AuthorizeEdit(tx.ctx, attract.PermProjectWrite, p.OwnerID, p.TeamID); err != nil {
		return err
	}
	in.CreatedAt, in.Version = tx.now, 1
	in.CreatedBy, _ = actor(tx.ctx)
	id, err := tx.insert(`INSERT INTO capital_inflows (project_id, date, amount, currency, note, demo, version, created_at, created_by, external_id)
		VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`, in.ProjectID, in.Date.String(), in.Amount.Amount, in.Amount.Currency, in.Note, in.Demo, tx.ts(in.CreatedAt), intArg(in.CreatedBy), in.ExternalID)
	if err != nil {
		return storeError(err, "inflow")
	}
	in.ID = id
	return tx.audit("create", "inflow", id, nil, in)
}

// FindInflows lists a project's capital ledger, oldest first.
func (db *DB) FindInflows(ctx context.Context, projectID int64) ([]*attract.CapitalInflow, error) {
	if err := attract.Authorize(ctx, attract.PermProjectRead); err != nil {
		return nil, err
	}
	r := db.reader(ctx)
	if _, err := findProject(r, projectID); err != nil {
		return nil, err
	}
	return findInflows(r, projectID)
}

const inflowColumns = `id, project_id, date, amount, currency, note, demo, version, created_at, created_by, external_id`

func scanInflow(s interface{ Scan(...any) error }) (*attract.CapitalInflow, error) {
	in := &attract.CapitalInflow{}
	var by sql.NullInt64
	err := s.Scan(&in.ID, &in.ProjectID, reqDateCol{&in.Date}, &in.Amount.Amount, &in.Amount.Currency, &in.Note, &in.Demo, &in.Version, timeCol{&in.CreatedAt}, &by, &in.ExternalID)
	in.CreatedBy = idPtr(by)
	return in, err
}

func findInflows(r reader, projectID int64) ([]*attract.CapitalInflow, error) {
	rows, err := r.query(`SELECT `+inflowColumns+` FROM capital_inflows WHERE project_id = ? ORDER BY date, id`, projectID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*attract.CapitalInflow{}
	for rows.Next() {
		in, err := scanInflow(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, rows.Err()
}

// DeleteInflow removes a ledger entry, as a correction.
func (db *DB) DeleteInflow(ctx context.Context, id, version int64) error {
	if err := attract.Authorize(ctx, attract.PermProjectWrite); err != nil {
		return err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	in, err := scanInflow(tx.queryRow(`SELECT `+inflowColumns+` FROM capital_inflows WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return notFound("inflow", id)
	} else if err != nil {
		return err
	}
	p, err := findProject(tx.reader(), in.ProjectID)
	if err != nil {
		return err
	}
	if err := attract.AuthorizeEdit(ctx, attract.PermProjectWrite, p.OwnerID, p.TeamID); err != nil {
		return err
	}
	res, err := tx.exec(`DELETE FROM capital_inflows WHERE id = ? AND version = ?`, id, version)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return conflict("inflow", id, version)
	}
	if err := tx.audit("delete", "inflow", id, in, nil); err != nil {
		return err
	}
	return tx.Commit()
}
