package sqlstore

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"attract"

	"github.com/jackc/pgx/v5/pgconn"
)

// The archive is Attract's own, database-neutral copy of everything an
// agency holds: docs/archive.md describes it for people and other programs.

const (
	// ArchiveFormat names the format in every archive's manifest.
	ArchiveFormat = "attract-archive"
	// ArchiveFormatVersion is the version of the archive format that Export
	// writes and Restore reads. It changes only when an older reader would
	// misread a newer archive; a new table or column does not change it.
	ArchiveFormatVersion = 1
	// archiveManifestName is the manifest's name inside the zip file.
	archiveManifestName = "manifest.json"
	// archiveTime is how an archive writes a timestamp: RFC 3339 in UTC with
	// exactly six fractional digits, the precision both databases keep.
	archiveTime = "2006-01-02T15:04:05.000000Z"
)

// ColumnKind says how an archive writes a column's values.
type ColumnKind string

// The column kinds. Each names a JSON form that is the same whichever
// database the value came from.
const (
	ColumnInt  ColumnKind = "int"  // a JSON number, an exact int64
	ColumnText ColumnKind = "text" // a JSON string
	ColumnBool ColumnKind = "bool" // true or false
	ColumnDate ColumnKind = "date" // a string, YYYY-MM-DD
	ColumnTime ColumnKind = "time" // a string, RFC 3339 UTC with microseconds
	ColumnJSON ColumnKind = "json" // a string holding JSON text, keys sorted, no spaces
)

// ArchiveColumn describes one column of an archived table.
type ArchiveColumn struct {
	Name     string     `json:"name"`
	Kind     ColumnKind `json:"kind"`
	Nullable bool       `json:"nullable"`
	// SelfRef marks a column pointing at a row of its own table (a company's
	// ultimate parent). Restore fills it in a second pass, because the row it
	// points at may come later in id order.
	SelfRef bool `json:"-"`
}

// ArchiveTable describes one archived table: its columns and its primary
// key, the order in which rows are written.
type ArchiveTable struct {
	Name    string
	Key     []string
	Columns []ArchiveColumn
}

// File returns the table's file name inside an archive.
func (t ArchiveTable) File() string { return "tables/" + t.Name + ".jsonl" }

// column returns the named column.
func (t ArchiveTable) column(name string) (ArchiveColumn, int, bool) {
	for i, c := range t.Columns {
		if c.Name == name {
			return c, i, true
		}
	}
	return ArchiveColumn{}, -1, false
}

// hasIdentity reports whether the table's key is a generated id.
func (t ArchiveTable) hasIdentity() bool { return slices.Equal(t.Key, []string{"id"}) }

// archiveTables is what an archive holds, in an order in which every
// foreign key points at a table already restored. It is written down rather
// than read from the database so that both dialects archive alike, and
// TestArchiveCoversSchema fails when a migration adds a table or column
// that is not here. A column is "name kind", followed by "null" when it may
// be NULL and "self" when it points into its own table.
var archiveTables = []ArchiveTable{
	archiveTable("settings", "key", `key text, value text`),
	archiveTable("counters", "name", `name text, value int`),
	archiveTable("teams", "id", `id int, name text, version int, created_at time`),
	archiveTable("users", "id", `id int, username text, name text, email text, role text, team_id int null,
		language text, disabled bool, password_hash text, demo bool, version int, created_at time, updated_at time`),
	archiveTable("api_tokens", "id", `id int, user_id int, name text, secret_hash text, created_at time,
		last_used_at time null, revoked_at time null`),
	archiveTable("companies", "id", `id int, name_zh text, name_en text, uscc text, foreign_reg_no text, country text,
		ultimate_parent_id int null self, sector text, foreign_invested bool, investment_mode text,
		registration_date date null, registered_capital_amount int null, registered_capital_currency text null,
		website text, notes text, owner_id int null, team_id int null, archived_at time null, demo bool,
		version int, created_at time, updated_at time, sort_name text, search_text text, external_id text`),
	archiveTable("contacts", "id", `id int, company_id int null, name_zh text, name_en text, title text, email text,
		phone text, wechat text, language text, notes text, owner_id int null, team_id int null,
		archived_at time null, demo bool, version int, created_at time, updated_at time, sort_name text, search_text text,
		external_id text`),
	archiveTable("projects", "id", `id int, code text, name_zh text, name_en text, type text, investment_mode text,
		source text, investor_id int null, enterprise_id int null, source_economy text, ultimate_source_economy text,
		sector text, sector_gb text, business_activity text, technology_level text, tags text,
		total_investment_amount int null, total_investment_currency text null,
		registered_capital_amount int null, registered_capital_currency text null,
		contracted_fdi_amount int null, contracted_fdi_currency text null, foreign_share_pct int null,
		amounts_confirmed bool, expected_jobs int null, jobs_confirmed bool,
		expected_output_amount int null, expected_output_currency text null,
		expected_tax_amount int null, expected_tax_currency text null, land_area_sqm int null, energy_use_tce int null,
		park text, site text, owner_id int null, team_id int null, key_project bool, priority text,
		probability int null, next_action text, next_action_due date null, notes text,
		mou_planned date null, mou_actual date null, contract_planned date null, contract_actual date null,
		licence_planned date null, licence_actual date null, land_planned date null, land_actual date null,
		construction_planned date null, construction_actual date null, operation_planned date null, operation_actual date null,
		stage text, line_stage text, stage_changed_at time, lost_reason text, archived_at time null, demo bool,
		version int, created_at time, updated_at time, created_by int null, sort_name text, search_text text,
		external_id text`),
	archiveTable("stage_changes", "id", `id int, project_id int, from_stage text null, to_stage text, at time,
		actor_id int null, actor_name text, note text, lost_reason text`),
	archiveTable("capital_inflows", "id", `id int, project_id int, date date, amount int, currency text, note text,
		demo bool, version int, created_at time, created_by int null, external_id text`),
	archiveTable("activities", "id", `id int, kind text, subject text, notes text, occurred_at time,
		project_id int null, company_id int null, demo bool, version int, created_at time, updated_at time,
		created_by int null, external_id text`),
	archiveTable("activity_contacts", "activity_id, contact_id", `activity_id int, contact_id int`),
	archiveTable("activity_users", "activity_id, user_id", `activity_id int, user_id int`),
	archiveTable("tasks", "id", `id int, title text, notes text, assignee_id int, due_date date null, status text,
		project_id int null, company_id int null, done_at time null, demo bool, version int,
		created_at time, updated_at time, created_by int null`),
	archiveTable("exchange_rates", "id", `id int, date date, base text, quote text, rate text, source text,
		version int, created_at time`),
	archiveTable("audit_log", "id", `id int, at time, actor_id int null, actor_name text, action text, entity text,
		entity_id int, before_json json null, after_json json null`),
	archiveTable("saved_views", "id", `id int, owner_id int, name text, query text, shared bool, version int,
		created_at time, updated_at time`),
	// body is JSON kept as text in both dialects, so it is archived as text.
	archiveTable("import_mappings", "id", `id int, name text, kind text, body text, version int,
		created_at time, updated_at time, created_by int null`),
}

// archiveSkipped names the tables an archive leaves out, and why.
var archiveSkipped = map[string]string{
	"sessions":          "live browser sessions: a restored database makes everyone sign in again",
	"schema_migrations": "the manifest lists the migrations applied instead, and restore migrates the target itself",
	"project_rollups":   "the dashboard's sums of the projects: the triggers on projects rebuild them as restore writes the projects",
	"change_stamps":     "counters of changes that pages use to know when to read users and teams again: the triggers move them as restore writes",
}

func init() {
	// The gram indexes of text search (SQLite: FTS5 tables and their shadow
	// tables), like the rollups, are rebuilt by triggers as restore writes
	// the records.
	for _, t := range gramTables {
		for _, suffix := range []string{"", "_data", "_idx", "_docsize", "_config"} {
			archiveSkipped[t+"_grams"+suffix] = "the gram index of text search: the triggers on " + t + " rebuild it as restore writes them"
		}
	}
}

// ArchiveTables returns the description of every table an archive holds,
// in the order restore writes them.
func ArchiveTables() []ArchiveTable {
	out := make([]ArchiveTable, len(archiveTables))
	for i, t := range archiveTables {
		out[i] = ArchiveTable{Name: t.Name, Key: slices.Clone(t.Key), Columns: slices.Clone(t.Columns)}
	}
	return out
}

// ArchiveSkippedTables returns the tables of the schema that an archive
// deliberately leaves out, each with the reason.
func ArchiveSkippedTables() map[string]string {
	out := make(map[string]string, len(archiveSkipped))
	for k, v := range archiveSkipped {
		out[k] = v
	}
	return out
}

// archiveTable parses one entry of archiveTables. A typo is a programming
// error, found by every test that touches the package.
func archiveTable(name, key, columns string) ArchiveTable {
	t := ArchiveTable{Name: name}
	for _, k := range strings.Split(key, ",") {
		t.Key = append(t.Key, strings.TrimSpace(k))
	}
	for _, spec := range strings.Split(columns, ",") {
		f := strings.Fields(spec)
		if len(f) < 2 {
			panic("sqlstore: archive column " + name + "." + spec + " needs a name and a kind")
		}
		c := ArchiveColumn{Name: f[0], Kind: ColumnKind(f[1])}
		switch c.Kind {
		case ColumnInt, ColumnText, ColumnBool, ColumnDate, ColumnTime, ColumnJSON:
		default:
			panic("sqlstore: archive column " + name + "." + c.Name + " has unknown kind " + f[1])
		}
		for _, flag := range f[2:] {
			switch flag {
			case "null":
				c.Nullable = true
			case "self":
				c.SelfRef = true
			default:
				panic("sqlstore: archive column " + name + "." + c.Name + " has unknown flag " + flag)
			}
		}
		if c.SelfRef && !t.hasIdentity() {
			panic("sqlstore: archive table " + name + " has a self reference but no id key")
		}
		t.Columns = append(t.Columns, c)
	}
	for _, k := range t.Key {
		if _, _, ok := t.column(k); !ok {
			panic("sqlstore: archive table " + name + " has key " + k + " that is not a column")
		}
	}
	return t
}

// ArchiveManifest is an archive's manifest.json.
type ArchiveManifest struct {
	Format        string `json:"format"`
	FormatVersion int    `json:"format_version"`
	// Migrations are the file names of the schema migrations applied to the
	// source database ("0001_init.sql"), the same for both dialects.
	Migrations    []string               `json:"migrations"`
	CreatedAt     time.Time              `json:"created_at"`
	SourceDialect string                 `json:"source_dialect"`
	Tables        []ArchiveManifestTable `json:"tables"`
}

// ArchiveManifestTable is the manifest's entry for one table file.
type ArchiveManifestTable struct {
	Name    string          `json:"name"`
	File    string          `json:"file"`
	Rows    int64           `json:"rows"`
	SHA256  string          `json:"sha256"` // of the file's bytes, in hex
	Columns []ArchiveColumn `json:"columns"`
}

// Rows returns the number of rows in all tables.
func (m *ArchiveManifest) Rows() int64 {
	var n int64
	for _, t := range m.Tables {
		n += t.Rows
	}
	return n
}

// ArchiveError is a fault in an archive's content. Table, Line (1-based,
// within the table's file) and Column say where, as far as known.
type ArchiveError struct {
	Table  string
	Line   int64
	Column string
	Err    error
}

// Error names the place first, so that a person can open the file there:
// "archive table projects, line 3, column created_at: ...".
func (e *ArchiveError) Error() string {
	var b strings.Builder
	b.WriteString("archive")
	if e.Table != "" {
		b.WriteString(" table " + e.Table)
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, ", line %d", e.Line)
	}
	if e.Column != "" {
		b.WriteString(", column " + e.Column)
	}
	return b.String() + ": " + e.Err.Error()
}

// Unwrap returns the fault itself.
func (e *ArchiveError) Unwrap() error { return e.Err }

func archiveErrorf(table string, line int64, column, format string, args ...any) error {
	return &ArchiveError{Table: table, Line: line, Column: column, Err: fmt.Errorf(format, args...)}
}

// authorizeArchive guards Export and Restore: an archive holds every user's
// password hash, so only who may administer users may take or restore one.
func authorizeArchive(ctx context.Context) error {
	return attract.Authorize(ctx, attract.PermUserAdmin)
}

// Export writes the whole database, except live sessions, to w as an
// archive (docs/archive.md): a zip file with one JSON Lines file per table
// and a manifest. It reads one consistent snapshot and streams every table
// row by row, so the database may stay in use and may be of any size.
func (db *DB) Export(ctx context.Context, w io.Writer) (*ArchiveManifest, error) {
	if err := authorizeArchive(ctx); err != nil {
		return nil, err
	}
	tx, err := db.db.BeginTx(ctx, db.snapshotOptions())
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	m := &ArchiveManifest{
		Format:        ArchiveFormat,
		FormatVersion: ArchiveFormatVersion,
		CreatedAt:     db.Now().UTC().Truncate(time.Microsecond),
		SourceDialect: db.dialect.name(),
	}
	if m.Migrations, err = archiveMigrations(ctx, tx); err != nil {
		return nil, err
	}
	zw := zip.NewWriter(w)
	for _, t := range archiveTables {
		entry, err := exportTable(ctx, tx, db.dialect, zw, t, m.CreatedAt)
		if err != nil {
			return nil, fmt.Errorf("export %s: %w", t.Name, err)
		}
		m.Tables = append(m.Tables, entry)
	}
	// The manifest comes last because it holds each table file's checksum,
	// known only once the file has been streamed.
	mw, err := zw.CreateHeader(&zip.FileHeader{Name: archiveManifestName, Method: zip.Deflate, Modified: m.CreatedAt})
	if err != nil {
		return nil, err
	}
	enc := json.NewEncoder(mw)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return m, nil
}

// archiveMigrations returns the base names of the migrations recorded in
// the database, which are the same in both dialects.
func archiveMigrations(ctx context.Context, q querier) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		names = append(names, path.Base(name))
	}
	slices.Sort(names)
	return names, rows.Err()
}

// archiveOrder is the ORDER BY of a table's rows: by key, text keys in byte
// order in both dialects (PostgreSQL's default collation follows the locale).
func archiveOrder(d dialect, t ArchiveTable) string {
	parts := make([]string, len(t.Key))
	for i, k := range t.Key {
		parts[i] = k
		if c, _, _ := t.column(k); c.Kind == ColumnText && d.name() == "postgres" {
			parts[i] += ` COLLATE "C"`
		}
	}
	return " ORDER BY " + strings.Join(parts, ", ")
}

func archiveColumnNames(cols []ArchiveColumn) []string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	return names
}

// exportTable streams one table into its file in the zip.
func exportTable(ctx context.Context, tx *sql.Tx, d dialect, zw *zip.Writer, t ArchiveTable, modified time.Time) (ArchiveManifestTable, error) {
	entry := ArchiveManifestTable{Name: t.Name, File: t.File(), Columns: t.Columns}
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: entry.File, Method: zip.Deflate, Modified: modified})
	if err != nil {
		return entry, err
	}
	sum := sha256.New()
	out := bufio.NewWriterSize(io.MultiWriter(fw, sum), 64<<10)
	rows, err := tx.QueryContext(ctx, `SELECT `+strings.Join(archiveColumnNames(t.Columns), ", ")+` FROM `+t.Name+archiveOrder(d, t))
	if err != nil {
		return entry, err
	}
	defer rows.Close()
	vals := make([]any, len(t.Columns))
	dest := make([]any, len(t.Columns))
	for i := range vals {
		dest[i] = &vals[i]
	}
	var enc archiveEncoder
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return entry, err
		}
		entry.Rows++
		line := append(enc.line[:0], '{')
		for i, c := range t.Columns {
			if i > 0 {
				line = append(line, ',')
			}
			line = strconv.AppendQuote(line, c.Name) // column names are plain ASCII
			line = append(line, ':')
			if line, err = enc.appendValue(line, c.Kind, vals[i]); err != nil {
				return entry, fmt.Errorf("row %d (%s): column %s: %w", entry.Rows, archiveRowKey(t, vals), c.Name, err)
			}
		}
		line = append(line, '}', '\n')
		enc.line = line
		if _, err := out.Write(line); err != nil {
			return entry, err
		}
	}
	if err := rows.Err(); err != nil {
		return entry, err
	}
	if err := out.Flush(); err != nil {
		return entry, err
	}
	entry.SHA256 = hex.EncodeToString(sum.Sum(nil))
	return entry, nil
}

// archiveRowKey names a row by its key for an error message.
func archiveRowKey(t ArchiveTable, vals []any) string {
	var parts []string
	for _, k := range t.Key {
		_, i, _ := t.column(k)
		parts = append(parts, fmt.Sprintf("%s=%v", k, vals[i]))
	}
	return strings.Join(parts, ", ")
}

// archiveEncoder turns values as the drivers return them into the archive's
// normalised JSON. It keeps its buffers between rows.
type archiveEncoder struct {
	line []byte
	buf  bytes.Buffer
}

// appendJSON appends v as compact JSON, without the HTML escapes that
// encoding/json adds by default: an archive is not a web page.
func (e *archiveEncoder) appendJSON(dst []byte, v any) ([]byte, error) {
	e.buf.Reset()
	enc := json.NewEncoder(&e.buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return dst, err
	}
	return append(dst, bytes.TrimSuffix(e.buf.Bytes(), []byte("\n"))...), nil
}

func (e *archiveEncoder) appendValue(dst []byte, kind ColumnKind, v any) ([]byte, error) {
	if v == nil {
		return append(dst, "null"...), nil
	}
	if b, ok := v.([]byte); ok {
		v = string(b)
	}
	switch kind {
	case ColumnInt:
		if n, ok := v.(int64); ok {
			return strconv.AppendInt(dst, n, 10), nil
		}
	case ColumnText:
		if s, ok := v.(string); ok {
			return e.appendJSON(dst, s)
		}
	case ColumnBool:
		switch b := v.(type) {
		case bool:
			return strconv.AppendBool(dst, b), nil
		case int64: // SQLite keeps booleans as 0 and 1
			if b == 0 || b == 1 {
				return strconv.AppendBool(dst, b == 1), nil
			}
		}
	case ColumnDate:
		switch d := v.(type) {
		case time.Time:
			// PostgreSQL's date arrives as midnight; its civil date is
			// the one written, whatever the location.
			return e.appendJSON(dst, d.Format(time.DateOnly))
		case string:
			if _, err := time.Parse(time.DateOnly, d); err != nil {
				return dst, fmt.Errorf("stored date %q: %w", d, err)
			}
			return e.appendJSON(dst, d)
		}
	case ColumnTime:
		switch t := v.(type) {
		case time.Time:
			return e.appendJSON(dst, t.UTC().Format(archiveTime))
		case string:
			parsed, err := time.Parse(time.RFC3339Nano, t)
			if err != nil {
				return dst, fmt.Errorf("stored time %q: %w", t, err)
			}
			return e.appendJSON(dst, parsed.UTC().Format(archiveTime))
		}
	case ColumnJSON:
		if s, ok := v.(string); ok {
			canonical, err := e.canonicalJSON(s)
			if err != nil {
				return dst, err
			}
			return e.appendJSON(dst, canonical)
		}
	}
	return dst, fmt.Errorf("stored value %v (%T) is not of kind %s", v, v, kind)
}

// canonicalJSON rewrites JSON text with sorted keys and no spaces, numbers
// as written. PostgreSQL's jsonb keeps neither the key order nor the
// spacing of what was stored, so only a canonical form compares equal
// across databases.
func (e *archiveEncoder) canonicalJSON(s string) (string, error) {
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", fmt.Errorf("stored JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return "", errors.New("stored JSON has more than one value")
	}
	out, err := e.appendJSON(nil, v)
	return string(out), err
}

// Restore writes the rows of an archive into this database, which must be
// empty; Open has migrated it already. It first checks the manifest and
// every table file's SHA-256, then inserts every row with its original id in
// a single transaction, so that a fault anywhere leaves the database as it
// was. Columns an older archive lacks take their default.
func (db *DB) Restore(ctx context.Context, archive io.ReaderAt, size int64) (*ArchiveManifest, error) {
	if err := authorizeArchive(ctx); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(archive, size)
	if err != nil {
		return nil, fmt.Errorf("not an Attract archive (a zip file): %w", err)
	}
	m, files, err := db.checkArchive(ctx, zr)
	if err != nil {
		return nil, err
	}

	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if err := checkArchiveTargetEmpty(ctx, tx); err != nil {
		return nil, err
	}
	for _, t := range archiveTables {
		f, ok := files[t.Name]
		if !ok {
			continue // a table newer than the archive: it stays empty
		}
		if err := db.restoreTable(ctx, tx, t, f); err != nil {
			return nil, err
		}
	}
	if !slices.Contains(m.Migrations, sortNamesMigration) {
		// An archive of an earlier Attract holds the sort names it kept.
		if err := rekeySortNames(ctx, tx, db.dialect); err != nil {
			return nil, err
		}
	}
	if db.dialect.name() == "postgres" {
		// Rows came with their ids, so each identity sequence must be
		// moved past them for the next id the database hands out.
		for _, t := range archiveTables {
			if !t.hasIdentity() {
				continue
			}
			if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t.Name+`', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM `+t.Name); err != nil {
				return nil, fmt.Errorf("reset the id sequence of %s: %w", t.Name, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return m, nil
}

// checkArchive reads and checks the manifest against this Attract and every
// table file against the manifest, before anything is written. It returns
// the table files by table name.
func (db *DB) checkArchive(ctx context.Context, zr *zip.Reader) (*ArchiveManifest, map[string]*zip.File, error) {
	byName := map[string]*zip.File{}
	for _, f := range zr.File {
		if _, dup := byName[f.Name]; dup {
			return nil, nil, archiveErrorf("", 0, "", "the zip file holds %s twice", f.Name)
		}
		byName[f.Name] = f
	}
	mf, ok := byName[archiveManifestName]
	if !ok {
		return nil, nil, archiveErrorf("", 0, "", "no %s: not an Attract archive", archiveManifestName)
	}
	m, err := readArchiveManifest(mf)
	if err != nil {
		return nil, nil, err
	}

	// Migrations this Attract does not have mean a newer schema, whose
	// meaning this Attract cannot know.
	known, err := archiveKnownMigrations(db.dialect)
	if err != nil {
		return nil, nil, err
	}
	for _, name := range m.Migrations {
		if !known[name] {
			return nil, nil, archiveErrorf("", 0, "", "it comes from a newer Attract (its schema has migration %s, unknown here): restore it with that version of Attract or a later one", name)
		}
	}

	files := map[string]*zip.File{}
	for _, mt := range m.Tables {
		t, ok := archiveTableNamed(mt.Name)
		if !ok {
			return nil, nil, archiveErrorf(mt.Name, 0, "", "no such table in this Attract")
		}
		if _, dup := files[mt.Name]; dup {
			return nil, nil, archiveErrorf(mt.Name, 0, "", "listed twice in the manifest")
		}
		if mt.File != t.File() {
			return nil, nil, archiveErrorf(mt.Name, 0, "", "the manifest names file %q, want %q", mt.File, t.File())
		}
		for _, c := range mt.Columns {
			if have, _, ok := t.column(c.Name); !ok {
				return nil, nil, archiveErrorf(mt.Name, 0, c.Name, "no such column in this Attract")
			} else if have.Kind != c.Kind {
				return nil, nil, archiveErrorf(mt.Name, 0, c.Name, "the archive's kind %s is not this Attract's %s", c.Kind, have.Kind)
			}
		}
		f, ok := byName[mt.File]
		if !ok {
			return nil, nil, archiveErrorf(mt.Name, 0, "", "the manifest lists %s, which the zip file does not hold", mt.File)
		}
		if err := checkArchiveFile(ctx, f, mt); err != nil {
			return nil, nil, err
		}
		files[mt.Name] = f
	}
	for name := range byName {
		if name == archiveManifestName || strings.HasSuffix(name, "/") {
			continue
		}
		if t, ok := strings.CutPrefix(name, "tables/"); !ok || files[strings.TrimSuffix(t, ".jsonl")] == nil {
			return nil, nil, archiveErrorf("", 0, "", "the zip file holds %s, which the manifest does not list", name)
		}
	}
	return m, files, nil
}

func readArchiveManifest(f *zip.File) (*ArchiveManifest, error) {
	r, err := f.Open()
	if err != nil {
		return nil, archiveErrorf("", 0, "", "open %s: %w", archiveManifestName, err)
	}
	defer r.Close()
	var m ArchiveManifest
	if err := json.NewDecoder(io.LimitReader(r, 1<<20)).Decode(&m); err != nil {
		return nil, archiveErrorf("", 0, "", "read %s: %w", archiveManifestName, err)
	}
	if m.Format != ArchiveFormat {
		return nil, archiveErrorf("", 0, "", "%s names format %q, not %q: not an Attract archive", archiveManifestName, m.Format, ArchiveFormat)
	}
	if m.FormatVersion != ArchiveFormatVersion {
		return nil, archiveErrorf("", 0, "", "format version %d; this Attract reads version %d only", m.FormatVersion, ArchiveFormatVersion)
	}
	return &m, nil
}

// archiveKnownMigrations returns the base names of this Attract's migrations.
func archiveKnownMigrations(d dialect) (map[string]bool, error) {
	names, err := fs.Glob(migrationFS, "migrations/"+d.name()+"/*.sql")
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, n := range names {
		known[path.Base(n)] = true
	}
	for n := range goMigrations {
		known[n] = true
	}
	return known, nil
}

func archiveTableNamed(name string) (ArchiveTable, bool) {
	for _, t := range archiveTables {
		if t.Name == name {
			return t, true
		}
	}
	return ArchiveTable{}, false
}

// checkArchiveFile compares a table file's SHA-256 and line count with the
// manifest. Reading it through also checks the zip's own CRC.
func checkArchiveFile(ctx context.Context, f *zip.File, mt ArchiveManifestTable) error {
	r, err := f.Open()
	if err != nil {
		return archiveErrorf(mt.Name, 0, "", "open %s: %w", mt.File, err)
	}
	defer r.Close()
	sum := sha256.New()
	var lines int64
	buf := make([]byte, 64<<10)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := r.Read(buf)
		sum.Write(buf[:n])
		lines += int64(bytes.Count(buf[:n], []byte{'\n'}))
		if err == io.EOF {
			break
		} else if err != nil {
			return archiveErrorf(mt.Name, 0, "", "read %s: %w", mt.File, err)
		}
	}
	if got := hex.EncodeToString(sum.Sum(nil)); got != strings.ToLower(mt.SHA256) {
		return archiveErrorf(mt.Name, 0, "", "%s has SHA-256 %s, but the manifest says %s: the archive is damaged or was altered", mt.File, got, mt.SHA256)
	}
	if lines != mt.Rows {
		return archiveErrorf(mt.Name, 0, "", "%s has %d lines, but the manifest says %d rows", mt.File, lines, mt.Rows)
	}
	return nil
}

// checkArchiveTargetEmpty refuses a database that holds anything an archive would
// restore: restore adds to nothing, it never merges.
func checkArchiveTargetEmpty(ctx context.Context, tx *sql.Tx) error {
	var held []string
	for _, t := range archiveTables {
		var n int64
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			rows := "rows"
			if n == 1 {
				rows = "row"
			}
			held = append(held, fmt.Sprintf("%s (%d %s)", t.Name, n, rows))
		}
	}
	if len(held) > 0 {
		return attract.Errorf(attract.ECONFLICT,
			"The database is not empty (it holds %[1]s); restore only writes into an empty database: give it a new SQLite file or an empty PostgreSQL database.",
			"数据库不是空的（包含 %[1]s）；恢复只能写入空数据库：请指定新的 SQLite 文件或空的 PostgreSQL 数据库。",
			strings.Join(held, ", "))
	}
	return nil
}

// archiveSelfRef is a value of a self-referencing column, set once all the
// table's rows are in.
type archiveSelfRef struct {
	column string
	id     int64
	value  any
}

// restoreTable inserts one table's rows, line by line.
func (db *DB) restoreTable(ctx context.Context, tx *sql.Tx, t ArchiveTable, f *zip.File) error {
	r, err := f.Open()
	if err != nil {
		return archiveErrorf(t.Name, 0, "", "open %s: %w", f.Name, err)
	}
	defer r.Close()
	br := bufio.NewReaderSize(r, 64<<10)

	// An older archive may lack columns, and rows may differ in which they
	// carry, so there is one statement per set of columns present.
	stmts := map[string]*sql.Stmt{}
	defer func() {
		for _, s := range stmts {
			s.Close()
		}
	}()
	present := make([]bool, len(t.Columns))
	args := make([]any, 0, len(t.Columns))
	var later, rowRefs []archiveSelfRef
	for lineNo := int64(1); ; lineNo++ {
		line, err := br.ReadBytes('\n')
		if err == io.EOF && len(line) == 0 {
			break
		} else if err != nil && err != io.EOF {
			return archiveErrorf(t.Name, lineNo, "", "read: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(line, &obj); err != nil || obj == nil {
			if err == nil {
				err = errors.New("null")
			}
			return archiveErrorf(t.Name, lineNo, "", "not a JSON object: %v", err)
		}
		for name := range obj {
			if _, _, ok := t.column(name); !ok {
				return archiveErrorf(t.Name, lineNo, name, "no such column in this Attract")
			}
		}
		args, rowRefs = args[:0], rowRefs[:0]
		var id int64
		for i, c := range t.Columns {
			raw, ok := obj[c.Name]
			present[i] = ok && !c.SelfRef
			if !ok {
				if slices.Contains(t.Key, c.Name) {
					return archiveErrorf(t.Name, lineNo, c.Name, "missing: every row needs its key")
				}
				continue
			}
			v, err := decodeArchiveValue(db.dialect, c, raw)
			if err != nil {
				return archiveErrorf(t.Name, lineNo, c.Name, "%v", err)
			}
			switch {
			case c.Name == "id" && t.hasIdentity():
				id = v.(int64)
			case c.SelfRef:
				if v != nil {
					rowRefs = append(rowRefs, archiveSelfRef{column: c.Name, value: v})
				}
				continue
			}
			args = append(args, v)
		}
		for _, ref := range rowRefs {
			ref.id = id
			later = append(later, ref)
		}
		key := archivePresentKey(present)
		stmt, ok := stmts[key]
		if !ok {
			var cols []string
			for i, c := range t.Columns {
				if present[i] {
					cols = append(cols, c.Name)
				}
			}
			query := `INSERT INTO ` + t.Name + ` (` + strings.Join(cols, ", ") + `) VALUES (` + placeholders(len(cols)) + `)`
			if stmt, err = tx.PrepareContext(ctx, db.dialect.rebind(query)); err != nil {
				return archiveErrorf(t.Name, lineNo, "", "%w", err)
			}
			stmts[key] = stmt
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			var cols []string
			for i, c := range t.Columns {
				if present[i] {
					cols = append(cols, c.Name)
				}
			}
			return insertError(ctx, tx, t.Name, lineNo, cols, args, err)
		}
	}
	for _, ref := range later {
		if _, err := tx.ExecContext(ctx, db.dialect.rebind(`UPDATE `+t.Name+` SET `+ref.column+` = ? WHERE id = ?`), ref.value, ref.id); err != nil {
			return archiveErrorf(t.Name, 0, ref.column, "row id %d: %w", ref.id, err)
		}
	}
	return nil
}

// pgKeyDetail finds the column in the detail of PostgreSQL's key errors:
// Key (owner_id)=(999) is not present in table "users".
var pgKeyDetail = regexp.MustCompile(`^Key \(([a-z_]+)\)=`)

// insertError names the column of a row that the database refused where
// its own message does not: SQLite names no column for a foreign key, and
// PostgreSQL names it only in the error's detail.
func insertError(ctx context.Context, tx *sql.Tx, table string, line int64, cols []string, args []any, err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		column := pgErr.ColumnName
		if m := pgKeyDetail.FindStringSubmatch(pgErr.Detail); column == "" && m != nil {
			column = m[1]
		}
		msg := pgErr.Message
		if pgErr.Detail != "" {
			msg += " (" + pgErr.Detail + ")"
		}
		return archiveErrorf(table, line, column, "%s", msg)
	}
	if strings.Contains(err.Error(), "FOREIGN KEY constraint failed") {
		// SQLite is still in the transaction after a failed statement, so
		// it can be asked which reference points at nothing.
		rows, qerr := tx.QueryContext(ctx, `SELECT "from", "table", COALESCE("to", 'id') FROM pragma_foreign_key_list(?)`, table)
		if qerr == nil {
			type ref struct{ from, table, to string }
			var refs []ref
			for rows.Next() {
				var r ref
				if rows.Scan(&r.from, &r.table, &r.to) == nil {
					refs = append(refs, r)
				}
			}
			rows.Close()
			for _, r := range refs {
				i := slices.Index(cols, r.from)
				if i < 0 || args[i] == nil {
					continue
				}
				var n int
				if tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+r.table+` WHERE `+r.to+` = ?`, args[i]).Scan(&n) == nil && n == 0 {
					return archiveErrorf(table, line, r.from, "%v refers to no row of %s", args[i], r.table)
				}
			}
		}
	}
	return archiveErrorf(table, line, "", "%w", err)
}

func archivePresentKey(present []bool) string {
	b := make([]byte, len(present))
	for i, p := range present {
		b[i] = '0'
		if p {
			b[i] = '1'
		}
	}
	return string(b)
}

// decodeArchiveValue turns one JSON value of an archive row into what the
// dialect stores, refusing anything that is not the column kind's exact form.
func decodeArchiveValue(d dialect, c ArchiveColumn, raw json.RawMessage) (any, error) {
	if string(raw) == "null" {
		if !c.Nullable {
			return nil, errors.New("null, but the column requires a value")
		}
		return nil, nil
	}
	str := func(what string) (string, error) {
		var s string
		if len(raw) == 0 || raw[0] != '"' {
			return "", fmt.Errorf("want %s, got %s", what, raw)
		}
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", fmt.Errorf("want %s, got %s: %v", what, raw, err)
		}
		return s, nil
	}
	switch c.Kind {
	case ColumnInt:
		n, err := strconv.ParseInt(string(raw), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("want an integer (int64), got %s", raw)
		}
		return n, nil
	case ColumnText:
		return str("a string")
	case ColumnBool:
		switch string(raw) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
		return nil, fmt.Errorf("want true or false, got %s", raw)
	case ColumnDate:
		s, err := str("a date (YYYY-MM-DD)")
		if err != nil {
			return nil, err
		}
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			return nil, fmt.Errorf("want a date (YYYY-MM-DD), got %q", s)
		}
		return s, nil
	case ColumnTime:
		s, err := str("an RFC 3339 time")
		if err != nil {
			return nil, err
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil, fmt.Errorf("want an RFC 3339 time, got %q", s)
		}
		return d.timeValue(t.UTC().Truncate(time.Microsecond)), nil
	case ColumnJSON:
		s, err := str("a string holding JSON")
		if err != nil {
			return nil, err
		}
		if !json.Valid([]byte(s)) {
			return nil, fmt.Errorf("the string does not hold valid JSON: %q", s)
		}
		return s, nil
	}
	return nil, fmt.Errorf("unknown kind %s", c.Kind)
}
