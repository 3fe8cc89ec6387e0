package web

import (
	"context"
	"net"
	"net/http"
	"strings"
	"time"

	"attract"
)

var _ = register(map[string]message{
	"signin.title":    {"Sign in", "登录"},
	"signin.username": {"Username", "用户名"},
	"signin.password": {"Password", "密码"},
	"signin.submit":   {"Sign in", "登录"},
	"signin.intro":    {"Sign in to the investment promotion desk.", "登录招商引资工作台。"},
	"account.title":   {"My account", "我的账户"},
	"account.lang":    {"Language", "界面语言"},
	"account.pw":      {"Change password", "修改密码"},
	"account.current": {"Current password", "当前密码"},
	"account.new":     {"New password", "新密码"},
	"account.new2":    {"New password again", "再次输入新密码"},
	"account.pwhint":  {"At least 10 characters.", "至少 10 个字符。"},
	"account.changed": {"Your password is changed. Other sessions were signed out.", "密码已修改，其他会话已退出。"},
	"account.nomatch": {"The two new passwords differ.", "两次输入的新密码不一致。"},
	"account.wrong":   {"The current password is wrong.", "当前密码不正确。"},
	"account.role":    {"Role", "角色"},
	"role.admin":      {"Administrator", "系统管理员"},
	"role.director":   {"Director", "主管领导"},
	"role.officer":    {"Investment officer", "招商专员"},
	"role.integrity":  {"Integrity officer", "纪检监察"},
	"role.viewer":     {"Viewer", "只读用户"},
})

// signInData is the sign-in form.
type signInData struct {
	Username string
	Next     string
	Errors   formErrors
}

func (h *Handler) signInPage(w http.ResponseWriter, r *http.Request, p *page) error {
	if p.User != nil {
		return redirect(w, r, safeNext(r.URL.Query().Get("next")))
	}
	p.Title = p.T("signin.title")
	p.Data = signInData{Next: safeNext(r.URL.Query().Get("next"))}
	return h.render(w, http.StatusOK, "signin.html", p)
}

// signIn checks the password, throttling guesses per username and address;
// an unknown user and a wrong password get the same answer.
func (h *Handler) signIn(w http.ResponseWriter, r *http.Request, p *page) error {
	username := strings.ToLower(strings.TrimSpace(r.PostFormValue("username")))
	data := signInData{Username: username, Next: safeNext(r.PostFormValue("next"))}
	keys := []string{"user:" + username, "ip:" + ClientAddr(r)}
	now := time.Now()
	fail := func(err error) error {
		fe, err := formErrorsOf(err, p.Lang)
		if err != nil {
			return err
		}
		data.Errors = fe
		p.Title, p.Data = p.T("signin.title"), data
		return h.render(w, http.StatusUnauthorized, "signin.html", p)
	}
	if blocked, wait := h.Throttle.Blocked(now, keys...); blocked {
		return fail(attract.Errorf(attract.ETOOMANY, "Too many failed sign-ins. Try again in %d minutes.", "登录失败次数过多，请 %d 分钟后再试。", int(wait.Minutes())+1))
	}
	u, err := h.DB.Authenticate(r.Context(), username, r.PostFormValue("password"))
	if attract.ErrorCode(err) == attract.EUNAUTHORIZED {
		h.Throttle.Fail(now, keys...)
		return fail(err)
	} else if err != nil {
		return err
	}
	h.Throttle.Reset(keys[0])
	secret, err := h.DB.CreateSession(r.Context(), u.ID, SessionTTL)
	if err != nil {
		return err
	}
	h.setCookie(w, r, SessionCookie, secret, int(SessionTTL.Seconds()))
	return redirect(w, r, data.Next)
}

func (h *Handler) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: maxAge, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: r.TLS != nil || h.SecureCookies})
}

func (h *Handler) signOut(w http.ResponseWriter, r *http.Request, p *page) error {
	if c, err := r.Cookie(SessionCookie); err == nil {
		if err := h.DB.DeleteSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	h.setCookie(w, r, SessionCookie, "", -1)
	return redirect(w, r, "/login")
}

// switchLanguage remembers the choice on the user, or in a cookie before
// signing in.
func (h *Handler) switchLanguage(w http.ResponseWriter, r *http.Request, p *page) error {
	lang := r.PostFormValue("lang")
	if lang != "zh" && lang != "en" {
		lang = p.OtherLang()
	}
	if p.User != nil {
		if _, err := h.DB.UpdateUser(r.Context(), p.User.ID, p.User.Version, attract.Patch{"language": []byte(`"` + lang + `"`)}); err != nil {
			return err
		}
	}
	h.setCookie(w, r, "lang", lang, 365*24*3600)
	return redirect(w, r, safeNext(r.PostFormValue("next")))
}

// accountData is the account page.
type accountData struct {
	Errors formErrors
}

func (h *Handler) accountPage(w http.ResponseWriter, r *http.Request, p *page) error {
	p.Title = p.T("account.title")
	p.Data = accountData{}
	if r.URL.Query().Get("changed") == "1" {
		p.Flash = p.T("account.changed")
	}
	return h.render(w, http.StatusOK, "account.html", p)
}

func (h *Handler) changePassword(w http.ResponseWriter, r *http.Request, p *page) error {
	current, next, again := r.PostFormValue("current"), r.PostFormValue("new"), r.PostFormValue("new2")
	refuse := func(fe formErrors) error {
		p.Title, p.Data = p.T("account.title"), accountData{Errors: fe}
		return h.render(w, http.StatusBadRequest, "account.html", p)
	}
	// The current password is checked under the sign-in throttle, so that a
	// session left open is no oracle for guessing it.
	key, now := "user:"+p.User.Username, time.Now()
	if blocked, wait := h.Throttle.Blocked(now, key); blocked {
		fe, _ := formErrorsOf(attract.Errorf(attract.ETOOMANY, "Too many wrong passwords. Try again in %d minutes.", "密码错误次数过多，请 %d 分钟后再试。", int(wait.Minutes())+1), p.Lang)
		return refuse(fe)
	}
	if _, err := h.DB.Authenticate(r.Context(), p.User.Username, current); err != nil {
		h.Throttle.Fail(now, key)
		return refuse(formErrors{"": p.T("form.errors"), "current": p.T("account.wrong")})
	}
	if next != again {
		return refuse(formErrors{"": p.T("form.errors"), "new2": p.T("account.nomatch")})
	}
	if err := h.DB.SetPassword(r.Context(), p.User.ID, next); err != nil {
		fe, err := formErrorsOf(err, p.Lang)
		if err != nil {
			return err
		}
		if msg, ok := fe["password"]; ok {
			fe["new"] = msg
		}
		return refuse(fe)
	}
	// The password change ended every session, this one too: start a new one.
	secret, err := h.DB.CreateSession(r.Context(), p.User.ID, SessionTTL)
	if err != nil {
		return err
	}
	h.setCookie(w, r, SessionCookie, secret, int(SessionTTL.Seconds()))
	return redirect(w, r, "/account?changed=1")
}

type clientAddrKey struct{}

// WithClientAddr returns ctx carrying the address a request came from, as
// the server found it behind the proxies it trusts.
func WithClientAddr(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientAddrKey{}, addr)
}

// ClientAddr returns the address r came from: the one the server found
// (WithClientAddr), else the peer's. Sign-in attempts are throttled by it.
func ClientAddr(r *http.Request) string {
	if addr, ok := r.Context().Value(clientAddrKey{}).(string); ok {
		return addr
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
