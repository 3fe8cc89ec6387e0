// Package http serves Attract over HTTP: the JSON API under /api/v1 (and,
// later, the web desk). Handlers are methods on Server; every route is
// registered in routes() with the permission it needs.
package http

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"attract"
	"attract/sqlstore"
	"attract/web"
)

// SessionCookie is the name of the browser session cookie, shared with the
// web desk.
const SessionCookie = web.SessionCookie

// SessionTTL is how long a browser session lasts.
const SessionTTL = web.SessionTTL

// Server is Attract's HTTP server.
type Server struct {
	ln     net.Listener
	server *http.Server
	mux    *http.ServeMux
	routes []route

	// Addr is the address to listen on, e.g. "127.0.0.1:8080".
	Addr string
	// SecureCookies marks the session cookie Secure even on plain HTTP
	// (behind a TLS-terminating proxy). Over TLS it is always Secure.
	SecureCookies bool
	// Version is reported by /healthz and the OpenAPI document.
	Version string
	// Proxies are the reverse proxies whose X-Forwarded-For names the
	// client, for the sign-in throttle and the request log.
	Proxies TrustedProxies

	DB     *sqlstore.DB
	Logger *slog.Logger

	// Throttle limits sign-in attempts, shared with the pages.
	Throttle *Throttle
	// UI serves everything outside /api/ and /healthz: the web desk.
	UI http.Handler
	// Slots is how many requests may compute at once (withSlots); 0 or
	// less: as many as arrive. NewServer sets defaultSlots.
	Slots int

	openapiOnce sync.Once
	openapi     map[string]any
}

// NewServer returns a server over db; call Open to start it.
func NewServer(db *sqlstore.DB, logger *slog.Logger) *Server {
	s := &Server{DB: db, Logger: logger, mux: http.NewServeMux(), Throttle: NewThrottle(), Version: "dev",
		Slots: defaultSlots(db)}
	s.registerRoutes()
	return s
}

// Handler returns the server's whole handler chain, for tests that drive it
// without a socket.
func (s *Server) Handler() http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, attract.Errorf(attract.EFORBIDDEN,
			"Cross-origin request refused.", "已拒绝跨站请求。"))
	}))
	mux := http.Handler(s.mux)
	if s.UI != nil {
		outer := http.NewServeMux()
		outer.Handle("/api/", s.mux)
		outer.Handle("/healthz", s.mux)
		outer.Handle("/", s.UI)
		mux = outer
	}
	return s.withRequestID(s.withSlots(cop.Handler(mux)))
}

// Open starts listening and serving in the background.
func (s *Server) Open() error {
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		return err
	}
	s.ln = ln
	s.server = &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.Logger.Handler(), slog.LevelWarn),
	}
	go func() {
		if err := s.server.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.Logger.Error("serve", "err", err)
		}
	}()
	return nil
}

// URL returns the base URL the server listens on.
func (s *Server) URL() string {
	if s.ln == nil {
		return ""
	}
	addr := s.ln.Addr().(*net.TCPAddr)
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, itoa(int64(addr.Port)))
}

// Close stops the server, letting requests in flight finish for up to ten
// seconds.
func (s *Server) Close() error {
	if s.server == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return s.server.Shutdown(ctx)
}

type requestIDKey struct{}

// withRequestID gives every request an id, echoed in X-Request-ID and in
// every log line and error about it, and logs each request.
func (s *Server) withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b := make([]byte, 8)
		rand.Read(b)
		id := hex.EncodeToString(b)
		w.Header().Set("X-Request-ID", id)
		client := s.Proxies.ClientAddr(r)
		r = r.WithContext(web.WithClientAddr(context.WithValue(r.Context(), requestIDKey{}, id), client))
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v) // the handler cut its response short on purpose
				}
				s.Logger.Error("panic", "request_id", id, "method", r.Method, "path", r.URL.Path, "panic", v)
				if !sw.wrote {
					s.writeError(sw, r, errors.New("panic"))
				}
			}
			s.Logger.Info("request", "request_id", id, "client", client, "method", r.Method, "path", r.URL.Path,
				"status", sw.status, "duration_ms", float64(time.Since(start).Microseconds())/1000)
		}()
		next.ServeHTTP(sw, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool // headers sent
}

func (w *statusWriter) WriteHeader(code int) {
	w.status, w.wrote = code, true
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (to flush a
// streamed export, or extend its write deadline).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// withSlots lets Server.Slots requests compute at once; the others wait
// their turn before they start. A request's work is the CPU's: a page's
// reads from SQLite (whose file the page cache holds) and its rendering.
// With fifty requests at once on two CPUs, each was paused mid-way for the
// others, its memory and its database connection held meanwhile and its
// data out of the CPU's caches by the time it ran again; with a few at a
// time the project page served a tenth more at 1M and its p95 fell by a
// third (docs/benchmarks.md, finding 15).
//
// A slot covers the work alone, so that a slow client never holds one. A
// request's body is read before it waits for its slot (a form, a JSON
// object: up to maxBody, as much as the API reads), and one larger or of
// no stated length (a large spreadsheet being uploaded) goes without a
// slot, as every request did before. And a request gives its slot back
// when it starts to respond — pages are rendered whole before the first
// byte is written — so neither a page being sent nor a streamed export
// after its first rows holds one.
func (s *Server) withSlots(next http.Handler) http.Handler {
	if s.Slots <= 0 {
		return next
	}
	sem := make(chan struct{}, s.Slots)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" { // a liveness probe is answered however busy the server is
			next.ServeHTTP(w, r)
			return
		}
		if r.Body != nil && r.Body != http.NoBody {
			if r.ContentLength < 0 || r.ContentLength > maxBody {
				next.ServeHTTP(w, r)
				return
			}
			body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
			if err != nil { // the client left, or was slower than the server's ReadTimeout
				s.writeError(w, r, fieldError("body", "could not be read", "无法读取"))
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		select {
		case sem <- struct{}{}:
		case <-r.Context().Done():
			// The client left while it waited: no one reads this, but the
			// request log says so.
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		if r.Context().Err() != nil { // it left as the slot came free
			<-sem
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		sw := &slotWriter{ResponseWriter: w, sem: sem}
		defer sw.release()
		next.ServeHTTP(sw, r)
	})
}

// defaultSlots is twice the CPUs Go uses on SQLite, where a request's work
// is this process's; on PostgreSQL, whose statements wait on the network,
// as many as the store's connections, so that the slots bound no more than
// the pool does.
func defaultSlots(db *sqlstore.DB) int {
	if db != nil && db.Dialect() == "postgres" {
		return sqlstore.MaxConns
	}
	return 2 * runtime.GOMAXPROCS(0)
}

// slotWriter gives a request's slot back at its first write.
type slotWriter struct {
	http.ResponseWriter
	sem      chan struct{}
	released bool
}

func (w *slotWriter) release() {
	if !w.released {
		w.released = true
		<-w.sem
	}
}

func (w *slotWriter) WriteHeader(code int) {
	if code >= http.StatusOK { // not an informational 1xx before the response
		w.release()
	}
	w.ResponseWriter.WriteHeader(code)
}

// FlushError sends what is written so far: the response has begun.
func (w *slotWriter) FlushError() error {
	w.release()
	return http.NewResponseController(w.ResponseWriter).Flush()
}

func (w *slotWriter) Write(b []byte) (int, error) {
	w.release()
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *slotWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func requestID(r *http.Request) string {
	id, _ := r.Context().Value(requestIDKey{}).(string)
	return id
}

// authenticate finds the user of the request from its bearer token or its
// session cookie. A request with neither is anonymous (nil, nil); a bad
// token is an error, so that a client learns its token no longer works.
func (s *Server) authenticate(r *http.Request) (*attract.User, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, token, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			return nil, attract.Errorf(attract.EUNAUTHORIZED, "The Authorization header must be \"Bearer <token>\".", "Authorization 头须为 \"Bearer <令牌>\"。")
		}
		return s.DB.UserByToken(r.Context(), strings.TrimSpace(token))
	}
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		u, err := s.DB.UserBySession(r.Context(), c.Value)
		if attract.ErrorCode(err) == attract.EUNAUTHORIZED {
			return nil, nil // an expired cookie makes the request anonymous
		}
		return u, err
	}
	return nil, nil
}
