package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"attract/sqlstore"
)

// run runs the attract command in-process with the given environment and
// standard input, returning its Main (still open for serve) and output.
func run(t *testing.T, env map[string]string, stdin string, args ...string) (*Main, string, string, error) {
	t.Helper()
	m := NewMain()
	var stdout, stderr bytes.Buffer
	m.Stdin, m.Stdout, m.Stderr = strings.NewReader(stdin), &stdout, &stderr
	m.Getenv = func(k string) string { return env[k] }
	err := m.Run(context.Background(), args)
	if args[0] != "serve" || err != nil {
		m.Close()
	} else {
		t.Cleanup(func() { m.Close() })
	}
	return m, stdout.String(), stderr.String(), err
}

func mustRun(t *testing.T, env map[string]string, stdin string, args ...string) (*Main, string) {
	t.Helper()
	m, out, errOut, err := run(t, env, stdin, args...)
	if err != nil {
		t.Fatalf("attract %s: %v\n%s", strings.Join(args, " "), describe(err), errOut)
	}
	return m, out
}

// dbs returns a fresh database for each dialect under test.
func dbs(t *testing.T) map[string]string {
	out := map[string]string{}
	for _, d := range sqlstore.TestDialects(t) {
		if d == "sqlite" {
			out[d] = filepath.Join(t.TempDir(), "attract.db")
			continue
		}
		db := sqlstore.MustOpenTestDB(t, d)
		out[d] = db.DSN()
	}
	return out
}

// client talks to a running server with a bearer token.
type client struct {
	t     *testing.T
	base  string
	token string
}

func (c client) call(method, path string, body any) (int, map[string]any) {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	var v map[string]any
	json.NewDecoder(res.Body).Decode(&v)
	return res.StatusCode, v
}

func (c client) must(want int, method, path string, body any) map[string]any {
	c.t.Helper()
	status, v := c.call(method, path, body)
	if status != want {
		c.t.Fatalf("%s %s: %d, want %d: %v", method, path, status, want, v)
	}
	return v
}

func items(v map[string]any) []any { return v["items"].([]any) }

// TestNewUserWalkthrough does what the README promises a new user: start
// with demo data, take a token from the command line, and with it list the
// demo projects, search them, create a company and a project, move it
// through the stages, and read each change back from the audit log.
func TestNewUserWalkthrough(t *testing.T) {
	for dialect, dsn := range dbs(t) {
		t.Run(dialect, func(t *testing.T) {
			env := map[string]string{"ATTRACT_ADMIN_PASSWORD": "a strong admin password"}
			_, out := mustRun(t, env, "", "demo", "--db", dsn, "--projects", "40", "--seed", "7")
			if !strings.Contains(out, "Demo agency (Zhaoqing) created") || !strings.Contains(out, "已创建演示机构（肇庆）") {
				t.Errorf("demo said:\n%s", out)
			}
			m, _ := mustRun(t, env, "", "serve", "--addr", "127.0.0.1:0", "--db", dsn)
			_, token := mustRun(t, env, "", "token", "create", "--db", dsn, "--user", "admin")
			token = strings.TrimSpace(token)
			if !regexp.MustCompile(`^atk_[a-z2-7]+$`).MatchString(token) {
				t.Fatalf("token create printed %q, want only the token", token)
			}
			c := client{t, m.Server.URL(), token}

			if n := len(items(c.must(200, "GET", "/api/v1/projects?limit=500", nil))); n != 40 {
				t.Errorf("demo projects: %d, want 40", n)
			}
			for _, q := range []string{"Paige", "肇庆", "西银"} {
				if n := len(items(c.must(200, "GET", "/api/v1/projects?q="+q, nil))); n == 0 {
					t.Errorf("q=%s found nothing", q)
				}
			}

			bad := c.must(400, "POST", "/api/v1/companies", map[string]any{"name_zh": "肇庆西江新材料有限公司", "uscc": "91441200MA4UXXXX"})
			if f := bad["errors"].([]any)[0].(map[string]any)["field"]; f != "uscc" {
				t.Errorf("bad USCC refused on %v", f)
			}
			co := c.must(201, "POST", "/api/v1/companies", map[string]any{"name_zh": "肇庆西江新材料有限公司", "name_en": "Xijiang New Materials",
				"country": "Hong Kong, China", "foreign_reg_no": "HK-2024-000123", "registration_date": "2024-03-01"})
			p := c.must(201, "POST", "/api/v1/projects", map[string]any{"name_zh": "西江新材料项目", "investment_mode": "wfoe", "source_economy": "HK"})
			pid := fmt.Sprint(p["id"])
			ver := p["version"]
			status, refusal := c.call("POST", "/api/v1/projects/"+pid+"/stage", map[string]any{"to": "registered", "version": ver})
			var missing []string
			for _, e := range refusal["errors"].([]any) {
				missing = append(missing, e.(map[string]any)["field"].(string))
			}
			if status != 400 || !slices.Equal(missing, []string{"contract_actual", "total_investment", "contracted_fdi", "enterprise_id"}) {
				t.Errorf("refusal %d %v", status, missing)
			}
			p = c.must(200, "POST", "/api/v1/projects/"+pid+"/stage", map[string]any{"to": "contacted", "version": ver})
			p = c.must(200, "POST", "/api/v1/projects/"+pid+"/stage", map[string]any{"to": "registered", "version": p["version"],
				"set": map[string]any{"contract_actual": "2024-02-01", "total_investment": "2.5亿元", "contracted_fdi": "USD 20m", "enterprise_id": co["id"]}})
			if p["stage"] != "registered" {
				t.Fatalf("stage %v", p["stage"])
			}
			audit := items(c.must(200, "GET", "/api/v1/audit?entity=project&entity_id="+pid, nil))
			var actions []string
			for _, a := range audit {
				actions = append(actions, a.(map[string]any)["action"].(string))
			}
			if !slices.Equal(actions, []string{"stage", "stage", "create"}) {
				t.Errorf("audit of the project: %v", actions)
			}
		})
	}
}

func TestFirstStartPrintsAdminPassword(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "attract.db")
	m, out := mustRun(t, nil, "", "serve", "--addr", "127.0.0.1:0", "--db", dsn)
	password := regexp.MustCompile(`\n    (\S+)\n`).FindStringSubmatch(out)
	if password == nil {
		t.Fatalf("no password printed:\n%s", out)
	}
	body := fmt.Sprintf(`{"username":"admin","password":%q}`, password[1])
	res, err := http.Post(m.Server.URL()+"/api/v1/session", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("sign in with the printed password: %d", res.StatusCode)
	}
	m.Close()
	// A second start neither creates another admin nor prints a password.
	_, out = mustRun(t, nil, "", "serve", "--addr", "127.0.0.1:0", "--db", dsn)
	if strings.Contains(out, "password") {
		t.Errorf("second start printed: %s", out)
	}
}

func TestUserAndTokenCommands(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "attract.db")
	env := map[string]string{"ATTRACT_DB": dsn, "ATTRACT_ADMIN_PASSWORD": "a strong admin password"}
	mustRun(t, env, "", "migrate")
	_, out := mustRun(t, env, "a good long password\n", "user", "add", "--role", "officer", "--name", "陈洁", "--team", "港澳招商组", "--password-stdin", "chen.jie")
	if want := "Created user chen.jie (officer). 已创建用户 chen.jie（officer）。\n"; out != want {
		t.Errorf("user add said %q, want %q", out, want)
	}
	_, out = mustRun(t, env, "", "user", "list")
	if !strings.Contains(out, "chen.jie") || !strings.Contains(out, "陈洁") {
		t.Errorf("user list:\n%s", out)
	}
	_, out = mustRun(t, env, "", "user", "passwd", "chen.jie")
	if !strings.Contains(out, "Password, shown only once:") {
		t.Errorf("passwd without stdin should print a generated password:\n%s", out)
	}
	m, _ := mustRun(t, env, "", "serve", "--addr", "127.0.0.1:0")
	_, token := mustRun(t, env, "", "token", "create", "--user", "chen.jie")
	c := client{t, m.Server.URL(), strings.TrimSpace(token)}
	c.must(200, "GET", "/api/v1/me", nil)
	mustRun(t, env, "", "user", "disable", "chen.jie")
	c.must(401, "GET", "/api/v1/me", nil)

	// Bad input names what is wrong and creates nothing.
	_, _, _, err := run(t, env, "short\n", "user", "add", "--role", "king", "--password-stdin", "Bad Name")
	msg := describe(err)
	for _, want := range []string{"username", "role", "password"} {
		if !strings.Contains(msg, want+":") {
			t.Errorf("user add error lacks %s:\n%s", want, msg)
		}
		// The Chinese comes after the English, field by field.
		if zh := strings.Index(msg, "\n  "+want+"："); zh < strings.Index(msg, "输入有误。") || zh < strings.Index(msg, want+":") {
			t.Errorf("user add error lacks %s in Chinese after the English:\n%s", want, msg)
		}
	}
	_, _, _, err = run(t, env, "", "user")
	if msg := describe(err); msg != "user needs a subcommand: add, list, passwd or disable.\nuser 命令需要子命令：add、list、passwd 或 disable。" {
		t.Errorf("user without a subcommand: %q", msg)
	}
	_, _, _, err = run(t, env, "", "token", "create", "--user", "nobody")
	if err == nil || !strings.Contains(err.Error(), "nobody") {
		t.Errorf("token for an unknown user: %v", err)
	}
	_, _, _, err = run(t, env, "", "frobnicate")
	if msg := describe(err); err == nil || msg != `Unknown command "frobnicate". 未知命令“frobnicate”。` {
		t.Errorf("unknown command: %q", msg)
	}
	_, out = mustRun(t, env, "", "version")
	if !strings.HasPrefix(out, "attract ") {
		t.Errorf("version: %q", out)
	}
}

// TestServeTrustedProxies checks --trusted-proxies and its environment
// variable: a wrong entry stops the start with the entry named, before the
// database is opened; a right one is the server's.
func TestServeTrustedProxies(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "attract.db")
	env := map[string]string{"ATTRACT_DB": dsn, "ATTRACT_ADMIN_PASSWORD": "a strong admin password"}
	_, _, _, err := run(t, env, "", "serve", "--addr", "127.0.0.1:0", "--trusted-proxies", "127.0.0.1,10.0.0.0/33")
	if msg := describe(err); err == nil || !strings.Contains(msg, `trusted-proxies: "10.0.0.0/33" is not an IP address or a CIDR range`) {
		t.Errorf("a wrong proxy: %v", msg)
	}
	if _, statErr := os.Stat(dsn); !os.IsNotExist(statErr) {
		t.Errorf("the database was created before the flags were checked: %v", statErr)
	}
	env["ATTRACT_TRUSTED_PROXIES"] = "127.0.0.1, 10.20.0.0/16"
	m, _ := mustRun(t, env, "", "serve", "--addr", "127.0.0.1:0")
	if got := fmt.Sprint(m.Server.Proxies); got != "[127.0.0.1/32 10.20.0.0/16]" {
		t.Errorf("trusted proxies from the environment: %s", got)
	}
}
