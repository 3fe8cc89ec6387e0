// Package web serves the pages an investment officer works in: server-rendered
// html/template pages in Chinese and English, with small vanilla JavaScript
// that enhances them. Every page route is registered in routes() with the
// permission it needs.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"attract"
	"attract/sqlstore"
)

//go:embed templates static
var files embed.FS

// SessionCookie is the name of the session cookie, shared with the API.
const SessionCookie = "attract_session"

// SessionTTL is how long a session lasts.
const SessionTTL = 12 * time.Hour

// Throttle limits sign-in attempts; the API and the pages share one.
type Throttle interface {
	Blocked(now time.Time, keys ...string) (bool, time.Duration)
	Fail(now time.Time, keys ...string)
	Reset(keys ...string)
}

// Handler serves the pages.
type Handler struct {
	DB       *sqlstore.DB
	Logger   *slog.Logger
	Throttle Throttle
	// SecureCookies marks the session cookie Secure on plain HTTP (behind a
	// TLS proxy); over TLS it is always Secure.
	SecureCookies bool

	mux      *http.ServeMux
	pages    map[string]map[string]*template.Template // by language, then file name
	partials map[string]*template.Template            // by language: the layout and partials alone, for a piece of a page
	assets   map[string]asset                         // by logical name, e.g. "app.css"
	byHash   map[string]asset                         // by hashed name, e.g. "app.3f2a9c1e.css"
	routes   []pageRoute
	people   peopleCache
}

type asset struct {
	name, hashed, contentType string
	body                      []byte
}

// pageRoute is one page or form action and the permission it needs ("" for
// pages anyone may see, such as sign-in).
type pageRoute struct {
	pattern string
	perm    attract.Permission
}

// New parses the templates and hashes the assets once, and registers the
// routes.
func New(db *sqlstore.DB, logger *slog.Logger, throttle Throttle) (*Handler, error) {
	h := &Handler{DB: db, Logger: logger, Throttle: throttle, mux: http.NewServeMux()}
	if err := h.loadAssets(); err != nil {
		return nil, err
	}
	if err := h.parseTemplates(); err != nil {
		return nil, err
	}
	h.registerRoutes()
	return h, nil
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "same-origin")
	h.mux.ServeHTTP(w, r)
}

// Routes returns the page route table: pattern and permission.
func (h *Handler) Routes() []pageRoute { return h.routes }

func (h *Handler) loadAssets() error {
	h.assets, h.byHash = map[string]asset{}, map[string]asset{}
	return fs.WalkDir(files, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		name := strings.TrimPrefix(p, "static/")
		ext := path.Ext(name)
		a := asset{name: name, hashed: strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext, body: body}
		switch ext {
		case ".css":
			a.contentType = "text/css; charset=utf-8"
		case ".js":
			a.contentType = "text/javascript; charset=utf-8"
		case ".svg":
			a.contentType = "image/svg+xml"
		default:
			a.contentType = http.DetectContentType(body)
		}
		h.assets[name], h.byHash[a.hashed] = a, a
		return nil
	})
}

// serveAsset serves a static file at its content-hashed URL, cached for a
// year: a change gives it a new URL.
func (h *Handler) serveAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := h.byHash[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", a.contentType)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(a.body)
}

func (h *Handler) parseTemplates() error {
	funcs := template.FuncMap{
		"query":  queryWith,
		"when":   func(t any) string { return formatTime(t, minuteLayout) },
		"day":    func(t any) string { return formatTime(t, attract.DateLayout) },
		"row":    func(p *page, x any) rowData { return rowData{p, x} },
		"add":    func(a, b int) int { return a + b },
		"divide": func(a, b int) int { return a / max(b, 1) },
	}
	names, err := fs.Glob(files, "templates/pages/*.html")
	if err != nil {
		return err
	}
	partials, err := fs.Glob(files, "templates/partials/*.html")
	if err != nil {
		return err
	}
	h.pages = map[string]map[string]*template.Template{}
	h.partials = map[string]*template.Template{}
	for _, lang := range []string{"zh", "en"} {
		parse := func(t *template.Template, name string) error {
			body, err := files.ReadFile(name)
			if err != nil {
				return err
			}
			text, err := h.writeStatic(string(body), Localizer{lang})
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			if base := path.Base(name); base != t.Name() {
				t = t.New(base)
			}
			_, err = t.Parse(text)
			return err
		}
		layout := template.New("layout.html").Funcs(funcs)
		for _, name := range append([]string{"templates/layout.html"}, partials...) {
			if err := parse(layout, name); err != nil {
				return err
			}
		}
		h.pages[lang] = map[string]*template.Template{}
		for _, name := range names {
			t := template.Must(layout.Clone())
			if err := parse(t, name); err != nil {
				return err
			}
			h.pages[lang][path.Base(name)] = t
		}
		h.partials[lang] = layout // executed only after every page is cloned from it
	}
	return nil
}

// staticAction is a template action whose value is known when the
// templates are parsed: a message without arguments — {{.T "nav.desk"}},
// {{$.T "nav.desk"}} or {{.P.T "nav.desk"}} — or the URL of an asset,
// {{asset "app.css"}}.
var staticAction = regexp.MustCompile(`\{\{(?:(?:\$|\.P)?\.T "([a-z0-9_.]+)"|asset "([a-z0-9_.-]+)")\}\}`)

// writeStatic writes the values of a template's static actions into its
// text, HTML-escaped, as if the template had been written in lang: each
// page is parsed once per language. An action costs a method or function
// call and one to three escaper calls, all through reflection, on every
// request, and a page has dozens of static ones. The values are Attract's
// own messages and asset paths; HTML-escaping is all html/template would
// do to them where they may stand — a message in text or in a quoted
// attribute that is not a URL, a style or a script, an asset URL in a
// quoted href or src — and anywhere else the start stops, as it does for
// a message the catalog lacks or an unknown asset.
func (h *Handler) writeStatic(text string, l Localizer) (string, error) {
	var b strings.Builder
	var problems []string
	last, lower := 0, strings.ToLower(text)
	for _, m := range staticAction.FindAllStringSubmatchIndex(text, -1) {
		b.WriteString(text[last:m[0]])
		last = m[1]
		action, asset := text[m[0]:m[1]], m[4] >= 0
		if !staticContext(lower[:m[0]], asset) {
			problems = append(problems, action+" where it would need more than HTML-escaping")
		}
		var value string
		if asset {
			a, ok := h.assets[text[m[4]:m[5]]]
			if !ok {
				problems = append(problems, "unknown asset in "+action)
			}
			value = "/static/" + a.hashed
		} else {
			key := text[m[2]:m[3]]
			if _, ok := catalog[key]; !ok {
				problems = append(problems, "unknown message in "+action)
			}
			if value = l.T(key); strings.Contains(value, "{{") {
				problems = append(problems, "template code in the message of "+action)
			}
		}
		b.WriteString(template.HTMLEscapeString(value))
	}
	b.WriteString(text[last:])
	if problems != nil {
		return "", errors.New(strings.Join(problems, "; "))
	}
	return b.String(), nil
}

// quotedAttr is the start of a double-quoted attribute value, open at the
// end of the text.
var quotedAttr = regexp.MustCompile(`([a-z-]+)="[^"]*$`)

// staticContext reports whether a static action after before (the
// template's text before it, in lower case) stands where writeStatic may
// write its value: for a message, in text (not inside a script or style
// element) or in a quoted attribute that holds no URL, style or script;
// for an asset, in a quoted href or src.
func staticContext(before string, asset bool) bool {
	inside := func(element string) bool { // after its start tag, before its end
		open := strings.LastIndex(before, "<"+element)
		return open > strings.LastIndex(before, "</"+element) && strings.Contains(before[open:], ">")
	}
	if inside("script") || inside("style") {
		return false
	}
	lt, gt := strings.LastIndex(before, "<"), strings.LastIndex(before, ">")
	if lt <= gt {
		return !asset // in text
	}
	m := quotedAttr.FindStringSubmatch(before[lt:])
	if m == nil {
		return false // in a tag, not in a quoted value
	}
	switch name := m[1]; {
	case asset:
		return name == "href" || name == "src"
	case name == "href" || name == "src" || name == "action" || name == "formaction" || name == "style" || strings.HasPrefix(name, "on"):
		return false
	}
	return true
}

// minuteLayout is how pages show a moment: to the minute (in the agency's
// zone, through formatTime).
const minuteLayout = "2006-01-02 15:04"

// formatTime formats a time.Time or *time.Time in the agency's zone; nil
// gives "".
func formatTime(v any, layout string) string {
	switch t := v.(type) {
	case time.Time:
		return t.In(attract.AgencyZone).Format(layout)
	case *time.Time:
		if t != nil {
			return t.In(attract.AgencyZone).Format(layout)
		}
	}
	return ""
}

// queryWith returns the query string of u with key set to value (or
// removed when value is empty) — for links that change one filter.
func queryWith(u *url.URL, kv ...string) string {
	q := u.Query()
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			q.Del(kv[i])
		} else {
			q.Set(kv[i], kv[i+1])
		}
	}
	if s := q.Encode(); s != "" {
		return "?" + s
	}
	return ""
}

// page is what every template receives: the request's user, language and
// URL, and the page's own data.
type page struct {
	Localizer
	User  *attract.User
	URL   *url.URL
	Title string
	Flash string
	Q     string // the search box's text
	Data  any
	// Path is the request path, for marking the current navigation item.
	Path string
}

// Can reports whether the user holds a permission, for showing actions.
func (p *page) Can(perm string) bool {
	return p.User != nil && p.User.Role.Can(attract.Permission(perm))
}

// rowData passes the page and one item to a sub-template.
type rowData struct {
	P *page
	X any
}

// handlerFunc is the shape of a page handler.
type handlerFunc func(w http.ResponseWriter, r *http.Request, p *page) error

// handle registers a page route behind authentication and its permission.
// Pages without a permission are public (sign-in); all others send an
// anonymous visitor to sign in and come back.
func (h *Handler) handle(pattern string, perm attract.Permission, fn handlerFunc) {
	h.routes = append(h.routes, pageRoute{pattern, perm})
	h.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		u := h.sessionUser(r)
		ctx := r.Context()
		if u != nil {
			ctx = attract.NewContextWithUser(ctx, u)
			r = r.WithContext(ctx)
		}
		p := &page{Localizer: Localizer{Lang: h.language(r, u)}, User: u, URL: r.URL, Path: r.URL.Path}
		if perm != "" {
			if u == nil {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			if err := attract.Authorize(ctx, perm); err != nil {
				h.renderError(w, r, p, err)
				return
			}
		}
		if err := fn(w, r, p); err != nil {
			h.renderError(w, r, p, err)
		}
	})
}

// sessionUser returns the signed-in user, or nil.
func (h *Handler) sessionUser(r *http.Request) *attract.User {
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return nil
	}
	u, err := h.DB.UserBySession(r.Context(), c.Value)
	if err != nil {
		if attract.ErrorCode(err) != attract.EUNAUTHORIZED {
			h.Logger.Error("session lookup", "err", err)
		}
		return nil
	}
	return u
}

// language is the user's own choice, else the "lang" cookie of a visitor
// who switched before signing in, else the browser's Accept-Language.
func (h *Handler) language(r *http.Request, u *attract.User) string {
	if u != nil && (u.Language == "zh" || u.Language == "en") {
		return u.Language
	}
	if c, err := r.Cookie("lang"); err == nil && (c.Value == "zh" || c.Value == "en") {
		return c.Value
	}
	return negotiate(r.Header.Get("Accept-Language"))
}

// render executes a page template into a buffer first, so that a template
// error becomes an error page rather than half a page.
func (h *Handler) render(w http.ResponseWriter, status int, name string, p *page) error {
	t, ok := h.pages[p.Lang][name]
	if !ok {
		return fmt.Errorf("no page template %q", name)
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 { // an export-sized page is not kept
			renderBuffers.Put(buf)
		}
	}()
	buf.Reset()
	if err := t.ExecuteTemplate(buf, "layout.html", p); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}

// renderBuffers keeps the buffers pages are rendered into, which grow to a
// page's size, for the next page.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// errorData is shown by the error page.
type errorData struct {
	Status  int
	Message string
	ID      string
}

var errorStatus = map[string]int{
	attract.EINVALID: 400, attract.ENOTFOUND: 404, attract.ECONFLICT: 409,
	attract.EUNAUTHORIZED: 401, attract.EFORBIDDEN: 403, attract.ETOOMANY: 429,
}

// renderError shows an error page; internal errors are logged with the
// request id, which is all the user sees of them.
func (h *Handler) renderError(w http.ResponseWriter, r *http.Request, p *page, err error) {
	var e *attract.Error
	status, ok := errorStatus[attract.ErrorCode(err)]
	if !ok || !errors.As(err, &e) {
		id := w.Header().Get("X-Request-ID")
		h.Logger.Error("page error", "request_id", id, "method", r.Method, "path", r.URL.Path, "err", err)
		e = attract.Errorf(attract.EINTERNAL, "Internal error. Quote request ID %s to your administrator.", "内部错误。请向管理员提供请求编号 %s。", id)
		status = http.StatusInternalServerError
	}
	p.Title = p.T("error.title")
	p.Data = errorData{Status: status, Message: e.Localized(p.Lang)}
	if rerr := h.render(w, status, "error.html", p); rerr != nil {
		h.Logger.Error("render error page", "err", rerr)
		http.Error(w, e.Localized(p.Lang), status)
	}
}

// redirect answers a successful form post (303 See Other).
func redirect(w http.ResponseWriter, r *http.Request, to string) error {
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// safeNext keeps a post-sign-in destination on this site.
func safeNext(next string) string {
	// Browsers drop tabs and newlines and read a backslash as "/", so
	// "/\t/evil" would leave the site: refuse any such character outright.
	if strings.ContainsFunc(next, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/"
	}
	return next
}

// firstPageIfStale runs find, a paged query from the cursor *cursor, and
// when the store refuses the cursor — a damaged or outdated page link —
// runs it again from the first page (*cursor cleared) and says so on the
// page.
func firstPageIfStale[T any](p *page, cursor *string, find func() ([]T, string, error)) ([]T, string, error) {
	found, next, err := find()
	if attract.ErrorCode(err) == attract.EINVALID && *cursor != "" {
		p.Flash = p.T("common.badcursor")
		*cursor = ""
		found, next, err = find()
	}
	return found, next, err
}
