package bench

import (
	"fmt"
	"strings"
)

// Targets of issue 5, for 1M projects on SQLite on a 2-core machine.
const (
	TargetReadP95  Millis = 50   // every read
	TargetRatio           = 1.5  // every read over its floor
	TargetWriteP95 Millis = 20   // every write, audit included
	TargetPageRPS         = 2000 // the project page, 50 clients
	TargetMemoryMB        = 300  // resident memory under that load
)

// Markdown renders the report as the tables of docs/benchmarks.md.
func (r *Report) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s, %d projects, %d activities; Go %s, %d CPUs; %s per measure; load before %s, after %s.\n\n",
		r.Dialect, r.DBVersion, r.Projects, r.Activities, strings.TrimPrefix(r.GoVersion, "go"), r.CPUs, r.Duration, r.LoadBefore, r.LoadAfter)
	if r.CachedBefore != nil && r.CachedAfter != nil {
		// Whole percents rounded down, so that 94.6% is not read as 95.
		fmt.Fprintf(&b, "The database file in the page cache: %d%% at the start, %d%% at the end.",
			int(100**r.CachedBefore), int(100**r.CachedAfter))
		switch {
		case *r.CachedBefore < 0.95 && r.Warmed:
			b.WriteString(" **Reads went to the disk: the file did not stay in the cache it was read into.**")
		case *r.CachedBefore < 0.95:
			b.WriteString(" **Reads went to the disk: measure again with `--warm`.**")
		case *r.CachedAfter < 0.95:
			b.WriteString(" The system dropped part of the file from the cache during the run: reads of that part went to the disk.")
		}
		b.WriteString("\n\n")
	}
	b.WriteString("| measure | ops | p50 ms | p95 ms | p99 ms | floor p50 ms | floor p95 ms | ratio p50 | ratio p95 | target |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, m := range r.Measures {
		if m.Kind == KindHTTP {
			continue
		}
		floor50, floor, ratio50, ratio := "", "", "", ""
		if m.Kind == KindRead {
			floor50, floor = fmt.Sprintf("%.2f", m.FloorP50), fmt.Sprintf("%.2f", m.FloorP95)
			ratio50, ratio = fmt.Sprintf("%.2f", m.RatioP50), fmt.Sprintf("%.2f", m.Ratio)
		}
		name := m.Name
		if strings.HasPrefix(m.Name, "search") {
			name += fmt.Sprintf(" (%d matches)", m.Matches)
		}
		fmt.Fprintf(&b, "| %s | %d | %.2f | %.2f | %.2f | %s | %s | %s | %s | %s |\n", name, m.Ops, m.P50, m.P95, m.P99, floor50, floor, ratio50, ratio, m.verdict())
	}
	b.WriteString("\n| HTTP | requests | req/s | CPU ms/req | p50 ms | p95 ms | p99 ms | peak RSS MB | anon MB | HWM MB | target |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, m := range r.Measures {
		if m.Kind != KindHTTP {
			continue
		}
		cpu := ""
		if m.CPUms > 0 {
			cpu = fmt.Sprintf("%.2f", m.CPUms)
		}
		fmt.Fprintf(&b, "| %s | %d | %.0f | %s | %.2f | %.2f | %.2f | %.0f | %.0f | %.0f | %s |\n", m.Name, m.Ops, m.RPS, cpu, m.P50, m.P95, m.P99, m.PeakMB, m.AnonMB, m.HWMMB, m.verdict())
	}
	return b.String()
}

// verdict says whether the measure meets the target.
func (m Measure) verdict() string {
	switch m.Kind {
	case KindRead:
		ok := m.P95 <= TargetReadP95 && m.Ratio <= TargetRatio
		return mark(ok) + fmt.Sprintf(" (≤ %.0f ms, ≤ %.1f×)", TargetReadP95, TargetRatio)
	case KindFloor:
		return mark(m.P95 <= TargetReadP95) + fmt.Sprintf(" (≤ %.0f ms)", TargetReadP95)
	case KindWrite:
		return mark(m.P95 <= TargetWriteP95) + fmt.Sprintf(" (≤ %.0f ms)", TargetWriteP95)
	case KindHTTP:
		if m.Name == HTTPPage {
			return mark(m.RPS >= TargetPageRPS && m.PeakMB <= TargetMemoryMB) + fmt.Sprintf(" (≥ %d req/s, ≤ %d MB)", TargetPageRPS, TargetMemoryMB)
		}
		return mark(m.PeakMB <= TargetMemoryMB) + fmt.Sprintf(" (≤ %d MB)", TargetMemoryMB)
	}
	return ""
}

func mark(ok bool) string {
	if ok {
		return "met"
	}
	return "missed"
}
