package bench

import (
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
