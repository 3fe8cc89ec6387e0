package importer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"time"

	"attract"
	"attract/sqlstore"
)

// Mode says what an import does with the good rows when some are rejected.
type Mode string

// The modes of an import.
const (
	// AllOrNothing imports every row or none: one rejected row aborts the
	// whole file.
	AllOrNothing Mode = "all"
	// GoodRowsOnly imports the rows that pass and rejects the others.
	GoodRowsOnly Mode = "good"
)

// Verdict is what an import did, or would do, with a row.
type Verdict string

// The verdicts.
const (
	Created   Verdict = "created"   // a new record
	Updated   Verdict = "updated"   // the record with the row's external ID, changed
	Unchanged Verdict = "unchanged" // the record with the row's external ID, already as the row says
	Matched   Verdict = "matched"   // an existing company recognised by its USCC or name, reused
	Rejected  Verdict = "rejected"  // nothing written; Problems say why
)

// verdictZH names the verdicts in Chinese.
var verdictZH = map[Verdict]string{Created: "新建", Updated: "更新", Unchanged: "无变化", Matched: "匹配已有", Rejected: "拒绝"}

// Label names the verdict in lang ("zh" or "en"), as the web desk's import
// page and the command show it.
func (v Verdict) Label(lang string) string {
	if zh, ok := verdictZH[v]; ok && lang == "zh" {
		return zh
	}
	return string(v)
}

// RowResult is the verdict on one row.
type RowResult struct {
	Line     int                  `json:"line"`
	Verdict  Verdict              `json:"verdict"`
	ID       int64                `json:"id,omitempty"`    // the record's id
	Label    string               `json:"label,omitempty"` // the row's name, for people reading the report
	Problems []attract.FieldError `json:"problems,omitempty"`
	Warnings []attract.FieldError `json:"warnings,omitempty"`
}

// Report is the outcome of an import: counts of each verdict, and the rows
// with problems or warnings.
type Report struct {
	Kind      attract.ImportKind `json:"kind"`
	Mode      Mode               `json:"mode"`
	DryRun    bool               `json:"dry_run"`
	Committed bool               `json:"committed"` // the rows were stored
	Encoding  string             `json:"encoding"`
	Header    []string           `json:"header"`

	Rows      int `json:"rows"`
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Matched   int `json:"matched"`
	Rejected  int `json:"rejected"`
	Warned    int `json:"warned"` // rows imported with a warning
	// Companies that rows name (investors, sponsors, a contact's employer):
	// created, or recognised and reused.
	CompaniesCreated int `json:"companies_created"`
	CompaniesMatched int `json:"companies_matched"`

	// Details are the rows rejected or warned about, in file order, up to
	// Options.MaxDetails.
	Details          []RowResult   `json:"details"`
	DetailsTruncated bool          `json:"details_truncated"`
	Elapsed          time.Duration `json:"elapsed"`
}

// Options control an import.
type Options struct {
	// DryRun runs every write and rolls them all back, so that the report
	// says exactly what the real import would do.
	DryRun bool
	Mode   Mode
	// Rejects, when set, receives the rejected rows as CSV (UTF-8 with a
	// byte-order mark, for Excel): the file's columns and an "错误 / Errors"
	// column, to fix and import again.
	Rejects io.Writer
	// OnRow, when set, is called with every row's verdict as it is decided.
	OnRow func(RowResult)
	// MaxDetails bounds Report.Details (default 10,000), so that a file of
	// a million bad rows does not fill the memory.
	MaxDetails int
	// Source names the file in notes and stage histories.
	Source string
}

// errRollback ends a batch that must leave nothing behind: a dry run, or
// an all-or-nothing import with rejected rows.
var errRollback = errors.New("import: roll back")

// rejection is a row's refusal, which rolls its savepoint back.
type rejection struct{ problems attract.Problems }

func (r *rejection) Error() string { return "row rejected" }

// Run imports the rows of src into db as mapping m says, acting as the user
// (or system) of ctx, in one transaction: see Options. It returns an error
// only when the import could not run (a bad mapping, a file that cannot be
// read, a database failure); rejected rows are in the report.
func Run(ctx context.Context, db *sqlstore.DB, src Source, m *attract.MappingFields, opt Options) (*Report, error) {
	start := time.Now()
	if opt.Mode == "" {
		opt.Mode = AllOrNothing
	}
	if opt.Mode != AllOrNothing && opt.Mode != GoodRowsOnly {
		return nil, attract.Errorf(attract.EINVALID, "The mode must be all or good.", "导入方式须为 all 或 good。")
	}
	if opt.MaxDetails == 0 {
		opt.MaxDetails = 10_000
	}
	p, err := compile(m, src.Header())
	if err != nil {
		return nil, err
	}
	rep := &Report{Kind: m.Kind, Mode: opt.Mode, DryRun: opt.DryRun, Encoding: src.Encoding(), Header: src.Header(), Details: []RowResult{}}
	var rejects *rejectsWriter
	if opt.Rejects != nil {
		rejects = newRejectsWriter(opt.Rejects, src.Header())
	}
	err = db.Batch(ctx, func(b *sqlstore.Batch) error {
		im := &run{b: b, plan: p, opt: opt, rep: rep, now: time.Now().In(attract.AgencyZone)}
		if err := im.load(); err != nil {
			return err
		}
		for n := 0; ; n++ {
			if n%256 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			row, err := src.Next()
			if err == io.EOF {
				break
			}
			var res RowResult
			var rowErr *RowError
			switch {
			case errors.As(err, &rowErr):
				res = RowResult{Line: rowErr.Line, Verdict: Rejected, Problems: []attract.FieldError{{
					Message:   fmt.Sprintf("the file cannot be read here: %v", rowErr.Err),
					MessageZH: fmt.Sprintf("文件此处无法读取：%v", rowErr.Err)}}}
			case err != nil:
				return err
			default:
				res, err = im.row(row)
				if err != nil {
					return fmt.Errorf("line %d: %w", row.Line, err)
				}
			}
			rep.count(res, opt.MaxDetails)
			if res.Verdict == Rejected && rejects != nil {
				if err := rejects.write(row.Cells, res.Problems); err != nil {
					return err
				}
			}
			if opt.OnRow != nil {
				opt.OnRow(res)
			}
		}
		if rejects != nil {
			if err := rejects.flush(); err != nil {
				return err
			}
		}
		if opt.DryRun || (opt.Mode == AllOrNothing && rep.Rejected > 0) {
			return errRollback
		}
		return nil
	})
	rep.Elapsed = time.Since(start)
	switch {
	case err == nil:
		rep.Committed = true
	case errors.Is(err, errRollback):
	default:
		return nil, err
	}
	return rep, nil
}

// count adds a row's verdict to the report.
func (rep *Report) count(res RowResult, max int) {
	rep.Rows++
	switch res.Verdict {
	case Created:
		rep.Created++
	case Updated:
		rep.Updated++
	case Unchanged:
		rep.Unchanged++
	case Matched:
		rep.Matched++
	case Rejected:
		rep.Rejected++
	}
	if res.Verdict != Rejected && len(res.Warnings) > 0 {
		rep.Warned++
	}
	if res.Verdict == Rejected || len(res.Warnings) > 0 {
		if len(rep.Details) < max {
			rep.Details = append(rep.Details, res)
		} else {
			rep.DetailsTruncated = true
		}
	}
}

// plan is a mapping bound to a file's header.
type plan struct {
	kind      attract.ImportKind
	cols      []colPlan
	keyIdx    []int
	keyPrefix string
	fallback  bool
}

// colPlan is one mapped column.
type colPlan struct {
	idx    int // in the row
	header string
	field  Field
	col    attract.MappingColumn
	unit   Unit
	values map[string]string // folded keys
	bare   bool              // a notes column whose header says it is the notes: no label
}

// CheckMapping checks a mapping against the fields of its kind and, when
// header is given, against the file's columns.
func CheckMapping(m *attract.MappingFields, header []string) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if header == nil {
		var p attract.Problems
		for _, c := range m.Columns {
			if _, ok := FieldByName(m.Kind, c.Field); !ok && c.Field != "" {
				p.Add("columns", "%q is not a field of %s imports", "“%s”不是%s导入的字段", c.Field, m.Kind)
			}
		}
		return p.Err()
	}
	_, err := compile(m, header)
	return err
}

// findColumn finds a header: exactly, else ignoring case, width, spaces
// and punctuation.
func findColumn(header []string, name string) int {
	if i := slices.Index(header, name); i >= 0 {
		return i
	}
	key := headerKey(name)
	for i, h := range header {
		if headerKey(h) == key && key != "" {
			return i
		}
	}
	return -1
}

func compile(m *attract.MappingFields, header []string) (*plan, error) {
	// Validate tidies the mapping in place: tidy a copy, so that a mapping
	// shared between imports (a built-in one, two imports at once) is only
	// ever read.
	mc := *m
	mc.Columns = slices.Clone(m.Columns)
	m = &mc
	if err := m.Validate(); err != nil {
		return nil, err
	}
	var probs attract.Problems
	p := &plan{kind: m.Kind, keyPrefix: m.KeyPrefix, fallback: m.StageFallback}
	for _, c := range m.Columns {
		if c.Field == "" || c.Field == "-" {
			continue
		}
		f, ok := FieldByName(m.Kind, c.Field)
		if !ok {
			probs.Add("columns", "%q is not a field of %s imports", "“%s”不是%s导入的字段", c.Field, m.Kind)
			continue
		}
		idx := findColumn(header, c.Column)
		if idx < 0 {
			probs.Add("columns", "the file has no column %q", "文件中没有“%s”列", c.Column)
			continue
		}
		cp := colPlan{idx: idx, header: header[idx], field: f, col: c, values: map[string]string{}}
		if c.Unit != "" {
			u, err := ParseUnit(c.Unit)
			if err != nil {
				probs.Merge("columns", err)
				continue
			}
			cp.unit = u
		}
		for k, v := range c.Values {
			cp.values[strings.ToLower(clean(k))] = v
		}
		name, _ := SplitHeader(cp.header)
		cp.bare = f.kind == kindNotes && slices.Contains(f.headers, headerKey(name))
		if c.Format != "" && f.kind != kindDate {
			probs.Add("columns", "%q: only a date takes a format", "“%s”：只有日期可设格式", c.Column)
		}
		p.cols = append(p.cols, cp)
	}
	for _, k := range m.Key {
		idx := findColumn(header, k)
		if idx < 0 {
			probs.Add("key", "the file has no column %q", "文件中没有“%s”列", k)
			continue
		}
		p.keyIdx = append(p.keyIdx, idx)
	}
	if len(p.cols) == 0 && len(probs) == 0 {
		probs.Add("columns", "map at least one column to a field", "至少须将一列映射到字段")
	}
	return p, probs.Err()
}

// companyRef names a company a row refers to.
type companyRef struct {
	name, uscc, country string
}

// dateParts gathers a date given whole or in year, month and day columns.
type dateParts struct {
	full             *attract.Date
	year, month, day int
	column           string
}

// rowInput is a row read through the plan: the fields it sets, and what the
// importer must resolve in the database.
type rowInput struct {
	line   int
	label  string
	patch  attract.Patch
	set    map[string]bool // fields set by a column
	probs  attract.Problems
	warns  attract.Problems
	extID  string
	notes  []string // labelled lines
	bare   []string // the notes column's own text
	dates  map[string]*dateParts
	stage  attract.Stage
	lost   attract.LostReason
	owner  string
	staff  []string               // an activity's staff, by username or name
	people []string               // an activity's contacts, by name or e-mail
	refs   map[string]*companyRef // investor, enterprise, company, ultimate_parent
	spons  []Sponsor
	place  string
	util   *attract.Money
	utilOn *attract.Date
	proj   string // a project's code or external ID
}

func (in *rowInput) setJSON(field string, v any) {
	b, _ := json.Marshal(v)
	in.patch[field] = b
	in.set[field] = true
}

// read turns a row's cells into a rowInput, recording every cell that cannot
// be read.
func (p *plan) read(row Row) *rowInput {
	in := &rowInput{line: row.Line, patch: attract.Patch{}, set: map[string]bool{}, dates: map[string]*dateParts{}, refs: map[string]*companyRef{}}
	for _, c := range p.cols {
		cell := ""
		if c.idx < len(row.Cells) {
			cell = row.Cells[c.idx]
		}
		if strings.ContainsRune(cell, '\uFFFD') {
			in.probs.Add(c.field.Name, "column %q holds bytes that are not text in the file's encoding; save the file as UTF-8 or choose its encoding",
				"“%s”列含有不符合文件编码的字节；请将文件另存为 UTF-8 或选择正确的编码", c.header)
			continue
		}
		if len(cell) > 1 && cell[0] == '\'' && strings.ContainsRune("=+-@", rune(cell[1])) {
			cell = cell[1:] // protected by the rejects file against spreadsheet formulas
		}
		if v, ok := c.values[strings.ToLower(clean(cell))]; ok {
			cell = v
		}
		if IsEmpty(cell) {
			cell = c.col.Default
		}
		if IsEmpty(cell) {
			continue
		}
		p.readCell(in, c, strings.TrimSpace(cell))
	}
	for field, d := range in.dates {
		switch {
		case d.full != nil:
			in.setJSON(field, d.full.String())
		case d.year != 0:
			month, day := max(d.month, 1), max(d.day, 1)
			date, err := makeDate(fmt.Sprintf("%d-%d-%d", d.year, month, day), d.year, month, day)
			if err != nil {
				in.probs.Merge(field, err)
				continue
			}
			in.setJSON(field, date.String())
		default:
			in.probs.Add(field, "column %q gives a month or day without a year", "“%s”列有月或日而无年份", d.column)
		}
	}
	if in.util != nil && in.utilOn == nil {
		if d, ok := in.dates["utilized_date"]; ok && d.full != nil {
			in.utilOn = d.full
		}
		delete(in.patch, "utilized_date")
	}
	return in
}

// readCell reads one non-empty cell into the row.
func (p *plan) readCell(in *rowInput, c colPlan, cell string) {
	f := c.field
	name := f.Name
	fail := func(err error) { in.probs.Merge(name, err) }
	switch f.kind {
	case kindText:
		in.setJSON(name, clean(cell))
		if name == "name_zh" || name == "name_en" || name == "subject" {
			in.label = clean(cell)
		}
	case kindName:
		v := clean(cell)
		if hasHan(v) {
			in.setJSON(strings.TrimSuffix(name, "name")+"name_zh", v)
		} else {
			in.setJSON(strings.TrimSuffix(name, "name")+"name_en", v)
		}
		in.label = v
	case kindMoney:
		m, err := ParseAmount(cell, c.unit, "CNY")
		if err != nil {
			fail(err)
			return
		}
		in.setJSON(name, m)
	case kindUtilized:
		m, err := ParseAmount(cell, c.unit, "CNY")
		if err != nil {
			fail(err)
			return
		}
		in.util = &m
	case kindDate:
		d := in.dates[name]
		if d == nil {
			d = &dateParts{column: c.header}
			in.dates[name] = d
		}
		var err error
		switch c.col.Format {
		case "year":
			d.year, err = ParseYear(cell)
		case "month":
			var m time.Month
			m, err = ParseMonth(cell)
			d.month = int(m)
		case "day":
			d.day, err = ParseDay(cell)
		default:
			var v attract.Date
			if v, err = ParseDate(cell); err == nil {
				d.full = &v
			}
		}
		if err != nil {
			fail(err)
		}
	case kindDateTime:
		t, err := ParseDateTime(cell)
		if err != nil {
			fail(err)
			return
		}
		in.setJSON(name, t.UTC())
	case kindPercent:
		v, err := ParsePercent(cell)
		if err != nil {
			fail(err)
			return
		}
		in.setJSON(name, v)
	case kindInt:
		v, err := ParseInt(cell)
		if err != nil {
			fail(err)
			return
		}
		in.setJSON(name, v)
	case kindBool:
		v, err := ParseBool(cell)
		if err != nil {
			fail(err)
			return
		}
		in.setJSON(name, v)
	case kindCountry:
		co, err := ParseCountry(cell)
		if err != nil {
			fail(err)
			return
		}
		in.setJSON(name, co.Alpha2)
	case kindStage:
		s, err := ParseStage(cell)
		if err != nil {
			fail(err)
			return
		}
		in.stage = s
	case kindLostReason:
		in.lost = attract.LostReason(ParseEnum("lost_reason", cell))
		if !slices.Contains(attract.LostReasons, in.lost) {
			in.probs.Add(name, "%q is not a reason for losing a project", "“%s”不是项目流失原因", cell)
		}
	case kindEnum:
		in.setJSON(name, ParseEnum(name, cell))
	case kindSector:
		s, err := ParseSector(cell)
		if err != nil {
			fail(err)
			return
		}
		in.setJSON(name, s)
	case kindTags:
		in.setJSON(name, ParseTags(cell))
	case kindNotes:
		if c.bare {
			in.bare = append(in.bare, cell)
		} else {
			in.notes = append(in.notes, c.header+": "+clean(cell))
		}
	case kindExternalID:
		in.extID = clean(cell)
	case kindUser:
		in.owner = clean(cell)
	case kindUsers:
		in.staff = splitNames(cell)
	case kindContacts:
		in.people = splitNames(cell)
	case kindUSCC:
		u := attract.NormalizeUSCC(cell)
		if name == "uscc" {
			in.setJSON(name, u)
			return
		}
		ref := in.refs["investor"]
		if ref == nil {
			ref = &companyRef{}
			in.refs["investor"] = ref
		}
		ref.uscc = u
	case kindCompany:
		ref := in.refs[name]
		if ref == nil {
			ref = &companyRef{}
			in.refs[name] = ref
		}
		v := clean(cell)
		if u := attract.NormalizeUSCC(v); attract.ValidateUSCC(u) == nil {
			ref.uscc = u
		} else {
			ref.name = v
		}
	case kindProject:
		in.proj = clean(cell)
	case kindSponsors:
		sps, err := ParseSponsors(cell)
		if err != nil {
			fail(err)
			return
		}
		in.spons = sps
	case kindLocation:
		in.place = clean(cell)
	}
}

// rowKey is the external ID of a row that has none in the file: a hash of
// its key columns, or of every mapped cell, so that the same row imported
// again finds its record.
func (p *plan) rowKey(row Row) string {
	h := sha256.New()
	get := func(i int) string {
		if i < len(row.Cells) {
			return clean(row.Cells[i])
		}
		return ""
	}
	prefix := "row:"
	if len(p.keyIdx) > 0 {
		prefix = p.keyPrefix
		if prefix == "" {
			prefix = "key:"
		}
		for _, i := range p.keyIdx {
			fmt.Fprintf(h, "%s\x00", strings.ToLower(get(i)))
		}
	} else {
		fmt.Fprintf(h, "%s\x00", p.kind)
		for _, c := range p.cols {
			fmt.Fprintf(h, "%d=%s\x00", c.idx, get(c.idx))
		}
	}
	return prefix + hex.EncodeToString(h.Sum(nil))[:20]
}

// run is one import in progress inside its batch.
type run struct {
	b     *sqlstore.Batch
	plan  *plan
	opt   Options
	rep   *Report
	now   time.Time
	index *companyIndex
	users []*attract.User
	// contacts are companies' contacts, read once a run for the
	// participants of activities
	contacts map[int64][]*attract.Contact
	// per row: companies created and matched, undone with the row
	created, matched []int64
}

func (im *run) load() error {
	im.index, im.contacts = newCompanyIndex(), map[int64][]*attract.Contact{}
	if err := im.b.CompanyNames(im.index.add); err != nil {
		return err
	}
	users, err := im.b.Users()
	im.users = users
	return err
}

// row decides one row inside its own savepoint.
func (im *run) row(row Row) (RowResult, error) {
	in := im.plan.read(row)
	if in.extID == "" {
		in.extID = im.plan.rowKey(row)
	}
	res := RowResult{Line: row.Line, Label: in.label}
	if len(in.probs) > 0 {
		res.Verdict, res.Problems = Rejected, in.probs
		return res, nil
	}
	im.created, im.matched = im.created[:0], im.matched[:0]
	err := im.b.Savepoint(func() error {
		var err error
		switch im.plan.kind {
		case attract.ImportProjects:
			err = im.project(in, &res)
		case attract.ImportCompanies:
			err = im.company(in, &res)
		case attract.ImportContacts:
			err = im.contact(in, &res)
		case attract.ImportActivities:
			err = im.activity(in, &res)
		case attract.ImportInflows:
			err = im.inflow(in, &res)
		}
		if err == nil && len(in.probs) > 0 {
			err = &rejection{in.probs}
		}
		return rejectionOf(err)
	})
	var rej *rejection
	switch {
	case errors.As(err, &rej):
		for _, id := range im.created {
			im.index.remove(id)
		}
		res.Verdict, res.ID, res.Problems, res.Warnings = Rejected, 0, rej.problems, nil
		return res, nil
	case err != nil:
		return res, err
	}
	im.rep.CompaniesCreated += len(im.created)
	im.rep.CompaniesMatched += len(im.matched)
	res.Warnings = in.warns
	return res, nil
}

// rejectionOf turns the store's refusal of a row (invalid, conflicting,
// missing or forbidden) into a rejection; anything else is a failure of the
// import itself.
func rejectionOf(err error) error {
	var e *attract.Error
	var rej *rejection
	switch {
	case err == nil || errors.As(err, &rej):
		return err
	case errors.As(err, &e) && e.Code != attract.EINTERNAL && e.Code != attract.EUNAUTHORIZED:
		var p attract.Problems
		if len(e.Fields) == 0 {
			p = append(p, attract.FieldError{Message: e.Message, MessageZH: e.MessageZH})
		}
		p = append(p, e.Fields...)
		return &rejection{p}
	}
	return err
}

// userID finds the owner a row names, by username or full name.
func (im *run) userID(in *rowInput) *int64 {
	if in.owner == "" {
		return nil
	}
	return im.findUser(in, "owner", in.owner)
}

// findUser finds the one user whose username or name is name, or records
// the problem under field.
func (im *run) findUser(in *rowInput, field, name string) *int64 {
	var hits []*attract.User
	for _, u := range im.users {
		if strings.EqualFold(u.Username, name) || u.Name == name {
			hits = append(hits, u)
		}
	}
	switch len(hits) {
	case 1:
		id := hits[0].ID
		return &id
	case 0:
		in.probs.Add(field, "no user has the username or name %q", "没有用户名或姓名为“%s”的用户", name)
	default:
		in.probs.Add(field, "%d users are called %q; write the username", "有 %d 个用户名为“%s”；请填写用户名", len(hits), name)
	}
	return nil
}

// splitNames reads a list of people as offices write one: 王伟、李娜；
// Anna Weber, Tom Li / 张明. A name keeps its spaces.
func splitNames(cell string) []string {
	var out []string
	for _, f := range strings.FieldsFunc(cell, func(r rune) bool { return strings.ContainsRune("、，,；;/／\n", r) }) {
		if f = clean(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// resolveCompany finds the company a row refers to, by USCC then by its
// normalised name, or creates it. An ambiguous name is a problem of the row,
// for the user to settle with a USCC.
func (im *run) resolveCompany(in *rowInput, field string, ref companyRef) (*int64, error) {
	if id, ok := im.index.byUSCC[ref.uscc]; ok && ref.uscc != "" {
		im.matched = append(im.matched, id)
		return &id, nil
	}
	if ref.name == "" && ref.uscc != "" {
		in.probs.Add(field, "no company has the USCC %s; give its name to create it", "没有统一社会信用代码为 %s 的企业；请填写名称以便创建", ref.uscc)
		return nil, nil
	}
	ids := im.index.match(ref.name, ref.uscc)
	switch len(ids) {
	case 1:
		id := ids[0]
		im.matched = append(im.matched, id)
		return &id, nil
	case 0:
	default:
		in.probs.Add(field, "%q matches %d companies (%s); give its USCC to choose one", "“%s”与 %d 家企业匹配（%s）；请填写统一社会信用代码以区分",
			ref.name, len(ids), im.index.describe(ids))
		return nil, nil
	}
	c := &attract.Company{}
	if hasHan(ref.name) {
		c.NameZH = ref.name
	} else {
		c.NameEN = ref.name
	}
	c.USCC, c.Country = ref.uscc, ref.country
	c.ForeignInvested = ref.country != "" && ref.country != "CN"
	if err := im.b.CreateCompany(c); err != nil {
		var rej *rejection
		if errors.As(rejectionOf(err), &rej) {
			in.probs.Merge(field, err)
			return nil, nil
		}
		return nil, err
	}
	im.index.addCompany(c)
	im.created = append(im.created, c.ID)
	return &c.ID, nil
}

// notes joins the row's notes: the notes column's text, then labelled lines.
func (in *rowInput) notesText() (string, bool) {
	lines := append(slices.Clone(in.bare), in.notes...)
	if len(lines) == 0 {
		return "", false
	}
	return strings.Join(lines, "\n"), true
}

// changes reports whether applying patch to the record's editable fields
// (cur, a pointer to an XFields struct) would change any of them, after the
// same normalisation the store applies.
func changes(cur any, patch attract.Patch) (bool, error) {
	before, err := json.Marshal(cur)
	if err != nil {
		return false, err
	}
	cp := reflect.New(reflect.TypeOf(cur).Elem()).Interface()
	if err := json.Unmarshal(before, cp); err != nil {
		return false, err
	}
	if err := patch.Apply(cp); err != nil {
		return false, err
	}
	if v, ok := cp.(interface{ Validate() error }); ok {
		v.Validate() // normalises; the store reports the errors
	}
	if v, ok := cur.(interface{ Validate() error }); ok {
		v.Validate()
	}
	before, _ = json.Marshal(cur)
	after, err := json.Marshal(cp)
	if err != nil {
		return false, err
	}
	return !bytes.Equal(before, after), nil
}

// rowNote is the note of a stage move an import makes.
func (im *run) rowNote(in *rowInput) string {
	src := im.opt.Source
	if src == "" {
		src = "a file"
	}
	return fmt.Sprintf("Imported from %s, line %d. 导入自 %s 第 %d 行。", src, in.line, src, in.line)
}
