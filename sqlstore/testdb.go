package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
)

// PostgresTestURLEnv names the variable holding the URL of a PostgreSQL
// server for tests, e.g. postgres://postgres@127.0.0.1:5432/test. Each test
// gets a fresh database on that server, dropped when the test ends.
const PostgresTestURLEnv = "ATTRACT_TEST_POSTGRES"

// TestDialects returns the databases a contract test runs on: SQLite always,
// PostgreSQL when PostgresTestURLEnv is set. Without it the PostgreSQL run
// is skipped loudly, and in CI (CI=true) it fails.
func TestDialects(t testing.TB) []string {
	ds := []string{"sqlite"}
	if os.Getenv(PostgresTestURLEnv) != "" {
		ds = append(ds, "postgres")
	} else if os.Getenv("CI") == "true" {
		t.Fatalf("%s is not set: CI must run the contract tests on PostgreSQL too", PostgresTestURLEnv)
	} else {
		t.Logf("SKIPPING PostgreSQL: set %s to run the tests on PostgreSQL as well", PostgresTestURLEnv)
	}
	return ds
}

// MustOpenTestDB opens a fresh, migrated database of the dialect for one
// test and closes (and for PostgreSQL drops) it when the test ends.
func MustOpenTestDB(t testing.TB, dialect string) *DB {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "attract.db")
	if dialect == "postgres" {
		dsn = newPostgresDatabase(t)
	}
	db, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// newPostgresDatabase creates a database with a random name on the test
// server and returns its URL; the database is dropped at cleanup.
func newPostgresDatabase(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresTestURLEnv)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "attract_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		admin.Close()
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
