package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"attract"
	attracthttp "attract/http"
	"attract/web"
)

// measureHTTP starts the real server in this process, as cmd/attract does,
// on a loopback port, and drives it with Config.Clients clients over
// keep-alive connections: the project page as a signed-in browser, or the
// list API with a bearer token. It samples the process's resident memory
// meanwhile; the clients run in the same process, so the figure includes
// them.
func (run *runner) measureHTTP(ctx context.Context, m *Measure) error {
	// The server logs every request, as in production; here to nowhere.
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := attracthttp.NewServer(run.db, logger)
	ui, err := web.New(run.db, logger, srv.Throttle)
	if err != nil {
		return err
	}
	srv.UI = ui
	srv.Addr = "127.0.0.1:0"
	if err := srv.Open(); err != nil {
		return err
	}
	defer srv.Close()
	base := srv.URL()

	var header, value string
	var path func() string
	switch m.Name {
	case HTTPPage:
		m.What = fmt.Sprintf("GET /projects/{id} as a signed-in officer, %d clients", run.cfg.Clients)
		secret, err := run.db.CreateSession(ctx, run.officer.ID, time.Hour)
		if err != nil {
			return err
		}
		defer run.db.DeleteSession(context.WithoutCancel(ctx), secret)
		header, value = "Cookie", web.SessionCookie+"="+secret
		var mu sync.Mutex
		path = func() string {
			mu.Lock()
			defer mu.Unlock()
			return "/projects/" + strconv.FormatInt(run.pick(), 10)
		}
	case HTTPList:
		m.What = fmt.Sprintf("GET /api/v1/projects?team_id=…&limit=50 with a bearer token, %d clients", run.cfg.Clients)
		sys := attract.NewSystemContext(ctx)
		tok := &attract.Token{UserID: run.officer.ID, Name: "benchmark"}
		secret, err := run.db.CreateToken(sys, tok)
		if err != nil {
			return err
		}
		defer run.db.RevokeToken(sys, tok.ID)
		header, value = "Authorization", "Bearer "+secret
		p := "/api/v1/projects?limit=50&team_id=" + strconv.FormatInt(run.teamID, 10)
		path = func() string { return p }
	}

	transport := &http.Transport{MaxIdleConns: run.cfg.Clients, MaxIdleConnsPerHost: run.cfg.Clients, MaxConnsPerHost: run.cfg.Clients, IdleConnTimeout: time.Minute}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: time.Minute}
	get := func() (time.Duration, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path(), nil)
		if err != nil {
			return 0, err
		}
		req.Header.Set(header, value)
		t := time.Now()
		res, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		_, err = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		d := time.Since(t)
		if err == nil && res.StatusCode != http.StatusOK && res.StatusCode != http.StatusNotFound {
			err = fmt.Errorf("GET %s: %s", req.URL.Path, res.Status)
		}
		return d, err
	}
	// One request first: templates, statements and connections warm.
	if _, err := get(); err != nil {
		return err
	}

	var peak, peakAnon atomic.Int64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			if rss := procStatusKB("VmRSS"); rss > peak.Load() {
				peak.Store(rss)
			}
			if anon := procStatusKB("RssAnon"); anon > peakAnon.Load() {
				peakAnon.Store(anon)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()

	var (
		mu     sync.Mutex
		ds     []time.Duration
		errs   int
		first  error
		issued atomic.Int64
		wg     sync.WaitGroup
	)
	start, cpu := time.Now(), processCPU()
	deadline := start.Add(run.cfg.Duration)
	for range run.cfg.Clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for time.Now().Before(deadline) && issued.Add(1) <= int64(run.cfg.MaxOps) {
				d, err := get()
				if err != nil {
					mu.Lock()
					errs++
					if first == nil {
						first = err
					}
					many := errs > 100
					mu.Unlock()
					if many {
						return
					}
					continue
				}
				mine = append(mine, d)
			}
			mu.Lock()
			ds = append(ds, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed, cpu := time.Since(start), processCPU()-cpu
	close(stop)
	<-sampled
	if len(ds) == 0 {
		return fmt.Errorf("no request succeeded: %v", first)
	}
	if errs > len(ds)/100 {
		return fmt.Errorf("%d of %d requests failed, the first: %v", errs, errs+len(ds), first)
	}
	m.Ops, m.Errors = len(ds), errs
	m.P50, m.P95, m.P99 = percentiles(ds)
	m.RPS = float64(len(ds)) / elapsed.Seconds()
	m.CPUms = float64(cpu) / float64(time.Millisecond) / float64(len(ds))
	m.PeakMB = float64(peak.Load()) / 1024
	m.AnonMB = float64(peakAnon.Load()) / 1024
	m.HWMMB = float64(procStatusKB("VmHWM")) / 1024
	return nil
}

// procStatusKB reads a field of /proc/self/status in kB, or 0.
func procStatusKB(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n
			}
		}
	}
	return 0
}
