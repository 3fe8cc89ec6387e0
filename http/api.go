package http

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"attract"
)

// route is one endpoint: its pattern, the permission it needs ("" for a
// public one), and what the OpenAPI document says of it.
type route struct {
	method  string
	path    string
	perm    attract.Permission
	summary string
	params  []param // query parameters
	body    any     // request body type, nil for none
	out     any     // response type; nil for 204
	list    bool    // the response is {"items": [out...], "next_cursor": "..."}
	status  int     // success status, 200 unless set
	h       func(w http.ResponseWriter, r *http.Request) error
}

// param is a documented query parameter.
type param struct {
	name, typ, desc string
}

// handle registers a route. Its handler runs with the acting user in the
// context, after the route's permission is checked; the store checks again,
// with ownership, for every record it writes.
func (s *Server) handle(rt route) {
	if rt.status == 0 {
		rt.status = http.StatusOK
	}
	s.routes = append(s.routes, rt)
	s.mux.HandleFunc(rt.method+" "+rt.path, func(w http.ResponseWriter, r *http.Request) {
		u, err := s.authenticate(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		ctx := r.Context()
		if u != nil {
			ctx = attract.NewContextWithUser(ctx, u)
		}
		r = r.WithContext(ctx)
		if rt.perm != "" {
			if err := attract.Authorize(ctx, rt.perm); err != nil {
				s.writeError(w, r, err)
				return
			}
		}
		if err := rt.h(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

// writeJSON writes v as the JSON response.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// listResponse is the envelope of every list.
type listResponse[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

func writeList[T any](w http.ResponseWriter, items []T, next string) error {
	if items == nil {
		items = []T{}
	}
	return writeJSON(w, http.StatusOK, listResponse[T]{items, next})
}

// problem is an RFC 9457 problem details body.
type problem struct {
	Type      string         `json:"type"`
	Title     string         `json:"title"`
	Status    int            `json:"status"`
	Detail    string         `json:"detail"`
	Code      string         `json:"code"`
	Errors    []problemField `json:"errors,omitempty"`
	RequestID string         `json:"request_id"`
}

type problemField struct {
	Field     string `json:"field"`
	Message   string `json:"message"`
	MessageEN string `json:"message_en"`
	MessageZH string `json:"message_zh"`
}

// statusOf maps error codes to HTTP status codes: the one table.
var statusOf = map[string]int{
	attract.EINVALID:      http.StatusBadRequest,
	attract.ENOTFOUND:     http.StatusNotFound,
	attract.ECONFLICT:     http.StatusConflict,
	attract.EUNAUTHORIZED: http.StatusUnauthorized,
	attract.EFORBIDDEN:    http.StatusForbidden,
	attract.EINTERNAL:     http.StatusInternalServerError,
	attract.ETOOMANY:      http.StatusTooManyRequests,
}

// writeError writes err as problem+json in the request's language. An
// internal error is logged with the request id, and the client sees only
// that id.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	lang := language(r)
	code := attract.ErrorCode(err)
	var e *attract.Error
	if !errors.As(err, &e) || code == attract.EINTERNAL {
		s.Logger.Error("internal error", "request_id", requestID(r), "method", r.Method, "path", r.URL.Path, "err", err)
		e = attract.Errorf(attract.EINTERNAL,
			"Internal error. Quote request ID %s to your administrator.",
			"内部错误。请向管理员提供请求编号 %s。", requestID(r))
	}
	status := statusOf[code]
	p := problem{
		Type:      "urn:attract:problem:" + code,
		Title:     http.StatusText(status),
		Status:    status,
		Detail:    e.Localized(lang),
		Code:      code,
		RequestID: requestID(r),
	}
	for _, f := range e.Fields {
		p.Errors = append(p.Errors, problemField{f.Field, f.Localized(lang), f.Message, f.MessageZH})
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="attract"`)
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(p)
}

// language returns "zh" or "en" for a request: the Accept-Language header
// when it names either, else the user's own choice, else English.
func language(r *http.Request) string {
	for part := range strings.SplitSeq(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag = strings.ToLower(tag)
		switch {
		case strings.HasPrefix(tag, "zh"):
			return "zh"
		case strings.HasPrefix(tag, "en"):
			return "en"
		}
	}
	if u := attract.UserFromContext(r.Context()); u != nil && u.Language != "" {
		return u.Language
	}
	return "en"
}

// maxBody is the largest request body accepted.
const maxBody = 1 << 20

// readBody reads a JSON request body, refusing other content types and
// bodies over maxBody.
func readBody(r *http.Request) ([]byte, error) {
	ct := r.Header.Get("Content-Type")
	if ct != "" && !strings.HasPrefix(ct, "application/json") && !strings.HasPrefix(ct, "application/merge-patch+json") {
		return nil, fieldError("body", "must be application/json", "必须是 application/json")
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, fieldError("body", "could not be read", "无法读取")
	}
	if len(b) > maxBody {
		return nil, fieldError("body", "is larger than 1 MiB", "超过 1 MiB")
	}
	return b, nil
}

// decodeCreate decodes a create body strictly into dst.
func decodeCreate(r *http.Request, dst any) error {
	b, err := readBody(r)
	if err != nil {
		return err
	}
	return attract.DecodeStrict(b, dst)
}

// decodePatch decodes an update body: the record's "version" and the fields
// to change.
func decodePatch(r *http.Request) (int64, attract.Patch, error) {
	b, err := readBody(r)
	if err != nil {
		return 0, nil, err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil || obj == nil {
		return 0, nil, fieldError("body", "is not a JSON object", "不是 JSON 对象")
	}
	raw, ok := obj["version"]
	delete(obj, "version")
	var version int64
	if !ok {
		return 0, nil, fieldError("version", "is required: send the version you last read", "为必填项：请提交您最后读取的版本号")
	} else if err := json.Unmarshal(raw, &version); err != nil || version <= 0 {
		return 0, nil, fieldError("version", "must be a positive whole number", "必须是正整数")
	}
	return version, attract.Patch(obj), nil
}

// versionBody is the body of archive and restore requests.
type versionBody struct {
	Version int64 `json:"version"`
}

func decodeVersion(r *http.Request) (int64, error) {
	var v versionBody
	if err := decodeCreate(r, &v); err != nil {
		return 0, err
	}
	if v.Version <= 0 {
		return 0, fieldError("version", "is required: send the version you last read", "为必填项：请提交您最后读取的版本号")
	}
	return v.Version, nil
}

func fieldError(field, en, zh string) error {
	return attract.Problems{{Field: field, Message: en, MessageZH: zh}}.Err()
}

// pathID reads the {id} of the path.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fieldError("id", "must be a positive whole number", "必须是正整数")
	}
	return id, nil
}

// query reads query parameters, collecting every problem by name.
type query struct {
	v     map[string][]string
	probs attract.Problems
}

func newQuery(r *http.Request) *query { return &query{v: r.URL.Query()} }

func (q *query) str(name string) string {
	if vs := q.v[name]; len(vs) > 0 {
		return strings.TrimSpace(vs[0])
	}
	return ""
}

// list returns a comma-separated or repeated parameter.
func (q *query) list(name string) []string {
	var out []string
	for _, v := range q.v[name] {
		for s := range strings.SplitSeq(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

func (q *query) id(name string) *int64 {
	s := q.str(name)
	if s == "" {
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		q.probs.Add(name, "must be a positive whole number", "必须是正整数")
		return nil
	}
	return &n
}

func (q *query) int(name string) int {
	s := q.str(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		q.probs.Add(name, "must be a whole number", "必须是整数")
	}
	return n
}

func (q *query) bool(name string) *bool {
	switch q.str(name) {
	case "":
		return nil
	case "true", "1", "yes":
		v := true
		return &v
	case "false", "0", "no":
		v := false
		return &v
	}
	q.probs.Add(name, "must be true or false", "必须是 true 或 false")
	return nil
}

func (q *query) date(name string) *attract.Date {
	s := q.str(name)
	if s == "" {
		return nil
	}
	d, err := attract.ParseDate(s)
	if err != nil {
		q.probs.Add(name, "must be a date of the form YYYY-MM-DD", "必须是 YYYY-MM-DD 格式的日期")
		return nil
	}
	return &d
}

func (q *query) err() error { return q.probs.Err() }

// embeds reads ?embed=a,b.
func embeds(r *http.Request) []string { return newQuery(r).list("embed") }

// Throttle slows down password guessing: after five failures for a username
// (or fifty from one address, since an office shares its address) within
// fifteen minutes, further attempts are refused until the window passes.
type Throttle struct {
	mu       sync.Mutex
	failures map[string][]time.Time
}

const (
	throttleWindow  = 15 * time.Minute
	throttleMaxUser = 5
	throttleMaxAddr = 50
)

// NewThrottle returns an empty throttle.
func NewThrottle() *Throttle { return &Throttle{failures: map[string][]time.Time{}} }

// Blocked reports whether any of keys has too many recent failures, and
// how long until the oldest of them expires.
func (t *Throttle) Blocked(now time.Time, keys ...string) (bool, time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		fs, max := t.recent(now, k), throttleMaxUser
		if strings.HasPrefix(k, "ip:") {
			max = throttleMaxAddr
		}
		if len(fs) >= max {
			return true, fs[0].Add(throttleWindow).Sub(now)
		}
	}
	return false, 0
}

// Fail records a failed attempt under each key.
func (t *Throttle) Fail(now time.Time, keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		t.failures[k] = append(t.recent(now, k), now)
	}
	if len(t.failures) > 100_000 {
		// Bound memory under a spray of usernames: forget what has expired,
		// and only if that is not enough, everything.
		for k := range t.failures {
			if len(t.recent(now, k)) == 0 {
				delete(t.failures, k)
			}
		}
		if len(t.failures) > 100_000 {
			clear(t.failures)
		}
	}
}

// Reset forgets the failures of keys, after a success.
func (t *Throttle) Reset(keys ...string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range keys {
		delete(t.failures, k)
	}
}

func (t *Throttle) recent(now time.Time, k string) []time.Time {
	fs := t.failures[k]
	i := 0
	for i < len(fs) && now.Sub(fs[i]) > throttleWindow {
		i++
	}
	return fs[i:]
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
