package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"attract/bench"
)

// TestBench runs the benchmark harness at a small scale, to prove that it
// still runs: 500 generated projects, a tenth of a second per measure, four
// HTTP clients. The numbers mean nothing at this scale; that each measure is
// reported, and positive, does.
func TestBench(t *testing.T) {
	for dialect, dsn := range dbs(t) {
		t.Run(dialect, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "bench.json")
			args := []string{"bench", "--db", dsn, "--projects", "500", "--generate",
				"--duration", "100ms", "--clients", "4", "--max-ops", "200", "--out", out}
			if dialect == "sqlite" {
				args = append(args, "--warm")
			}
			_, stdout := mustRun(t, nil, "", args...)
			if !strings.Contains(stdout, "Generated 500 projects") || !strings.Contains(stdout, "| measure |") {
				t.Errorf("output lacks the generation or the tables:\n%s", stdout)
			}
			b, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			var rep bench.Report
			if err := json.Unmarshal(b, &rep); err != nil {
				t.Fatal(err)
			}
			if rep.Dialect != dialect || rep.Projects != 500 || rep.Activities < 4000 || rep.DBVersion == "" {
				t.Errorf("report says %s %s, %d projects, %d activities", rep.Dialect, rep.DBVersion, rep.Projects, rep.Activities)
			}
			// A SQLite file on Linux, read through first, is in the page
			// cache; a PostgreSQL database has no file to tell of.
			if cached := rep.CachedBefore; dialect == "postgres" && (cached != nil || rep.Warmed) {
				t.Errorf("PostgreSQL: the report tells of a file in the page cache: %v", *cached)
			} else if dialect == "postgres" {
				if _, _, _, err := run(t, nil, "", "bench", "--db", dsn, "--warm", "--only", "board"); err == nil || !strings.Contains(err.Error(), "--warm") {
					t.Errorf("--warm on PostgreSQL: %v, want it refused", err)
				}
			} else if dialect == "sqlite" && runtime.GOOS == "linux" && (!rep.Warmed || cached == nil || *cached < 0.99 || rep.CachedAfter == nil) {
				t.Errorf("SQLite, warmed: warmed %v, cached %v at the start", rep.Warmed, cached)
			}
			for _, name := range bench.Names {
				m := rep.Measure(name)
				if m == nil {
					t.Errorf("%s: not reported", name)
					continue
				}
				if m.Ops <= 0 || m.P50 <= 0 || m.P95 < m.P50 || m.P99 < m.P95 {
					t.Errorf("%s: %d ops, p50 %v, p95 %v, p99 %v", name, m.Ops, m.P50, m.P95, m.P99)
				}
				switch m.Kind {
				case bench.KindRead:
					if m.FloorOps <= 0 || m.FloorP95 <= 0 || m.Ratio <= 0 {
						t.Errorf("%s: floor %d ops, p95 %v, ratio %v", name, m.FloorOps, m.FloorP95, m.Ratio)
					}
				case bench.KindHTTP:
					if m.RPS <= 0 || m.PeakMB <= 0 || m.HWMMB <= 0 {
						t.Errorf("%s: %v req/s, peak %v MB, HWM %v MB", name, m.RPS, m.PeakMB, m.HWMMB)
					}
				}
			}
		})
	}
}

// TestCPUProfiles: `attract demo` and `attract bench` write CPU profiles
// (docs/benchmarks.md), and a profile that cannot be written stops the demo
// before it generates anything.
func TestCPUProfiles(t *testing.T) {
	dir := t.TempDir()
	dsn := filepath.Join(dir, "attract.db")
	demoProf, benchProf := filepath.Join(dir, "demo.prof"), filepath.Join(dir, "bench.prof")
	if _, _, _, err := run(t, nil, "", "demo", "--db", dsn, "--projects", "20", "--cpuprofile", filepath.Join(dir, "no", "such", "dir")); err == nil || !strings.Contains(err.Error(), "--cpuprofile") {
		t.Errorf("demo with a profile in a missing directory: %v, want an error naming --cpuprofile", err)
	}
	// Nothing was generated: the demo runs on the same database.
	mustRun(t, nil, "", "demo", "--db", dsn, "--projects", "20", "--cpuprofile", demoProf)
	mustRun(t, nil, "", "bench", "--db", dsn, "--only", "project_page", "--duration", "100ms", "--cpuprofile", benchProf)
	for _, p := range []string{demoProf, benchProf} {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		// A profile is a gzipped protocol buffer.
		if len(b) < 100 || b[0] != 0x1f || b[1] != 0x8b {
			t.Errorf("%s: %d bytes, not a profile", filepath.Base(p), len(b))
		}
	}
}
