package sqlstore_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"attract"
	"attract/demo"
	"attract/sqlstore"
)

var archiveSys = attract.NewSystemContext(context.Background())

// dbColumn is a column as the database itself describes it.
type dbColumn struct {
	typ      string
	nullable bool
}

// schemaOf reads every table and column of the database from its catalogue.
func schemaOf(t *testing.T, db *sqlstore.DB) map[string]map[string]dbColumn {
	t.Helper()
	out := map[string]map[string]dbColumn{}
	q := db.SQL()
	if db.Dialect() == "sqlite" {
		var tables []string
		rows, err := q.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var name string
			rows.Scan(&name)
			tables = append(tables, name)
		}
		rows.Close()
		for _, table := range tables {
			out[table] = map[string]dbColumn{}
			rows, err := q.Query(`SELECT name, type, "notnull", pk FROM pragma_table_info(?)`, table)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var name, typ string
				var notNull, pk int
				if err := rows.Scan(&name, &typ, &notNull, &pk); err != nil {
					t.Fatal(err)
				}
				out[table][name] = dbColumn{typ: strings.ToUpper(typ), nullable: notNull == 0 && pk == 0}
			}
			rows.Close()
		}
		return out
	}
	rows, err := q.Query(`SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
		WHERE table_schema = current_schema()`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, name, typ, nullable string
		if err := rows.Scan(&table, &name, &typ, &nullable); err != nil {
			t.Fatal(err)
		}
		if out[table] == nil {
			out[table] = map[string]dbColumn{}
		}
		out[table][name] = dbColumn{typ: typ, nullable: nullable == "YES"}
	}
	return out
}

// foreignKeys returns, per table, the columns that reference another table
// and the table each references.
func foreignKeys(t *testing.T, db *sqlstore.DB, tables []string) map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]string{}
	add := func(table, column, ref string) {
		if out[table] == nil {
			out[table] = map[string]string{}
		}
		out[table][column] = ref
	}
	if db.Dialect() == "sqlite" {
		for _, table := range tables {
			rows, err := db.SQL().Query(`SELECT "from", "table" FROM pragma_foreign_key_list(?)`, table)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var column, ref string
				rows.Scan(&column, &ref)
				add(table, column, ref)
			}
			rows.Close()
		}
		return out
	}
	rows, err := db.SQL().Query(`SELECT cl.relname, a.attname, rcl.relname
		FROM pg_constraint c
		JOIN pg_class cl ON cl.oid = c.conrelid
		JOIN pg_class rcl ON rcl.oid = c.confrelid
		JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
		WHERE c.contype = 'f' AND cl.relnamespace = current_schema()::regnamespace`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, column, ref string
		rows.Scan(&table, &column, &ref)
		add(table, column, ref)
	}
	return out
}

// columnTypes are the database types each kind may be stored as.
var columnTypes = map[string]map[sqlstore.ColumnKind][]string{
	"sqlite": {
		sqlstore.ColumnInt: {"INTEGER"}, sqlstore.ColumnBool: {"INTEGER"}, sqlstore.ColumnText: {"TEXT"},
		sqlstore.ColumnDate: {"TEXT"}, sqlstore.ColumnTime: {"TEXT"}, sqlstore.ColumnJSON: {"TEXT"},
	},
	"postgres": {
		sqlstore.ColumnInt: {"bigint", "integer"}, sqlstore.ColumnBool: {"boolean"}, sqlstore.ColumnText: {"text"},
		sqlstore.ColumnDate: {"date"}, sqlstore.ColumnTime: {"timestamp with time zone"}, sqlstore.ColumnJSON: {"jsonb", "json"},
	},
}

// TestArchiveCoversSchema fails when a migration adds a table or column that
// the archive's description leaves out, or changes one it describes: a
// backup must never silently lose data.
func TestArchiveCoversSchema(t *testing.T) {
	for _, d := range sqlstore.TestDialects(t) {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			db := sqlstore.MustOpenTestDB(t, d)
			schema := schemaOf(t, db)
			archived := map[string]sqlstore.ArchiveTable{}
			position := map[string]int{}
			var names []string
			for i, table := range sqlstore.ArchiveTables() {
				archived[table.Name] = table
				position[table.Name] = i
				names = append(names, table.Name)
			}
			skipped := sqlstore.ArchiveSkippedTables()
			for table := range schema {
				if _, ok := archived[table]; !ok && skipped[table] == "" {
					t.Errorf("table %s is in the database but not in the archive: describe it in archiveTables (sqlstore/archive.go)", table)
				}
			}
			for name, table := range archived {
				cols, ok := schema[name]
				if !ok {
					t.Errorf("archive table %s is not in the database", name)
					continue
				}
				described := map[string]bool{}
				for _, c := range table.Columns {
					described[c.Name] = true
					have, ok := cols[c.Name]
					if !ok {
						t.Errorf("archive column %s.%s is not in the database", name, c.Name)
						continue
					}
					if !slices.Contains(columnTypes[d][c.Kind], have.typ) {
						t.Errorf("%s.%s is %s in the database; the archive says %s", name, c.Name, have.typ, c.Kind)
					}
					if have.nullable != c.Nullable {
						t.Errorf("%s.%s: nullable %v in the database, %v in the archive", name, c.Name, have.nullable, c.Nullable)
					}
				}
				for c := range cols {
					if !described[c] {
						t.Errorf("column %s.%s is in the database but not in the archive: add it to archiveTables (sqlstore/archive.go)", name, c)
					}
				}
			}
			// Restore inserts in the description's order, so every
			// reference must point at a table restored before, or into
			// its own table through a column restored in a second pass.
			for table, refs := range foreignKeys(t, db, names) {
				at, ok := position[table]
				if !ok {
					continue
				}
				for column, ref := range refs {
					if ref == table {
						if c := columnNamed(archived[table], column); !c.SelfRef {
							t.Errorf("%s.%s refers to its own table: mark it self in archiveTables", table, column)
						}
						continue
					}
					if refAt, ok := position[ref]; !ok || refAt > at {
						t.Errorf("%s.%s refers to %s, which is not restored before %s", table, column, ref, table)
					}
				}
			}
		})
	}
}

func columnNamed(t sqlstore.ArchiveTable, name string) sqlstore.ArchiveColumn {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return sqlstore.ArchiveColumn{}
}

// archive is an archive read into memory for a test.
type archive struct {
	manifest sqlstore.ArchiveManifest
	files    map[string][]byte // by name in the zip
}

func readArchive(t *testing.T, data []byte) archive {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	a := archive{files: map[string][]byte{}}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		a.files[f.Name] = b
	}
	if err := json.Unmarshal(a.files["manifest.json"], &a.manifest); err != nil {
		t.Fatal(err)
	}
	return a
}

// bytes writes the archive back as a zip file. With resum, the manifest's
// checksums and row counts are brought up to date with the files.
func (a archive) bytes(t *testing.T, resum bool) []byte {
	t.Helper()
	if resum {
		for i, mt := range a.manifest.Tables {
			sum := sha256.Sum256(a.files[mt.File])
			a.manifest.Tables[i].SHA256 = hex.EncodeToString(sum[:])
			a.manifest.Tables[i].Rows = int64(bytes.Count(a.files[mt.File], []byte("\n")))
		}
	}
	m, err := json.Marshal(a.manifest)
	if err != nil {
		t.Fatal(err)
	}
	a.files["manifest.json"] = m
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(a.files))
	for name := range a.files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(a.files[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rows decodes a table file's rows, numbers kept exact.
func (a archive) rows(t *testing.T, table string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(a.files["tables/"+table+".jsonl"]))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.UseNumber()
		var row map[string]any
		if err := dec.Decode(&row); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		out = append(out, row)
	}
	return out
}

// editRows rewrites every row of a table file.
func (a archive) editRows(t *testing.T, table string, edit func(line int, row map[string]any)) {
	t.Helper()
	var buf bytes.Buffer
	for i, row := range a.rows(t, table) {
		edit(i+1, row)
		b, err := json.Marshal(row)
		if err != nil {
			t.Fatal(err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	a.files["tables/"+table+".jsonl"] = buf.Bytes()
}

func mustExport(t *testing.T, db *sqlstore.DB) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := db.Export(archiveSys, &buf); err != nil {
		t.Fatalf("export the %s database: %v", db.Dialect(), err)
	}
	return buf.Bytes()
}

func restore(db *sqlstore.DB, data []byte) (*sqlstore.ArchiveManifest, error) {
	return db.Restore(archiveSys, bytes.NewReader(data), int64(len(data)))
}

func mustRestore(t *testing.T, db *sqlstore.DB, data []byte) {
	t.Helper()
	if _, err := restore(db, data); err != nil {
		t.Fatalf("restore into the %s database: %v", db.Dialect(), err)
	}
}

var (
	archiveTimeRE = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$`)
	archiveDateRE = regexp.MustCompile(`^\d{4}-\d\d-\d\d$`)
)

// checkNormalised checks that every value of every row has its kind's one
// form, and that each row carries the table's columns in order.
func checkNormalised(t *testing.T, a archive) {
	t.Helper()
	if a.manifest.Format != sqlstore.ArchiveFormat || a.manifest.FormatVersion != 1 {
		t.Errorf("manifest says %q version %d", a.manifest.Format, a.manifest.FormatVersion)
	}
	for _, table := range sqlstore.ArchiveTables() {
		want := make([]string, len(table.Columns))
		for i, c := range table.Columns {
			want[i] = c.Name
		}
		for i, line := range bytes.SplitAfter(a.files[table.File()], []byte("\n")) {
			if len(line) == 0 {
				continue
			}
			if got := keysInOrder(t, line); !slices.Equal(got, want) {
				t.Fatalf("%s line %d: columns %v, want %v", table.Name, i+1, got, want)
			}
		}
		for i, row := range a.rows(t, table.Name) {
			for _, c := range table.Columns {
				v, ok := row[c.Name]
				if !ok {
					t.Fatalf("%s line %d lacks %s", table.Name, i+1, c.Name)
				}
				if v == nil {
					if !c.Nullable {
						t.Errorf("%s line %d: %s is null", table.Name, i+1, c.Name)
					}
					continue
				}
				bad := false
				switch c.Kind {
				case sqlstore.ColumnInt:
					n, ok := v.(json.Number)
					_, err := strconv.ParseInt(string(n), 10, 64)
					bad = !ok || err != nil
				case sqlstore.ColumnBool:
					_, ok := v.(bool)
					bad = !ok
				case sqlstore.ColumnText:
					_, ok := v.(string)
					bad = !ok
				case sqlstore.ColumnDate:
					s, _ := v.(string)
					bad = !archiveDateRE.MatchString(s)
				case sqlstore.ColumnTime:
					s, _ := v.(string)
					bad = !archiveTimeRE.MatchString(s)
				case sqlstore.ColumnJSON:
					s, _ := v.(string)
					bad = s != canonicalJSON(t, s)
				}
				if bad {
					t.Fatalf("%s line %d: %s is %#v, not the archive's %s form", table.Name, i+1, c.Name, v, c.Kind)
				}
			}
		}
	}
}

// canonicalJSON is the archive's form of JSON text: keys sorted, no
// spaces, no HTML escapes, numbers as written.
func canonicalJSON(t *testing.T, s string) string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return strings.TrimSuffix(buf.String(), "\n")
}

// keysInOrder returns the keys of a JSON object in the order written.
func keysInOrder(t *testing.T, line []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(line))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not a JSON object: %s", line)
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

// compareArchives checks that two archives hold the same rows, table by
// table, and names the first line that differs.
func compareArchives(t *testing.T, what string, a, b archive) {
	t.Helper()
	if !slices.Equal(a.manifest.Migrations, b.manifest.Migrations) {
		t.Errorf("%s: migrations %v and %v", what, a.manifest.Migrations, b.manifest.Migrations)
	}
	if len(a.manifest.Tables) != len(b.manifest.Tables) {
		t.Fatalf("%s: %d and %d tables", what, len(a.manifest.Tables), len(b.manifest.Tables))
	}
	for i, ta := range a.manifest.Tables {
		tb := b.manifest.Tables[i]
		if ta.Name != tb.Name || ta.Rows != tb.Rows || ta.SHA256 != tb.SHA256 {
			t.Errorf("%s: table %s (%d rows, %s) and %s (%d rows, %s)", what, ta.Name, ta.Rows, ta.SHA256[:12], tb.Name, tb.Rows, tb.SHA256[:12])
		}
		la := strings.Split(string(a.files[ta.File]), "\n")
		lb := strings.Split(string(b.files[tb.File]), "\n")
		for j := range min(len(la), len(lb)) {
			if la[j] != lb[j] {
				t.Errorf("%s: %s line %d differs:\n%s\n%s", what, ta.Name, j+1, la[j], lb[j])
				break
			}
		}
	}
}

// fillEveryTable adds to the demo what it does not create, so that every
// table and every kind of value is in the archive: a setting, a counter, a
// saved view, an API token, a live session, a company whose parent has a
// higher id, and text that JSON and PostgreSQL treat specially.
func fillEveryTable(t *testing.T, db *sqlstore.DB) (token, session string) {
	t.Helper()
	if _, err := db.SQL().Exec(`INSERT INTO settings (key, value) VALUES ('project_code_prefix', 'ZQ')`); err != nil {
		t.Fatal(err)
	}
	// No service writes import mappings yet; the row is written as the
	// store writes SQLite rows.
	if _, err := db.SQL().Exec(`INSERT INTO import_mappings (name, kind, body, created_at, updated_at)
		VALUES ('世行 PPI', 'projects', '{"columns": {"项目名称": "name_zh"}}', '2024-06-30T08:00:00.000000Z', '2024-06-30T08:00:00.000000Z')`); err != nil {
		t.Fatal(err)
	}
	u, err := db.Authenticate(archiveSys, "chen.jie", demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	ctx := attract.NewContextWithUser(context.Background(), u)
	if err := db.CreateSavedView(ctx, &attract.SavedView{Name: "已签约 <重点> & \"key\"", Query: "stage=signed&key=true", Shared: true}); err != nil {
		t.Fatal(err)
	}
	if token, err = db.CreateToken(ctx, &attract.Token{UserID: u.ID, Name: "归档测试"}); err != nil {
		t.Fatal(err)
	}
	if session, err = db.CreateSession(ctx, u.ID, time.Hour); err != nil {
		t.Fatal(err)
	}
	p := &attract.Project{}
	p.NameZH = "归档测试项目"
	p.NameEN = "Archive <test> & \"quotes\"\n\ttab \u2028 😀"
	if err := db.CreateProject(ctx, p); err != nil {
		t.Fatal(err)
	}
	child, _, err := db.FindCompanies(archiveSys, attract.CompanyFilter{Limit: 1})
	if err != nil || len(child) == 0 {
		t.Fatalf("no company to make a child: %v", err)
	}
	parent := &attract.Company{}
	parent.NameZH = "归档母公司 <Holdings> & Co."
	parent.Country = "HK"
	if err := db.CreateCompany(archiveSys, parent); err != nil {
		t.Fatal(err)
	}
	patch := attract.Patch{"ultimate_parent_id": json.RawMessage(strconv.FormatInt(parent.ID, 10))}
	if _, err := db.UpdateCompany(archiveSys, child[0].ID, child[0].Version, patch); err != nil {
		t.Fatal(err)
	}
	return token, session
}

// requirePostgres skips a test that needs PostgreSQL when none is set up,
// loudly, and fails it in CI.
func requirePostgres(t *testing.T) {
	t.Helper()
	if !slices.Contains(sqlstore.TestDialects(t), "postgres") {
		t.Skipf("SKIPPING the move between SQLite and PostgreSQL: set %s to a PostgreSQL URL, e.g. postgres://postgres@127.0.0.1:5432/postgres", sqlstore.PostgresTestURLEnv)
	}
}

// TestArchiveMovesBetweenDatabases moves the demo agency from SQLite to
// PostgreSQL and back through archives, and checks that the three archives
// hold the same rows and that the restored databases work.
func TestArchiveMovesBetweenDatabases(t *testing.T) {
	requirePostgres(t)
	src := sqlstore.MustOpenTestDB(t, "sqlite")
	today := attract.Date{Year: 2024, Month: 6, Day: 30}
	if _, err := demo.Generate(attract.NewSystemContext(context.Background()), src, demo.Options{Projects: 40, Seed: 3, Today: today}); err != nil {
		t.Fatal(err)
	}
	token, session := fillEveryTable(t, src)

	start := time.Now()
	first := mustExport(t, src)
	t.Logf("export from SQLite: %v, %d bytes", time.Since(start), len(first))
	a1 := readArchive(t, first)
	for _, mt := range a1.manifest.Tables {
		if mt.Rows == 0 {
			t.Errorf("table %s is empty in the archive: the test does not cover it", mt.Name)
		}
	}
	if a1.manifest.SourceDialect != "sqlite" {
		t.Errorf("source dialect %q", a1.manifest.SourceDialect)
	}

	pg := sqlstore.MustOpenTestDB(t, "postgres")
	start = time.Now()
	mustRestore(t, pg, first)
	t.Logf("restore into PostgreSQL: %v (%d rows)", time.Since(start), a1.manifest.Rows())
	second := mustExport(t, pg)
	a2 := readArchive(t, second)
	if a2.manifest.SourceDialect != "postgres" {
		t.Errorf("source dialect %q", a2.manifest.SourceDialect)
	}

	back := sqlstore.MustOpenTestDB(t, "sqlite")
	start = time.Now()
	mustRestore(t, back, second)
	t.Logf("restore into SQLite: %v", time.Since(start))
	a3 := readArchive(t, mustExport(t, back))

	for _, a := range []archive{a1, a2, a3} {
		checkNormalised(t, a)
	}
	compareArchives(t, "SQLite and PostgreSQL", a1, a2)
	compareArchives(t, "SQLite and SQLite by way of PostgreSQL", a1, a3)

	projects := a1.rows(t, "projects")
	maxID, _ := projects[len(projects)-1]["id"].(json.Number).Int64()
	for _, db := range []*sqlstore.DB{pg, back} {
		t.Run(db.Dialect()+" works", func(t *testing.T) { checkRestoredWorks(t, db, maxID, token, session) })
	}
}

// checkRestoredWorks uses a restored database through the services.
func checkRestoredWorks(t *testing.T, db *sqlstore.DB, maxProjectID int64, token, session string) {
	u, err := db.Authenticate(archiveSys, "chen.jie", demo.Password)
	if err != nil {
		t.Fatalf("sign in as a demo user: %v", err)
	}
	if _, err := db.UserByToken(archiveSys, token); err != nil {
		t.Errorf("the API token does not work after restore: %v", err)
	}
	if _, err := db.UserBySession(archiveSys, session); err == nil {
		t.Errorf("a live session came through the archive")
	}
	found, _, err := db.FindProjects(archiveSys, attract.ProjectFilter{Q: "西银", Limit: 50})
	if err != nil || len(found) == 0 {
		t.Errorf("search 西银: %d projects, %v", len(found), err)
	}
	ctx := attract.NewContextWithUser(context.Background(), u)
	p := &attract.Project{}
	p.NameZH = "恢复后的新项目"
	if err := db.CreateProject(ctx, p); err != nil {
		t.Fatal(err)
	}
	if p.ID != maxProjectID+1 {
		t.Errorf("new project has id %d, want %d", p.ID, maxProjectID+1)
	}
	if !strings.HasPrefix(p.Code, "ZQ-") {
		t.Errorf("new project code %q does not use the restored prefix", p.Code)
	}
	old := found[0]
	updated, err := db.UpdateProject(archiveSys, old.ID, old.Version, attract.Patch{"park": json.RawMessage(`"肇庆高新区"`)})
	if err != nil {
		t.Fatalf("update with the right version: %v", err)
	}
	if updated.Version != old.Version+1 {
		t.Errorf("version %d after update of version %d", updated.Version, old.Version)
	}
	if _, err := db.UpdateProject(archiveSys, old.ID, old.Version, attract.Patch{"park": json.RawMessage(`"四会市"`)}); attract.ErrorCode(err) != attract.ECONFLICT {
		t.Errorf("update with a stale version: %v, want a conflict", err)
	}
}

// smallArchive makes a database with a few records of every kind the bad
// archive tests change, and exports it.
func smallArchive(t *testing.T) []byte {
	t.Helper()
	db := sqlstore.MustOpenTestDB(t, "sqlite")
	team := &attract.Team{Name: "港澳招商组"}
	if err := db.CreateTeam(archiveSys, team); err != nil {
		t.Fatal(err)
	}
	u := &attract.User{Username: "li.na", Name: "李娜", Role: attract.RoleOfficer, TeamID: &team.ID}
	if err := db.CreateUser(archiveSys, u, "a long enough password"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"西银智慧产业园", "肇庆新材料", "端州物流中心"} {
		p := &attract.Project{}
		p.NameZH = name
		p.OwnerID = &u.ID
		if err := db.CreateProject(archiveSys, p); err != nil {
			t.Fatal(err)
		}
	}
	return mustExport(t, db)
}

// assertEmpty checks that a failed restore wrote nothing.
func assertEmpty(t *testing.T, db *sqlstore.DB) {
	t.Helper()
	for _, table := range sqlstore.ArchiveTables() {
		var n int
		if err := db.SQL().QueryRow(`SELECT COUNT(*) FROM ` + table.Name).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			t.Errorf("a failed restore left %d rows in %s", n, table.Name)
		}
	}
}

func TestRestoreRefusesBadArchives(t *testing.T) {
	good := smallArchive(t)
	tests := []struct {
		name string
		data func(t *testing.T) []byte
		want []string // in the error message
		line int64
	}{
		{"not a zip", func(*testing.T) []byte { return []byte("PK? no, a spreadsheet") }, []string{"not an Attract archive", "zip"}, 0},
		{"no manifest", func(t *testing.T) []byte {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			for name, body := range readArchive(t, good).files {
				if name != "manifest.json" {
					w, _ := zw.Create(name)
					w.Write(body)
				}
			}
			zw.Close()
			return buf.Bytes()
		}, []string{"no manifest.json"}, 0},
		{"unknown format version", func(t *testing.T) []byte {
			a := readArchive(t, good)
			a.manifest.FormatVersion = 2
			return a.bytes(t, false)
		}, []string{"format version 2", "reads version 1"}, 0},
		{"newer schema", func(t *testing.T) []byte {
			a := readArchive(t, good)
			a.manifest.Migrations = append(a.manifest.Migrations, "9999_future.sql")
			return a.bytes(t, false)
		}, []string{"newer Attract", "9999_future.sql"}, 0},
		{"checksum mismatch", func(t *testing.T) []byte {
			a := readArchive(t, good)
			a.files["tables/projects.jsonl"] = bytes.Replace(a.files["tables/projects.jsonl"], []byte("肇庆"), []byte("广州"), 1)
			return a.bytes(t, false)
		}, []string{"table projects", "SHA-256", "damaged or was altered"}, 0},
		{"unknown table", func(t *testing.T) []byte {
			a := readArchive(t, good)
			a.files["tables/invoices.jsonl"] = []byte("{\"id\":1}\n")
			a.manifest.Tables = append(a.manifest.Tables, sqlstore.ArchiveManifestTable{Name: "invoices", File: "tables/invoices.jsonl"})
			return a.bytes(t, true)
		}, []string{"table invoices", "no such table"}, 0},
		{"unknown column", func(t *testing.T) []byte {
			a := readArchive(t, good)
			a.editRows(t, "projects", func(line int, row map[string]any) {
				if line == 2 {
					row["budget"] = 5
				}
			})
			return a.bytes(t, true)
		}, []string{"table projects", "line 2", "column budget", "no such column"}, 2},
		{"bad time", func(t *testing.T) []byte {
			a := readArchive(t, good)
			a.editRows(t, "projects", func(line int, row map[string]any) {
				if line == 3 {
					row["created_at"] = "yesterday"
				}
			})
			return a.bytes(t, true)
		}, []string{"table projects", "line 3", "column created_at", "RFC 3339", "yesterday"}, 3},
		{"integer too large", func(t *testing.T) []byte {
			a := readArchive(t, good)
			a.editRows(t, "projects", func(line int, row map[string]any) {
				row["version"] = json.Number("9223372036854775808")
			})
			return a.bytes(t, true)
		}, []string{"table projects", "line 1", "column version", "integer"}, 1},
		{"fraction for an integer", func(t *testing.T) []byte {
			a := readArchive(t, good)
			a.editRows(t, "users", func(line int, row map[string]any) { row["team_id"] = 1.5 })
			return a.bytes(t, true)
		}, []string{"table users", "line 1", "column team_id", "integer"}, 1},
		{"bad boolean", func(t *testing.T) []byte {
			a := readArchive(t, good)
			a.editRows(t, "users", func(line int, row map[string]any) { row["disabled"] = 0 })
			return a.bytes(t, true)
		}, []string{"table users", "line 1", "column disabled", "true or false"}, 1},
		{"bad date", func(t *testing.T) []byte {
			a := readArchive(t, good)
			a.editRows(t, "projects", func(line int, row map[string]any) {
				if line == 1 {
					row["mou_planned"] = "2024/06/30"
				}
			})
			return a.bytes(t, true)
		}, []string{"table projects", "line 1", "column mou_planned", "YYYY-MM-DD"}, 1},
		{"null where a value is required", func(t *testing.T) []byte {
			a := readArchive(t, good)
			a.editRows(t, "audit_log", func(line int, row map[string]any) {
				if line == 4 {
					row["actor_name"] = nil
				}
			})
			return a.bytes(t, true)
		}, []string{"table audit_log", "line 4", "column actor_name", "null"}, 4},
		{"bad JSON in a JSON column", func(t *testing.T) []byte {
			a := readArchive(t, good)
			a.editRows(t, "audit_log", func(line int, row map[string]any) {
				if line == 5 {
					row["after_json"] = "{not json"
				}
			})
			return a.bytes(t, true)
		}, []string{"table audit_log", "line 5", "column after_json", "valid JSON"}, 5},
		{"not a JSON object", func(t *testing.T) []byte {
			a := readArchive(t, good)
			a.files["tables/audit_log.jsonl"] = append(a.files["tables/audit_log.jsonl"], "[1,2,3]\n"...)
			return a.bytes(t, true)
		}, []string{"table audit_log", "not a JSON object"}, 0},
		{"a reference to nothing", func(t *testing.T) []byte {
			a := readArchive(t, good)
			a.editRows(t, "projects", func(line int, row map[string]any) {
				if line == 3 {
					row["owner_id"] = 999
				}
			})
			return a.bytes(t, true)
		}, []string{"table projects", "line 3", "column owner_id"}, 3},
	}
	for _, tt := range tests {
		for _, d := range sqlstore.TestDialects(t) {
			t.Run(tt.name+"/"+d, func(t *testing.T) {
				db := sqlstore.MustOpenTestDB(t, d)
				_, err := restore(db, tt.data(t))
				if err == nil {
					t.Fatal("restored a bad archive")
				}
				for _, w := range tt.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q does not say %q", err, w)
					}
				}
				t.Log(err)
				var ae *sqlstore.ArchiveError
				if tt.line > 0 && (!errors.As(err, &ae) || ae.Line != tt.line) {
					t.Errorf("error %v: want an ArchiveError at line %d", err, tt.line)
				}
				assertEmpty(t, db)
			})
		}
	}
}

// TestRestoreOlderArchive restores an archive from before a column or a
// table existed: the column takes its database default, the table stays
// empty.
func TestRestoreOlderArchive(t *testing.T) {
	a := readArchive(t, smallArchive(t))
	a.editRows(t, "projects", func(_ int, row map[string]any) { delete(row, "priority"); delete(row, "tags") })
	a.editRows(t, "users", func(_ int, row map[string]any) { delete(row, "language") })
	for i, mt := range a.manifest.Tables {
		if mt.Name == "projects" {
			a.manifest.Tables[i].Columns = slices.DeleteFunc(mt.Columns, func(c sqlstore.ArchiveColumn) bool { return c.Name == "priority" || c.Name == "tags" })
		}
	}
	a.manifest.Tables = slices.DeleteFunc(a.manifest.Tables, func(mt sqlstore.ArchiveManifestTable) bool { return mt.Name == "saved_views" })
	delete(a.files, "tables/saved_views.jsonl")
	a.manifest.Migrations = slices.DeleteFunc(a.manifest.Migrations, func(m string) bool { return m == "0002_saved_views.sql" || m == "0011_sort_names.go" })
	for _, table := range []string{"projects", "companies", "contacts"} {
		a.editRows(t, table, func(_ int, row map[string]any) { row["sort_name"] = "kept by an earlier Attract" })
	}
	for _, d := range sqlstore.TestDialects(t) {
		t.Run(d, func(t *testing.T) {
			db := sqlstore.MustOpenTestDB(t, d)
			mustRestore(t, db, a.bytes(t, true))
			ps, _, err := db.FindProjects(archiveSys, attract.ProjectFilter{Limit: 10})
			if err != nil || len(ps) != 3 {
				t.Fatalf("%d projects, %v", len(ps), err)
			}
			for _, p := range ps {
				if p.Priority != "normal" || p.Tags == nil || len(p.Tags) != 0 {
					t.Errorf("project %s: priority %q, tags %#v; want the defaults", p.Code, p.Priority, p.Tags)
				}
			}
			u, err := db.FindUserByUsername(archiveSys, "li.na")
			if err != nil || u.Language != "zh" {
				t.Errorf("user language %v, %v; want the default zh", u, err)
			}
			for _, table := range []string{"projects", "companies", "contacts"} {
				rows, err := db.SQL().Query(`SELECT CASE WHEN name_zh <> '' THEN name_zh ELSE name_en END, sort_name FROM ` + table)
				if err != nil {
					t.Fatal(err)
				}
				for rows.Next() {
					var name, key string
					if err := rows.Scan(&name, &key); err != nil {
						t.Fatal(err)
					}
					if key != sqlstore.SortName(name) {
						t.Errorf("%s %q: sort_name %q, want it keyed again", table, name, key)
					}
				}
				if err := rows.Err(); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func TestRestoreRefusesNonEmptyDatabase(t *testing.T) {
	data := smallArchive(t)
	for _, d := range sqlstore.TestDialects(t) {
		t.Run(d, func(t *testing.T) {
			db := sqlstore.MustOpenTestDB(t, d)
			u := &attract.User{Username: "admin", Name: "管理员", Role: attract.RoleAdmin}
			if err := db.CreateUser(archiveSys, u, "administrator-password"); err != nil {
				t.Fatal(err)
			}
			_, err := restore(db, data)
			if attract.ErrorCode(err) != attract.ECONFLICT || !strings.Contains(err.Error(), "not empty") || !strings.Contains(err.Error(), "users (1 row)") {
				t.Fatalf("restore into a database with a user: %v", err)
			}
			if n, _ := db.CountUsers(archiveSys); n != 1 {
				t.Errorf("%d users after a refused restore", n)
			}
			// Restoring twice into the same database is refused the same way.
			fresh := sqlstore.MustOpenTestDB(t, d)
			mustRestore(t, fresh, data)
			if _, err := restore(fresh, data); attract.ErrorCode(err) != attract.ECONFLICT {
				t.Errorf("second restore: %v", err)
			}
		})
	}
}

func TestExportAndRestoreNeedAnAdministrator(t *testing.T) {
	db := sqlstore.MustOpenTestDB(t, "sqlite")
	u := &attract.User{Username: "wang.wei", Name: "王伟", Role: attract.RoleDirector}
	if err := db.CreateUser(archiveSys, u, "a long enough password"); err != nil {
		t.Fatal(err)
	}
	ctx := attract.NewContextWithUser(context.Background(), u)
	if _, err := db.Export(ctx, io.Discard); attract.ErrorCode(err) != attract.EFORBIDDEN {
		t.Errorf("export as a director: %v", err)
	}
	data := smallArchive(t)
	if _, err := sqlstore.MustOpenTestDB(t, "sqlite").Restore(ctx, bytes.NewReader(data), int64(len(data))); attract.ErrorCode(err) != attract.EFORBIDDEN {
		t.Errorf("restore as a director: %v", err)
	}
}

// TestExportIsAConsistentSnapshot exports while projects are created and
// checks that each archive shows one moment.
func TestExportIsAConsistentSnapshot(t *testing.T) {
	db := sqlstore.MustOpenTestDB(t, "sqlite")
	var before []byte
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 30 {
			p := &attract.Project{}
			p.NameZH = fmt.Sprintf("并发项目 %d", i)
			if err := db.CreateProject(archiveSys, p); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	for range 5 {
		before = mustExport(t, db)
		a := readArchive(t, before)
		// Every project's creation writes its stage change and its audit
		// record in the same transaction: a snapshot has all three or none.
		n := map[string]int64{}
		for _, mt := range a.manifest.Tables {
			n[mt.Name] = mt.Rows
		}
		if n["projects"] != n["stage_changes"] || n["projects"] != n["audit_log"] {
			t.Errorf("export mixed moments: %d projects, %d stage changes, %d audit records", n["projects"], n["stage_changes"], n["audit_log"])
		}
	}
	<-done
}
