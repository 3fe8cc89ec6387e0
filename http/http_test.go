package http_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"attract"
	attracthttp "attract/http"
	"attract/sqlstore"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// env is a running API over a fresh database, with a token per role.
type env struct {
	t       *testing.T
	srv     *attracthttp.Server
	ts      *httptest.Server
	db      *sqlstore.DB
	tokens  map[attract.Role]string
	users   map[attract.Role]*attract.User
	schemas *responseSchemas
	teamID  int64
}

func newEnv(t *testing.T, dialect string) *env {
	t.Helper()
	db := sqlstore.MustOpenTestDB(t, dialect)
	srv := attracthttp.NewServer(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	e := &env{t: t, srv: srv, ts: ts, db: db, tokens: map[attract.Role]string{}, users: map[attract.Role]*attract.User{}}
	e.schemas = compileSchemas(t, srv)
	ctx := attract.NewSystemContext(context.Background())
	team := &attract.Team{Name: "港澳招商组"}
	if err := db.CreateTeam(ctx, team); err != nil {
		t.Fatal(err)
	}
	e.teamID = team.ID
	for _, role := range attract.Roles {
		u := &attract.User{Username: string(role) + "1", Name: string(role), Role: role, Language: "en"}
		if role == attract.RoleOfficer {
			u.TeamID = &team.ID
		}
		if err := db.CreateUser(ctx, u, "correct horse battery"); err != nil {
			t.Fatal(err)
		}
		secret, err := db.CreateToken(ctx, &attract.Token{UserID: u.ID, Name: "test"})
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[role], e.users[role] = secret, u
	}
	return e
}

// response is a decoded API answer.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("response is not a JSON object: %s", r.body)
	}
	return v
}

// fields returns the field names of a problem response.
func (r response) fields(t *testing.T) []string {
	var names []string
	errs, _ := r.json(t)["errors"].([]any)
	for _, e := range errs {
		names = append(names, e.(map[string]any)["field"].(string))
	}
	return names
}

// do sends a request as role ("" for anonymous) and checks the response
// against the OpenAPI document.
func (e *env) do(role attract.Role, method, path string, body any) response {
	e.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, e.ts.URL+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if role != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[role])
	}
	res, err := e.ts.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := response{res.StatusCode, res.Header, b}
	e.schemas.check(e.t, method, path, r)
	return r
}

// must is do that fails the test unless the status is want.
func (e *env) must(want int, role attract.Role, method, path string, body any) map[string]any {
	e.t.Helper()
	r := e.do(role, method, path, body)
	if r.status != want {
		e.t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.status, want, r.body)
	}
	if want == http.StatusNoContent {
		return nil
	}
	return r.json(e.t)
}

// responseSchemas validates responses against the OpenAPI document and
// records which routes answered, so a test can demand that all did.
type responseSchemas struct {
	mu      sync.Mutex
	routes  []routeSchema
	checked map[string]bool
}

type routeSchema struct {
	method, pattern string
	re              *regexp.Regexp
	status          map[int]*jsonschema.Schema
	problem         *jsonschema.Schema
}

func compileSchemas(t *testing.T, srv *attracthttp.Server) *responseSchemas {
	t.Helper()
	raw, _ := json.Marshal(srv.OpenAPI())
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("openapi.json", doc); err != nil {
		t.Fatal(err)
	}
	problem := c.MustCompile("openapi.json#/components/schemas/Problem")
	rs := &responseSchemas{checked: map[string]bool{}}
	paths := doc.(map[string]any)["paths"].(map[string]any)
	esc := strings.NewReplacer("~", "~0", "/", "~1", "{", "%7B", "}", "%7D")
	for path, item := range paths {
		pattern := regexp.MustCompile(`\\\{\w+\\\}`).ReplaceAllString(regexp.QuoteMeta(path), `[^/]+`)
		for method, op := range item.(map[string]any) {
			r := routeSchema{method: strings.ToUpper(method), pattern: path, re: regexp.MustCompile("^" + pattern + "$"), status: map[int]*jsonschema.Schema{}, problem: problem}
			for code, resp := range op.(map[string]any)["responses"].(map[string]any) {
				content, ok := resp.(map[string]any)["content"].(map[string]any)
				if code == "default" || !ok {
					continue
				}
				var n int
				json.Unmarshal([]byte(code), &n)
				loc := "openapi.json#/paths/" + esc.Replace(path) + "/" + method + "/responses/" + code + "/content/application~1json/schema"
				_ = content
				r.status[n] = c.MustCompile(loc)
			}
			rs.routes = append(rs.routes, r)
		}
	}
	return rs
}

func (rs *responseSchemas) check(t *testing.T, method, path string, r response) {
	t.Helper()
	path, _, _ = strings.Cut(path, "?")
	var route *routeSchema
	for i := range rs.routes {
		// The most specific pattern wins: /rates/convert before /rates/{id}.
		if rs.routes[i].method == method && rs.routes[i].re.MatchString(path) && (route == nil || !strings.Contains(rs.routes[i].pattern, "{")) {
			route = &rs.routes[i]
		}
	}
	if route == nil {
		t.Errorf("%s %s is not in the OpenAPI document", method, path)
		return
	}
	rs.mu.Lock()
	rs.checked[method+" "+route.pattern] = true
	rs.mu.Unlock()
	ct := r.header.Get("Content-Type")
	if r.status == http.StatusNoContent {
		return
	}
	var schema *jsonschema.Schema
	switch {
	case r.status >= 400:
		if ct != "application/problem+json" {
			t.Errorf("%s %s: error with Content-Type %q", method, path, ct)
		}
		schema = route.problem
	default:
		schema = route.status[r.status]
		if schema == nil {
			t.Errorf("%s %s: status %d is not documented", method, path, r.status)
			return
		}
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(r.body))
	if err != nil {
		t.Errorf("%s %s: body is not JSON: %s", method, path, r.body)
		return
	}
	if err := schema.Validate(v); err != nil {
		t.Errorf("%s %s (%d): response does not match the OpenAPI document: %v\n%s", method, path, r.status, err, r.body)
	}
}

// forEachDB runs a test against every database the suite has.
func forEachDB(t *testing.T, test func(t *testing.T, e *env)) {
	for _, d := range sqlstore.TestDialects(t) {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			test(t, newEnv(t, d))
		})
	}
}
