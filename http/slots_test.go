package http_test

import (
	"context"
	"errors"
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
// that a request holds no slot while its body comes, nor a large upload
// at all, and that /healthz never waits.
func TestSlots(t *testing.T) {
	srv := attracthttp.NewServer(sqlstore.MustOpenTestDB(t, "sqlite"), slog.New(slog.NewTextHandler(io.Discard, nil)))
	if srv.Slots < 2 {
		t.Errorf("NewServer's slots on SQLite: %d, want twice the CPUs", srv.Slots)
	}
	srv.Slots = 1
	var (
		wrote               atomic.Bool // the slow request has started its response
		entered             = make(chan string, 20)
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
	// Around the server: when each request arrives, before it waits for a
	// slot, and when the server sees a client leave.
	arrived, left := make(chan string, 20), make(chan struct{})
	h := srv.Handler()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- r.URL.Path
		if r.URL.Path == "/left" {
			go func() {
				<-r.Context().Done()
				close(left)
			}()
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	t.Cleanup(func() { close(stop) }) // before ts.Close, which waits for the handlers

	expect := func(ch <-chan string, want ...string) {
		t.Helper()
		for _, w := range want {
			select {
			case p := <-ch:
				if p != w {
					t.Fatalf("%s came, want %s", p, w)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("%s did not come in 10 s", w)
			}
		}
	}
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
	done := func(path string) <-chan error {
		ch := make(chan error, 1)
		go func() { ch <- get(context.Background(), path) }()
		return ch
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
	// post sends half a body of length n (-1: of no stated length) and
	// returns a function that sends the rest.
	post := func(path string, n int64) (<-chan error, func()) {
		pr, pw := io.Pipe()
		t.Cleanup(func() { pw.CloseWithError(errors.New("the test is over")) })
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
	expect(entered, "/slow")
	next := done("/next")
	expect(arrived, "/slow", "/next")
	time.Sleep(50 * time.Millisecond) // time for /next to run, were it not held back
	close(write)
	// /slow has written and goes on: /next has the slot.
	wait("the request after one that began to respond", next)
	close(finish)
	wait("the slow request", slow)
	expect(entered, "/next")

	holding := done("/holding")
	expect(entered, "/holding")
	expect(arrived, "/holding")
	wait("/healthz while the slot is taken", done("/healthz"))
	expect(arrived, "/healthz")
	// A client that leaves while it waits: its request never runs.
	ctx, cancel := context.WithCancel(context.Background())
	gone := make(chan error, 1)
	go func() { gone <- get(ctx, "/left") }()
	expect(arrived, "/left")
	cancel()
	if err := <-gone; err == nil {
		t.Error("the request cancelled while it waited succeeded")
	}
	select {
	case <-left:
	case <-time.After(10 * time.Second):
		t.Fatal("the server did not see the client leave in 10 s")
	}
	// A large upload (its length not given) goes without a slot.
	upload, rest := post("/upload", -1)
	rest()
	wait("an upload while the slot is taken", upload)
	expect(arrived, "/upload")
	expect(entered, "/upload")
	close(hold)
	wait("the request holding the slot", holding)

	// A request whose body is still coming holds no slot.
	body, rest := post("/body", 10)
	expect(arrived, "/body")
	wait("a request while another's body is still coming", done("/next"))
	rest()
	wait("the request whose body came slowly", body)
	expect(entered, "/next", "/body")
	if n := ran.Load(); n != 6 {
		t.Errorf("%d requests ran, want 6: /slow, /next, /holding, /upload, /next, /body — not /left, whose client left", n)
	}
}
