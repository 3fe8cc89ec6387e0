package demo

// The bulk generator writes a provincial-scale agency — any number of
// projects, ten activities and three tasks each, a company for every five
// projects, 200 users in 20 teams — straight into the tables, for the
// benchmark (package bench) and `attract demo --projects N` at large N.
// Generate goes through the store's services, which is what a demo of a few
// hundred projects should do, but it writes ~150 projects a second; a
// million would take two days. GenerateBulk writes the same kinds of rows
// with multi-row INSERTs (SQLite) or COPY (PostgreSQL) in large
// transactions, with the secondary indexes dropped during the load and
// built again at the end.

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"attract"
	"attract/sqlstore"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"golang.org/x/text/width"
)

// MaxBulkProjects is the largest Options.Projects GenerateBulk accepts.
const MaxBulkProjects = 10_000_000

// Bulk-data shape: 20 teams of nine officers, ten directors, five integrity
// officers and five viewers.
const (
	bulkTeams           = 20
	bulkOfficersPerTeam = 9
	bulkDirectors       = 10
	bulkIntegrity       = 5
	bulkViewers         = 5
	bulkUsers           = bulkTeams*bulkOfficersPerTeam + bulkDirectors + bulkIntegrity + bulkViewers // 200

	bulkChunk = 2_000 // projects per unit of work handed to the writer
)

// GenerateBulk fills an empty database with opt.Projects projects of a
// provincial agency, deterministically for opt.Seed and opt.Today: the
// stage mix of a real pipeline, the demo's sectors, sources and source
// economies, long-tailed amounts, a stage history consistent with each
// project's stage and milestones, about ten activities (with their
// participants) and three tasks per project, capital inflows for foreign
// projects past registration, about opt.Projects/5 companies with one or two
// contacts each, 200 users in 20 teams, and the monthly exchange rates.
// search_text and sort_name are filled exactly as the store fills them.
// Unlike Generate it writes no named projects, and the companies and
// projects it invents repeat names at scale.
//
// Every row is marked demo. The rows are written directly, not through the
// services, so the audit log gets no record of them (the exchange rates,
// written through the store, are audited). All demo users share one
// password hash of Password, computed once: argon2id for 200 users would
// take longer than the rest of a small run.
//
// Like Generate it refuses (EINVALID) a database that already holds
// projects. During the load the secondary indexes of the tables it fills
// are dropped and then rebuilt from their own definitions, and the
// triggers that keep the dashboard's rollups and the gram indexes of text
// search are suspended, what they keep rebuilt in one pass at the end
// (sqlstore's SuspendDerived); an interrupted run may leave indexes or
// triggers missing, so start again on a fresh database after an error.
// Nothing else may use db meanwhile.
func GenerateBulk(ctx context.Context, db *sqlstore.DB, opt Options) (Summary, error) {
	if err := opt.checkBulk(); err != nil {
		return Summary{}, err
	}
	var n int
	if err := db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM projects`).Scan(&n); err != nil {
		return Summary{}, fmt.Errorf("demo: count projects: %w", err)
	}
	if n > 0 {
		return Summary{}, attract.Errorf(attract.EINVALID,
			"The database already holds projects; demo data is generated only into an empty database so that it never mixes with real data.",
			"数据库中已有项目；演示数据只能生成到空数据库中，以免与真实数据混在一起。")
	}
	b, err := newBulk(ctx, db, opt)
	if err != nil {
		return Summary{}, err
	}
	if err := b.createRates(); err != nil {
		return b.sum, err
	}
	conn, err := db.SQL().Conn(ctx)
	if err != nil {
		return b.sum, err
	}
	defer conn.Close()
	var sink bulkSink
	if db.Dialect() == "postgres" {
		sink = &pgSink{conn: conn}
	} else {
		sink = &sqliteSink{conn: conn, stmts: map[string]*sql.Stmt{}}
	}
	resume, err := db.SuspendDerived(ctx)
	if err != nil {
		return b.sum, err
	}
	return b.sum, b.load(ctx, sink, resume)
}

// checkBulk validates the options of GenerateBulk.
func (o *Options) checkBulk() error {
	var p attract.Problems
	if o.Projects == 0 {
		o.Projects = DefaultProjects
	}
	if o.Projects < 1 || o.Projects > MaxBulkProjects {
		p.Add("projects", "must be between 1 and %d", "须在 1 与 %d 之间", MaxBulkProjects)
	}
	if o.Today.IsZero() {
		p.Add("today", "is required: pass the date the demo's three years end on", "为必填项：请传入演示数据三年时间线的截止日期")
	} else if o.Today.Year < 2000 || o.Today.Year > 2200 {
		p.Add("today", "must be a date between the years 2000 and 2200", "须为 2000 年至 2200 年之间的日期")
	}
	return p.Err()
}

// bulkFold is the store's text folding (sqlstore's normalize): full-width
// forms to half-width, letters to lower case, runs of space to one. A test
// holds the two equal.
func bulkFold(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(width.Fold.String(s))), " ")
}

// bulkSearchText is the store's searchText: the folded parts, each ended by
// a newline, empty parts left out.
func bulkSearchText(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p = bulkFold(p); p != "" {
			b.WriteString(p)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// The tables the bulk generator fills, with their columns in row order.
type bulkTable struct {
	name string
	cols []string
}

var (
	tTeams     = &bulkTable{"teams", []string{"id", "name", "version", "created_at"}}
	tUsers     = &bulkTable{"users", []string{"id", "username", "name", "email", "role", "team_id", "language", "disabled", "password_hash", "demo", "version", "created_at", "updated_at"}}
	tCompanies = &bulkTable{"companies", []string{"id", "name_zh", "name_en", "uscc", "foreign_reg_no", "country", "sector", "foreign_invested", "investment_mode",
		"registration_date", "registered_capital_amount", "registered_capital_currency", "website", "notes", "owner_id", "team_id",
		"demo", "version", "created_at", "updated_at", "sort_name", "search_text"}}
	tContacts = &bulkTable{"contacts", []string{"id", "company_id", "name_zh", "name_en", "title", "email", "phone", "wechat", "language", "notes",
		"owner_id", "team_id", "demo", "version", "created_at", "updated_at", "sort_name", "search_text"}}
	tProjects = &bulkTable{"projects", []string{"id", "code", "name_zh", "name_en", "type", "investment_mode", "source",
		"investor_id", "enterprise_id", "source_economy", "ultimate_source_economy",
		"sector", "business_activity", "technology_level", "tags",
		"total_investment_amount", "total_investment_currency", "registered_capital_amount", "registered_capital_currency",
		"contracted_fdi_amount", "contracted_fdi_currency", "foreign_share_pct", "amounts_confirmed",
		"expected_jobs", "jobs_confirmed", "expected_output_amount", "expected_output_currency",
		"expected_tax_amount", "expected_tax_currency", "land_area_sqm", "energy_use_tce",
		"park", "site", "owner_id", "team_id", "key_project", "priority", "probability",
		"next_action", "next_action_due", "notes",
		"mou_actual", "contract_planned", "contract_actual", "licence_planned", "licence_actual",
		"land_planned", "land_actual", "construction_planned", "construction_actual", "operation_planned", "operation_actual",
		"stage", "line_stage", "stage_changed_at", "lost_reason", "demo", "version", "created_at", "updated_at", "created_by",
		"sort_name", "search_text"}}
	tStageChanges = &bulkTable{"stage_changes", []string{"id", "project_id", "from_stage", "to_stage", "at", "actor_id", "actor_name", "note", "lost_reason"}}
	tActivities   = &bulkTable{"activities", []string{"id", "kind", "subject", "notes", "occurred_at", "project_id", "company_id",
		"demo", "version", "created_at", "updated_at", "created_by"}}
	tActivityUsers    = &bulkTable{"activity_users", []string{"activity_id", "user_id"}}
	tActivityContacts = &bulkTable{"activity_contacts", []string{"activity_id", "contact_id"}}
	tTasks            = &bulkTable{"tasks", []string{"id", "title", "notes", "assignee_id", "due_date", "status", "project_id",
		"done_at", "demo", "version", "created_at", "updated_at", "created_by"}}
	tInflows = &bulkTable{"capital_inflows", []string{"id", "project_id", "date", "amount", "currency", "note", "demo", "version", "created_at", "created_by"}}

	// bulkTables are in the order rows are written: parents first.
	bulkTables = []*bulkTable{tTeams, tUsers, tCompanies, tContacts, tProjects, tStageChanges, tActivities, tActivityUsers, tActivityContacts, tTasks, tInflows}
)

// bulkRows is a batch of rows for each table, each batch a flat slice of
// values, len(cols) per row.
type bulkRows map[*bulkTable][]any

func (r bulkRows) add(t *bulkTable, vals ...any) { r[t] = append(r[t], vals...) }

// bulkSink writes batches of rows in one dialect.
type bulkSink interface {
	// prepare readies the connection for the load and drops the secondary
	// indexes of the tables, returning the statements that rebuild them.
	prepare(ctx context.Context, tables []string) ([]string, error)
	begin(ctx context.Context) error
	write(ctx context.Context, rows bulkRows) error
	commit(ctx context.Context) error
	rollback()
	// finish rebuilds the indexes and restores the connection's settings.
	finish(ctx context.Context, indexes []string) error
	ts(t time.Time) any
	date(d attract.Date) any
	boolean(v bool) any
}

// bulk holds the state of one GenerateBulk call.
type bulk struct {
	ctx context.Context
	db  *sqlstore.DB
	g   *generator // its random source, word lists, parks and calendar
	opt Options
	sum Summary

	base    map[string]int64 // the largest id in each table before the load
	nextID  map[string]int64
	users   []bulkUser
	byTeam  [][]int // indexes into users of each team's officers
	leaders []int   // the directors
	comps   []bulkCompany
	invest  []int // indexes into comps of investors
	locals  []int // indexes into comps of enterprises registered here
	byPhase [][]activityTemplate
	hash    string
}

type bulkUser struct {
	id       int64
	username string
	team     int // -1 for none
}

type bulkCompany struct {
	id        int64
	econ, ind int
	brand     pair
	word      pair
	contacts  []int64
	team      int
	owner     int
}

func newBulk(ctx context.Context, db *sqlstore.DB, opt Options) (*bulk, error) {
	g := newGenerator(ctx, attract.NewSystemContext(ctx), db, opt)
	b := &bulk{ctx: ctx, db: db, g: g, opt: opt, base: map[string]int64{}, nextID: map[string]int64{}}
	for _, t := range bulkTables {
		if t == tActivityUsers || t == tActivityContacts {
			continue
		}
		var max sql.NullInt64
		if err := db.SQL().QueryRowContext(ctx, `SELECT MAX(id) FROM `+t.name).Scan(&max); err != nil {
			return nil, fmt.Errorf("demo: read ids of %s: %w", t.name, err)
		}
		b.base[t.name], b.nextID[t.name] = max.Int64, max.Int64
	}
	b.byPhase = make([][]activityTemplate, phaseAftercare+1)
	for _, t := range activityTemplates {
		b.byPhase[t.phase] = append(b.byPhase[t.phase], t)
	}
	// The rates are planned as Generate plans them; they need a director to
	// schedule their entry, which the bulk generator does itself instead.
	g.directors = []*staff{{}}
	g.planRates()
	g.events = nil
	return b, nil
}

// id returns the next id of a table.
func (b *bulk) id(t *bulkTable) int64 {
	b.nextID[t.name]++
	return b.nextID[t.name]
}

// createRates enters the monthly exchange rates through the store.
func (b *bulk) createRates() error {
	sys := attract.NewSystemContext(b.ctx)
	for _, m := range b.g.rates {
		if !m.entered {
			continue
		}
		for _, r := range []struct{ base, rate string }{
			{"USD", m.usdText}, {"HKD", m.hkdText}, {"EUR", m.eurText}, {"JPY", m.jpyText},
		} {
			er := &attract.ExchangeRate{Date: m.date, Base: r.base, Quote: "CNY", Rate: r.rate, Source: rateSource}
			err := b.db.CreateExchangeRate(sys, er)
			var ae *attract.Error
			switch {
			case err == nil:
				b.sum.Rates++
			case errors.As(err, &ae) && ae.Code == attract.ECONFLICT:
			default:
				return wrap(fmt.Sprintf("exchange rate %s/CNY on %s", r.base, m.date), err)
			}
		}
	}
	return nil
}

// load plans and writes everything: the staff and companies first, then
// the projects in chunks, planned by one goroutine while the writer writes
// the previous chunk. The random numbers are drawn in one fixed order, so
// the data depends on the seed alone. At the end derive rebuilds what the
// suspended triggers keep, then the indexes are built.
func (b *bulk) load(ctx context.Context, sink bulkSink, derive func(context.Context) error) (err error) {
	names := make([]string, len(bulkTables))
	for i, t := range bulkTables {
		names[i] = t.name
	}
	indexes, err := sink.prepare(ctx, names)
	start := time.Now()
	defer func() {
		// Both even after a failure (of the preparation too: it may have
		// dropped some indexes), so that the database keeps its schema;
		// the rows written so far stay. What the triggers keep comes
		// first: without the secondary indexes its scans read each table
		// in order (SQLite took the rollups' through an index, a seek per
		// project).
		ctx := context.WithoutCancel(ctx)
		// A large load takes minutes: the time of each phase (the rows;
		// what the triggers keep, the rollups and on SQLite the gram
		// indexes; the indexes) is logged as it ends, unless it failed.
		logged := func(msg string, args ...any) {
			if err == nil {
				b.db.Logger.Info(msg, append(args, "took", since(&start))...)
			}
		}
		logged("demo: rows written", "projects", b.sum.Projects, "activities", b.sum.Activities)
		if derr := derive(ctx); derr != nil && err == nil {
			err = fmt.Errorf("demo: rebuild what the suspended triggers keep: %w", derr)
		}
		logged("demo: derived tables rebuilt")
		if ferr := sink.finish(ctx, indexes); ferr != nil && err == nil {
			err = fmt.Errorf("demo: rebuild indexes: %w", ferr)
		}
		logged("demo: indexes built", "indexes", len(indexes))
	}()
	if err != nil {
		return fmt.Errorf("demo: prepare the bulk load: %w", err)
	}

	// The load allocates hundreds of millions of short-lived values; the
	// collector runs less often meanwhile.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	b.hash = sqlstore.HashPassword(Password)
	head := bulkRows{}
	b.planStaff(head, sink)
	b.planCompanies(head, sink)
	if err := b.writeTx(ctx, sink, head); err != nil {
		return err
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan bulkRows, 2)
	go func() {
		defer close(chunks)
		for start := 0; start < b.opt.Projects; start += bulkChunk {
			rows := bulkRows{}
			for i := start; i < min(start+bulkChunk, b.opt.Projects); i++ {
				b.planProject(rows, sink, i)
			}
			select {
			case chunks <- rows:
			case <-ctx.Done():
				return
			}
		}
	}()
	// Each transaction holds a few chunks: large enough that commits cost
	// nothing, small enough that the WAL stays small.
	const chunksPerTx = 10
	inTx := 0
	for rows := range chunks {
		if inTx == 0 {
			if err := sink.begin(ctx); err != nil {
				return err
			}
		}
		if err := sink.write(ctx, rows); err != nil {
			sink.rollback()
			return fmt.Errorf("demo: bulk write: %w", err)
		}
		b.count(rows)
		if inTx++; inTx == chunksPerTx {
			if err := sink.commit(ctx); err != nil {
				return err
			}
			inTx = 0
		}
	}
	if inTx > 0 {
		if err := sink.commit(ctx); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// since returns the time since *t, rounded for a log, and restarts *t.
func since(t *time.Time) time.Duration {
	now := time.Now()
	d := now.Sub(*t)
	*t = now
	return d.Round(100 * time.Millisecond)
}

func (b *bulk) writeTx(ctx context.Context, sink bulkSink, rows bulkRows) error {
	if err := sink.begin(ctx); err != nil {
		return err
	}
	if err := sink.write(ctx, rows); err != nil {
		sink.rollback()
		return fmt.Errorf("demo: bulk write: %w", err)
	}
	b.count(rows)
	return sink.commit(ctx)
}

// count adds the rows written to the summary.
func (b *bulk) count(rows bulkRows) {
	n := func(t *bulkTable) int { return len(rows[t]) / len(t.cols) }
	b.sum.Teams += n(tTeams)
	b.sum.Users += n(tUsers)
	b.sum.Companies += n(tCompanies)
	b.sum.Contacts += n(tContacts)
	b.sum.Projects += n(tProjects)
	b.sum.Activities += n(tActivities)
	b.sum.Tasks += n(tTasks)
	b.sum.Inflows += n(tInflows)
}

// bulkTeamName names the 20 teams: the demo's four desks, five teams each.
func bulkTeamName(i int) string {
	return fmt.Sprintf("%s%s", teamNames[i/5], []string{"一队", "二队", "三队", "四队", "五队"}[i%5])
}

// planStaff plans the teams and users, two weeks before the three years.
func (b *bulk) planStaff(rows bulkRows, sink bulkSink) {
	g := b.g
	at := sink.ts(timeOn(g.start.AddDays(-14), 9*60))
	teamIDs := make([]int64, bulkTeams)
	for i := range bulkTeams {
		teamIDs[i] = b.id(tTeams)
		rows.add(tTeams, teamIDs[i], bulkTeamName(i), 1, at)
	}
	b.byTeam = make([][]int, bulkTeams)
	taken := map[string]int{}
	add := func(role attract.Role, team int) {
		p := g.person("cn", "zh")
		key := p.emailKey
		taken[key]++
		if k := taken[key]; k > 1 {
			key = fmt.Sprintf("%s%d", key, k)
		}
		u := bulkUser{id: b.id(tUsers), username: key, team: team}
		var teamID any
		if team >= 0 {
			teamID = teamIDs[team]
			b.byTeam[team] = append(b.byTeam[team], len(b.users))
		} else if role == attract.RoleDirector {
			b.leaders = append(b.leaders, len(b.users))
		}
		b.users = append(b.users, u)
		rows.add(tUsers, u.id, u.username, p.zh, u.username+"@"+staffDomain, string(role), teamID, "zh",
			sink.boolean(false), b.hash, sink.boolean(true), 1, at, at)
	}
	for range bulkDirectors {
		add(attract.RoleDirector, -1)
	}
	for t := range bulkTeams {
		for range bulkOfficersPerTeam {
			add(attract.RoleOfficer, t)
		}
	}
	for range bulkIntegrity {
		add(attract.RoleIntegrity, -1)
	}
	for range bulkViewers {
		add(attract.RoleViewer, -1)
	}
}

// usccAlphabet is GB 32100's character set.
const usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// bulkUSCC returns a valid USCC of the division that differs for each n:
// the organisation code carries n in base 31.
func bulkUSCC(division string, n int) string {
	org := []byte("MA")
	digits := make([]byte, 6)
	for i := 5; i >= 0; i-- {
		digits[i] = usccAlphabet[n%len(usccAlphabet)]
		n /= len(usccAlphabet)
	}
	org = append(org, digits...)
	sum := 0
	for i, c := range org {
		v := int(c - '0')
		if c >= 'A' {
			v = int(c-'A') + 10
		}
		sum += v * gb11714Weights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		org = append(org, 'X')
	case 11:
		org = append(org, '0')
	default:
		org = append(org, byte('0'+c))
	}
	first17 := "91" + division + string(org)
	check, err := attract.USCCCheckChar(first17)
	if err != nil {
		panic("demo: " + err.Error()) // the alphabet and divisions are fixed
	}
	return first17 + string(check)
}

// bulkQualifiers tell apart companies of the same brand and trade.
var bulkQualifiers = []pair{{"", ""}, {"国际", "International"}, {"环球", "Global"}, {"亚太", "Asia Pacific"}, {"实业", "Industrial"},
	{"控股", "Holdings"}, {"科技", "Technology"}, {"创新", "Innovation"}, {"智造", "Smart Manufacturing"}, {"发展", "Development"}}

// planCompanies plans opt.Projects/5 companies: three in ten are
// enterprises registered here (the registered projects' enterprises), the
// rest investors from the demo's source economies, each with one or two
// contacts.
func (b *bulk) planCompanies(rows bulkRows, sink bulkSink) {
	g := b.g
	n := max(2, b.opt.Projects/5)
	econWeights := make([]weighted, len(economies))
	for i, e := range economies {
		econWeights[i] = weighted{i, e.weight}
	}
	created := sink.ts(timeOn(g.start.AddDays(-7), 10*60))
	for i := range n {
		local := i%10 < 3
		c := bulkCompany{id: b.id(tCompanies)}
		c.econ = g.pickWeighted(econWeights)
		if local {
			c.econ = econCN
		}
		picked := g.pickIndustry(c.econ)
		c.ind = slices.IndexFunc(industries, func(ind industry) bool { return ind.isic == picked.isic })
		ind := &industries[c.ind]
		c.brand = pick(g, economies[c.econ].brands)
		c.word = pick(g, ind.company)
		q := bulkQualifiers[g.r.IntN(len(bulkQualifiers))]
		brand := pair{c.brand.zh + q.zh, strings.TrimSpace(c.brand.en + " " + q.en)}
		team := economies[c.econ].team
		if team < 0 {
			team = teamHKMOTW
		}
		c.team = team*5 + g.r.IntN(5)
		c.owner = pick(g, b.byTeam[c.team])
		var name pair
		f := attract.CompanyFields{Country: economies[c.econ].code, Sector: ind.isic, Website: "https://www." + domainOf(c.brand, c.word)}
		var regDate, regAmount, regCurrency, mode any
		if local {
			park := g.parks[g.pickWeighted(ind.parks)]
			name = pair{"肇庆" + brand.zh + c.word.zh + "有限公司", "Zhaoqing " + brand.en + " " + c.word.en + " Co., Ltd."}
			f.USCC = bulkUSCC(park.division, i)
			f.ForeignInvested = g.chance(0.7)
			mode = string(attract.ModeWFOE)
			if !f.ForeignInvested {
				mode = string(attract.ModeDomestic)
			}
			regDate = sink.date(g.start.AddDays(g.r.IntN(daysBetween(g.start, g.last))))
			regAmount, regCurrency = roundWan(math.Pow(10, 3+g.uniform(0, 1.5)))*1_000_000, "CNY"
		} else {
			name = companyName(c.econ, brand, c.word)
			if c.econ == econCN {
				f.USCC = bulkUSCC(pick(g, mainlandCities).division, i)
			} else {
				f.ForeignRegNo = g.registrationNumber(economies[c.econ].regNo)
			}
		}
		if local {
			b.locals = append(b.locals, i)
		} else {
			b.invest = append(b.invest, i)
		}
		f.NameZH, f.NameEN = name.zh, name.en
		rows.add(tCompanies, c.id, f.NameZH, f.NameEN, f.USCC, f.ForeignRegNo, f.Country, f.Sector, sink.boolean(f.ForeignInvested), orEmpty(mode),
			regDate, regAmount, regCurrency, f.Website, "", b.users[c.owner].id, c.team+int(b.base["teams"])+1,
			sink.boolean(true), 1, created, created, sqlstore.SortName(f.DisplayName()), bulkSearchText(f.NameZH, f.NameEN, f.USCC, f.ForeignRegNo, ""))
		style, lang, phone := economies[c.econ].style, economies[c.econ].language, economies[c.econ].phone
		if style == "" {
			style, lang, phone = "hk", "zh", "hk"
		}
		titles := titlesSenior
		if local {
			style, lang, phone, titles = "cn", "zh", "cn", titlesLocal
		}
		k := 1 + g.r.IntN(2)
		for j := range k {
			cf := g.contactFor(g.person(style, lang), pick(g, titles), domainOf(c.brand, c.word), phone)
			if j > 0 {
				titles = titlesMiddle
			}
			id := b.id(tContacts)
			c.contacts = append(c.contacts, id)
			rows.add(tContacts, id, c.id, cf.NameZH, cf.NameEN, cf.Title, cf.Email, cf.Phone, cf.WeChat, cf.Language, "",
				b.users[c.owner].id, c.team+int(b.base["teams"])+1, sink.boolean(true), 1, created, created,
				sqlstore.SortName(cf.DisplayName()), bulkSearchText(cf.NameZH, cf.NameEN, cf.Title, cf.Email, cf.Phone, cf.WeChat, ""))
		}
		b.comps = append(b.comps, c)
	}
}

func orEmpty(v any) any {
	if v == nil {
		return ""
	}
	return v
}

// stageAt returns the line stage a project with these moves stood at at t.
func stageAt(moves []timelineMove, t time.Time) attract.Stage {
	s := attract.StageLead
	for _, m := range moves {
		if m.at.After(t) {
			break
		}
		if m.to.Index() >= 0 {
			s = m.to
		}
	}
	return s
}

func phaseAt(moves []timelineMove, t time.Time) int {
	switch s := stageAt(moves, t); {
	case s == attract.StageOperating:
		return phaseAftercare
	case s.Index() >= attract.StageRegistered.Index():
		return phaseBuilding
	case s.Index() >= attract.StageNegotiating.Index():
		return phaseNegotiating
	}
	return phaseCourting
}

var stageWeights = func() []weighted {
	ws := make([]weighted, len(stageMix))
	for i, m := range stageMix {
		ws[i] = weighted{i, m.weight}
	}
	return ws
}()

var probabilityAt = map[attract.Stage]int64{
	attract.StageLead: 10, attract.StageContacted: 20, attract.StageNegotiating: 50, attract.StageSigned: 90,
	attract.StageRegistered: 100, attract.StageConstruction: 100, attract.StageOperating: 100, attract.StageOnHold: 20, attract.StageLost: 0,
}

// lostReasons are drawn as planLoss draws them.
var lostReasons = []struct {
	reason attract.LostReason
	note   string
	w      int
}{
	{attract.LostOtherLocation, "投资方最终选择落户其他地区。", 35},
	{attract.LostCancelled, "投资方集团战略调整，取消本次投资。", 20},
	{attract.LostNoResponse, "多次联系未获回复。", 20},
	{attract.LostNotQualified, "项目能耗和环保指标不符合园区准入要求。", 15},
	{attract.LostMerged, "并入该投资方的另一项目统一推进。", 4},
	{attract.LostOther, "投资方要求以低于基准地价的价格供地，未能达成一致。", 6},
}

// bulkRates are the CNY rates the bulk generator converts contracted
// foreign investment with; amounts are rounded anyway.
var bulkRates = map[string]float64{"USD": 7.1, "HKD": 0.91, "EUR": 7.8}

// planProject plans project i with its history, activities, tasks and
// inflows, and adds their rows.
func (b *bulk) planProject(rows bulkRows, sink bulkSink, i int) {
	g := b.g
	// Investors are drawn with a long tail: some groups bring many projects.
	inv := b.comps[b.invest[int(float64(len(b.invest))*math.Pow(g.r.Float64(), 1.6))]]
	econ := inv.econ
	ult := g.pickWeighted(economies[econ].routes)
	ind := &industries[inv.ind]
	if g.chance(0.15) {
		ind = g.pickIndustry(ult)
	}
	domestic := econ == econCN
	team, owner := inv.team, inv.owner
	if g.chance(0.2) {
		owner = pick(g, b.byTeam[team])
	}
	ownerU := b.users[owner]
	final := stageMix[g.pickWeighted(stageWeights)].stage

	// The path and its dates, as planTimeline draws them.
	reach := final
	switch final {
	case attract.StageOnHold:
		reach = []attract.Stage{attract.StageContacted, attract.StageNegotiating, attract.StageSigned}[g.pickWeighted([]weighted{{0, 20}, {1, 60}, {2, 20}})]
	case attract.StageLost:
		reach = attract.LineStages[g.pickWeighted([]weighted{{0, 30}, {1, 30}, {2, 35}, {3, 5}})]
	}
	var steps []timelineStep
	for _, s := range attract.LineStages[1 : reach.Index()+1] {
		steps = append(steps, timelineStep{s, g.between(stepDays(s))})
	}
	created, moves, end := g.fitTimeline(steps, final)
	moveAt := func(s attract.Stage) (time.Time, bool) {
		for _, m := range moves {
			if m.to == s {
				return m.at, true
			}
		}
		return time.Time{}, false
	}

	// Type, mode and amounts, as planGenerated and planAmounts draw them.
	typ := attract.TypeGreenfield
	switch n := g.r.IntN(100); {
	case n < 12:
		typ = attract.TypeExpansion
	case n < 16:
		typ = attract.TypeReinvestment
	case n < 20:
		typ = attract.TypeMA
	case n < 25 && !domestic:
		typ = attract.TypeJointVenture
	}
	mode := attract.ModeDomestic
	if !domestic {
		switch n := g.r.IntN(100); {
		case typ == attract.TypeJointVenture || n < 22:
			mode = attract.ModeEJV
		case n < 25:
			mode = attract.ModeCJV
		case n < 30:
			mode = attract.ModePartnership
		default:
			mode = attract.ModeWFOE
		}
	}
	key := g.chance(0.03)
	var l float64
	if key {
		l = 5 + g.uniform(0, 0.7)
	} else {
		l = min(4.75, max(3.0, 3.85+ind.scale+g.r.NormFloat64()*0.42))
	}
	totalWan := roundWan(math.Pow(10, l))
	key = key || totalWan >= 100_000
	estimateWan := roundWan(float64(totalWan) * g.uniform(0.8, 1.2))
	var share int64
	var fdiAmount, fdiCurrency any
	regAmount, regCurrency := any(roundWan(float64(totalWan)*g.uniform(0.2, 0.5))*1_000_000), any("CNY")
	if !domestic {
		switch mode {
		case attract.ModeEJV:
			share = int64(g.between(5, 15) * 5)
		case attract.ModeCJV:
			share = int64(g.between(10, 14) * 5)
		default:
			share = 100
		}
		cur := pick(g, economies[econ].currencies)
		rate := bulkRates[cur]
		fdiAmount = roundUnits(float64(totalWan)*1e4*float64(share)/100*g.uniform(0.6, 1.0)/rate) * 100
		fdiCurrency = cur
		regAmount, regCurrency = roundUnits(float64(totalWan)*1e4/rate*g.uniform(0.35, 0.7))*100, cur
	}
	var mu int64
	if ind.land {
		perMu := g.uniform(250, 500)
		if ind.activity == "" {
			perMu = g.uniform(5, 20)
		}
		mu = max(5, int64(float64(totalWan)/perMu))
	}

	// Names and text.
	product := pick(g, ind.products)
	var name pair
	switch typ {
	case attract.TypeExpansion:
		name = pair{inv.brand.zh + product.zh + "扩产项目", inv.brand.en + " " + product.en + " Expansion Project"}
	case attract.TypeReinvestment:
		name = pair{inv.brand.zh + product.zh + "增资扩产项目", inv.brand.en + " " + product.en + " Reinvestment Project"}
	case attract.TypeMA:
		name = pair{inv.brand.zh + product.zh + "并购项目", inv.brand.en + " " + product.en + " Acquisition Project"}
	case attract.TypeJointVenture:
		name = pair{inv.brand.zh + product.zh + "合资项目", inv.brand.en + " " + product.en + " Joint Venture Project"}
	default:
		base := pair{}
		switch {
		case ind.activity == "manufacturing" && totalWan >= 100_000:
			base = pair{"产业园", "Industrial Park"}
		case ind.activity == "manufacturing":
			base = pick(g, manufacturingBases)
		}
		name = pair{inv.brand.zh + product.zh + base.zh + "项目", strings.Join(strings.Fields(inv.brand.en+" "+product.en+" "+base.en), " ") + " Project"}
	}
	parkIdx := g.pickWeighted(ind.parks)
	park := g.parks[parkIdx]
	place := pick(g, park.places)
	parkName := ""
	if reach.Index() >= attract.StageNegotiating.Index() || g.chance(0.6) {
		parkName = park.name
	}
	site := ""
	if reach.Index() >= attract.StageConstruction.Index() {
		site = fmt.Sprintf("%s %d 号地块", place, g.between(1, 60))
	}
	code := fmt.Sprintf("ZQ-%d-%06d", attract.AgencyDate(created).Year, i+1)
	sourceEconomy, ultimate := economies[econ].code, economies[ult].code
	if domestic {
		ultimate = ""
	}
	estimate := wanCNY(estimateWan)
	notes := fmt.Sprintf("投资方拟在肇庆投资建设%s项目，计划总投资约%s。", product.zh, estimate.Format("zh"))
	if mu > 0 {
		notes += fmt.Sprintf("用地需求约 %d 亩。", mu)
	}
	tags := `["` + strings.Join(ind.tags, `","`) + `"]`
	jobs := max(10, int64(math.Round(float64(totalWan)/1e4*float64(ind.jobs)*g.uniform(0.6, 1.4)/10))*10)
	outputWan := roundWan(float64(totalWan) * g.uniform(0.8, 2.5))
	taxWan := max(10, int64(math.Round(float64(outputWan)*g.uniform(0.03, 0.07)/10))*10)
	var land, energy any
	if mu > 0 {
		land = int64(math.Round(float64(mu)*666.67/100)) * 100
		if ind.activity == "manufacturing" {
			energy = max(10, int64(math.Round(float64(outputWan)*g.uniform(0.01, 0.06)/10))*10)
		}
	}

	// Milestones, as the gates of the stages passed require (gateFields).
	var mouActual, contractPlanned, contractActual, licencePlanned, licenceActual, landPlanned, landActual,
		constructionPlanned, constructionActual, operationPlanned, operationActual, enterpriseID any
	totalAmount, totalCur := estimateWan*1_000_000, "CNY"
	var shareArg, fdiA, fdiC, regA, regC any
	signed := reach.Index() >= attract.StageSigned.Index()
	if reach.Index() >= attract.StageNegotiating.Index() {
		t, _ := moveAt(attract.StageNegotiating)
		contractPlanned = sink.date(attract.AgencyDate(t).AddDays(g.between(60, 200)))
	}
	if signed {
		t, _ := moveAt(attract.StageSigned)
		day := attract.AgencyDate(t)
		contractActual = sink.date(day)
		mou := day.AddDays(-g.between(20, 90))
		if mou.Before(attract.AgencyDate(created)) {
			mou = attract.AgencyDate(created)
		}
		mouActual = sink.date(mou)
		totalAmount = totalWan * 1_000_000
		if !domestic {
			fdiA, fdiC, shareArg = fdiAmount, fdiCurrency, share
		}
		regA, regC = regAmount, regCurrency
		licencePlanned = sink.date(day.AddDays(g.between(20, 60)))
		if mu > 0 {
			landPlanned = sink.date(day.AddDays(g.between(30, 120)))
		}
		constructionPlanned = sink.date(day.AddDays(g.between(90, 200)))
		operationPlanned = sink.date(day.AddDays(g.between(360, 720)))
	}
	var regDate attract.Date
	if reach.Index() >= attract.StageRegistered.Index() {
		t, _ := moveAt(attract.StageRegistered)
		regDate = attract.AgencyDate(t)
		licenceActual = sink.date(regDate)
		enterpriseID = b.comps[b.locals[g.r.IntN(len(b.locals))]].id
	}
	if reach.Index() >= attract.StageConstruction.Index() {
		t, _ := moveAt(attract.StageConstruction)
		constructionActual = sink.date(attract.AgencyDate(t))
		if mu > 0 {
			landActual = sink.date(attract.AgencyDate(t).AddDays(-g.between(10, 60)))
		}
	}
	jobsConfirmed := false
	if reach == attract.StageOperating {
		t, _ := moveAt(attract.StageOperating)
		operationActual = sink.date(attract.AgencyDate(t))
		jobsConfirmed = true
	}
	lostReason := attract.LostReason("")
	lostNote := ""
	if final == attract.StageLost {
		ws := make([]weighted, len(lostReasons))
		for k, r := range lostReasons {
			ws[k] = weighted{k, r.w}
		}
		r := lostReasons[g.pickWeighted(ws)]
		lostReason, lostNote = r.reason, r.note
	}
	priority := "normal"
	if key {
		priority = "high"
	} else if final == attract.StageLead && g.chance(0.3) {
		priority = "low"
	}

	// The stage history: the creation at lead, then every move.
	id := b.id(tProjects)
	actorName := ownerU.username
	rows.add(tStageChanges, b.id(tStageChanges), id, nil, string(attract.StageLead), sink.ts(created), ownerU.id, actorName, "", "")
	from := attract.StageLead
	for _, m := range moves {
		by, byName := ownerU.id, actorName
		if m.to == attract.StageSigned {
			d := b.users[b.leaders[g.r.IntN(len(b.leaders))]]
			by, byName = d.id, d.username
		}
		note, reason := moveNotes[m.to], ""
		switch m.to {
		case attract.StageOnHold:
			note = pick(g, notesOnHold)
		case attract.StageLost:
			note, reason = lostNote, string(lostReason)
		}
		rows.add(tStageChanges, b.id(tStageChanges), id, string(from), string(m.to), sink.ts(m.at), by, byName, note, reason)
		from = m.to
	}
	changed := created
	if len(moves) > 0 {
		changed = moves[len(moves)-1].at
	}

	// Activities: five to fifteen over the project's life.
	r := strings.NewReplacer("{brand}", inv.brand.zh, "{park}", park.name, "{place}", place,
		"{product}", product.zh, "{mu}", strconv.FormatInt(max(mu, 20), 10))
	nAct := g.between(5, 15)
	times := make([]time.Time, nAct)
	times[0] = created.Add(-time.Hour)
	for k := 1; k < nAct; k++ {
		times[k] = g.randomTime(created.Add(24*time.Hour), end.Add(-2*time.Hour))
	}
	slices.SortFunc(times, time.Time.Compare)
	last := changed
	for k, t := range times {
		phase := phaseAt(moves, t)
		kind := g.activityKind(phase)
		var tpl activityTemplate
		if k == 0 {
			tpl = b.byPhase[phaseCourting][g.r.IntN(len(b.byPhase[phaseCourting]))]
		} else {
			choices := b.byPhase[phase]
			tpl = choices[g.r.IntN(len(choices))]
			for try := 0; try < 3 && tpl.kind != kind; try++ {
				tpl = choices[g.r.IntN(len(choices))]
			}
		}
		author := ownerU
		if g.chance(0.2) {
			author = b.users[pick(g, b.byTeam[team])]
		}
		logged := t.Add(time.Duration(30+g.r.IntN(240)) * time.Minute)
		if logged.After(last) {
			last = logged
		}
		aid := b.id(tActivities)
		rows.add(tActivities, aid, string(tpl.kind), r.Replace(tpl.subject), r.Replace(tpl.notes), sink.ts(t), id, inv.id,
			sink.boolean(true), 1, sink.ts(logged), sink.ts(logged), author.id)
		rows.add(tActivityUsers, aid, author.id)
		if author.id != ownerU.id {
			rows.add(tActivityUsers, aid, ownerU.id)
		}
		if g.chance(0.5) {
			rows.add(tActivityContacts, aid, inv.contacts[g.r.IntN(len(inv.contacts))])
		}
	}

	// Tasks: one to five, earlier ones closed, the latest of a live project open.
	live := final != attract.StageLost
	nTask := g.between(1, 5)
	tp := &planProject{domestic: domestic}
	for k := range nTask {
		assignee := ownerU
		if g.chance(0.25) {
			assignee = b.users[pick(g, b.byTeam[team])]
		}
		var tc time.Time
		var due attract.Date
		status, doneAt := attract.TaskOpen, any(nil)
		if k == nTask-1 && live {
			from := created
			if recent := g.lastTime.AddDate(0, 0, -30); recent.After(from) {
				from = recent
			}
			tc = g.randomTime(from, g.lastTime.Add(-2*time.Hour))
			due = b.opt.Today.AddDays(g.between(-20, 30))
			if due.Before(attract.AgencyDate(tc)) {
				due = attract.AgencyDate(tc).AddDays(3)
			}
		} else {
			tc = g.randomTime(created, end.Add(-72*time.Hour))
			due = attract.AgencyDate(tc).AddDays(g.between(5, 30))
			closeAt := g.after(g.workTime(due.AddDays(g.between(-4, 6))), tc)
			switch {
			case final == attract.StageLost && closeAt.After(end):
				status, doneAt = attract.TaskCancelled, sink.ts(end.Add(30*time.Minute))
			case closeAt.After(g.lastTime):
			default:
				status, doneAt = attract.TaskDone, sink.ts(closeAt)
			}
		}
		title := g.taskTitle(tp, stageAt(moves, tc))
		updated := tc
		if doneAt != nil {
			updated = tc.Add(time.Duration(g.between(1, 30*24)) * time.Hour)
		}
		rows.add(tTasks, b.id(tTasks), title, "", assignee.id, sink.date(due), string(status), id,
			doneAt, sink.boolean(true), 1, sink.ts(tc), sink.ts(updated), ownerU.id)
	}

	// Inflows of foreign capital after registration.
	if !domestic && !regDate.IsZero() && final != attract.StageLost {
		first := regDate.AddDays(15)
		if first.Before(g.last) {
			n := g.between(1, 3)
			amount := fdiAmount.(int64)
			for k := range n {
				dt := g.workday(first.AddDays(g.r.IntN(daysBetween(first, g.last) + 1)))
				amt := amount / int64(n+1) / 1_000_000 * 1_000_000
				rows.add(tInflows, b.id(tInflows), id, sink.date(dt), max(amt, 1_000_000), fdiCurrency, fmt.Sprintf("外方股东第 %d 期资本金到位（Capital contribution, tranche %d）", k+1, k+1),
					sink.boolean(true), 1, sink.ts(timeOn(dt, 10*60+g.r.IntN(7*60))), ownerU.id)
			}
		}
	}

	// The project row, as of its last update: the next action set after
	// its latest activity, for a live project.
	updated := changed
	var nextAction string
	var nextDue any
	if live {
		updated = last.Add(time.Duration(5+g.r.IntN(30)) * time.Minute)
		if updated.After(g.lastTime) {
			updated = g.lastTime
		}
		if updated.Before(changed) {
			updated = changed
		}
		nextAction = nextActions[final]
		nextDue = sink.date(attract.AgencyDate(updated).AddDays(g.between(7, 40)))
	}
	rows.add(tProjects, id, code, name.zh, name.en, string(typ), string(mode), attract.LeadSources[g.r.IntN(len(attract.LeadSources))],
		inv.id, enterpriseID, sourceEconomy, ultimate,
		ind.isic, ind.activity, ind.tech, tags,
		totalAmount, totalCur, regA, regC,
		fdiA, fdiC, shareArg, sink.boolean(signed),
		jobs, sink.boolean(jobsConfirmed), outputWan*1_000_000, "CNY",
		taxWan*1_000_000, "CNY", land, energy,
		parkName, site, ownerU.id, int64(team)+b.base["teams"]+1, sink.boolean(key), priority, probabilityAt[final],
		nextAction, nextDue, notes,
		mouActual, contractPlanned, contractActual, licencePlanned, licenceActual,
		landPlanned, landActual, constructionPlanned, constructionActual, operationPlanned, operationActual,
		string(final), string(reach), sink.ts(changed), string(lostReason), sink.boolean(true), int64(1+len(moves)), sink.ts(created), sink.ts(updated), ownerU.id,
		sqlstore.SortName(name.zh), bulkSearchText(code, name.zh, name.en, notes, parkName, site))
}

// ---------------------------------------------------------------------------
// SQLite: multi-row INSERTs on one connection, foreign keys and fsync off
// for the load.

type sqliteSink struct {
	conn  *sql.Conn
	stmts map[string]*sql.Stmt
}

// sqliteRowsPerInsert is how many rows one INSERT carries, at most; fewer
// when the table's columns would pass SQLite's limit of 32,766 variables.
const sqliteRowsPerInsert = 200

func (s *sqliteSink) prepare(ctx context.Context, tables []string) ([]string, error) {
	for _, p := range []string{"PRAGMA foreign_keys = OFF", "PRAGMA synchronous = OFF", "PRAGMA cache_size = -1048576"} {
		if _, err := s.conn.ExecContext(ctx, p); err != nil {
			return nil, err
		}
	}
	return dropIndexes(ctx, s.conn, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (`+
		strings.TrimSuffix(strings.Repeat("?, ", len(tables)), ", ")+`) ORDER BY name`, anySlice(tables)...)
}

// dropIndexes drops the indexes a query lists as (name, definition) rows and
// returns their definitions, to build them again after the load.
func dropIndexes(ctx context.Context, conn *sql.Conn, query string, args ...any) ([]string, error) {
	rows, err := conn.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	var names, creates []string
	for rows.Next() {
		var name, create string
		if err := rows.Scan(&name, &create); err != nil {
			rows.Close()
			return nil, err
		}
		names, creates = append(names, name), append(creates, create)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, name := range names {
		if _, err := conn.ExecContext(ctx, `DROP INDEX "`+name+`"`); err != nil {
			return creates, err
		}
	}
	return creates, nil
}

func (s *sqliteSink) begin(ctx context.Context) error {
	_, err := s.conn.ExecContext(ctx, "BEGIN IMMEDIATE")
	return err
}

func (s *sqliteSink) commit(ctx context.Context) error {
	_, err := s.conn.ExecContext(ctx, "COMMIT")
	return err
}

func (s *sqliteSink) rollback() { s.conn.ExecContext(context.Background(), "ROLLBACK") }

func (s *sqliteSink) write(ctx context.Context, rows bulkRows) error {
	for _, t := range bulkTables {
		vals := rows[t]
		c := len(t.cols)
		per := min(sqliteRowsPerInsert, 32766/c)
		for off := 0; off < len(vals); off += per * c {
			n := min(per, (len(vals)-off)/c)
			stmt, err := s.stmt(ctx, t, n)
			if err != nil {
				return err
			}
			if _, err := stmt.ExecContext(ctx, vals[off:off+n*c]...); err != nil {
				return fmt.Errorf("insert into %s: %w", t.name, err)
			}
		}
	}
	return nil
}

// stmt returns the prepared INSERT of n rows into t.
func (s *sqliteSink) stmt(ctx context.Context, t *bulkTable, n int) (*sql.Stmt, error) {
	key := t.name + ":" + strconv.Itoa(n)
	if st, ok := s.stmts[key]; ok {
		return st, nil
	}
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.cols)), ", ") + ")"
	q := "INSERT INTO " + t.name + " (" + strings.Join(t.cols, ", ") + ") VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
	st, err := s.conn.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	s.stmts[key] = st
	return st, nil
}

func (s *sqliteSink) finish(ctx context.Context, indexes []string) error {
	for _, st := range s.stmts {
		st.Close()
	}
	// The index builds sort on helper threads: SQLite's sorter hands runs
	// of sorted keys to them, through temporary files, only when the keys
	// outgrow the cache; sorted in one run in memory, by the one thread,
	// the indexes of 10M activities took twice as long. An 8 MB cache makes
	// the million projects' indexes spill too, so that they are sorted on
	// both cores as well: the builds 1 m 55 s → 1 m 24 s (docs/benchmarks.md).
	var errs []error
	for _, p := range []string{"PRAGMA cache_size = -8192", "PRAGMA temp_store = FILE", "PRAGMA threads = 2"} {
		if _, err := s.conn.ExecContext(ctx, p); err != nil {
			errs = append(errs, err)
		}
	}
	for _, create := range indexes {
		if _, err := s.conn.ExecContext(ctx, create); err != nil {
			errs = append(errs, err)
		}
	}
	for _, p := range []string{"PRAGMA wal_checkpoint(TRUNCATE)", "PRAGMA cache_size = -2000", "PRAGMA temp_store = DEFAULT",
		"PRAGMA threads = 0", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON"} {
		if _, err := s.conn.ExecContext(ctx, p); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// ts is the store's SQLite timestamp ('2006-01-02T15:04:05.000000Z'),
// formatted by hand: the load formats tens of millions of them.
func (s *sqliteSink) ts(t time.Time) any {
	t = t.UTC()
	y, mo, d := t.Date()
	h, mi, sec := t.Clock()
	us := t.Nanosecond() / 1000
	var buf [27]byte
	put := func(at, v, width int) {
		for i := at + width - 1; i >= at; i-- {
			buf[i] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, y, 4)
	buf[4] = '-'
	put(5, int(mo), 2)
	buf[7] = '-'
	put(8, d, 2)
	buf[10] = 'T'
	put(11, h, 2)
	buf[13] = ':'
	put(14, mi, 2)
	buf[16] = ':'
	put(17, sec, 2)
	buf[19] = '.'
	put(20, us, 6)
	buf[26] = 'Z'
	return string(buf[:])
}

func (s *sqliteSink) date(d attract.Date) any { return d.String() }

func (s *sqliteSink) boolean(v bool) any {
	if v {
		return int64(1)
	}
	return int64(0)
}

func anySlice(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// ---------------------------------------------------------------------------
// PostgreSQL: COPY through the pgx connection under database/sql.

type pgSink struct {
	conn *sql.Conn
	tx   pgx.Tx
}

// pgConn runs fn with the pgx connection of s.conn.
func (s *pgSink) pgConn(fn func(c *pgx.Conn) error) error {
	return s.conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("not a pgx connection: %T", dc)
		}
		return fn(sc.Conn())
	})
}

func (s *pgSink) prepare(ctx context.Context, tables []string) ([]string, error) {
	if _, err := s.conn.ExecContext(ctx, "SET maintenance_work_mem = '512MB'"); err != nil {
		return nil, err
	}
	return dropIndexes(ctx, s.conn, `SELECT i.indexname, i.indexdef FROM pg_indexes i
		WHERE i.schemaname = current_schema() AND i.tablename = ANY($1)
		AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
		ORDER BY i.indexname`, tables)
}

func (s *pgSink) begin(ctx context.Context) error {
	return s.pgConn(func(c *pgx.Conn) (err error) {
		s.tx, err = c.Begin(ctx)
		return err
	})
}

func (s *pgSink) commit(ctx context.Context) error {
	err := s.tx.Commit(ctx)
	s.tx = nil
	return err
}

func (s *pgSink) rollback() {
	if s.tx != nil {
		s.tx.Rollback(context.Background())
		s.tx = nil
	}
}

func (s *pgSink) write(ctx context.Context, rows bulkRows) error {
	for _, t := range bulkTables {
		vals := rows[t]
		if len(vals) == 0 {
			continue
		}
		c := len(t.cols)
		n := len(vals) / c
		_, err := s.tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, pgx.CopyFromSlice(n, func(i int) ([]any, error) {
			return vals[i*c : (i+1)*c], nil
		}))
		if err != nil {
			return fmt.Errorf("copy into %s: %w", t.name, err)
		}
	}
	return nil
}

func (s *pgSink) finish(ctx context.Context, indexes []string) error {
	var errs []error
	for _, create := range indexes {
		if _, err := s.conn.ExecContext(ctx, create); err != nil {
			errs = append(errs, err)
		}
	}
	// The ids were given explicitly: move each identity past them.
	for _, t := range bulkTables {
		if t.cols[0] != "id" {
			continue
		}
		if _, err := s.conn.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t.name+`', 'id'), MAX(id)) FROM `+t.name+` HAVING MAX(id) IS NOT NULL`); err != nil {
			errs = append(errs, err)
		}
	}
	// Autovacuum would gather the statistics and set the visibility map
	// (which index-only scans need) soon; the benchmark should not depend
	// on when.
	if _, err := s.conn.ExecContext(ctx, "VACUUM (ANALYZE)"); err != nil {
		errs = append(errs, err)
	}
	if _, err := s.conn.ExecContext(ctx, "RESET maintenance_work_mem"); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

func (s *pgSink) ts(t time.Time) any { return t.UTC() }

func (s *pgSink) date(d attract.Date) any { return d.Time() }

func (s *pgSink) boolean(v bool) any { return v }
