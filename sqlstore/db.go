// Package sqlstore stores Attract's records in SQLite (a file, through the
// pure-Go driver) or PostgreSQL. SQL is written once where the dialects
// agree; the differences live in dialect.go.
package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"strings"
	"time"

	"attract"
)

//go:embed migrations
var migrationFS embed.FS

// MaxConns bounds the connections to either database, and is how many
// are kept open while idle.
const MaxConns = 16

// DB is a connection to Attract's database. It implements the service
// interfaces of package attract.
type DB struct {
	db      *sql.DB
	dialect dialect
	dsn     string
	stmts   *stmtCache // nil on PostgreSQL
	gramCap int        // when not 0, replaces GramCap(records): see search.go

	// Now returns the current time; tests may replace it.
	Now func() time.Time
	// Logger receives slow-path and start-up messages.
	Logger *slog.Logger
}

// Compile-time checks that DB provides every service.
var (
	_ attract.ProjectService      = (*DB)(nil)
	_ attract.CompanyService      = (*DB)(nil)
	_ attract.ContactService      = (*DB)(nil)
	_ attract.ActivityService     = (*DB)(nil)
	_ attract.TaskService         = (*DB)(nil)
	_ attract.UserService         = (*DB)(nil)
	_ attract.ExchangeRateService = (*DB)(nil)
	_ attract.AuditService        = (*DB)(nil)
)

// Open connects to dsn — a "postgres://" or "postgresql://" URL, or else the
// path of a SQLite file, created if missing — and applies any migration not
// yet applied.
func Open(ctx context.Context, dsn string) (*DB, error) {
	d := dialectFor(dsn)
	sqldb, err := d.open(dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", d.name(), err)
	}
	db := &DB{db: sqldb, dialect: d, dsn: dsn, Now: time.Now, Logger: slog.Default()}
	if d.name() == "sqlite" {
		db.stmts = &stmtCache{db: sqldb, m: make(map[string]*sql.Stmt)}
	}
	// Keep enough connections open between requests that a busy server does
	// not open one per query (database/sql keeps 2 by default): a new SQLite
	// connection reads the schema again and loses its prepared statements, a
	// new PostgreSQL one starts a server process. And open no more than
	// that: a SQLite connection holds a page cache and prepared statements,
	// and more readers gain nothing on a few cores; unbounded, 50 clients
	// kept PostgreSQL starting and ending server processes beyond the idle
	// ones, and its project page served 180 requests a second where bounded
	// it serves 520 (docs/benchmarks.md, finding 13).
	sqldb.SetMaxOpenConns(MaxConns)
	sqldb.SetMaxIdleConns(MaxConns)
	sqldb.SetConnMaxIdleTime(5 * time.Minute)
	if err := sqldb.PingContext(ctx); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("connect to %s database: %w", d.name(), err)
	}
	if err := db.migrate(ctx); err != nil {
		sqldb.Close()
		return nil, err
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error {
	db.stmts.close()
	return db.db.Close()
}

// Dialect returns "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect.name() }

// DSN returns the path or URL the database was opened with.
func (db *DB) DSN() string { return db.dsn }

// SQL returns the underlying database handle, for tools that read it
// directly (benchmarks, backups).
func (db *DB) SQL() *sql.DB { return db.db }

// migrate applies the embedded migrations of the dialect and those written
// in Go (goMigrations) in the order of their names, each in its own
// transaction, and records them in schema_migrations.
func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	dir := "migrations/" + db.dialect.name()
	names, err := fs.Glob(migrationFS, dir+"/*.sql")
	if err != nil {
		return err
	}
	for name := range goMigrations {
		names = append(names, dir+"/"+name)
	}
	sort.Strings(names) // one folder: the order of the base names
	for _, name := range names {
		start := time.Now()
		if err := db.migrateStep(ctx, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
		// A long one is worth a line: the start was waiting for it.
		if took := time.Since(start); took >= time.Second {
			db.Logger.Info("migration applied", "name", path.Base(name), "took", took.Round(time.Millisecond))
		}
	}
	return nil
}

// goMigrations are the migrations SQL cannot write, by name: each is
// applied, as the SQL files are, once and in the order of its name.
var goMigrations = map[string]func(ctx context.Context, tx *sql.Tx, d dialect) error{
	sortNamesMigration: rekeySortNames,
}

func (db *DB) migrateStep(ctx context.Context, name string) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, db.dialect.rebind(`SELECT COUNT(*) FROM schema_migrations WHERE name = ?`), name).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		return nil
	}
	if apply, ok := goMigrations[path.Base(name)]; ok {
		err = apply(ctx, tx, db.dialect)
	} else {
		var body []byte
		if body, err = migrationFS.ReadFile(name); err == nil {
			_, err = tx.ExecContext(ctx, string(body))
		}
	}
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, db.dialect.rebind(`INSERT INTO schema_migrations (name) VALUES (?)`), name); err != nil {
		return err
	}
	return tx.Commit()
}

// Tx is a write transaction: it knows the acting user for permission checks
// and the audit log, and the time of the change.
type Tx struct {
	*sql.Tx
	db  *DB
	ctx context.Context
	now time.Time
}

// begin starts a write transaction. SQLite takes its write lock at once
// (BEGIN IMMEDIATE, set in the DSN) so that two writers never deadlock.
func (db *DB) begin(ctx context.Context) (*Tx, error) {
	if ctx.Value(snapshotKey{}) != nil {
		// The snapshot holds a pooled connection, and a write would take
		// another: enough pages at once would wait for each other for ever.
		return nil, errors.New("sqlstore: a write inside ReadSnapshot")
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return &Tx{Tx: tx, db: db, ctx: ctx, now: db.Now().UTC().Truncate(time.Microsecond)}, nil
}

// write runs fn in a write transaction and commits it when fn succeeds.
func write[T any](db *DB, ctx context.Context, fn func(tx *Tx) (T, error)) (T, error) {
	var zero T
	tx, err := db.begin(ctx)
	if err != nil {
		return zero, err
	}
	defer tx.Rollback()
	v, err := fn(tx)
	if err != nil {
		return zero, err
	}
	return v, tx.Commit()
}

// exec runs a statement written with ? placeholders.
func (tx *Tx) exec(query string, args ...any) (sql.Result, error) {
	if st := tx.db.stmts.get(query); st != nil {
		return tx.StmtContext(tx.ctx, st).ExecContext(tx.ctx, args...)
	}
	return tx.ExecContext(tx.ctx, tx.db.dialect.rebind(query), args...)
}

// queryRow runs a one-row query written with ? placeholders.
func (tx *Tx) queryRow(query string, args ...any) *sql.Row {
	return tx.reader().queryRow(query, args...)
}

// insert runs an INSERT and returns the new row's id.
func (tx *Tx) insert(query string, args ...any) (int64, error) {
	var id int64
	err := tx.queryRow(query+" RETURNING id", args...).Scan(&id)
	return id, err
}

// ts converts a time for storage in this dialect.
func (tx *Tx) ts(t time.Time) any { return tx.db.dialect.timeValue(t) }

// tsp converts an optional time.
func (tx *Tx) tsp(t *time.Time) any {
	if t == nil {
		return nil
	}
	return tx.ts(*t)
}

// querier is what read helpers need: a transaction or the database itself.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// reader runs read-only queries, in a write transaction (tx) or outside one.
type reader struct {
	q       querier
	tx      *sql.Tx // nil outside a transaction
	stmts   *stmtCache
	d       dialect
	gramCap int
	ctx     context.Context
}

func (db *DB) reader(ctx context.Context) reader {
	if tx, ok := ctx.Value(snapshotKey{}).(*sql.Tx); ok {
		return reader{q: tx, tx: tx, stmts: db.stmts, d: db.dialect, gramCap: db.gramCap, ctx: ctx}
	}
	return reader{q: db.db, stmts: db.stmts, d: db.dialect, gramCap: db.gramCap, ctx: ctx}
}

// snapshotKey is the context key of a ReadSnapshot's transaction.
type snapshotKey struct{}

// ReadSnapshot runs fn with a context in which the store's reads share one
// read-only transaction, on one connection: a page that reads a record and
// what hangs from it in several statements sees them as they were at one
// moment, not half before and half after a colleague's change. On SQLite it
// also takes the database's locks once rather than once a statement (the
// project page: 50 fcntl calls a request before, 8 after;
// docs/benchmarks.md, finding 13).
//
// fn must only read, through the context it is given, and must not keep
// that context: a write through the store's transactions inside it fails,
// and the transaction ends when fn returns. Snapshots nest: an inner one
// reads in the outer.
func (db *DB) ReadSnapshot(ctx context.Context, fn func(ctx context.Context) error) error {
	if ctx.Value(snapshotKey{}) != nil {
		return fn(ctx)
	}
	tx, err := db.db.BeginTx(ctx, db.snapshotOptions())
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(context.WithValue(ctx, snapshotKey{}, tx))
}

// snapshotOptions begin a read-only transaction that sees one moment.
func (db *DB) snapshotOptions() *sql.TxOptions {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.dialect.name() == "postgres" {
		// Read committed would let each statement see a different moment.
		opts.Isolation = sql.LevelRepeatableRead
	}
	return opts
}

// readRecord reads a record with read, in a snapshot when it embeds what
// hangs from the record (more than one statement), so that the record and
// its embeds are of one moment.
func readRecord[T any](db *DB, ctx context.Context, embeds bool, read func(ctx context.Context) (T, error)) (T, error) {
	if !embeds {
		return read(ctx)
	}
	var v T
	err := db.ReadSnapshot(ctx, func(ctx context.Context) (err error) {
		v, err = read(ctx)
		return err
	})
	return v, err
}

func (tx *Tx) reader() reader {
	return reader{q: tx.Tx, tx: tx.Tx, stmts: tx.db.stmts, d: tx.db.dialect, gramCap: tx.db.gramCap, ctx: tx.ctx}
}

// stmt returns the cached prepared statement of query, bound to the
// transaction if there is one, or nil.
func (r reader) stmt(query string) *sql.Stmt {
	st := r.stmts.get(query)
	if st != nil && r.tx != nil {
		st = r.tx.StmtContext(r.ctx, st)
	}
	return st
}

func (r reader) query(query string, args ...any) (*sql.Rows, error) {
	if st := r.stmt(query); st != nil {
		return st.QueryContext(r.ctx, args...)
	}
	return r.q.QueryContext(r.ctx, r.d.rebind(query), args...)
}

func (r reader) queryRow(query string, args ...any) *sql.Row {
	if st := r.stmt(query); st != nil {
		return st.QueryRowContext(r.ctx, args...)
	}
	return r.q.QueryRowContext(r.ctx, r.d.rebind(query), args...)
}

// storeError turns a database error into an *attract.Error where the cause is
// the input (a unique value taken, a row referenced elsewhere), and wraps
// anything else as an internal error.
func storeError(err error, what string) error {
	if err == nil {
		return nil
	}
	var ae *attract.Error
	if errors.As(err, &ae) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return attract.Errorf(attract.ENOTFOUND, "%[1]s not found.", "未找到%[2]s。", what, entityZH(what))
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505"):
		return attract.Errorf(attract.ECONFLICT, "A %[1]s with this value already exists.", "已存在相同的%[2]s。", what, entityZH(what))
	case strings.Contains(msg, "FOREIGN KEY constraint failed") || strings.Contains(msg, "SQLSTATE 23503"):
		return attract.Errorf(attract.ECONFLICT, "The %[1]s is still referenced by other records.", "该%[2]s仍被其他记录引用。", what, entityZH(what))
	}
	return fmt.Errorf("%s: %w", what, err)
}

var entityNamesZH = map[string]string{
	"project": "项目", "company": "企业", "contact": "联系人", "activity": "活动", "task": "任务",
	"user": "用户", "team": "团队", "token": "令牌", "inflow": "到资记录", "rate": "汇率", "session": "会话", "mapping": "列映射",
}

func entityZH(what string) string {
	if zh, ok := entityNamesZH[what]; ok {
		return zh
	}
	return what
}

// notFound returns the ENOTFOUND error for an entity.
func notFound(what string, id int64) error {
	return attract.Errorf(attract.ENOTFOUND, "No %[1]s with id %[2]d.", "%[3]s %[2]d 不存在。", what, id, entityZH(what))
}

// conflict returns the ECONFLICT error for a stale version.
func conflict(what string, id, version int64) error {
	return attract.Errorf(attract.ECONFLICT,
		"The %[1]s %[2]d was changed by someone else since you read it (your version %[3]d); reload it and apply your change again.",
		"%[4]s %[2]d 在您读取之后已被他人修改（您的版本为 %[3]d），请重新加载后再修改。", what, id, version, entityZH(what))
}
