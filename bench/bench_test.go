package bench

import (
	"strings"
	"testing"
	"time"
)

func TestPercentiles(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	hundred := make([]time.Duration, 100)
	for i := range hundred {
		hundred[i] = ms(100 - i) // 100 … 1, unsorted on purpose
	}
	for _, tc := range []struct {
		name          string
		ds            []time.Duration
		p50, p95, p99 Millis
	}{
		{"none", nil, 0, 0, 0},
		{"one", []time.Duration{ms(7)}, 7, 7, 7},
		{"hundred", hundred, 50, 95, 99},
		{"two", []time.Duration{ms(3), ms(1)}, 1, 3, 3},
	} {
		p50, p95, p99 := percentiles(tc.ds)
		if p50 != tc.p50 || p95 != tc.p95 || p99 != tc.p99 {
			t.Errorf("%s: got %v %v %v, want %v %v %v", tc.name, p50, p95, p99, tc.p50, tc.p95, tc.p99)
		}
	}
}

func TestVerdict(t *testing.T) {
	for _, tc := range []struct {
		m    Measure
		want string
	}{
		{Measure{Kind: KindRead, P95: 40, Ratio: 1.2}, "met"},
		{Measure{Kind: KindRead, P95: 40, Ratio: 1.6}, "missed"},
		{Measure{Kind: KindRead, P95: 60, Ratio: 1.0}, "missed"},
		{Measure{Kind: KindWrite, P95: 20}, "met"},
		{Measure{Kind: KindHTTP, Name: HTTPPage, RPS: 2500, PeakMB: 100}, "met"},
		{Measure{Kind: KindHTTP, Name: HTTPPage, RPS: 500, PeakMB: 100}, "missed"},
		{Measure{Kind: KindHTTP, Name: HTTPList, RPS: 500, PeakMB: 100}, "met"},
	} {
		if got := tc.m.verdict(); got[:len(tc.want)] != tc.want || (tc.want == "met" && got[:6] == "missed") {
			t.Errorf("%+v: %q, want %s", tc.m, got, tc.want)
		}
	}
}

// TestReportSaysWhatWasCached: a run that read from the disk says so.
func TestReportSaysWhatWasCached(t *testing.T) {
	share := func(f float64) *float64 { return &f }
	for _, tc := range []struct {
		before, after *float64
		warmed        bool
		line          string
		warn          bool
	}{
		{share(1), share(0.97), false, "in the page cache: 100% at the start, 97% at the end.", false},
		{share(0.99), share(0.8), true, "99% at the start, 80% at the end. The system dropped part of the file", false},
		{share(0.6), share(1), false, "in the page cache: 60% at the start, 100% at the end.", true},
		{share(0.946), share(0.95), false, "94% at the start, 95% at the end. **Reads went to the disk", true},
		{share(0.6), share(0.5), true, "60% at the start, 50% at the end. **Reads went to the disk: the file did not stay", false},
		{nil, nil, false, "", false}, // PostgreSQL
	} {
		md := (&Report{CachedBefore: tc.before, CachedAfter: tc.after, Warmed: tc.warmed}).Markdown()
		if tc.line != "" && !strings.Contains(md, tc.line) || tc.line == "" && strings.Contains(md, "page cache") {
			t.Errorf("%v %v: the report reads\n%s", tc.before, tc.after, md)
		}
		if warned := strings.Contains(md, "--warm"); warned != tc.warn {
			t.Errorf("%v %v: warned %v, want %v", tc.before, tc.after, warned, tc.warn)
		}
	}
}
