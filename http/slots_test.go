package http_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	attracthttp "attract/http"
	"attract/sqlstore"
)

// TestSlots checks that requests beyond Server.Slots wait their turn,
// that a request gives its slot back at its first write rather than when
// it ends, that a request whose client leaves while it waits is never run,
// and that a request holds no slot while its body comes, nor an upload at
// all.
func TestSlots(t *testing.T) {
	srv := attracthttp.NewServer(sqlstore.MustOpenTestDB(t, "sqlite"), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if srv.Slots < 2 {
		t.Errorf("NewServer's slots on SQLite: %d, want twice the CPUs", srv.Slots)
	}
	srv.Slots = 1
	var (
		wrote               atomic.Bool // the slow request has started its response
		entered             = make(chan string, 10)
		write, finish, hold = make(chan struct{}), make(chan struct{}), make(chan struct{})
		ran                 atomic.Int32
		stop                = make(chan struct{}) // a failed test's handlers give up
	)
	await := func(ch chan struct{}) {
		select {
		case <-ch:
		case <-stop:
		}
	}
	srv.UI = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ran.Add(1)
		entered <- r.URL.Path
		switch r.URL.Path {
		case "/slow": // works, then responds, then streams on
			await(write)
			wrote.Store(true)
			w.Write([]byte("first rows"))
			await(finish)
		case "/holding": // works without responding
			await(hold)
		case "/next":
			if !wrote.Load() {
				t.Error("a request ran while the only slot was taken")
			}
		case "/upload", "/body": // its body came slowly
			if b, err := io.ReadAll(r.Body); err != nil || string(b) != "0123456789" {
				t.Errorf("%s read %q, %v; want its whole body", r.URL.Path, b, err)
			}
		}
	})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	defer close(stop)
	get := func(ctx context.Context, path string) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+path, nil)
		if err != nil {
			return err
		}
		res, err := ts.Client().Do(req)
		if err != nil {
			return err
		}
		io.Copy(io.Discard, res.Body)
		return res.Body.Close()
	}
	wait := func(what string, ch <-chan error) {
		t.Helper()
		select {
		case err := <-ch:
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: still waiting after 10 s", what)
		}
	}
	done := func(path string) <-chan error {
		ch := make(chan error, 1)
		go func() { ch <- get(context.Background(), path) }()
		return ch
	}
	// post sends half a body of length n (-1: of no stated length) and
	// returns a function that sends the rest.
	post := func(path string, n int64) (<-chan error, func()) {
		pr, pw := io.Pipe()
		req, err := http.NewRequest(http.MethodPost, ts.URL+path, pr)
		if err != nil {
			t.Fatal(err)
		}
		req.ContentLength = n
		ch := make(chan error, 1)
		go func() {
			res, err := ts.Client().Do(req)
			if err == nil {
				io.Copy(io.Discard, res.Body)
				err = res.Body.Close()
			}
			ch <- err
		}()
		pw.Write([]byte("01234"))
		return ch, func() {
			pw.Write([]byte("56789"))
			pw.Close()
		}
	}

	slow := done("/slow")
	if p := <-entered; p != "/slow" {
		t.Fatalf("entered %s first", p)
	}
	next := done("/next")
	time.Sleep(50 * time.Millisecond) // time for /next to run, were it not held back
	close(write)
	// /slow has written and still runs: /next has its slot.
	wait("the request after one that began to respond", next)
	close(finish)
	wait("the slow request", slow)

	holding := done("/holding")
	for _, want := range []string{"/next", "/holding"} {
		if p := <-entered; p != want {
			t.Fatalf("entered %s, want %s", p, want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	left := make(chan error, 1)
	go func() { left <- get(ctx, "/left") }()
	time.Sleep(50 * time.Millisecond)
	cancel()
	if err := <-left; err == nil {
		t.Error("the request cancelled while it waited succeeded")
	}
	time.Sleep(50 * time.Millisecond) // time for the server to see the client leave
	// An upload, whose body's length is not known, goes without a slot.
	upload, rest := post("/upload", -1)
	rest()
	wait("an upload while the slot is taken", upload)
	close(hold)
	wait("the request holding the slot", holding)

	// A request whose body is still coming holds no slot.
	body, rest := post("/body", 10)
	wait("a request while another's body is still coming", done("/next"))
	rest()
	wait("the request whose body came slowly", body)
	if n := ran.Load(); n != 6 {
		t.Errorf("%d requests ran, want 6: /slow, /next, /holding, /upload, /next, /body — not /left, whose client left", n)
	}
}
