package sqlstore

import (
	"database/sql"
	"net/url"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// dialect holds the few things SQLite and PostgreSQL do differently.
type dialect interface {
	name() string
	open(dsn string) (*sql.DB, error)
	// rebind turns ? placeholders into the dialect's own.
	rebind(query string) string
	// timeValue converts a time for storage.
	timeValue(t time.Time) any
}

// IsPostgres reports whether dsn names a PostgreSQL database rather than a
// SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

func dialectFor(dsn string) dialect {
	if IsPostgres(dsn) {
		return postgres{}
	}
	return sqlite{}
}

type sqlite struct{}

func (sqlite) name() string { return "sqlite" }

// open sets, once for every connection: WAL (readers never wait for the
// writer), foreign keys, a busy timeout, and IMMEDIATE transactions so that a
// write transaction takes the write lock when it begins rather than failing
// on upgrade.
func (sqlite) open(dsn string) (*sql.DB, error) {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+SQLiteFile(dsn)+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	return db, nil
}

// SQLiteFile returns the file a SQLite dsn names: a path, with or without
// "sqlite://" or "file:" before it.
func SQLiteFile(dsn string) string {
	return strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "file:")
}

func (sqlite) rebind(query string) string { return query }

// sqliteTime is the stored form of a timestamp: fixed width, so that text
// order is time order.
const sqliteTime = "2006-01-02T15:04:05.000000Z"

func (sqlite) timeValue(t time.Time) any { return t.UTC().Format(sqliteTime) }

type postgres struct{}

func (postgres) name() string { return "postgres" }

func (postgres) open(dsn string) (*sql.DB, error) { return sql.Open("pgx", dsn) }

func (postgres) rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

func (postgres) timeValue(t time.Time) any { return t.UTC() }
