package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"attract"
)

var dirSys = attract.NewSystemContext(context.Background())

// dirLacks fails the test when the body has any of the strings.
func dirLacks(t *testing.T, p page, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(p.body, u) {
			t.Errorf("page has %q", u)
		}
	}
}

// dirField returns the HTML of a form control from its element to the end
// of its field: the control, its hint and its error.
func dirField(t *testing.T, body, name string) string {
	t.Helper()
	i := strings.Index(body, `id="f-`+name+`"`)
	if i < 0 {
		t.Fatalf("no control %q on the page", name)
	}
	rest := body[i:]
	if j := strings.Index(rest, "</div>"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// dirFieldError fails the test unless the control shows the error beside it
// and keeps the value the user sent.
func dirFieldError(t *testing.T, body, name, value, message string) {
	t.Helper()
	f := dirField(t, body, name)
	if !strings.Contains(f, `aria-invalid="true"`) || !strings.Contains(f, `class="field-error" id="f-`+name+`-error"`) {
		t.Errorf("%s: no error beside the field:\n%s", name, f)
	}
	if !strings.Contains(f, message) {
		t.Errorf("%s: the error lacks %q:\n%s", name, message, f)
	}
	if value != "" && !strings.Contains(f, value) {
		t.Errorf("%s: the value %q is not kept:\n%s", name, value, f)
	}
}

// dirLang switches the browser's user to a language.
func dirLang(t *testing.T, b *browser, lang string) {
	t.Helper()
	b.post("/lang", url.Values{"lang": {lang}, "next": {"/"}}).must(t, http.StatusSeeOther)
}

// dirUSCC returns a valid USCC built on the first 17 characters, and the
// same code with a wrong check character and the right one.
func dirUSCC(t *testing.T, first17 string) (valid, wrong string, want byte) {
	t.Helper()
	c, err := attract.USCCCheckChar(first17)
	if err != nil {
		t.Fatal(err)
	}
	bad := byte('0')
	if c == '0' {
		bad = '1'
	}
	return first17 + string(c), first17 + string(bad), c
}

// dirData is a company with a parent, a project, a contact and an activity.
type dirData struct {
	parent, company *attract.Company
	project         *attract.Project
	contact         *attract.Contact
	activity        *attract.Activity
}

func dirSetup(t *testing.T, e *env) dirData {
	t.Helper()
	var d dirData
	d.parent = &attract.Company{CompanyFields: attract.CompanyFields{NameEN: "Hartmann Holding AG", Country: "DE"}}
	if err := e.db.CreateCompany(dirSys, d.parent); err != nil {
		t.Fatal(err)
	}
	uscc, _, _ := dirUSCC(t, "91441200MA4UJ1XX0")
	regcap, err := attract.ParseMoney("1.2亿元", "")
	if err != nil {
		t.Fatal(err)
	}
	reg := attract.Date{Year: 2023, Month: time.March, Day: 8}
	d.company = &attract.Company{CompanyFields: attract.CompanyFields{
		NameZH: "哈特曼汽车饰件（肇庆）有限公司", NameEN: "Hartmann Automotive Trim (Zhaoqing) Co., Ltd.",
		USCC: uscc, Country: "CN", UltimateParentID: &d.parent.ID, Sector: "2930", ForeignInvested: true,
		InvestmentMode: attract.ModeWFOE, RegistrationDate: &reg, RegisteredCap: &regcap,
		Website: "https://hartmann.example.com", Notes: "Supplies door panels."}}
	if err := e.db.CreateCompany(dirSys, d.company); err != nil {
		t.Fatal(err)
	}
	d.project = &attract.Project{ProjectFields: attract.ProjectFields{NameZH: "哈特曼汽车内饰件项目", NameEN: "Hartmann trim plant",
		InvestorID: &d.parent.ID, EnterpriseID: &d.company.ID, InvestmentMode: attract.ModeWFOE, SourceEconomy: "DE"}}
	if err := e.db.CreateProject(dirSys, d.project); err != nil {
		t.Fatal(err)
	}
	d.contact = &attract.Contact{ContactFields: attract.ContactFields{CompanyID: &d.company.ID, NameZH: "韦安娜", NameEN: "Anna Weber",
		Title: "Plant director", Email: "anna.weber@hartmann.example.com", Phone: "+86 758 123-4567", WeChat: "annaweber", Language: "de"}}
	if err := e.db.CreateContact(dirSys, d.contact); err != nil {
		t.Fatal(err)
	}
	d.activity = &attract.Activity{ActivityFields: attract.ActivityFields{Kind: attract.ActivitySiteVisit, Subject: "Visit to the Gaoyao plot",
		OccurredAt: time.Date(2023, 4, 2, 9, 30, 0, 0, time.UTC), ProjectID: &d.project.ID, CompanyID: &d.company.ID, ContactIDs: []int64{d.contact.ID}}}
	if err := e.db.CreateActivity(dirSys, d.activity); err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDirectoryPagesRender(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		d := dirSetup(t, e)
		co, ct := strconv.FormatInt(d.company.ID, 10), strconv.FormatInt(d.contact.ID, 10)
		for _, role := range attract.Roles {
			b := e.as(role)
			for _, lang := range []string{"en", "zh"} {
				dirLang(t, b, lang)
				words := map[string][]string{
					"en": {"Registered capital", "CNY 120 million", "Wholly foreign-owned", "Foreign-invested enterprise", "History", "enterprise"},
					"zh": {"注册资本", "1.2亿元", "外商独资", "外商投资企业", "修改记录", "落地企业"},
				}[lang]
				b.get("/companies").must(t, http.StatusOK).contains(t, d.company.NameZH, d.parent.NameEN, `href="/companies/`+co+`"`)
				res := b.get("/companies/"+co).must(t, http.StatusOK)
				res.contains(t, words...)
				res.contains(t, d.company.USCC, "2023-03-08", "https://hartmann.example.com",
					`<a href="/companies/`+strconv.FormatInt(d.parent.ID, 10)+`">Hartmann Holding AG</a>`,
					`href="/projects/`+strconv.FormatInt(d.project.ID, 10)+`"`, d.project.NameZH,
					`href="/contacts/`+ct+`"`, "Visit to the Gaoyao plot", "Supplies door panels.")
				b.get("/contacts").must(t, http.StatusOK).contains(t, "韦安娜", "Anna Weber", "Plant director")
				res = b.get("/contacts/"+ct).must(t, http.StatusOK)
				res.contains(t, `href="mailto:anna.weber@hartmann.example.com"`, `href="tel:&#43;867581234567"`, "annaweber",
					`href="/companies/`+co+`"`, "Visit to the Gaoyao plot", d.project.NameZH)
				res.contains(t, map[string]string{"en": "German", "zh": "德语"}[lang])
				b.get("/contacts?company="+co).must(t, http.StatusOK).contains(t, "Anna Weber")

				// Forms are for those who may write.
				label := map[string]string{"en": "Unified social credit code (USCC)", "zh": "统一社会信用代码"}[lang]
				if role.Can(attract.PermCompanyWrite) {
					b.get("/companies/new").must(t, http.StatusOK).contains(t, label, `<form class="stack dir-form" action="/companies" method="post"`)
					b.get("/contacts/new?company="+co).must(t, http.StatusOK).contains(t, map[string]string{"en": "Preferred language", "zh": "首选语言"}[lang])
				} else {
					b.get("/companies/new").must(t, http.StatusForbidden)
					b.get("/contacts/new?company="+co).must(t, http.StatusForbidden)
				}
				// The company belongs to no one: only directors and admins edit it.
				if role.EditsAll() {
					b.get("/companies/"+co+"/edit").must(t, http.StatusOK).contains(t, label, `value="`+d.company.USCC+`"`, `name="version" value="1"`,
						map[string]string{"en": `value="CNY 120 million"`, "zh": `value="1.2亿元"`}[lang])
					b.get("/contacts/"+ct+"/edit").must(t, http.StatusOK).contains(t, `value="anna.weber@hartmann.example.com"`)
				} else {
					b.get("/companies/"+co+"/edit").must(t, http.StatusForbidden)
					b.get("/contacts/"+ct+"/edit").must(t, http.StatusForbidden)
				}
			}
			dirLang(t, b, "en")
		}
		e.anonymous().get("/companies").must(t, http.StatusSeeOther)
		e.as(attract.RoleViewer).get("/companies/999999").must(t, http.StatusNotFound)
	})
}

func TestCompanyListFilters(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		d := dirSetup(t, e)
		b := e.as(attract.RoleViewer)
		res := b.get("/companies?q=automotive").must(t, http.StatusOK)
		res.contains(t, d.company.NameZH)
		dirLacks(t, res, "Hartmann Holding AG</a>")
		res = b.get("/companies?country=DE").must(t, http.StatusOK).contains(t, "Hartmann Holding AG")
		dirLacks(t, res, d.company.NameZH)
		res = b.get("/companies?fie=yes&sector=C").must(t, http.StatusOK).contains(t, d.company.NameZH)
		dirLacks(t, res, "Hartmann Holding AG</a>")
		b.get("/companies?q=nothing-like-this").must(t, http.StatusOK).contains(t, "Nothing matches these filters.")
		// Paging: 60 companies make two pages of 50.
		for i := range 58 {
			if err := e.db.CreateCompany(dirSys, &attract.Company{CompanyFields: attract.CompanyFields{NameEN: fmt.Sprintf("Filler %02d Ltd", i)}}); err != nil {
				t.Fatal(err)
			}
		}
		first := b.get("/companies").must(t, http.StatusOK).contains(t, "50 shown", `rel="next"`)
		i := strings.Index(first.body, `rel="next"`)
		j := strings.LastIndex(first.body[:i], `href="`)
		next := strings.ReplaceAll(first.body[j+len(`href="`):i-2], "&amp;", "&")
		b.get(next).must(t, http.StatusOK).contains(t, "10 shown", "First page")
	})
}

func TestCompanyCreateAndErrors(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		b := e.as(attract.RoleOfficer)
		_, wrong, want := dirUSCC(t, "91441200MA4UJ1XX0")
		form := url.Values{"name_zh": {"肇庆测试有限公司"}, "name_en": {"Zhaoqing Test Ltd"}, "uscc": {wrong}, "country": {"CN"},
			"website": {"https://test.example.com"}, "registered_capital": {"5000万元"}, "registration_date": {"2024-01-15"},
			"foreign_invested": {"true"}, "notes": {"我们的笔记"}}
		res := b.post("/companies", form).must(t, http.StatusBadRequest)
		res.contains(t, `role="alert"`, "Please correct the fields marked below.", `<a href="#f-uscc">Unified social credit code (USCC)</a>`)
		dirFieldError(t, res.body, "uscc", wrong, "check character (18th) should be "+string(want))
		for name, v := range map[string]string{"name_zh": "肇庆测试有限公司", "name_en": "Zhaoqing Test Ltd", "registered_capital": "5000万元", "registration_date": "2024-01-15", "website": "https://test.example.com"} {
			if f := dirField(t, res.body, name); !strings.Contains(f, `value="`+v+`"`) {
				t.Errorf("%s lost its value %q", name, v)
			}
		}
		if !strings.Contains(dirField(t, res.body, "foreign_invested"), "checked") {
			t.Error("the checkbox lost its tick")
		}
		res.contains(t, "我们的笔记", `<option value="CN" selected>`)

		// A bad website, in Chinese.
		dirLang(t, b, "zh")
		form.Set("uscc", "")
		form.Set("website", "ftp://test.example.com")
		res = b.post("/companies", form).must(t, http.StatusBadRequest)
		dirFieldError(t, res.body, "website", "ftp://test.example.com", "必须是 http:// 或 https:// 开头的网址")
		res.contains(t, "请修改下方标出的字段。")

		// Money that does not parse, a parent no one has, and no name at all.
		dirLang(t, b, "en")
		res = b.post("/companies", url.Values{"registered_capital": {"lots"}, "ultimate_parent_id": {"No Such Parent GmbH"}}).must(t, http.StatusBadRequest)
		dirFieldError(t, res.body, "registered_capital", "lots", "")
		dirFieldError(t, res.body, "ultimate_parent_id", "No Such Parent GmbH", "No company is named")
		dirFieldError(t, res.body, "name_zh", "", "a Chinese or an English name is required")

		list, _, err := e.db.FindCompanies(dirSys, attract.CompanyFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 0 {
			t.Fatalf("refused forms wrote %d companies", len(list))
		}

		// A good form, with the parent named as people write it.
		parent := &attract.Company{CompanyFields: attract.CompanyFields{NameEN: "Test Parent GmbH", Country: "DE"}}
		if err := e.db.CreateCompany(dirSys, parent); err != nil {
			t.Fatal(err)
		}
		form.Set("website", "https://test.example.com")
		form.Set("ultimate_parent_id", "test parent gmbh")
		form.Set("owner_id", strconv.FormatInt(e.users[attract.RoleOfficer].ID, 10))
		res = b.post("/companies", form).must(t, http.StatusSeeOther)
		if !strings.HasPrefix(res.location, "/companies/") {
			t.Fatalf("redirect to %q", res.location)
		}
		page := b.get(res.location).must(t, http.StatusOK)
		page.contains(t, "The company is created.", "肇庆测试有限公司", "CNY 50 million", "2024-01-15", "Test Parent GmbH")
		id, _ := strconv.ParseInt(strings.TrimPrefix(strings.TrimSuffix(res.location, "?done=created"), "/companies/"), 10, 64)
		c, err := e.db.FindCompanyByID(dirSys, id)
		if err != nil {
			t.Fatal(err)
		}
		if c.UltimateParentID == nil || *c.UltimateParentID != parent.ID || !c.ForeignInvested || c.RegisteredCap.Amount != 5000_0000_00 {
			t.Errorf("stored %+v", c.CompanyFields)
		}
		// The officer owns it, so may edit it; the form shows its values.
		edit := b.get(res.location[:strings.Index(res.location, "?")]+"/edit").must(t, http.StatusOK)
		edit.contains(t, `value="Test Parent GmbH #`+strconv.FormatInt(parent.ID, 10)+`"`, `name="version" value="1"`, `value="CNY 50 million"`)
	})
}

func TestCompanyEditConflict(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		d := dirSetup(t, e)
		co := strconv.FormatInt(d.company.ID, 10)
		b := e.as(attract.RoleDirector)
		b.get("/companies/"+co+"/edit").must(t, http.StatusOK).contains(t, `name="version" value="1"`)

		// Someone else saves first.
		admin := attract.NewContextWithUser(context.Background(), e.users[attract.RoleAdmin])
		if _, err := e.db.UpdateCompany(admin, d.company.ID, 1, attract.Patch{"website": []byte(`"https://their.example.com"`)}); err != nil {
			t.Fatal(err)
		}
		form := url.Values{"version": {"1"}, "name_zh": {d.company.NameZH}, "name_en": {d.company.NameEN}, "uscc": {d.company.USCC},
			"country": {"CN"}, "ultimate_parent_id": {"Hartmann Holding AG #" + strconv.FormatInt(d.parent.ID, 10)}, "sector": {"2930"},
			"investment_mode": {"wfoe"}, "foreign_invested": {"true"}, "registration_date": {"2023-03-08"}, "registered_capital": {"1.2亿元"},
			"website": {"https://mine.example.com"}, "notes": {"My careful notes."}}
		res := b.post("/companies/"+co+"/edit", form).must(t, http.StatusConflict)
		res.contains(t, "Someone else saved first", e.users[attract.RoleAdmin].Username, "https://their.example.com",
			`value="https://mine.example.com"`, "My careful notes.", `name="version" value="2"`)
		c, err := e.db.FindCompanyByID(dirSys, d.company.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Website != "https://their.example.com" || c.Notes != "Supplies door panels." {
			t.Fatalf("the stale edit was written: %q %q", c.Website, c.Notes)
		}
		// Saving again, now knowing, keeps the user's input; the amount as
		// the English form shows it reads back the same.
		form.Set("version", "2")
		form.Set("registered_capital", "CNY 120,000,000.00")
		b.post("/companies/"+co+"/edit", form).must(t, http.StatusSeeOther)
		c, err = e.db.FindCompanyByID(dirSys, d.company.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Website != "https://mine.example.com" || c.Notes != "My careful notes." || c.Version != 3 || c.RegisteredCap.Amount != 120_000_000_00 {
			t.Fatalf("after resolving: %q %q version %d", c.Website, c.Notes, c.Version)
		}
		// The history names the fields changed.
		b.get("/companies/"+co+"?done=saved").must(t, http.StatusOK).contains(t, "Your changes are saved.", "Changed: Notes, Website")
	})
}

func TestCompanyArchive(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		d := dirSetup(t, e)
		co := strconv.FormatInt(d.company.ID, 10)
		e.as(attract.RoleOfficer).post("/companies/"+co+"/archive", url.Values{"version": {"1"}}).must(t, http.StatusForbidden)
		b := e.as(attract.RoleDirector)
		b.get("/companies/"+co).must(t, http.StatusOK).contains(t, `action="/companies/`+co+`/archive"`)
		b.post("/companies/"+co+"/archive", url.Values{"version": {"1"}}).must(t, http.StatusSeeOther)
		res := b.get("/companies/"+co+"?done=archived").must(t, http.StatusOK)
		res.contains(t, "The company is archived.", `action="/companies/`+co+`/restore"`)
		dirLacks(t, b.get("/companies").must(t, http.StatusOK), d.company.NameZH)
		b.get("/companies?archived=1").must(t, http.StatusOK).contains(t, d.company.NameZH, "<title>Companies · Archived · ")
		b.post("/companies/"+co+"/restore", url.Values{"version": {"2"}}).must(t, http.StatusSeeOther)
		b.get("/companies").must(t, http.StatusOK).contains(t, d.company.NameZH)
		// A stale archive is refused.
		b.post("/companies/"+co+"/archive", url.Values{"version": {"1"}}).must(t, http.StatusConflict)

		ct := strconv.FormatInt(d.contact.ID, 10)
		b.post("/contacts/"+ct+"/archive", url.Values{"version": {"1"}}).must(t, http.StatusSeeOther)
		// The tab says it is the archive, as the company list's does.
		b.get("/contacts?archived=1").must(t, http.StatusOK).contains(t, "Anna Weber", "<title>Contacts · Archived · ", "<h1>Contacts <span")
		b.post("/contacts/"+ct+"/restore", url.Values{"version": {"2"}}).must(t, http.StatusSeeOther)
		b.get("/contacts").must(t, http.StatusOK).contains(t, "Anna Weber")
	})
}

func TestContactCreateAndErrors(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		d := dirSetup(t, e)
		b := e.as(attract.RoleOfficer)
		b.get("/contacts/new?company="+strconv.FormatInt(d.company.ID, 10)).must(t, http.StatusOK).
			contains(t, `value="`+d.company.NameZH+` #`+strconv.FormatInt(d.company.ID, 10)+`"`, `<datalist id="dir-companies">`)
		form := url.Values{"company_id": {d.company.NameEN}, "name_en": {"Li Ming"}, "title": {"CFO"}, "owner_id": {strconv.FormatInt(e.users[attract.RoleOfficer].ID, 10)},
			"email": {"li.ming at example"}, "phone": {"0758-ABC"}, "language": {"zh"}}
		res := b.post("/contacts", form).must(t, http.StatusBadRequest)
		dirFieldError(t, res.body, "email", "li.ming at example", "is not an e-mail address")
		dirFieldError(t, res.body, "phone", "0758-ABC", "may hold only digits")
		res.contains(t, `value="Li Ming"`, `value="CFO"`, `value="`+d.company.NameEN+`"`)
		if f := dirField(t, res.body, "company_id"); strings.Contains(f, "field-error") {
			t.Errorf("the company, named exactly, was refused:\n%s", f)
		}

		dirLang(t, b, "zh")
		res = b.post("/contacts", form).must(t, http.StatusBadRequest)
		dirFieldError(t, res.body, "email", "li.ming at example", "不是有效的电子邮件地址")
		dirFieldError(t, res.body, "phone", "0758-ABC", "只能包含数字")

		list, _, err := e.db.FindContacts(dirSys, attract.ContactFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 {
			t.Fatalf("refused forms wrote contacts: %d", len(list))
		}

		form.Set("email", "li.ming@example.com")
		form.Set("phone", "+86 758 222 3333")
		res = b.post("/contacts", form).must(t, http.StatusSeeOther)
		page := b.get(res.location).must(t, http.StatusOK)
		page.contains(t, "联系人已创建。", "Li Ming", `href="mailto:li.ming@example.com"`, `href="tel:&#43;867582223333"`, d.company.NameZH)

		// The contact's owner edits it; a bad email on edit keeps the input.
		edit := strings.Replace(res.location, "?done=created", "/edit", 1)
		b.get(edit).must(t, http.StatusOK).contains(t, `name="version" value="1"`)
		form.Set("version", "1")
		form.Set("email", "bad@")
		res = b.post(edit, form).must(t, http.StatusBadRequest)
		dirFieldError(t, res.body, "email", "bad@", "不是有效的电子邮件地址")
		form.Set("email", "ming.li@example.com")
		b.post(edit, form).must(t, http.StatusSeeOther)
	})
}

// TestOwnerPickersLeaveOutDisabledUsers checks the owner select of the
// company and contact forms: a disabled user is not offered for a new
// record, as on the project form, but a record that user owns keeps them
// chosen, so that saving it leaves the owner alone.
func TestOwnerPickersLeaveOutDisabledUsers(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		d := dirSetup(t, e)
		gone := &attract.User{Username: "wu.gang", Name: "吴刚", Role: attract.RoleOfficer, TeamID: &e.teamID, Language: "zh"}
		if err := e.db.CreateUser(dirSys, gone, testPassword); err != nil {
			t.Fatal(err)
		}
		owned := attract.Patch{"owner_id": []byte(strconv.FormatInt(gone.ID, 10))}
		if _, err := e.db.UpdateCompany(dirSys, d.company.ID, d.company.Version, owned); err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.UpdateContact(dirSys, d.contact.ID, d.contact.Version, owned); err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.UpdateUser(dirSys, gone.ID, gone.Version, attract.Patch{"disabled": []byte(`true`)}); err != nil {
			t.Fatal(err)
		}
		b := e.as(attract.RoleDirector)
		goneID := strconv.FormatInt(gone.ID, 10)
		offered := func(path string) (offered, chosen bool) {
			f := dirField(t, b.get(path).must(t, http.StatusOK).body, "owner_id")
			return strings.Contains(f, `<option value="`+goneID+`"`), strings.Contains(f, `<option value="`+goneID+`" selected>`)
		}
		for _, path := range []string{"/companies/new", "/contacts/new"} {
			if o, _ := offered(path); o {
				t.Errorf("%s offers the disabled user", path)
			}
		}
		for _, path := range []string{"/companies/" + strconv.FormatInt(d.company.ID, 10) + "/edit", "/contacts/" + strconv.FormatInt(d.contact.ID, 10) + "/edit"} {
			if o, c := offered(path); !o || !c {
				t.Errorf("%s: the disabled owner offered %v, chosen %v; want both", path, o, c)
			}
		}
	})
}

// TestContactEditConflict is the contact's side of TestCompanyEditConflict:
// a stale save shows, for each field the other person changed, their value
// beside the user's (a select's by its label), and saving again keeps the
// user's input.
func TestContactEditConflict(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		d := dirSetup(t, e)
		ct := strconv.FormatInt(d.contact.ID, 10)
		b := e.as(attract.RoleDirector)
		b.get("/contacts/"+ct+"/edit").must(t, http.StatusOK).contains(t, `name="version" value="1"`,
			`<form class="stack dir-form" action="/contacts/`+ct+`/edit" method="post"`, `<a href="/contacts/`+ct+`">Cancel</a>`)

		admin := attract.NewContextWithUser(context.Background(), e.users[attract.RoleAdmin])
		if _, err := e.db.UpdateContact(admin, d.contact.ID, 1, attract.Patch{"title": []byte(`"Managing director"`), "language": []byte(`"ja"`)}); err != nil {
			t.Fatal(err)
		}
		form := url.Values{"version": {"1"}, "company_id": {d.company.NameZH + " #" + strconv.FormatInt(d.company.ID, 10)},
			"name_zh": {d.contact.NameZH}, "name_en": {d.contact.NameEN}, "title": {"Plant director"}, "email": {"anna@hartmann.example.com"},
			"phone": {d.contact.Phone}, "wechat": {d.contact.WeChat}, "language": {"en"}, "notes": {"Prefers mornings."}}
		res := b.post("/contacts/"+ct+"/edit", form).must(t, http.StatusConflict)
		res.contains(t, "Someone else saved first", e.users[attract.RoleAdmin].Username+" saved this record at ",
			`<tbody><tr><th scope="row">Title</th><td>Managing director</td><td>Plant director</td></tr>`+
				`<tr><th scope="row">Preferred language</th><td>Japanese (ja)</td><td>English (en)</td></tr></tbody>`,
			`value="anna@hartmann.example.com"`, "Prefers mornings.", `name="version" value="2"`)
		c, err := e.db.FindContactByID(dirSys, d.contact.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Title != "Managing director" || c.Email != d.contact.Email {
			t.Fatalf("the stale edit was written: %q %q", c.Title, c.Email)
		}

		// Saving again, now knowing, keeps the user's input.
		form.Set("version", "2")
		res = b.post("/contacts/"+ct+"/edit", form).must(t, http.StatusSeeOther)
		if want := "/contacts/" + ct + "?done=saved"; res.location != want {
			t.Errorf("redirect to %q, want %q", res.location, want)
		}
		c, err = e.db.FindContactByID(dirSys, d.contact.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Title != "Plant director" || c.Email != "anna@hartmann.example.com" || c.Language != "en" || c.Version != 3 {
			t.Fatalf("after resolving: %q %q %q version %d", c.Title, c.Email, c.Language, c.Version)
		}
		b.get(res.location).must(t, http.StatusOK).contains(t, "Your changes are saved.",
			"Changed: Email, Preferred language, Notes, Title", "Changed: Preferred language, Title")
	})
}

// TestDirectoryEditRefused checks what companies and contacts share after
// their forms: a refused edit comes back with the errors beside the fields
// and the version the user opened, an officer may not edit what they do
// not own, a record that does not exist is not found, and archiving and
// restoring say so on the record's page.
func TestDirectoryEditRefused(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		d := dirSetup(t, e)
		co, ct := strconv.FormatInt(d.company.ID, 10), strconv.FormatInt(d.contact.ID, 10)
		for _, tc := range []struct {
			path                   string // the record's page
			bad                    url.Values
			field, value, message  string
			ask, archived, restore string
		}{
			{"/companies/" + co, url.Values{"name_en": {"Hartmann"}, "registration_date": {"8 March"}}, "registration_date", "8 March", "is not a date of the form YYYY-MM-DD",
				"Archive this company? It can be restored later.", "The company is archived.", "The company is restored."},
			{"/contacts/" + ct, url.Values{"name_en": {"Anna"}, "email": {"anna@"}}, "email", "anna@", "is not an e-mail address",
				"Archive this contact? It can be restored later.", "The contact is archived.", "The contact is restored."},
		} {
			b := e.as(attract.RoleDirector)
			tc.bad.Set("version", "1")
			res := b.post(tc.path+"/edit", tc.bad).must(t, http.StatusBadRequest)
			dirFieldError(t, res.body, tc.field, tc.value, tc.message)
			res.contains(t, "Please correct the fields marked below.", `name="version" value="1"`,
				`action="`+tc.path+`/edit"`, `<a href="`+tc.path+`">Cancel</a>`, `<h1>Edit `)

			e.as(attract.RoleOfficer).post(tc.path+"/edit", url.Values{"version": {"1"}, "name_en": {"Hartmann"}}).must(t, http.StatusForbidden)
			missing := tc.path[:strings.LastIndex(tc.path, "/")] + "/999999"
			b.post(missing+"/edit", tc.bad).must(t, http.StatusNotFound)
			b.post(missing+"/archive", url.Values{"version": {"1"}}).must(t, http.StatusNotFound)

			b.get(tc.path).must(t, http.StatusOK).contains(t, `href="`+tc.path+`/edit"`,
				`<form action="`+tc.path+`/archive" method="post" data-confirm="`+tc.ask+`">`)
			res = b.post(tc.path+"/archive", url.Values{"version": {"1"}}).must(t, http.StatusSeeOther)
			if res.location != tc.path+"?done=archived" {
				t.Errorf("archive: redirect to %q", res.location)
			}
			b.get(res.location).must(t, http.StatusOK).contains(t, tc.archived, `<form action="`+tc.path+`/restore" method="post">`)
			b.post(tc.path+"/restore", url.Values{"version": {"1"}}).must(t, http.StatusConflict)
			res = b.post(tc.path+"/restore", url.Values{"version": {"2"}}).must(t, http.StatusSeeOther)
			if res.location != tc.path+"?done=restored" {
				t.Errorf("restore: redirect to %q", res.location)
			}
			b.get(res.location).must(t, http.StatusOK).contains(t, tc.restore, "<strong>archived</strong>", "<strong>restored</strong>")
		}
	})
}

// TestCompanyPageManyProjects checks that a company page whose projects
// pass what it shows counts them all and says that it shows the latest.
func TestCompanyPageManyProjects(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		co := &attract.Company{CompanyFields: attract.CompanyFields{NameEN: "Prolific Holdings"}}
		if err := e.db.CreateCompany(dirSys, co); err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(co.ID, 10)
		open := func() page {
			return e.as(attract.RoleViewer).get("/companies/"+id).must(t, http.StatusOK)
		}
		if strings.Contains(open().body, "in the project list") {
			t.Error("a company without projects links to them in the project list")
		}
		list := `<a href="/projects?company=` + id + `">Open them in the project list →</a>`
		all := `<a href="/projects?company=` + id + `">All of them in the project list →</a>`
		for i := range 21 {
			p := &attract.Project{ProjectFields: attract.ProjectFields{NameEN: fmt.Sprintf("Plant %03d", i), InvestorID: &co.ID}}
			if err := e.db.CreateProject(dirSys, p); err != nil {
				t.Fatal(err)
			}
			if i == 19 {
				res := open()
				res.contains(t, "Projects <span class=\"muted\">(20)</span>", list)
				if strings.Contains(res.body, "most recently updated") {
					t.Error("20 projects, all shown, said to be the latest only")
				}
			}
		}
		res := open()
		res.contains(t, "Projects <span class=\"muted\">(21)</span>", "The 20 most recently updated are shown.", "Plant 020", all)
		if strings.Contains(res.body, "Plant 000") {
			t.Error("the least recently updated project is shown beyond the 20")
		}
	})
}

func TestCompanyPageManyContacts(t *testing.T) {
	forEachDB(t, func(t *testing.T, e *env) {
		co := &attract.Company{CompanyFields: attract.CompanyFields{NameEN: "Crowded Trading"}}
		if err := e.db.CreateCompany(dirSys, co); err != nil {
			t.Fatal(err)
		}
		id := strconv.FormatInt(co.ID, 10)
		open := func() page {
			return e.as(attract.RoleViewer).get("/companies/"+id).must(t, http.StatusOK)
		}
		if strings.Contains(open().body, "in the contact list") {
			t.Error("a company without contacts links to them in the contact list")
		}
		list := `<a href="/contacts?company=` + id + `">Open them in the contact list →</a>`
		all := `<a href="/contacts?company=` + id + `">All of them in the contact list →</a>`
		// Created last name first, so that the page's order is its own.
		for i := 20; i >= 0; i-- {
			c := &attract.Contact{ContactFields: attract.ContactFields{NameEN: fmt.Sprintf("Person %03d", i), CompanyID: &co.ID}}
			if err := e.db.CreateContact(dirSys, c); err != nil {
				t.Fatal(err)
			}
			if i == 1 {
				res := open()
				res.contains(t, "Contacts <span class=\"muted\">(20)</span>", list, "Person 001", "Person 020")
				if strings.Contains(res.body, "by name are shown") {
					t.Error("20 contacts, all shown, said to be the first only")
				}
			}
		}
		res := open()
		res.contains(t, "Contacts <span class=\"muted\">(21)</span>", "The first 20 by name are shown.", "Person 000", "Person 019", all)
		if strings.Contains(res.body, "Person 020") {
			t.Error("the last contact by name is shown beyond the 20")
		}
	})
}
