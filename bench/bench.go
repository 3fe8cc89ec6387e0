// Package bench measures Attract against a database of generated projects
// (demo.GenerateBulk): the latency of the reads the desk makes and of the
// writes it does through the store, each read against its floor — the same
// SQL run through database/sql by the least code that can run it — and the
// throughput and memory of the HTTP server under concurrent clients.
//
// Store measures run one operation at a time, so that a latency is the
// operation's own and not a queue's; the HTTP measures run Config.Clients
// clients at once over loopback with keep-alive. Every loop is bounded by
// Config.Duration and Config.MaxOps.
package bench

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"attract"
	"attract/sqlstore"
)

// Config controls a run.
type Config struct {
	// Duration is how long each measure runs (default 10s).
	Duration time.Duration
	// MaxOps bounds the operations of one measure (default 100,000).
	MaxOps int
	// Clients is the number of concurrent HTTP clients (default 50).
	Clients int
	// Seed drives the choice of projects to read and write.
	Seed uint64
	// Only, when not empty, names the measures to run; the others are
	// left out of the report.
	Only []string
	// File is the SQLite database's file, for the run to read how much of
	// it is in the operating system's page cache; nil for PostgreSQL. The
	// caller opens it once and closes it only after the database: on POSIX
	// systems closing any descriptor of a file drops every lock the process
	// holds on it, SQLite's included.
	File *os.File
	// Warm reads File through once before measuring, so that the measures
	// start with all of it in the page cache.
	Warm bool
	// Progress, when set, is told the name of each measure as it starts.
	Progress func(name string)
}

func (c *Config) defaults() {
	if c.Duration <= 0 {
		c.Duration = 10 * time.Second
	}
	if c.MaxOps <= 0 {
		c.MaxOps = 100_000
	}
	if c.Clients <= 0 {
		c.Clients = 50
	}
}

// Kinds of measure.
const (
	KindRead  = "read"  // a store read, with its floor
	KindFloor = "floor" // SQL only: there is no Attract code to compare with
	KindWrite = "write" // a store write with its audit record
	KindHTTP  = "http"  // requests through the real server
)

// Measure is the result of one measure.
type Measure struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
	What string `json:"what"`
	Ops  int    `json:"ops"`
	// Latency of Attract (for KindFloor, of the SQL).
	P50 Millis `json:"p50_ms"`
	P95 Millis `json:"p95_ms"`
	P99 Millis `json:"p99_ms"`
	// The floor of a read: the same SQL through database/sql.
	FloorOps int     `json:"floor_ops,omitempty"`
	FloorP50 Millis  `json:"floor_p50_ms,omitempty"`
	FloorP95 Millis  `json:"floor_p95_ms,omitempty"`
	FloorP99 Millis  `json:"floor_p99_ms,omitempty"`
	Ratio    float64 `json:"ratio,omitempty"`     // P95 / FloorP95
	RatioP50 float64 `json:"ratio_p50,omitempty"` // P50 / FloorP50
	// HTTP: requests per second and the process's memory under the load.
	RPS float64 `json:"rps,omitempty"`
	// CPUms is the CPU time, user and system, the process used during the
	// load over the requests served, in ms: what throughput is made of. The
	// clients run in the process, so it includes their share; 0 where it is
	// not measured (not Unix).
	CPUms  float64 `json:"cpu_ms_per_request,omitempty"`
	PeakMB float64 `json:"peak_rss_mb,omitempty"` // the largest VmRSS sampled during the load
	HWMMB  float64 `json:"hwm_mb,omitempty"`      // VmHWM after the load
	// AnonMB is the largest RssAnon sampled: the heap and stacks, without
	// the file pages a memory-mapped database adds to VmRSS.
	AnonMB float64 `json:"peak_anon_mb,omitempty"`
	Errors int     `json:"errors,omitempty"`
	// Matches is, for a search, how many projects the query matches.
	Matches int `json:"matches,omitempty"`
}

// Millis is a duration reported in milliseconds.
type Millis float64

func millis(d time.Duration) Millis { return Millis(float64(d.Microseconds()) / 1000) }

// Report is the result of a run.
type Report struct {
	Dialect    string    `json:"dialect"`
	DBVersion  string    `json:"db_version"`
	GoVersion  string    `json:"go_version"`
	CPUs       int       `json:"cpus"`
	Started    time.Time `json:"started"`
	Projects   int       `json:"projects"`
	Activities int       `json:"activities"`
	Duration   string    `json:"duration_per_measure"`
	Clients    int       `json:"clients"`
	// LoadBefore and LoadAfter are /proc/loadavg around the run: other work
	// on the machine shows there.
	LoadBefore string `json:"load_before"`
	LoadAfter  string `json:"load_after"`
	// Warmed says the database file was read through first (--warm).
	Warmed bool `json:"warmed,omitempty"`
	// CachedBefore and CachedAfter are, for SQLite on Linux, the share of
	// the database file in the operating system's page cache when the
	// measures began and when they ended. Below 1, the first reads of what
	// was not went to the disk, and a run's figures are the disk's as much
	// as Attract's.
	CachedBefore *float64  `json:"file_cached_before,omitempty"`
	CachedAfter  *float64  `json:"file_cached_after,omitempty"`
	Measures     []Measure `json:"measures"`
}

// Measure returns the measure named name, or nil.
func (r *Report) Measure(name string) *Measure {
	for i := range r.Measures {
		if r.Measures[i].Name == name {
			return &r.Measures[i]
		}
	}
	return nil
}

// Measure names, in the order a run reports them.
const (
	Board       = "board"
	List        = "list"
	SearchZH2   = "search_zh2"
	SearchZH4   = "search_zh4"
	SearchEN    = "search_en"
	SearchRare  = "search_rare"
	ProjectPage = "project_page"
	Dashboard   = "dashboard"
	Create      = "create_project"
	Update      = "update_project"
	Move        = "move_stage"
	HTTPPage    = "http_project_page"
	HTTPList    = "http_list_api"
)

// Names lists every measure a run reports.
var Names = []string{Board, List, SearchZH2, SearchZH4, SearchEN, SearchRare, ProjectPage, Dashboard, Create, Update, Move, HTTPPage, HTTPList}

// The search terms: a brand (two characters), a product (four) and an
// English brand, as people look for an investor's projects; and a word no
// generated project holds, the worst case of a search that must read every
// project to fill its first page.
const (
	termZH2  = "鼎新"
	termZH4  = "冷链仓储"
	termEN   = "kallang"
	termRare = "茅台"
)

// listDepth is the page of the list measure: deep in the results.
const listDepth = 20

// runner holds what the measures share.
type runner struct {
	db  *sqlstore.DB
	sql *sql.DB
	cfg Config
	r   *rand.Rand
	pg  bool

	stmts map[string]*sql.Stmt // the floor's prepared statements (SQLite)

	officer *attract.User
	ctx     context.Context // acting as the officer
	teamID  int64
	ids     []int64 // projects to read
	minID   int64
	maxID   int64
}

// Run measures db, which should hold generated projects.
func Run(ctx context.Context, db *sqlstore.DB, cfg Config) (*Report, error) {
	cfg.defaults()
	rep := &Report{Dialect: db.Dialect(), GoVersion: runtime.Version(), CPUs: runtime.NumCPU(), Started: time.Now().UTC(),
		Duration: cfg.Duration.String(), Clients: cfg.Clients, LoadBefore: loadavg()}
	run := &runner{db: db, sql: db.SQL(), cfg: cfg, r: rand.New(rand.NewPCG(cfg.Seed, 0x6265_6e63_68)), pg: db.Dialect() == "postgres",
		stmts: map[string]*sql.Stmt{}}
	if err := run.setup(ctx, rep); err != nil {
		return nil, err
	}
	if cfg.Warm {
		if cfg.File == nil {
			return nil, errors.New("only a SQLite file can be warmed")
		}
		if err := warm(ctx, cfg.File); err != nil {
			return nil, err
		}
		rep.Warmed = true
	}
	rep.CachedBefore = cachedShare(cfg.File)
	for _, name := range Names {
		if len(cfg.Only) > 0 && !slices.Contains(cfg.Only, name) {
			continue
		}
		if cfg.Progress != nil {
			cfg.Progress(name)
		}
		m, err := run.measure(ctx, name)
		if err != nil {
			return nil, fmt.Errorf("bench %s: %w", name, err)
		}
		rep.Measures = append(rep.Measures, m)
	}
	rep.LoadAfter = loadavg()
	rep.CachedAfter = cachedShare(cfg.File)
	return rep, nil
}

// cachedShare returns the share of f in the page cache, or nil where there
// is no file or it cannot be known.
func cachedShare(f *os.File) *float64 {
	if f == nil {
		return nil
	}
	share, err := fileCached(f)
	if err != nil {
		return nil
	}
	return &share
}

// warm reads f from start to end.
func warm(ctx context.Context, f *os.File) error {
	buf := make([]byte, 1<<20)
	for off := int64(0); ; off += int64(len(buf)) {
		if err := ctx.Err(); err != nil {
			return err
		}
		if _, err := f.ReadAt(buf, off); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// setup finds the officer the measures act as, their team, and the
// projects to read.
func (run *runner) setup(ctx context.Context, rep *Report) error {
	version := `SELECT sqlite_version()`
	if run.pg {
		version = `SHOW server_version`
	}
	if err := run.sql.QueryRowContext(ctx, version).Scan(&rep.DBVersion); err != nil {
		return err
	}
	if err := run.sql.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM projects`).Scan(&rep.Projects, &run.minID, &run.maxID); err != nil {
		return err
	}
	if rep.Projects == 0 {
		return attract.Errorf(attract.EINVALID, "The database holds no projects: generate some first (attract bench --generate).",
			"数据库中没有项目：请先生成（attract bench --generate）。")
	}
	if err := run.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM activities`).Scan(&rep.Activities); err != nil {
		return err
	}
	// The officer of the team with the most projects, so that the board and
	// the list have the most to show.
	var userID int64
	err := run.sql.QueryRowContext(ctx, `SELECT u.id, u.team_id FROM users u
		JOIN (SELECT team_id, COUNT(*) AS n FROM projects WHERE team_id IS NOT NULL GROUP BY team_id ORDER BY n DESC, team_id LIMIT 1) t ON t.team_id = u.team_id
		WHERE u.role = 'officer' AND u.disabled = `+run.falseSQL()+` ORDER BY u.id LIMIT 1`).Scan(&userID, &run.teamID)
	if err != nil {
		return fmt.Errorf("find an officer of the largest team: %w", err)
	}
	sys := attract.NewSystemContext(ctx)
	if run.officer, err = run.db.FindUserByID(sys, userID); err != nil {
		return err
	}
	run.ctx = attract.NewContextWithUser(ctx, run.officer)
	for range 1000 {
		run.ids = append(run.ids, run.minID+run.r.Int64N(run.maxID-run.minID+1))
	}
	return nil
}

func (run *runner) falseSQL() string {
	if run.pg {
		return "false"
	}
	return "0"
}

// rebind turns ? placeholders into PostgreSQL's $n.
func (run *runner) rebind(q string) string {
	if !run.pg {
		return q
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// pick returns a project id to read. Ids of generated data are dense; a
// missing one is skipped by the caller.
func (run *runner) pick() int64 { return run.ids[run.r.IntN(len(run.ids))] }

// percentiles returns the nearest-rank 50th, 95th and 99th percentiles.
func percentiles(ds []time.Duration) (p50, p95, p99 Millis) {
	if len(ds) == 0 {
		return 0, 0, 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	at := func(p float64) Millis {
		i := int(float64(len(s))*p+0.999999) - 1
		return millis(s[max(0, min(i, len(s)-1))])
	}
	return at(0.50), at(0.95), at(0.99)
}

// read measures a read and its floor in turn, each going first every other
// time, after one untimed run of each, until twice the duration or the
// bound: in turn so that both meet the same caches — measured one after
// the other, the second ran on the pages the first had just read.
func (run *runner) read(m *Measure, attractOp, floorOp func() error) error {
	ops := [2]func() error{attractOp, floorOp}
	who := [2]string{"attract", "floor"}
	var ds [2][]time.Duration
	for i, op := range ops {
		if err := op(); err != nil {
			return fmt.Errorf("%s: %w", who[i], err)
		}
	}
	start := time.Now()
	for n := 0; n < run.cfg.MaxOps && (n == 0 || time.Since(start) < 2*run.cfg.Duration); n++ {
		for k := range 2 {
			i := (n + k) % 2
			t := time.Now()
			if err := ops[i](); err != nil {
				return fmt.Errorf("%s: %w", who[i], err)
			}
			ds[i] = append(ds[i], time.Since(t))
		}
	}
	m.Ops, m.FloorOps = len(ds[0]), len(ds[1])
	m.P50, m.P95, m.P99 = percentiles(ds[0])
	m.FloorP50, m.FloorP95, m.FloorP99 = percentiles(ds[1])
	if m.FloorP95 > 0 {
		m.Ratio = float64(m.P95) / float64(m.FloorP95)
	}
	if m.FloorP50 > 0 {
		m.RatioP50 = float64(m.P50) / float64(m.FloorP50)
	}
	return nil
}

func (run *runner) measure(ctx context.Context, name string) (Measure, error) {
	m := Measure{Name: name, Kind: KindRead}
	var err error
	switch name {
	case Board:
		m.What = "board of the largest team: StageSummary + 50 cards per stage"
		err = run.read(&m, run.board, func() error { return run.floorBoard(ctx) })
	case List:
		m.What = fmt.Sprintf("team's projects by -updated_at, page %d (cursor)", listDepth)
		err = run.measureList(ctx, &m)
	case SearchZH2, SearchZH4, SearchEN, SearchRare:
		term := map[string]string{SearchZH2: termZH2, SearchZH4: termZH4, SearchEN: termEN, SearchRare: termRare}[name]
		m.What = fmt.Sprintf("q=%q, first page", term)
		if m.Matches, err = run.countMatches(ctx, term); err != nil {
			return m, err
		}
		err = run.read(&m, func() error { return run.search(term) }, func() error { return run.floorSearch(ctx, term) })
	case ProjectPage:
		m.What = "FindProjectByID with every embed but activities + the latest 20 activities + its audit (50)"
		err = run.read(&m, func() error { return run.projectPage(run.pick()) }, func() error { return run.floorProjectPage(ctx, run.pick()) })
	case Dashboard:
		m.What = "Dashboard of this year, every team: new by stage, signed by sector and source, by month (rollups)"
		err = run.read(&m, run.dashboard, func() error { return run.floorDashboard(ctx) })
	case Create, Update, Move:
		m.Kind = KindWrite
		err = run.measureWrite(ctx, &m)
	case HTTPPage, HTTPList:
		m.Kind = KindHTTP
		err = run.measureHTTP(ctx, &m)
	default:
		err = fmt.Errorf("no measure %q", name)
	}
	return m, err
}

// loadavg returns the first three fields of /proc/loadavg, or "".
func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
