package sqlstore_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"attract"
	"attract/demo"
	"attract/sqlstore"
)

// projectCodes lists every project's code, archived ones too.
func projectCodes(t *testing.T, db *sqlstore.DB) []string {
	t.Helper()
	var codes []string
	for _, archived := range []bool{false, true} {
		cursor := ""
		for {
			ps, next, err := db.FindProjects(archiveSys, attract.ProjectFilter{Archived: archived, Limit: 500, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range ps {
				codes = append(codes, p.Code)
			}
			if cursor = next; cursor == "" {
				break
			}
		}
	}
	slices.Sort(codes)
	return codes
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestBackup(t *testing.T) {
	db := sqlstore.MustOpenTestDB(t, "sqlite")
	if _, err := demo.Generate(archiveSys, db, demo.Options{Projects: 40, Seed: 5, Today: attract.Date{Year: 2024, Month: 6, Day: 30}}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "attract-backup.db")
	if err := db.Backup(archiveSys, out); err != nil {
		t.Fatal(err)
	}

	// The backup is an ordinary Attract database.
	b, err := sqlstore.Open(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	want, got := projectCodes(t, db), projectCodes(t, b)
	if len(got) != 40 || !slices.Equal(got, want) {
		t.Errorf("backup holds %d projects, the database %d", len(got), len(want))
	}
	if _, err := b.Authenticate(archiveSys, "chen.jie", demo.Password); err != nil {
		t.Errorf("sign in on the backup: %v", err)
	}
	b.Close()
	sum := fileSum(t, out)

	// It never overwrites, and leaves no temporary file behind.
	if err := db.Backup(archiveSys, out); attract.ErrorCode(err) != attract.ECONFLICT || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("backup onto an existing file: %v", err)
	}
	if fileSum(t, out) != sum {
		t.Error("a refused backup changed the existing file")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), "partial") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}

	director := &attract.User{Username: "wang.wei", Name: "王伟", Role: attract.RoleDirector}
	if err := db.CreateUser(archiveSys, director, "a long enough password"); err != nil {
		t.Fatal(err)
	}
	ctx := attract.NewContextWithUser(context.Background(), director)
	if err := db.Backup(ctx, filepath.Join(dir, "by-director.db")); attract.ErrorCode(err) != attract.EFORBIDDEN {
		t.Errorf("backup by a director: %v", err)
	}
}

func TestBackupRefusesPostgres(t *testing.T) {
	requirePostgres(t)
	db := sqlstore.MustOpenTestDB(t, "postgres")
	out := filepath.Join(t.TempDir(), "pg.db")
	err := db.Backup(archiveSys, out)
	if err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Fatalf("backup of PostgreSQL: %v, want a pointer to pg_dump", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a refused backup wrote a file")
	}
}

// TestBackupWhileWriting takes backups while writers create projects and
// move them on, and checks that each backup is one consistent moment: every
// project with the stage history and audit records written in its
// transactions.
func TestBackupWhileWriting(t *testing.T) {
	db := sqlstore.MustOpenTestDB(t, "sqlite")
	ctx, stop := context.WithCancel(archiveSys)
	var wg sync.WaitGroup
	var written atomic.Int64
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil && i < 2000; i++ {
				p := &attract.Project{}
				p.NameZH = fmt.Sprintf("并发写入 %d-%d", w, i)
				if err := db.CreateProject(archiveSys, p); err != nil {
					t.Error(err)
					return
				}
				if _, err := db.MoveStage(archiveSys, p.ID, attract.StageMove{To: attract.StageContacted, Version: p.Version}); err != nil {
					t.Error(err)
					return
				}
				written.Add(1)
			}
		}()
	}
	dir := t.TempDir()
	var backups []string
	for i := range 3 {
		for written.Load() < int64(20*(i+1)) {
			time.Sleep(5 * time.Millisecond)
		}
		out := filepath.Join(dir, fmt.Sprintf("backup-%d.db", i))
		if err := db.Backup(archiveSys, out); err != nil {
			t.Fatal(err)
		}
		backups = append(backups, out)
	}
	stop()
	wg.Wait()
	total := len(projectCodes(t, db))

	for _, out := range backups {
		b, err := sqlstore.Open(context.Background(), out)
		if err != nil {
			t.Fatal(err)
		}
		var check string
		if err := b.SQL().QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
			t.Errorf("%s: integrity check %q, %v", out, check, err)
		}
		q := func(query string) int {
			var n int
			if err := b.SQL().QueryRow(query).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		projects := q(`SELECT COUNT(*) FROM projects`)
		if projects == 0 || projects > total {
			t.Errorf("%s: %d projects; the database ended with %d", out, projects, total)
		}
		// Creation writes the first stage change and the audit record in
		// the same transaction, a move writes its change and record too:
		// a torn backup would show a project without them.
		if n := q(`SELECT COUNT(*) FROM projects p WHERE NOT EXISTS (SELECT 1 FROM stage_changes s WHERE s.project_id = p.id)`); n > 0 {
			t.Errorf("%s: %d projects without stage history", out, n)
		}
		if n := q(`SELECT COUNT(*) FROM projects p WHERE (SELECT COUNT(*) FROM stage_changes s WHERE s.project_id = p.id) != p.version`); n > 0 {
			t.Errorf("%s: %d projects whose stage history does not match their version", out, n)
		}
		if n, m := q(`SELECT COUNT(*) FROM audit_log WHERE entity = 'project'`), q(`SELECT COUNT(*) FROM stage_changes`); n != m {
			t.Errorf("%s: %d audit records of projects, %d stage changes", out, n, m)
		}
		t.Logf("%s: %d of %d projects", filepath.Base(out), projects, total)
		b.Close()
	}
}
