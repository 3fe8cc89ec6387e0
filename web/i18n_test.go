package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCatalogComplete fails on any message key a template or a Go file of
// the package uses literally that the catalog lacks, and on any message
// missing one of its languages.
func TestCatalogComplete(t *testing.T) {
	uses := regexp.MustCompile(`\bT "([a-z0-9_.]+)"|\.T\("([a-z0-9_.]+)"`)
	check := func(name string, body []byte) {
		for _, m := range uses.FindAllSubmatch(body, -1) {
			key := string(m[1]) + string(m[2])
			if strings.HasSuffix(key, ".") {
				continue // a prefix completed at run time, like "activity." + kind
			}
			if _, ok := catalog[key]; !ok {
				t.Errorf("%s uses %q, which the catalog lacks", name, key)
			}
		}
	}
	fs.WalkDir(files, "templates", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := files.ReadFile(p)
			check(p, b)
		}
		return err
	})
	gofiles, _ := filepath.Glob("*.go")
	for _, f := range gofiles {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		check(f, b)
	}
	for k, m := range catalog {
		if strings.TrimSpace(m.en) == "" || strings.TrimSpace(m.zh) == "" {
			t.Errorf("message %q lacks a language", k)
		}
	}
}

func TestNegotiate(t *testing.T) {
	for _, tc := range []struct{ header, want string }{
		{"", "zh"}, {"en-US,en;q=0.9", "en"}, {"zh-CN,zh;q=0.9,en;q=0.8", "zh"},
		{"en;q=0.5,zh-TW;q=0.8", "zh"}, {"fr-FR,en;q=0.3", "en"}, {"de", "zh"},
	} {
		if got := negotiate(tc.header); got != tc.want {
			t.Errorf("negotiate(%q) = %q, want %q", tc.header, got, tc.want)
		}
	}
}

func TestSafeNext(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/projects?q=西银", "/projects?q=西银"}, {"/", "/"}, {"", "/"},
		{"//evil.example", "/"}, {"/\\evil.example", "/"}, {"/\t/evil.example", "/"},
		{"/\n/evil.example", "/"}, {"https://evil.example/", "/"}, {"javascript:alert(1)", "/"},
		{"/ok\\path", "/"},
	} {
		if got := safeNext(tc.in); got != tc.want {
			t.Errorf("safeNext(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestWriteStatic checks the values written into the templates at
// start-up: messages only without arguments, HTML-escaped, in the language
// of the template set, and asset URLs; an unknown key or asset, or an
// action where HTML-escaping would not be enough, stops the start.
func TestWriteStatic(t *testing.T) {
	catalog["test.static"] = message{en: `Tom & "Jerry" <b>`, zh: "汤姆与杰瑞"}
	defer delete(catalog, "test.static")
	h := &Handler{assets: map[string]asset{"app.css": {hashed: "app.0123456789.css"}}}
	in := `<p title="{{.T "test.static"}}">{{$.T "test.static"}}</p>{{.P.T "test.static"}}{{.T "test.static" .N}}{{.T .Key}}<link href="{{asset "app.css"}}">`
	for lang, want := range map[string]string{
		"en": `<p title="Tom &amp; &#34;Jerry&#34; &lt;b&gt;">Tom &amp; &#34;Jerry&#34; &lt;b&gt;</p>Tom &amp; &#34;Jerry&#34; &lt;b&gt;{{.T "test.static" .N}}{{.T .Key}}<link href="/static/app.0123456789.css">`,
		"zh": `<p title="汤姆与杰瑞">汤姆与杰瑞</p>汤姆与杰瑞{{.T "test.static" .N}}{{.T .Key}}<link href="/static/app.0123456789.css">`,
	} {
		got, err := h.writeStatic(in, Localizer{lang})
		if err != nil || got != want {
			t.Errorf("%s: %q, %v\nwant %q", lang, got, err, want)
		}
	}
	for _, bad := range []string{
		`{{.T "test.nosuchkey"}}`,
		`{{asset "nosuch.css"}}`,
		`<script>var m = "{{.T "test.static"}}";</script>`,
		`<style>p::after { content: "{{.T "test.static"}}" }</style>`,
		`<a href="/x?q={{.T "test.static"}}">`,
		`<button onclick="alert('{{.T "test.static"}}')">`,
		`<p title={{.T "test.static"}}>`,
		`<p>{{asset "app.css"}}</p>`,
		`<img alt="{{asset "app.css"}}">`,
	} {
		if _, err := h.writeStatic(bad, Localizer{"en"}); err == nil {
			t.Errorf("%s: written, want an error", bad)
		}
	}
	catalog["test.code"] = message{en: "{{.User}}", zh: "{{.User}}"}
	defer delete(catalog, "test.code")
	if _, err := h.writeStatic(`<p>{{.T "test.code"}}</p>`, Localizer{"en"}); err == nil {
		t.Error("a message holding template code: written, want an error")
	}
	// After a script element closes, text is text again.
	if got, err := h.writeStatic(`<script src="{{asset "app.css"}}"></script><p>{{.T "test.static"}}</p>`, Localizer{"zh"}); err != nil || got != `<script src="/static/app.0123456789.css"></script><p>汤姆与杰瑞</p>` {
		t.Errorf("after a script: %q, %v", got, err)
	}
}
