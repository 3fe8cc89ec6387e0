package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"attract"
)

func TestAdminPagesRender(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		officer := strconv.FormatInt(e.users[attract.RoleOfficer].ID, 10)
		adminOnly := []string{"/admin", "/admin/users", "/admin/users/new", "/admin/users/" + officer, "/admin/teams", "/admin/tokens"}
		everyone := []string{"/admin/rates", "/reference", "/reference/countries", "/reference/currencies", "/reference/sectors",
			"/reference/divisions", "/reference/divisions/44"}
		words := map[string][]string{
			"en": {"Users", "Teams", "API tokens", "Exchange rates", "Reference data"},
			"zh": {"用户", "团队", "API 令牌", "汇率", "参考数据"},
		}
		for _, role := range attract.Roles {
			b := e.as(role)
			for _, lang := range []string{"en", "zh"} {
				dirLang(t, b, lang)
				for _, path := range adminOnly {
					if role == attract.RoleAdmin {
						b.get(path).must(t, http.StatusOK).contains(t, words[lang]...)
					} else {
						b.get(path).must(t, http.StatusForbidden)
					}
				}
				for _, path := range everyone {
					res := b.get(path).must(t, http.StatusOK)
					res.contains(t, words[lang][4]) // the menu names the reference data
					if role != attract.RoleAdmin {
						dirLacks(t, res, `href="/admin/users"`)
					}
				}
			}
			dirLang(t, b, "en")
			// Only those who may change rates see the form to.
			res := b.get("/admin/rates").must(t, http.StatusOK)
			if role.Can(attract.PermRateWrite) {
				res.contains(t, `action="/admin/rates" method="post"`)
			} else {
				dirLacks(t, res, `action="/admin/rates" method="post"`)
				b.post("/admin/rates", url.Values{"date": {"2024-01-02"}, "base": {"USD"}, "quote": {"CNY"}, "rate": {"7.1"}}).must(t, http.StatusForbidden)
			}
		}
		e.anonymous().get("/admin").must(t, http.StatusSeeOther)
		e.anonymous().get("/reference").must(t, http.StatusSeeOther)
		admin := e.as(attract.RoleAdmin)
		admin.get("/admin/users").must(t, http.StatusOK).contains(t, "officer1", "Investment officer", "港澳招商组")
		admin.get("/admin/users/999999").must(t, http.StatusNotFound)
	})
}

func TestAdminUsers(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		b := e.as(attract.RoleAdmin)
		team := strconv.FormatInt(e.teamID, 10)
		count := func() int {
			us, _, err := e.db.FindUsers(dirSys, attract.UserFilter{})
			if err != nil {
				t.Fatal(err)
			}
			return len(us)
		}
		before := count()
		form := url.Values{"username": {"Bad Name!"}, "name": {"王小明"}, "email": {"wang@example.com"}, "role": {"officer"},
			"team_id": {team}, "language": {"zh"}, "password": {"long enough password"}}
		res := b.post("/admin/users", form).must(t, http.StatusBadRequest)
		dirFieldError(t, res.body, "username", "Bad Name!", "must be 2 to 40 lower-case letters")
		res.contains(t, `value="王小明"`, `value="wang@example.com"`, `<option value="`+team+`" selected>`)
		dirLacks(t, res, "long enough password") // a password is never sent back

		form.Set("username", "wang.xm")
		form.Set("password", "short")
		res = b.post("/admin/users", form).must(t, http.StatusBadRequest)
		dirFieldError(t, res.body, "password", "", "must be at least 10 characters")
		dirFieldError(t, res.body, "password", "", "")
		res.contains(t, `value="wang.xm"`)

		form.Set("username", "officer1")
		form.Set("password", "long enough password")
		dirLang(t, b, "zh")
		res = b.post("/admin/users", form).must(t, http.StatusBadRequest)
		dirFieldError(t, res.body, "username", "officer1", "已被使用")
		dirLang(t, b, "en")
		if n := count(); n != before {
			t.Fatalf("refused forms wrote users: %d, want %d", n, before)
		}

		form.Set("username", "wang.xm")
		b.post("/admin/users", form).must(t, http.StatusSeeOther)
		b.get("/admin/users?done=created").must(t, http.StatusOK).contains(t, "The user is created.", "wang.xm", "王小明")
		u, err := e.db.FindUserByUsername(dirSys, "wang.xm")
		if err != nil {
			t.Fatal(err)
		}
		if u.Role != attract.RoleOfficer || u.TeamID == nil || *u.TeamID != e.teamID || u.Language != "zh" {
			t.Errorf("stored %+v", u)
		}
		id := strconv.FormatInt(u.ID, 10)

		// Change the role and disable; a stale version is a conflict that
		// keeps the input.
		b.get("/admin/users/"+id).must(t, http.StatusOK).contains(t, `name="version" value="1"`, "Reset password")
		edit := url.Values{"version": {"1"}, "name": {"王小明"}, "email": {"wang@example.com"}, "role": {"director"}, "team_id": {""}, "language": {"en"}, "disabled": {"true"}}
		b.post("/admin/users/"+id, edit).must(t, http.StatusSeeOther)
		u, _ = e.db.FindUserByID(dirSys, u.ID)
		if u.Role != attract.RoleDirector || u.TeamID != nil || !u.Disabled || u.Version != 2 {
			t.Errorf("after edit %+v", u)
		}
		edit.Set("name", "王晓明")
		res = b.post("/admin/users/"+id, edit).must(t, http.StatusConflict)
		res.contains(t, "Someone else saved first", `value="王晓明"`, `name="version" value="2"`)
		edit.Set("email", "not-an-email")
		edit.Set("version", "2")
		res = b.post("/admin/users/"+id, edit).must(t, http.StatusBadRequest)
		dirFieldError(t, res.body, "email", "not-an-email", "is not an e-mail address")

		// An admin cannot demote themselves.
		self, err := e.db.FindUserByID(dirSys, e.users[attract.RoleAdmin].ID)
		if err != nil {
			t.Fatal(err)
		}
		me, version := strconv.FormatInt(self.ID, 10), strconv.FormatInt(self.Version, 10)
		res = b.post("/admin/users/"+me, url.Values{"version": {version}, "name": {"Test admin"}, "role": {"viewer"}, "language": {"en"}}).must(t, http.StatusBadRequest)
		dirFieldError(t, res.body, "role", "", "you cannot demote or disable yourself")

		// Reset a password: too short is refused beside the field; then it
		// works, and the user signs in with it.
		officer := strconv.FormatInt(e.users[attract.RoleOfficer].ID, 10)
		res = b.post("/admin/users/"+officer+"/password", url.Values{"password": {"short"}}).must(t, http.StatusBadRequest)
		dirFieldError(t, res.body, "password", "", "must be at least 10 characters")
		b.post("/admin/users/"+officer+"/password", url.Values{"password": {"a brand new password"}}).must(t, http.StatusSeeOther)
		e.anonymous().post("/login", url.Values{"username": {"officer1"}, "password": {"a brand new password"}}).must(t, http.StatusSeeOther)
		e.anonymous().post("/login", url.Values{"username": {"officer1"}, "password": {testPassword}}).must(t, http.StatusUnauthorized)

		e.as(attract.RoleDirector).post("/admin/users", form).must(t, http.StatusForbidden)
	})
}

func TestAdminTeams(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		b := e.as(attract.RoleAdmin)
		b.get("/admin/teams").must(t, http.StatusOK).contains(t, "港澳招商组")
		res := b.post("/admin/teams", url.Values{"name": {"  "}}).must(t, http.StatusBadRequest)
		dirFieldError(t, res.body, "name", "", "is required")
		b.post("/admin/teams", url.Values{"name": {"欧洲招商组"}}).must(t, http.StatusSeeOther)
		b.get("/admin/teams?done=created").must(t, http.StatusOK).contains(t, "The team is created.", "欧洲招商组")
		e.as(attract.RoleDirector).post("/admin/teams", url.Values{"name": {"Another"}}).must(t, http.StatusForbidden)
	})
}

var tokenRE = regexp.MustCompile(`atk_[a-z0-9]+`)

func TestAdminTokens(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		b := e.as(attract.RoleAdmin)
		viewer := strconv.FormatInt(e.users[attract.RoleViewer].ID, 10)
		res := b.post("/admin/tokens", url.Values{"user_id": {viewer}, "name": {" "}}).must(t, http.StatusBadRequest)
		dirFieldError(t, res.body, "name", "", "is required")
		res.contains(t, `<option value="`+viewer+`" selected>`)
		if ts, _ := e.db.FindTokens(dirSys, nil); len(ts) != 0 {
			t.Fatal("a refused form wrote a token")
		}

		res = b.post("/admin/tokens", url.Values{"user_id": {viewer}, "name": {"monthly export"}}).must(t, http.StatusOK)
		res.contains(t, "It is shown only this once", "monthly export", "Test viewer (viewer1)")
		secret := tokenRE.FindString(res.body)
		if secret == "" {
			t.Fatal("the new token's secret is not shown")
		}
		// The token works on the API, as the viewer.
		api := func() int {
			req, _ := http.NewRequest("GET", e.ts.URL+"/api/v1/companies", nil)
			req.Header.Set("Authorization", "Bearer "+secret)
			r, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			r.Body.Close()
			return r.StatusCode
		}
		if s := api(); s != http.StatusOK {
			t.Fatalf("the token answers %d", s)
		}
		// The secret is never shown again.
		list := b.get("/admin/tokens").must(t, http.StatusOK).contains(t, "monthly export")
		dirLacks(t, list, secret, ">never<") // and its use is recorded
		if tokenRE.MatchString(list.body) {
			t.Error("the token list shows a secret")
		}
		ts, err := e.db.FindTokens(dirSys, nil)
		if err != nil || len(ts) != 1 {
			t.Fatalf("tokens %v %v", ts, err)
		}
		id := strconv.FormatInt(ts[0].ID, 10)
		e.as(attract.RoleDirector).post("/admin/tokens/"+id+"/revoke", nil).must(t, http.StatusForbidden)
		b.post("/admin/tokens/"+id+"/revoke", nil).must(t, http.StatusSeeOther)
		dirLang(t, b, "zh")
		b.get("/admin/tokens?done=revoked").must(t, http.StatusOK).contains(t, "令牌已吊销。", "已于 ")
		if s := api(); s != http.StatusUnauthorized {
			t.Fatalf("the revoked token answers %d", s)
		}
	})
}

func TestAdminRates(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		b := e.as(attract.RoleDirector)
		form := url.Values{"date": {"2024-03-01"}, "base": {"USD"}, "quote": {"USD"}, "rate": {"7.1"}, "source": {"PBOC"}}
		res := b.post("/admin/rates", form).must(t, http.StatusBadRequest)
		dirFieldError(t, res.body, "quote", "", "must differ from the base currency")
		res.contains(t, `value="7.1"`, `value="PBOC"`, `value="2024-03-01"`)

		form.Set("quote", "CNY")
		form.Set("rate", "-7.1")
		dirLang(t, b, "zh")
		res = b.post("/admin/rates", form).must(t, http.StatusBadRequest)
		dirFieldError(t, res.body, "rate", "-7.1", "不是 7.1234 这样的十进制数")
		form.Set("rate", "0")
		res = b.post("/admin/rates", form).must(t, http.StatusBadRequest)
		dirFieldError(t, res.body, "rate", "0", "须大于零")
		form.Set("date", "2024-02-30")
		form.Set("rate", "7.1")
		res = b.post("/admin/rates", form).must(t, http.StatusBadRequest)
		dirFieldError(t, res.body, "date", "2024-02-30", "YYYY-MM-DD")
		dirLang(t, b, "en")
		if rs, _, _ := e.db.FindExchangeRates(dirSys, attract.ExchangeRateFilter{}); len(rs) != 0 {
			t.Fatal("refused forms wrote rates")
		}

		form.Set("date", "2024-03-01")
		b.post("/admin/rates", form).must(t, http.StatusSeeOther)
		form.Set("date", "2024-03-04")
		form.Set("rate", "7.1923")
		b.post("/admin/rates", form).must(t, http.StatusSeeOther)
		res = b.post("/admin/rates", form).must(t, http.StatusConflict)
		dirFieldError(t, res.body, "date", "2024-03-04", "exists already")

		res = b.get("/admin/rates?done=created").must(t, http.StatusOK).contains(t, "The rate is added.", "7.1923", "PBOC")
		if strings.Index(res.body, "2024-03-04</th>") > strings.Index(res.body, "2024-03-01</th>") {
			t.Error("rates are not newest first")
		}
		res = b.get("/admin/rates?from=2024-03-02").must(t, http.StatusOK).contains(t, "7.1923")
		dirLacks(t, res, "2024-03-01</th>")
		b.get("/admin/rates?filter_base=EUR").must(t, http.StatusOK).contains(t, "No rates match.")
		b.get("/admin/rates?from=yesterday").must(t, http.StatusOK).contains(t, "is not a date of the form YYYY-MM-DD")

		rs, _, err := e.db.FindExchangeRates(dirSys, attract.ExchangeRateFilter{})
		if err != nil || len(rs) != 2 {
			t.Fatalf("rates %v %v", rs, err)
		}
		id := strconv.FormatInt(rs[0].ID, 10)
		e.as(attract.RoleViewer).post("/admin/rates/"+id+"/delete", nil).must(t, http.StatusForbidden)
		b.post("/admin/rates/"+id+"/delete", nil).must(t, http.StatusSeeOther)
		res = b.get("/admin/rates?done=deleted").must(t, http.StatusOK).contains(t, "The rate is deleted.")
		dirLacks(t, res, "7.1923")
	})
}

func TestReferenceBrowser(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		b := e.as(attract.RoleViewer)
		b.get("/reference").must(t, http.StatusOK).contains(t, `href="/reference/divisions"`, `href="/reference/sectors"`)
		b.get("/reference/divisions").must(t, http.StatusOK).contains(t, `<a href="/reference/divisions/44"><span class="mono">44</span> 广东省</a>`, "香港特别行政区", "九龙")
		b.get("/reference/divisions/44").must(t, http.StatusOK).contains(t, `<a href="/reference/divisions/4412"><span class="mono">4412</span> 肇庆市</a>`)
		res := b.get("/reference/divisions/4412").must(t, http.StatusOK)
		res.contains(t, "<span class=\"mono\">441202</span> 端州区", `<a href="/reference/divisions/44">广东省</a>`)
		b.get("/reference/divisions/441202").must(t, http.StatusOK).contains(t, "端州区", "No divisions below this one.", `<a href="/reference/divisions/4412">肇庆市</a>`)
		b.get("/reference/divisions/99").must(t, http.StatusNotFound)
		b.get("/reference/countries").must(t, http.StatusOK).contains(t, "DE", "Germany", "德国", "中国香港")
		b.get("/reference/currencies").must(t, http.StatusOK).contains(t, "CNY", "JPY")
		b.get("/reference/sectors").must(t, http.StatusOK).contains(t, "2910", "Manufacture of motor vehicles")
		dirLang(t, b, "zh")
		b.get("/reference/sectors").must(t, http.StatusOK).contains(t, "制造业", "行业分类（ISIC Rev.4）")
		b.get("/reference/divisions/4412").must(t, http.StatusOK).contains(t, "全部省级区划", "地级")
	})
}
