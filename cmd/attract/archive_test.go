package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"attract"
	"attract/sqlstore"
)

// tableFiles returns the table files of an archive by name.
func tableFiles(t *testing.T, data []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "tables/") {
			continue
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], err = io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(out) == 0 {
		t.Fatal("the archive holds no table files")
	}
	return out
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func sameTables(t *testing.T, what string, want, got map[string][]byte) {
	t.Helper()
	for name, w := range want {
		if !bytes.Equal(w, got[name]) {
			t.Errorf("%s: %s differs (%d and %d bytes)", what, name, len(w), len(got[name]))
		}
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d table files, want %d", what, len(got), len(want))
	}
}

// TestExportRestoreCommands takes the demo agency out of one database with
// `attract export` and puts it into a new one of each kind with `attract
// restore`, then exports that and compares, and serves it.
func TestExportRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"ATTRACT_ADMIN_PASSWORD": "a strong admin password"}
	src := filepath.Join(dir, "source.db")
	mustRun(t, env, "", "demo", "--db", src, "--projects", "20", "--seed", "4")
	archive := filepath.Join(dir, "agency.zip")
	_, out := mustRun(t, env, "", "export", "--db", src, "--out", archive)
	if !strings.Contains(out, "Exported") || !strings.Contains(out, archive) {
		t.Errorf("export said: %s", out)
	}
	if info, err := os.Stat(archive); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("archive %v, %v: want a file readable by its owner only", info, err)
	}
	want := tableFiles(t, readFile(t, archive))

	// Export never overwrites a file, and can write to standard output.
	if _, _, _, err := run(t, env, "", "export", "--db", src, "--out", archive); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("export onto an existing file: %v", err)
	}
	_, stdout, stderr, err := run(t, env, "", "export", "--db", src, "--out", "-")
	if err != nil {
		t.Fatal(err)
	}
	sameTables(t, "export to standard output", want, tableFiles(t, []byte(stdout)))
	if !strings.Contains(stderr, "Exported") {
		t.Errorf("export to standard output reported %q on standard error", stderr)
	}

	for dialect, dsn := range dbs(t) {
		t.Run(dialect, func(t *testing.T) {
			_, out := mustRun(t, env, "", "restore", "--db", dsn, archive)
			if !strings.Contains(out, "Restored") || !strings.Contains(out, "from an archive of a sqlite database") {
				t.Errorf("restore said: %s", out)
			}
			again := filepath.Join(dir, dialect+".zip")
			mustRun(t, env, "", "export", "--db", dsn, "--out", again)
			sameTables(t, "export after restore into "+dialect, want, tableFiles(t, readFile(t, again)))

			// A second restore into the now full database is refused.
			_, _, _, err := run(t, env, "", "restore", "--db", dsn, archive)
			if err == nil || !strings.Contains(describe(err), "not empty") {
				t.Errorf("restore into a full database: %v", err)
			}

			// The restored agency serves: a demo user's token reads its projects.
			m, _ := mustRun(t, env, "", "serve", "--addr", "127.0.0.1:0", "--db", dsn)
			_, token := mustRun(t, env, "", "token", "create", "--db", dsn, "--user", "chen.jie")
			c := client{t, m.Server.URL(), strings.TrimSpace(token)}
			if n := len(items(c.must(200, "GET", "/api/v1/projects?limit=500", nil))); n != 20 {
				t.Errorf("the restored database serves %d projects, want 20", n)
			}
			c.must(201, "POST", "/api/v1/projects", map[string]any{"name_zh": "恢复后新建的项目"})
		})
	}
}

// TestRestoreCommandRefusals checks that restore leaves nothing behind when
// it refuses: no new database file from a bad archive, no change to a
// database that already holds an agency.
func TestRestoreCommandRefusals(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"ATTRACT_ADMIN_PASSWORD": "a strong admin password"}
	bad := filepath.Join(dir, "projects.xlsx")
	os.WriteFile(bad, []byte("not a zip file"), 0o600)
	target := filepath.Join(dir, "new.db")
	_, _, _, err := run(t, env, "", "restore", "--db", target, bad)
	if err == nil || !strings.Contains(err.Error(), "not an Attract archive") {
		t.Errorf("restore of a non-archive: %v", err)
	}
	if _, err := os.Stat(target); err == nil {
		t.Error("a failed restore left a new database file behind")
	}
	if _, _, _, err := run(t, env, "", "restore", "--db", target); err == nil {
		t.Error("restore without an archive did not complain")
	}

	// A database with a user in it (after a first start) is refused.
	full := filepath.Join(dir, "full.db")
	mustRun(t, env, "", "demo", "--db", full, "--projects", "5", "--seed", "2")
	archive := filepath.Join(dir, "a.zip")
	mustRun(t, env, "", "export", "--db", full, "--out", archive)
	started := filepath.Join(dir, "started.db")
	m, _ := mustRun(t, env, "", "serve", "--addr", "127.0.0.1:0", "--db", started)
	m.Close()
	_, _, _, err = run(t, env, "", "restore", "--db", started, archive)
	if err == nil || !strings.Contains(describe(err), "not empty (it holds users (1 row), audit_log (1 row))") {
		t.Errorf("restore into a started database: %v", err)
	}
}

// TestBackupOfRunningServer backs up the database of a server that is
// serving, and checks the backup is a working Attract database holding what
// was written before.
func TestBackupOfRunningServer(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"ATTRACT_ADMIN_PASSWORD": "a strong admin password"}
	dsn := filepath.Join(dir, "attract.db")
	mustRun(t, env, "", "demo", "--db", dsn, "--projects", "20", "--seed", "6")
	m, _ := mustRun(t, env, "", "serve", "--addr", "127.0.0.1:0", "--db", dsn)
	_, token := mustRun(t, env, "", "token", "create", "--db", dsn, "--user", "admin")
	c := client{t, m.Server.URL(), strings.TrimSpace(token)}
	created := c.must(201, "POST", "/api/v1/projects", map[string]any{"name_zh": "备份前新建的项目"})

	out := filepath.Join(dir, "backup.db")
	_, said := mustRun(t, env, "", "backup", "--db", dsn, "--out", out)
	if !strings.Contains(said, "Backed up") {
		t.Errorf("backup said: %s", said)
	}
	// The server goes on serving and writing after the backup.
	c.must(201, "POST", "/api/v1/projects", map[string]any{"name_zh": "备份后新建的项目"})

	b, err := sqlstore.Open(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ps, _, err := b.FindProjects(attract.NewSystemContext(context.Background()), attract.ProjectFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range ps {
		names = append(names, p.NameZH)
	}
	if len(ps) != 21 || !slices.Contains(names, created["name_zh"].(string)) || slices.Contains(names, "备份后新建的项目") {
		t.Errorf("the backup holds %d projects, want the 20 demo projects and the one created before it", len(ps))
	}

	if _, _, _, err := run(t, env, "", "backup", "--db", dsn, "--out", out); err == nil || !strings.Contains(describe(err), "already exists") {
		t.Errorf("backup onto an existing file: %v", err)
	}
	if _, _, _, err := run(t, env, "", "backup", "--db", filepath.Join(dir, "typo.db"), "--out", filepath.Join(dir, "b2.db")); err == nil || !strings.Contains(err.Error(), "no database") {
		t.Errorf("backup of a missing database: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "typo.db")); err == nil {
		t.Error("backup of a missing database created it")
	}
	for dialect, pg := range dbs(t) {
		if dialect != "postgres" {
			continue
		}
		_, _, _, err := run(t, env, "", "backup", "--db", pg, "--out", filepath.Join(dir, "pg.db"))
		if err == nil || !strings.Contains(describe(err), "pg_dump") {
			t.Errorf("backup of PostgreSQL: %v, want a pointer to pg_dump", err)
		}
	}
}
