package web_test

import (
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"attract"
	"attract/demo"
	attracthttp "attract/http"
	"attract/sqlstore"
	"attract/web"
)

// BenchmarkProjectPage renders GET /projects/{id} through the whole server
// (middleware, session, store, templates), one request at a time, as the
// officer of the largest team sees 1,000 random projects. What one page
// costs in CPU and allocations, without the HTTP clients and the network
// that `attract bench`'s throughput measure adds:
//
//	go test ./web -run '^$' -bench ProjectPage -benchmem -cpu 1
//
// over 2,000 generated projects, or over a generated file of any size
// (docs/benchmarks.md, finding 6):
//
//	ATTRACT_BENCH_DB=g1m.db go test ./web -run '^$' -bench ProjectPage -benchmem -cpu 1 -count 5
func BenchmarkProjectPage(b *testing.B) {
	ctx := context.Background()
	dsn := os.Getenv("ATTRACT_BENCH_DB")
	if dsn == "" {
		dsn = filepath.Join(b.TempDir(), "bench.db")
	} else if _, err := os.Stat(dsn); err != nil {
		b.Fatalf("ATTRACT_BENCH_DB: %v", err)
	}
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if os.Getenv("ATTRACT_BENCH_DB") == "" {
		sys := attract.NewSystemContext(ctx)
		if _, err := demo.GenerateBulk(sys, db, demo.Options{Projects: 2000, Seed: 1, Today: attract.AgencyDate(time.Now())}); err != nil {
			b.Fatal(err)
		}
	}
	var userID, minID, maxID int64
	if err := db.SQL().QueryRowContext(ctx, `SELECT u.id FROM users u
		JOIN (SELECT team_id, COUNT(*) AS n FROM projects WHERE team_id IS NOT NULL GROUP BY team_id ORDER BY n DESC, team_id LIMIT 1) t ON t.team_id = u.team_id
		WHERE u.role = 'officer' ORDER BY u.id LIMIT 1`).Scan(&userID); err != nil {
		b.Fatal(err)
	}
	if err := db.SQL().QueryRowContext(ctx, `SELECT MIN(id), MAX(id) FROM projects`).Scan(&minID, &maxID); err != nil {
		b.Fatal(err)
	}
	secret, err := db.CreateSession(ctx, userID, time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	defer db.DeleteSession(ctx, secret)

	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := attracthttp.NewServer(db, logger)
	ui, err := web.New(db, logger, srv.Throttle)
	if err != nil {
		b.Fatal(err)
	}
	srv.UI = ui
	h := srv.Handler()
	r := rand.New(rand.NewPCG(1, 2))
	paths := make([]string, 1000)
	for i := range paths {
		paths[i] = "/projects/" + strconv.FormatInt(minID+r.Int64N(maxID-minID+1), 10)
	}
	get := func(path string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: secret})
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	for _, p := range paths { // warm the statements, the people and the pages read
		if w := get(p); w.Code != http.StatusOK {
			b.Fatalf("GET %s: %d", p, w.Code)
		}
	}
	for i := 0; b.Loop(); i++ {
		get(paths[i%len(paths)])
	}
}
