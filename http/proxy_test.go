package http_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"

	"attract"
	attracthttp "attract/http"
	"attract/sqlstore"
)

func TestParseTrustedProxies(t *testing.T) {
	ps, err := attracthttp.ParseTrustedProxies(" 127.0.0.1, 10.20.0.0/16,::1,fd00::/8 ,")
	if err != nil || len(ps) != 4 || ps[1].String() != "10.20.0.0/16" || ps[0].String() != "127.0.0.1/32" {
		t.Errorf("parsed %v, %v", ps, err)
	}
	if ps, err := attracthttp.ParseTrustedProxies(""); err != nil || len(ps) != 0 {
		t.Errorf("empty: %v, %v", ps, err)
	}
	_, err = attracthttp.ParseTrustedProxies("10.0.0.0/8, 10.0.0.0/33, nginx")
	var e *attract.Error
	if !errors.As(err, &e) || len(e.Fields) != 2 || e.Fields[0].Field != "trusted-proxies" ||
		!strings.Contains(e.Fields[0].Message, `"10.0.0.0/33" is not an IP address or a CIDR range`) ||
		!strings.Contains(e.Fields[1].MessageZH, "“nginx”不是 IP 地址或 CIDR 网段") {
		t.Errorf("bad entries: %v", err)
	}
}

func TestClientAddr(t *testing.T) {
	ps, err := attracthttp.ParseTrustedProxies("127.0.0.1, 10.1.0.0/16, ::1")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		peer string
		xff  []string
		want string
	}{
		{"192.168.5.7:51000", nil, "192.168.5.7"},
		// An untrusted peer's header is anyone's to write.
		{"192.168.5.7:51000", []string{"1.2.3.4"}, "192.168.5.7"},
		{"127.0.0.1:51000", nil, "127.0.0.1"},
		{"127.0.0.1:51000", []string{"192.168.5.7"}, "192.168.5.7"},
		// What a client put before the proxies' own entries is ignored.
		{"127.0.0.1:51000", []string{"6.6.6.6, 192.168.5.7, 10.1.2.3"}, "192.168.5.7"},
		{"127.0.0.1:51000", []string{"6.6.6.6", "192.168.5.7, 10.1.2.3"}, "192.168.5.7"},
		{"127.0.0.1:51000", []string{"192.168.5.7:4711"}, "192.168.5.7"},
		{"127.0.0.1:51000", []string{"10.1.0.9, 10.1.2.3"}, "10.1.0.9"},
		{"127.0.0.1:51000", []string{"192.168.5.7, garbage, 10.1.2.3"}, "10.1.2.3"},
		{"127.0.0.1:51000", []string{"garbage"}, "127.0.0.1"},
		{"[::1]:51000", []string{"2001:db8::7"}, "2001:db8::7"},
		{"[::ffff:127.0.0.1]:51000", []string{"::ffff:192.168.5.7"}, "192.168.5.7"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.peer
		for _, v := range c.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := ps.ClientAddr(r); got != c.want {
			t.Errorf("from %s with %q: %s, want %s", c.peer, c.xff, got, c.want)
		}
	}
}

// syncBuffer is a log destination the server's goroutines share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestSignInThrottleBehindProxy checks that behind a trusted proxy the
// sign-in throttle counts each client's address, not the proxy's, and that
// without one a client cannot slip past it by writing X-Forwarded-For.
func TestSignInThrottleBehindProxy(t *testing.T) {
	db := sqlstore.MustOpenTestDB(t, "sqlite")
	if err := db.CreateUser(attract.NewSystemContext(t.Context()), &attract.User{Username: "li.wei", Name: "李伟", Role: attract.RoleOfficer, Language: "zh"}, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	var log syncBuffer
	srv := attracthttp.NewServer(db, slog.New(slog.NewTextHandler(&log, nil)))
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	signIn := func(from, username, password string) int {
		t.Helper()
		body, _ := json.Marshal(map[string]string{"username": username, "password": password})
		req, _ := http.NewRequest("POST", ts.URL+"/api/v1/session", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", from)
		res, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	// A guesser at one desk, trying many names.
	guess := func(from string) {
		t.Helper()
		for i := range 50 {
			if got := signIn(from, fmt.Sprintf("guess%d", i), "x"); got != http.StatusUnauthorized {
				t.Fatalf("guess %d: %d", i, got)
			}
		}
	}

	srv.Proxies, _ = attracthttp.ParseTrustedProxies("127.0.0.1, ::1")
	guess("192.168.5.7")
	if got := signIn("192.168.5.7", "li.wei", "correct horse battery"); got != http.StatusTooManyRequests {
		t.Errorf("the guessing desk signs in: %d, want 429", got)
	}
	if got := signIn("192.168.5.8", "li.wei", "correct horse battery"); got != http.StatusCreated && got != http.StatusOK {
		t.Errorf("another desk behind the same proxy: %d, want signed in", got)
	}
	if !strings.Contains(log.String(), "client=192.168.5.8 method=POST path=/api/v1/session") {
		t.Errorf("the request log lacks the client:\n%s", log.String())
	}

	srv.Proxies = nil
	guess("10.9.9.1")
	if got := signIn("10.9.9.2", "li.wei", "correct horse battery"); got != http.StatusTooManyRequests {
		t.Errorf("an untrusted peer's own X-Forwarded-For let it past the throttle: %d", got)
	}
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	if last := lines[len(lines)-1]; !slices.ContainsFunc([]string{"client=127.0.0.1 ", "client=::1 "}, func(s string) bool { return strings.Contains(last, s) }) {
		t.Errorf("without a trusted proxy the log names %q", last)
	}
}
