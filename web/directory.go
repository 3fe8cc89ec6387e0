package web

import (
	"context"
	"encoding/json"
	"html/template"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"attract"
)

// The directory: companies (investors and the enterprises established here)
// and the people at them.

var _ = register(map[string]message{
	"company.list":          {"Companies", "企业"},
	"company.new":           {"New company", "新建企业"},
	"company.edit":          {"Edit company", "编辑企业"},
	"company.name_zh":       {"Chinese name", "中文名称"},
	"company.name_en":       {"English name", "英文名称"},
	"company.namehint":      {"A Chinese or an English name is required.", "中文名称和英文名称至少填写一个。"},
	"company.uscc":          {"Unified social credit code (USCC)", "统一社会信用代码"},
	"company.usccshort":     {"USCC", "信用代码"},
	"company.uscchint":      {"18 characters, for companies registered in China.", "18 位，适用于在中国注册的企业。"},
	"company.foreign_reg":   {"Foreign registration number", "境外注册号"},
	"company.country":       {"Country or economy of registration", "注册地（国家或地区）"},
	"company.countryshort":  {"Country", "注册地"},
	"company.parent":        {"Ultimate parent", "最终母公司"},
	"company.parenthint":    {"Type a company's name and pick it from the list.", "输入企业名称并从列表中选择。"},
	"company.sector":        {"Sector (ISIC Rev.4)", "行业（ISIC Rev.4）"},
	"company.sectorshort":   {"Sector", "行业"},
	"company.fie":           {"Foreign-invested enterprise", "外商投资企业"},
	"company.fieshort":      {"Foreign-invested", "外资"},
	"company.mode":          {"Investment mode", "投资方式"},
	"company.regdate":       {"Registration date", "注册日期"},
	"company.regcap":        {"Registered capital", "注册资本"},
	"company.regcaphint":    {"As written, e.g. 5000万元, 1.2亿元 or USD 12.5m.", "按常见写法填写，如 5000万元、1.2亿元 或 USD 12.5m。"},
	"company.website":       {"Website", "网站"},
	"company.projects":      {"Projects", "项目"},
	"company.contacts":      {"Contacts", "联系人"},
	"company.activities":    {"Activities", "活动记录"},
	"company.history":       {"History", "修改记录"},
	"company.asinvestor":    {"investor", "投资方"},
	"company.asenterprise":  {"enterprise", "落地企业"},
	"company.total":         {"Total investment", "总投资"},
	"company.addcontact":    {"Add a contact", "添加联系人"},
	"company.archived":      {"Archived", "已归档"},
	"company.showarchived":  {"Show archived", "查看已归档"},
	"company.showlive":      {"Show current", "查看当前"},
	"company.archive":       {"Archive", "归档"},
	"company.restore":       {"Restore", "恢复"},
	"company.archiveask":    {"Archive this company? It can be restored later.", "确定归档该企业吗？之后可以恢复。"},
	"company.created":       {"The company is created.", "企业已创建。"},
	"company.saved":         {"Your changes are saved.", "修改已保存。"},
	"company.wasarchived":   {"The company is archived.", "企业已归档。"},
	"company.wasrestored":   {"The company is restored.", "企业已恢复。"},
	"company.search":        {"Name, USCC or notes", "名称、信用代码或备注"},
	"company.sortname":      {"Name", "名称"},
	"company.sortupdated":   {"Recently updated", "最近更新"},
	"company.sort":          {"Sort by", "排序"},
	"company.any":           {"Any", "不限"},
	"company.count":         {"%d shown", "显示 %d 条"},
	"company.noparent":      {"No company is named %q. Pick one from the list, or create it first.", "没有名为“%s”的企业。请从列表中选择，或先创建该企业。"},
	"company.manyparents":   {"Several companies are named %q. Pick one from the list.", "有多家企业名为“%s”，请从列表中选择。"},
	"dir.owner":             {"Owner", "负责人"},
	"dir.facts":             {"Details", "基本信息"},
	"dir.names":             {"Names", "名称"},
	"dir.registration":      {"Registration", "注册信息"},
	"dir.business":          {"Business", "业务信息"},
	"dir.responsibility":    {"Responsibility", "负责人与团队"},
	"dir.contactdetails":    {"How to reach them", "联系方式"},
	"dir.conflicttitle":     {"Someone else saved first", "他人已先保存"},
	"dir.team":              {"Team", "团队"},
	"dir.by":                {"by %s", "由 %s"},
	"dir.conflict":          {"%s saved this record at %s, after you opened it. Your input is kept below; compare it with what they saved, then save again to keep yours.", "%s 在您打开之后（%s）保存了此记录。您填写的内容保留在下方；请与对方保存的内容比较后再次保存，以您的内容为准。"},
	"dir.someone":           {"Someone else", "其他人"},
	"dir.conflictanon":      {"Someone else saved this record after you opened it. Your input is kept below; compare it with what they saved, then save again to keep yours.", "其他人在您打开之后保存了此记录。您填写的内容保留在下方；请与对方保存的内容比较后再次保存，以您的内容为准。"},
	"dir.conflictfield":     {"Field", "字段"},
	"dir.conflicttheirs":    {"Saved by them", "对方保存的值"},
	"dir.conflictyours":     {"Your input", "您填写的值"},
	"dir.empty":             {"(empty)", "（空）"},
	"dir.audit.create":      {"created", "创建"},
	"dir.audit.update":      {"changed", "修改"},
	"dir.audit.archive":     {"archived", "归档"},
	"dir.audit.restore":     {"restored", "恢复"},
	"dir.audit.delete":      {"deleted", "删除"},
	"dir.audit.fields":      {"Changed: %s", "修改了：%s"},
	"dir.nomatch":           {"Nothing matches these filters.", "没有符合筛选条件的记录。"},
	"dir.project":           {"Project", "项目"},
	"contact.list":          {"Contacts", "联系人"},
	"contact.new":           {"New contact", "新建联系人"},
	"contact.edit":          {"Edit contact", "编辑联系人"},
	"contact.company":       {"Company", "所在企业"},
	"contact.companyhint":   {"Type the company's name and pick it from the list.", "输入企业名称并从列表中选择。"},
	"contact.name_zh":       {"Chinese name", "中文姓名"},
	"contact.name_en":       {"English name", "英文姓名"},
	"contact.namehint":      {"A Chinese or an English name is required.", "中文姓名和英文姓名至少填写一个。"},
	"contact.title":         {"Title", "职务"},
	"contact.email":         {"Email", "电子邮件"},
	"contact.phone":         {"Phone", "电话"},
	"contact.wechat":        {"WeChat", "微信"},
	"contact.language":      {"Preferred language", "首选语言"},
	"contact.activities":    {"Activities they took part in", "参与的活动"},
	"contact.search":        {"Name, title, email or phone", "姓名、职务、邮箱或电话"},
	"contact.created":       {"The contact is created.", "联系人已创建。"},
	"contact.wasarchived":   {"The contact is archived.", "联系人已归档。"},
	"contact.wasrestored":   {"The contact is restored.", "联系人已恢复。"},
	"contact.archiveask":    {"Archive this contact? It can be restored later.", "确定归档该联系人吗？之后可以恢复。"},
	"contact.atcompany":     {"Contacts at %s", "%s 的联系人"},
	"contact.allcompanies":  {"All companies", "全部企业"},
	"lang.name.zh":          {"Chinese", "中文"},
	"lang.name.en":          {"English", "英语"},
	"lang.name.ja":          {"Japanese", "日语"},
	"lang.name.ko":          {"Korean", "韩语"},
	"lang.name.de":          {"German", "德语"},
	"lang.name.fr":          {"French", "法语"},
	"lang.name.es":          {"Spanish", "西班牙语"},
	"lang.name.it":          {"Italian", "意大利语"},
	"lang.name.pt":          {"Portuguese", "葡萄牙语"},
	"lang.name.ru":          {"Russian", "俄语"},
	"lang.name.ar":          {"Arabic", "阿拉伯语"},
	"lang.name.th":          {"Thai", "泰语"},
	"lang.name.vi":          {"Vietnamese", "越南语"},
	"lang.name.ms":          {"Malay", "马来语"},
	"lang.name.id":          {"Indonesian", "印尼语"},
	"lang.name.nl":          {"Dutch", "荷兰语"},
	"field.name_zh":         {"Chinese name", "中文名称"},
	"field.name_en":         {"English name", "英文名称"},
	"field.uscc":            {"USCC", "统一社会信用代码"},
	"field.foreign_reg_no":  {"Foreign registration number", "境外注册号"},
	"field.country":         {"Country", "注册地"},
	"field.ultimate_parent": {"Ultimate parent", "最终母公司"},
	"field.sector":          {"Sector", "行业"},
	"field.foreign_invest":  {"Foreign-invested", "外商投资企业"},
	"field.mode":            {"Investment mode", "投资方式"},
	"field.regdate":         {"Registration date", "注册日期"},
	"field.regcap":          {"Registered capital", "注册资本"},
	"field.website":         {"Website", "网站"},
	"field.notes":           {"Notes", "备注"},
	"field.owner":           {"Owner", "负责人"},
	"field.team":            {"Team", "团队"},
	"field.company":         {"Company", "所在企业"},
	"field.title":           {"Title", "职务"},
	"field.email":           {"Email", "电子邮件"},
	"field.phone":           {"Phone", "电话"},
	"field.wechat":          {"WeChat", "微信"},
	"field.language":        {"Preferred language", "首选语言"},
})

func (h *Handler) directoryRoutes() {
	h.handle("GET /companies", attract.PermCompanyRead, h.companiesPage)
	h.handle("GET /companies/new", attract.PermCompanyWrite, h.newCompanyPage)
	h.handle("POST /companies", attract.PermCompanyWrite, h.createCompany)
	h.handle("GET /companies/{id}", attract.PermCompanyRead, h.companyPage)
	h.handle("GET /companies/{id}/edit", attract.PermCompanyWrite, h.editCompanyPage)
	h.handle("POST /companies/{id}/edit", attract.PermCompanyWrite, h.updateCompany)
	h.handle("POST /companies/{id}/archive", attract.PermCompanyArchive, h.archiveCompany(true))
	h.handle("POST /companies/{id}/restore", attract.PermCompanyArchive, h.archiveCompany(false))
	h.handle("GET /companies/export.csv", attract.PermCompanyRead, h.exportCompanies("csv"))
	h.handle("GET /companies/export.xlsx", attract.PermCompanyRead, h.exportCompanies("xlsx"))
	h.handle("GET /companies/{id}/merge", attract.PermCompanyArchive, h.mergeCompanyPage)
	h.handle("POST /companies/{id}/merge", attract.PermCompanyArchive, h.mergeCompany)

	h.handle("GET /contacts", attract.PermContactRead, h.contactsPage)
	h.handle("GET /contacts/new", attract.PermContactWrite, h.newContactPage)
	h.handle("POST /contacts", attract.PermContactWrite, h.createContact)
	h.handle("GET /contacts/{id}", attract.PermContactRead, h.contactPage)
	h.handle("GET /contacts/{id}/edit", attract.PermContactWrite, h.editContactPage)
	h.handle("POST /contacts/{id}/edit", attract.PermContactWrite, h.updateContact)
	h.handle("POST /contacts/{id}/archive", attract.PermContactArchive, h.archiveContact(true))
	h.handle("POST /contacts/{id}/restore", attract.PermContactArchive, h.archiveContact(false))
	h.handle("GET /contacts/export.csv", attract.PermContactRead, h.exportContacts("csv"))
	h.handle("GET /contacts/export.xlsx", attract.PermContactRead, h.exportContacts("xlsx"))
}

// ---- Forms built from declared controls ----

// jsonKind says how a control's text becomes a JSON value of the patch.
type jsonKind int

const (
	asText     jsonKind = iota // a JSON string, "" included
	asOptional                 // "" is null, else a JSON string (dates, money)
	asBool                     // a checkbox: true when ticked
	asID                       // "" is null, else a number (a select of records)
	asCompany                  // a company typed by name, resolved to its id
)

// control declares one form control: its JSON field name, its label and
// hint (catalog keys), its type for the "field" partial, and how its text
// becomes JSON.
type control struct {
	name, label, hint, typ string
	kind                   jsonKind
	required               bool
}

// formValues holds a form's text by field name, exactly as the user typed
// it, so that a refused form comes back as it was sent.
type formValues map[string]string

// readForm reads the controls' text from a posted form.
func readForm(r *http.Request, controls []control) formValues {
	v := formValues{}
	for _, c := range controls {
		if c.kind == asBool {
			v[c.name] = strconv.FormatBool(r.PostFormValue(c.name) == "true")
			continue
		}
		v[c.name] = strings.TrimSpace(r.PostFormValue(c.name))
	}
	return v
}

// fields renders the controls with their values and errors, keyed by name so
// that a template places each where it belongs.
func fields(p *page, controls []control, v formValues, fe formErrors, options map[string][]option) map[string]field {
	out := make(map[string]field, len(controls))
	for _, c := range controls {
		f := field{Name: c.name, Label: p.T(c.label), Value: v[c.name], Type: c.typ, Error: fe.Get(c.name), Required: c.required, Options: options[c.name]}
		if c.hint != "" {
			f.Hint = p.T(c.hint)
		}
		out[c.name] = f
	}
	return out
}

// errorItem is one field's problem in the summary above a form, linked to
// the field.
type errorItem struct {
	ID, Label, Message string
}

// errorSummary is what the top of a refused form says: the service's own
// message when it says more than "the input has errors", and every field's
// problem, each a link to its field.
type errorSummary struct {
	General string
	Items   []errorItem
}

// Any reports whether there is anything to say.
func (s errorSummary) Any() bool { return s.General != "" || len(s.Items) > 0 }

// genericInvalid carries the message every EINVALID with field errors has;
// the summary leaves it out, since the items say more.
var genericInvalid = attract.Problems{{Field: "x"}}.Err()

// summarize lists a refused form's problems in the order of its controls.
func summarize(p *page, controls []control, fe formErrors) errorSummary {
	var s errorSummary
	if !fe.Any() {
		return s
	}
	if g := fe.Get(""); g != errText(genericInvalid, p.Lang) {
		s.General = g
	}
	shown := map[string]bool{"": true}
	for _, c := range controls {
		if msg := fe.Get(c.name); msg != "" {
			s.Items = append(s.Items, errorItem{"f-" + c.name, p.T(c.label), msg})
			shown[c.name] = true
		}
	}
	// A problem with no control of its own (a nested field's is filed under
	// its control too) still reaches the user.
	for _, k := range slices.Sorted(maps.Keys(fe)) {
		if base, _, _ := strings.Cut(k, "."); !shown[k] && !shown[base] {
			s.Items = append(s.Items, errorItem{"", k, fe[k]})
		}
	}
	return s
}

// patchOf turns form text into a merge patch. Company names are resolved
// by the caller, which passes their ids in refs.
func patchOf(controls []control, v formValues, refs map[string]*int64) attract.Patch {
	patch := attract.Patch{}
	for _, c := range controls {
		s := v[c.name]
		var raw []byte
		switch {
		case c.kind == asBool:
			raw = []byte(strconv.FormatBool(s == "true"))
		case c.kind == asCompany:
			id, ok := refs[c.name]
			if !ok {
				continue // unresolved: its problem is reported already
			}
			raw = []byte("null")
			if id != nil {
				raw = []byte(strconv.FormatInt(*id, 10))
			}
		case s == "" && c.kind != asText:
			raw = []byte("null")
		case c.kind == asID:
			if _, err := strconv.ParseInt(s, 10, 64); err == nil {
				raw = []byte(s)
			} else {
				raw, _ = json.Marshal(s) // refused by the decoder, against the field
			}
		default:
			raw, _ = json.Marshal(s)
		}
		patch[c.name] = raw
	}
	return patch
}

// validator is a pointer to a record's editable fields.
type validator interface{ Validate() error }

// checkPatch applies the patch to a copy of the fields and validates the
// result, so that the form reports every problem at once: the store stops
// at the first step that fails.
func checkPatch(patch attract.Patch, dst validator) error {
	var p attract.Problems
	p.Merge("", patch.Apply(dst))
	applied := map[string]bool{}
	for _, f := range p {
		applied[f.Field] = true
	}
	if err := dst.Validate(); err != nil {
		for _, f := range attract.ErrorFields(err) {
			if !applied[f.Field] {
				p = append(p, f)
			}
		}
	}
	return p.Err()
}

// formErrorsFor is formErrorsOf that also files a nested field's message
// ("registered_capital.currency") under the control that holds it, and
// adds the problems the handler found before asking the store.
func formErrorsFor(err error, lang string, extra formErrors) (formErrors, error) {
	fe := formErrors{}
	if err != nil {
		var ferr error
		if fe, ferr = formErrorsOf(err, lang); ferr != nil {
			return nil, ferr
		}
	}
	for k, msg := range fe {
		if base, _, ok := strings.Cut(k, "."); ok && base != "" {
			if _, seen := fe[base]; !seen {
				fe[base] = msg
			}
		}
	}
	// The caller's own findings are the more precise: a date that did not
	// parse is "not a date", not "required".
	for k, msg := range extra {
		fe[k] = msg
	}
	if len(fe) > 0 {
		if _, ok := fe[""]; !ok {
			fe[""] = attract.Errorf(attract.EINVALID, "The input has errors.", "输入有误。").Localized(lang)
		}
	}
	return fe, nil
}

// refSuffix is how a company picked from the list is written in a text box:
// its name and "#id", so that two companies of one name stay apart.
var refSuffix = regexp.MustCompile(`#(\d+)\s*$`)

// companyRef is the text a company reference shows in a form.
func companyRef(c *attract.Company) string {
	if c == nil {
		return ""
	}
	return c.DisplayName() + " #" + strconv.FormatInt(c.ID, 10)
}

// resolveCompanies turns the company controls' text into ids: "name #id" as
// picked from the list, or a name that exactly one company has. Problems are
// returned by field.
//
// The project form resolves its companies with projectResolveCompany, which
// differs on purpose: its list offers bare names (with "#id" only where a
// name repeats), so it must keep the current company when its name is left as
// it is and must check that a "#n" ending is the id of a company rather than
// part of a name. Here every reference is written "name #id" (companyRef).
func (h *Handler) resolveCompanies(ctx context.Context, p *page, controls []control, v formValues) (map[string]*int64, formErrors, error) {
	refs, fe := map[string]*int64{}, formErrors{}
	for _, c := range controls {
		if c.kind != asCompany {
			continue
		}
		s := v[c.name]
		if s == "" {
			refs[c.name] = nil
			continue
		}
		if m := refSuffix.FindStringSubmatch(s); m != nil {
			id, err := strconv.ParseInt(m[1], 10, 64)
			if err == nil {
				refs[c.name] = &id
				continue
			}
		}
		found, _, err := h.DB.FindCompanies(ctx, attract.CompanyFilter{Q: s, Limit: 50})
		if err != nil {
			return nil, nil, err
		}
		var ids []int64
		for _, co := range found {
			if strings.EqualFold(co.NameZH, s) || strings.EqualFold(co.NameEN, s) {
				ids = append(ids, co.ID)
			}
		}
		switch len(ids) {
		case 1:
			refs[c.name] = &ids[0]
		case 0:
			fe[c.name] = p.T("company.noparent", s)
		default:
			fe[c.name] = p.T("company.manyparents", s)
		}
	}
	return refs, fe, nil
}

// ---- Options of selects ----

// companySectorOptions lists ISIC Rev.4 as an indented outline, all four
// levels.
var companySectorOptions = sectorOptions(sectorStyle{indent: [4]string{"", "\u00a0", "\u00a0\u00a0", "\u00a0\u00a0\u00a0"}, sep: " "})

// contactLanguages are the languages offered for a contact.
var contactLanguages = []string{"zh", "en", "ja", "ko", "de", "fr", "es", "it", "pt", "ru", "ar", "th", "vi", "ms", "id", "nl"}

func withNone(p *page, label string, opts []option) []option {
	return append([]option{{"", label}}, opts...)
}

func modeOptions(p *page) []option {
	var opts []option
	for _, m := range attract.InvestmentModes {
		opts = append(opts, option{string(m), p.T("mode." + string(m))})
	}
	return withNone(p, p.T("form.none"), opts)
}

// peopleOptions lists the users and teams, for the owner and team selects.
// Disabled users are left out, as the project form leaves them out, but
// for the user ids in keep: a record a disabled user owns keeps its owner
// when someone else saves it.
func (h *Handler) peopleOptions(ctx context.Context, p *page, keep ...string) (users, teams []option, err error) {
	us, err := h.allUsers(ctx)
	if err != nil {
		return nil, nil, err
	}
	ts, err := h.allTeams(ctx)
	if err != nil {
		return nil, nil, err
	}
	none := option{"", p.T("form.none")}
	include := func(u *attract.User) bool { return !u.Disabled || slices.Contains(keep, strconv.FormatInt(u.ID, 10)) }
	return userOptions(us, userAndLogin, include, none), teamOptions(ts, none), nil
}

func idText(id *int64) string {
	if id == nil {
		return ""
	}
	return strconv.FormatInt(*id, 10)
}

// ---- Audit history and conflicts ----

// historyEntry is one line of a record's history.
type historyEntry struct {
	At     time.Time
	Actor  string
	Action string
	Fields string // the labels of the fields changed, for updates
}

// history reads a record's audit history and names the fields each update
// changed.
func (h *Handler) history(ctx context.Context, p *page, entity string, id int64, labels map[string]string) ([]historyEntry, error) {
	entries, _, err := h.DB.FindAudit(ctx, attract.AuditFilter{Entity: entity, EntityID: &id, Limit: 30})
	if err != nil {
		return nil, err
	}
	out := make([]historyEntry, 0, len(entries))
	for _, e := range entries {
		he := historyEntry{At: e.At, Actor: e.ActorName, Action: p.T("dir.audit." + e.Action)}
		if strings.HasPrefix(he.Action, "dir.audit.") {
			he.Action = e.Action
		}
		if e.Action == "update" {
			var names []string
			for _, k := range changedKeys(e.Before, e.After) {
				if l, ok := labels[k]; ok {
					names = append(names, p.T(l))
				}
			}
			if len(names) > 0 {
				he.Fields = p.T("dir.audit.fields", strings.Join(names, p.T("common.listsep")))
			}
		}
		out = append(out, he)
	}
	return out, nil
}

// conflictRow shows one field someone else changed, beside the user's input.
type conflictRow struct {
	Label, Theirs, Yours string
}

// conflictInfo is shown when someone saved the record after the user opened
// it.
type conflictInfo struct {
	Message string
	Rows    []conflictRow
}

// conflictOf explains a stale edit: who saved since version, and, for each
// field they changed (or, failing the history, each field that differs),
// their value beside the user's.
func (h *Handler) conflictOf(ctx context.Context, p *page, entity string, id, version int64, controls []control, options map[string][]option, theirs, yours formValues) (*conflictInfo, error) {
	entries, _, err := h.DB.FindAudit(ctx, attract.AuditFilter{Entity: entity, EntityID: &id, Limit: 50})
	if err != nil {
		return nil, err
	}
	changed := map[string]bool{}
	who, when := p.T("dir.someone"), ""
	for _, e := range savedSince(entries, version) {
		if when == "" {
			who, when = e.ActorName, formatTime(e.At, "2006-01-02 15:04")
		}
		for _, k := range changedKeys(e.Before, e.After) {
			changed[k] = true
		}
	}
	ci := &conflictInfo{Message: p.T("dir.conflict", who, when)}
	if when == "" {
		ci.Message = p.T("dir.conflictanon")
	}
	for _, c := range controls {
		if theirs[c.name] == yours[c.name] || (len(changed) > 0 && !changed[c.name]) {
			continue
		}
		show := func(s string) string {
			switch {
			case c.kind == asBool && s == "true":
				return p.T("common.yes")
			case c.kind == asBool:
				return p.T("common.no")
			case s == "":
				return p.T("dir.empty")
			}
			for _, o := range options[c.name] {
				if o.Value == s {
					return strings.TrimLeft(o.Label, "\u00a0")
				}
			}
			return s
		}
		ci.Rows = append(ci.Rows, conflictRow{Label: p.T(c.label), Theirs: show(theirs[c.name]), Yours: show(yours[c.name])})
	}
	return ci, nil
}

// doneFlash turns a "done" parameter into the flash message it stands for.
func doneFlash(p *page, r *http.Request, messages map[string]string) {
	if key, ok := messages[r.URL.Query().Get("done")]; ok {
		p.Flash = p.T(key)
	}
}

// ---- Companies ----

var companyControls = []control{
	{name: "name_zh", label: "company.name_zh", hint: "company.namehint"},
	{name: "name_en", label: "company.name_en"},
	{name: "uscc", label: "company.uscc", hint: "company.uscchint"},
	{name: "foreign_reg_no", label: "company.foreign_reg"},
	{name: "country", label: "company.country", typ: "select"},
	{name: "ultimate_parent_id", label: "company.parent", hint: "company.parenthint", kind: asCompany},
	{name: "sector", label: "company.sector", typ: "select"},
	{name: "investment_mode", label: "company.mode", typ: "select"},
	{name: "foreign_invested", label: "company.fie", typ: "checkbox", kind: asBool},
	{name: "registration_date", label: "company.regdate", typ: "date", kind: asOptional},
	{name: "registered_capital", label: "company.regcap", hint: "company.regcaphint", kind: asOptional},
	{name: "website", label: "company.website", typ: "url"},
	{name: "owner_id", label: "dir.owner", typ: "select", kind: asID},
	{name: "team_id", label: "dir.team", typ: "select", kind: asID},
	{name: "notes", label: "common.notes", typ: "textarea"},
}

// companyLabels names a company's JSON fields, for its history.
var companyLabels = map[string]string{
	"name_zh": "field.name_zh", "name_en": "field.name_en", "uscc": "field.uscc", "foreign_reg_no": "field.foreign_reg_no",
	"country": "field.country", "ultimate_parent_id": "field.ultimate_parent", "sector": "field.sector",
	"foreign_invested": "field.foreign_invest", "investment_mode": "field.mode", "registration_date": "field.regdate",
	"registered_capital": "field.regcap", "website": "field.website", "notes": "field.notes", "owner_id": "field.owner",
	"team_id": "field.team", "archived_at": "company.archived",
}

// companyRow is a company in the list.
type companyRow struct {
	*attract.Company
	Country, Sector string
}

// companiesData is the company list.
type companiesData struct {
	Filters                   map[string]field
	Archived                  bool
	Items                     []companyRow
	Next, Cursor              string
	ArchivedURL, LiveURL      string
	NextURL, FirstURL, NewURL string
	ExportCSV, ExportXLSX     string
}

// companyFilterOf reads the company list's filters from its query string;
// the list and its exports share them.
func companyFilterOf(q url.Values) attract.CompanyFilter {
	f := attract.CompanyFilter{Q: strings.TrimSpace(q.Get("q")), Country: q.Get("country"), Sector: q.Get("sector"),
		Sort: q.Get("sort"), Cursor: q.Get("cursor"), Archived: q.Get("archived") == "1", Limit: 50}
	if f.Sort != "-updated_at" {
		f.Sort = "name"
	}
	switch q.Get("fie") {
	case "yes":
		f.ForeignInvested = new(true)
	case "no":
		f.ForeignInvested = new(false)
	}
	return f
}

func (h *Handler) companiesPage(w http.ResponseWriter, r *http.Request, p *page) error {
	q := r.URL.Query()
	f := companyFilterOf(q)
	items, next, err := h.DB.FindCompanies(r.Context(), f)
	if err != nil {
		return err
	}
	d := companiesData{Archived: f.Archived, Next: next, Cursor: f.Cursor}
	for _, c := range items {
		d.Items = append(d.Items, companyRow{c, countryName(c.Country, p.Lang), sectorName(c.Sector, p.Lang)})
	}
	d.Filters = map[string]field{
		"q":       {Name: "q", Label: p.T("company.search"), Value: f.Q, Type: "search"},
		"country": {Name: "country", Label: p.T("company.countryshort"), Value: f.Country, Type: "select", Options: withNone(p, p.T("company.any"), countryOptions(p.Lang, true).All)},
		"sector":  {Name: "sector", Label: p.T("company.sectorshort"), Value: f.Sector, Type: "select", Options: withNone(p, p.T("company.any"), companySectorOptions(p.Lang))},
		"fie": {Name: "fie", Label: p.T("company.fieshort"), Value: q.Get("fie"), Type: "select",
			Options: []option{{"", p.T("company.any")}, {"yes", p.T("common.yes")}, {"no", p.T("common.no")}}},
		"sort": {Name: "sort", Label: p.T("company.sort"), Value: f.Sort, Type: "select",
			Options: []option{{"name", p.T("company.sortname")}, {"-updated_at", p.T("company.sortupdated")}}},
	}
	d.NextURL = "/companies" + queryWith(r.URL, "cursor", next)
	d.FirstURL = "/companies" + queryWith(r.URL, "cursor", "")
	d.ArchivedURL = "/companies" + queryWith(r.URL, "archived", "1", "cursor", "")
	d.LiveURL = "/companies" + queryWith(r.URL, "archived", "", "cursor", "")
	d.ExportCSV = "/companies/export.csv" + queryWith(r.URL, "cursor", "")
	d.ExportXLSX = "/companies/export.xlsx" + queryWith(r.URL, "cursor", "")
	p.Title = p.T("company.list")
	if f.Archived {
		p.Title += " · " + p.T("company.archived")
	}
	p.Data = d
	return h.render(w, http.StatusOK, "companies.html", p)
}

// companyProject is a project of a company, with the company's part in it.
type companyProject struct {
	*attract.Project
	Role string
}

// companyActivity is an activity with its project's and author's names.
type companyActivity struct {
	*attract.Activity
	Project string
	Author  string
}

// companyData is a company's page.
type companyData struct {
	C                      *attract.Company
	Country, Sector, Mode  string
	Parent                 *attract.Company
	Owner, Team            string
	Projects               []companyProject
	Activities             []companyActivity
	History                []historyEntry
	CanEdit, CanArchive    bool
	CanMerge               bool
	RegisteredCap, RegDate string
}

func (h *Handler) companyPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	c, err := h.DB.FindCompanyByID(ctx, id, "projects", "contacts")
	if err != nil {
		return err
	}
	d := companyData{C: c, Country: countryName(c.Country, p.Lang), Sector: sectorName(c.Sector, p.Lang)}
	if c.InvestmentMode != "" {
		d.Mode = p.T("mode." + string(c.InvestmentMode))
	}
	if c.RegisteredCap != nil {
		d.RegisteredCap = c.RegisteredCap.Format(p.Lang)
	}
	if c.RegistrationDate != nil {
		d.RegDate = c.RegistrationDate.String()
	}
	if c.UltimateParentID != nil {
		if d.Parent, err = h.DB.FindCompanyByID(ctx, *c.UltimateParentID); err != nil && attract.ErrorCode(err) != attract.ENOTFOUND {
			return err
		}
	}
	staff, err := h.loadPeople(ctx)
	if err != nil {
		return err
	}
	d.Owner, d.Team = staff.userName(c.OwnerID), staff.teamName(c.TeamID)
	names := map[int64]string{}
	for _, pr := range c.Projects {
		role := "company.asinvestor"
		if pr.EnterpriseID != nil && *pr.EnterpriseID == c.ID {
			role = "company.asenterprise"
			if pr.InvestorID != nil && *pr.InvestorID == c.ID {
				role = "company.asinvestor"
			}
		}
		d.Projects = append(d.Projects, companyProject{pr, p.T(role)})
		names[pr.ID] = pr.DisplayName()
	}
	acts, _, err := h.DB.FindActivities(ctx, attract.ActivityFilter{CompanyID: &c.ID, Limit: 30})
	if err != nil {
		return err
	}
	var missing []*attract.Activity
	for _, a := range acts {
		if a.ProjectID != nil && names[*a.ProjectID] == "" {
			missing = append(missing, a)
		}
	}
	if len(missing) > 0 {
		more, err := h.projectNames(r, nil, missing)
		if err != nil {
			return err
		}
		for k, v := range more {
			names[k] = v
		}
	}
	for _, a := range acts {
		d.Activities = append(d.Activities, companyActivity{a, names[ptrID(a.ProjectID)], staff.userName(a.CreatedBy)})
	}
	if d.History, err = h.history(ctx, p, "company", c.ID, companyLabels); err != nil {
		return err
	}
	d.CanEdit = p.Can("company:write") && p.User.CanEdit(c.OwnerID, c.TeamID)
	d.CanArchive = p.Can("company:archive") && p.User.CanEdit(c.OwnerID, c.TeamID)
	d.CanMerge = canMergeCompanies(p) && c.ArchivedAt == nil
	doneFlash(p, r, map[string]string{"created": "company.created", "saved": "company.saved", "archived": "company.wasarchived", "restored": "company.wasrestored", "merged": "merge.done"})
	p.Title = c.DisplayName()
	p.Data = d
	return h.render(w, http.StatusOK, "company.html", p)
}

// companyOptions are the choices of the company form's selects, keeping
// the owners in owners (peopleOptions).
func (h *Handler) companyOptions(ctx context.Context, p *page, owners ...string) (map[string][]option, error) {
	users, teams, err := h.peopleOptions(ctx, p, owners...)
	if err != nil {
		return nil, err
	}
	return map[string][]option{
		"country":         withNone(p, p.T("form.none"), countryOptions(p.Lang, true).All),
		"sector":          withNone(p, p.T("form.none"), companySectorOptions(p.Lang)),
		"investment_mode": modeOptions(p),
		"owner_id":        users,
		"team_id":         teams,
	}, nil
}

// companyFormData is the company form, new or edit.
type companyFormData struct {
	ID, Version int64
	Action      string
	Fields      map[string]field
	Errors      formErrors
	Summary     errorSummary
	Conflict    *conflictInfo
	Companies   []*attract.Company // for the parent's datalist
	Cancel      string
}

// companyValues is the form text of a stored company.
func (h *Handler) companyValues(ctx context.Context, c *attract.Company, lang string) (formValues, error) {
	f := c.CompanyFields
	v := formValues{
		"name_zh": f.NameZH, "name_en": f.NameEN, "uscc": f.USCC, "foreign_reg_no": f.ForeignRegNo, "country": f.Country,
		"sector": f.Sector, "investment_mode": string(f.InvestmentMode), "foreign_invested": strconv.FormatBool(f.ForeignInvested),
		"website": f.Website, "owner_id": idText(f.OwnerID), "team_id": idText(f.TeamID), "notes": f.Notes,
	}
	if f.RegistrationDate != nil {
		v["registration_date"] = f.RegistrationDate.String()
	}
	if f.RegisteredCap != nil {
		v["registered_capital"] = f.RegisteredCap.Format(lang)
	}
	if f.UltimateParentID != nil {
		parent, err := h.DB.FindCompanyByID(ctx, *f.UltimateParentID)
		if err != nil && attract.ErrorCode(err) != attract.ENOTFOUND {
			return nil, err
		}
		v["ultimate_parent_id"] = companyRef(parent)
	}
	return v, nil
}

// renderCompanyForm shows the company form with the user's text and errors.
func (h *Handler) renderCompanyForm(w http.ResponseWriter, r *http.Request, p *page, status int, d companyFormData, v formValues) error {
	opts, err := h.companyOptions(r.Context(), p, v["owner_id"])
	if err != nil {
		return err
	}
	d.Fields = fields(p, companyControls, v, d.Errors, opts)
	d.Summary = summarize(p, companyControls, d.Errors)
	if d.Companies, _, err = h.DB.FindCompanies(r.Context(), attract.CompanyFilter{Limit: 200}); err != nil {
		return err
	}
	if d.ID == 0 {
		d.Action, d.Cancel = "/companies", "/companies"
		p.Title = p.T("company.new")
	} else {
		d.Action, d.Cancel = "/companies/"+strconv.FormatInt(d.ID, 10)+"/edit", "/companies/"+strconv.FormatInt(d.ID, 10)
		p.Title = p.T("company.edit")
	}
	p.Data = d
	return h.render(w, status, "companyform.html", p)
}

func (h *Handler) newCompanyPage(w http.ResponseWriter, r *http.Request, p *page) error {
	v := formValues{"owner_id": idText(&p.User.ID), "team_id": idText(p.User.TeamID), "foreign_invested": "false"}
	return h.renderCompanyForm(w, r, p, http.StatusOK, companyFormData{}, v)
}

func (h *Handler) createCompany(w http.ResponseWriter, r *http.Request, p *page) error {
	ctx := r.Context()
	v := readForm(r, companyControls)
	refs, refErrs, err := h.resolveCompanies(ctx, p, companyControls, v)
	if err != nil {
		return err
	}
	c := &attract.Company{}
	err = checkPatch(patchOf(companyControls, v, refs), &c.CompanyFields)
	if err == nil && !refErrs.Any() {
		err = h.DB.CreateCompany(ctx, c)
		if err == nil {
			return redirect(w, r, "/companies/"+strconv.FormatInt(c.ID, 10)+"?done=created")
		}
	}
	fe, err := formErrorsFor(err, p.Lang, refErrs)
	if err != nil {
		return err
	}
	return h.renderCompanyForm(w, r, p, http.StatusBadRequest, companyFormData{Errors: fe}, v)
}

func (h *Handler) editCompanyPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := h.DB.FindCompanyByID(r.Context(), id)
	if err != nil {
		return err
	}
	if err := attract.AuthorizeEdit(r.Context(), attract.PermCompanyWrite, c.OwnerID, c.TeamID); err != nil {
		return err
	}
	v, err := h.companyValues(r.Context(), c, p.Lang)
	if err != nil {
		return err
	}
	return h.renderCompanyForm(w, r, p, http.StatusOK, companyFormData{ID: c.ID, Version: c.Version}, v)
}

func (h *Handler) updateCompany(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	version := formVersion(r)
	v := readForm(r, companyControls)
	current, err := h.DB.FindCompanyByID(ctx, id)
	if err != nil {
		return err
	}
	refs, refErrs, err := h.resolveCompanies(ctx, p, companyControls, v)
	if err != nil {
		return err
	}
	patch := patchOf(companyControls, v, refs)
	check := current.CompanyFields
	err = checkPatch(patch, &check)
	if err == nil && !refErrs.Any() {
		_, err = h.DB.UpdateCompany(ctx, id, version, patch)
		if err == nil {
			return redirect(w, r, "/companies/"+strconv.FormatInt(id, 10)+"?done=saved")
		}
	}
	d := companyFormData{ID: id, Version: version}
	if attract.ErrorCode(err) == attract.ECONFLICT && len(attract.ErrorFields(err)) == 0 {
		// Someone saved first. The form keeps the user's text and now
		// carries the current version, so saving again keeps theirs.
		current, ferr := h.DB.FindCompanyByID(ctx, id)
		if ferr != nil {
			return ferr
		}
		if current.Version != version {
			theirs, err := h.companyValues(ctx, current, p.Lang)
			if err != nil {
				return err
			}
			opts, err := h.companyOptions(ctx, p, theirs["owner_id"], v["owner_id"])
			if err != nil {
				return err
			}
			if d.Conflict, err = h.conflictOf(ctx, p, "company", id, version, companyControls, opts, theirs, v); err != nil {
				return err
			}
			d.Version = current.Version
			return h.renderCompanyForm(w, r, p, http.StatusConflict, d, v)
		}
	}
	if d.Errors, err = formErrorsFor(err, p.Lang, refErrs); err != nil {
		return err
	}
	return h.renderCompanyForm(w, r, p, http.StatusBadRequest, d, v)
}

func (h *Handler) archiveCompany(archived bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *page) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if _, err := h.DB.ArchiveCompany(r.Context(), id, formVersion(r), archived); err != nil {
			return err
		}
		done := "restored"
		if archived {
			done = "archived"
		}
		return redirect(w, r, "/companies/"+strconv.FormatInt(id, 10)+"?done="+done)
	}
}

// ---- Contacts ----

var contactControls = []control{
	{name: "company_id", label: "contact.company", hint: "contact.companyhint", kind: asCompany},
	{name: "name_zh", label: "contact.name_zh", hint: "contact.namehint"},
	{name: "name_en", label: "contact.name_en"},
	{name: "title", label: "contact.title"},
	{name: "email", label: "contact.email", typ: "email"},
	{name: "phone", label: "contact.phone", typ: "tel"},
	{name: "wechat", label: "contact.wechat"},
	{name: "language", label: "contact.language", typ: "select"},
	{name: "owner_id", label: "dir.owner", typ: "select", kind: asID},
	{name: "team_id", label: "dir.team", typ: "select", kind: asID},
	{name: "notes", label: "common.notes", typ: "textarea"},
}

var contactLabels = map[string]string{
	"company_id": "field.company", "name_zh": "field.name_zh", "name_en": "field.name_en", "title": "field.title",
	"email": "field.email", "phone": "field.phone", "wechat": "field.wechat", "language": "field.language",
	"notes": "field.notes", "owner_id": "field.owner", "team_id": "field.team", "archived_at": "company.archived",
}

// languageName names a contact's language in lang.
func languageName(p *page, code string) string {
	if code == "" {
		return ""
	}
	if slices.Contains(contactLanguages, code) {
		return p.T("lang.name." + code)
	}
	return code
}

func languageOptions(p *page, current string) []option {
	opts := []option{{"", p.T("form.none")}}
	for _, l := range contactLanguages {
		opts = append(opts, option{l, p.T("lang.name."+l) + " (" + l + ")"})
	}
	if current != "" && !slices.Contains(contactLanguages, current) {
		opts = append(opts, option{current, current})
	}
	return opts
}

// contactRow is a contact in the list, with its company's name.
type contactRow struct {
	*attract.Contact
	Company string
}

// contactsData is the contact list.
type contactsData struct {
	Filters                        map[string]field
	Company                        *attract.Company
	Archived                       bool
	Items                          []contactRow
	Next, Cursor                   string
	NextURL, FirstURL, NewURL      string
	ArchivedURL, LiveURL, ClearURL string
	ExportCSV, ExportXLSX          string
}

// contactFilterOf reads the contact list's filters from its query string,
// with the company it is limited to, if any; the list and its exports share
// them.
func (h *Handler) contactFilterOf(ctx context.Context, q url.Values) (attract.ContactFilter, *attract.Company, error) {
	f := attract.ContactFilter{Q: strings.TrimSpace(q.Get("q")), Sort: q.Get("sort"), Cursor: q.Get("cursor"), Archived: q.Get("archived") == "1", Limit: 50}
	if f.Sort != "-updated_at" {
		f.Sort = "name"
	}
	s := q.Get("company")
	if s == "" {
		return f, nil, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return f, nil, attract.Errorf(attract.ENOTFOUND, "There is no such company.", "该企业不存在。")
	}
	co, err := h.DB.FindCompanyByID(ctx, id)
	if err != nil {
		return f, nil, err
	}
	f.CompanyID = &id
	return f, co, nil
}

func (h *Handler) contactsPage(w http.ResponseWriter, r *http.Request, p *page) error {
	ctx := r.Context()
	f, co, err := h.contactFilterOf(ctx, r.URL.Query())
	if err != nil {
		return err
	}
	d := contactsData{Archived: f.Archived, Cursor: f.Cursor, NewURL: "/contacts/new", Company: co}
	if co != nil {
		d.NewURL += "?company=" + strconv.FormatInt(co.ID, 10)
	}
	items, next, err := h.DB.FindContacts(ctx, f)
	if err != nil {
		return err
	}
	var ids []int64
	for _, c := range items {
		if c.CompanyID != nil {
			ids = append(ids, *c.CompanyID)
		}
	}
	names, err := h.companyNames(ctx, ids)
	if err != nil {
		return err
	}
	for _, c := range items {
		d.Items = append(d.Items, contactRow{c, names[ptrID(c.CompanyID)]})
	}
	d.Next = next
	d.Filters = map[string]field{
		"q": {Name: "q", Label: p.T("contact.search"), Value: f.Q, Type: "search"},
		"sort": {Name: "sort", Label: p.T("company.sort"), Value: f.Sort, Type: "select",
			Options: []option{{"name", p.T("company.sortname")}, {"-updated_at", p.T("company.sortupdated")}}},
	}
	d.NextURL = "/contacts" + queryWith(r.URL, "cursor", next)
	d.FirstURL = "/contacts" + queryWith(r.URL, "cursor", "")
	d.ArchivedURL = "/contacts" + queryWith(r.URL, "archived", "1", "cursor", "")
	d.LiveURL = "/contacts" + queryWith(r.URL, "archived", "", "cursor", "")
	d.ClearURL = "/contacts" + queryWith(r.URL, "company", "", "cursor", "")
	d.ExportCSV = "/contacts/export.csv" + queryWith(r.URL, "cursor", "")
	d.ExportXLSX = "/contacts/export.xlsx" + queryWith(r.URL, "cursor", "")
	p.Title = p.T("contact.list")
	if d.Company != nil {
		p.Title = p.T("contact.atcompany", d.Company.DisplayName())
	}
	p.Data = d
	return h.render(w, http.StatusOK, "contacts.html", p)
}

// contactData is a contact's page.
type contactData struct {
	C                   *attract.Contact
	Language            string
	Tel                 template.URL
	Owner, Team         string
	Activities          []companyActivity
	History             []historyEntry
	CanEdit, CanArchive bool
}

// telURL is a tel: link for a phone number as people write it ("+86 758
// 123-4567"); Validate lets through only digits, spaces, +, - and brackets,
// and the link keeps only the + and digits.
func telURL(phone string) template.URL {
	var b strings.Builder
	for _, r := range phone {
		if r == '+' || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return template.URL("tel:" + b.String())
}

func (h *Handler) contactPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	c, err := h.DB.FindContactByID(ctx, id, "company")
	if err != nil {
		return err
	}
	d := contactData{C: c, Language: languageName(p, c.Language), Tel: telURL(c.Phone)}
	staff, err := h.loadPeople(ctx)
	if err != nil {
		return err
	}
	d.Owner, d.Team = staff.userName(c.OwnerID), staff.teamName(c.TeamID)
	acts, _, err := h.DB.FindActivities(ctx, attract.ActivityFilter{ContactID: &c.ID, Limit: 30})
	if err != nil {
		return err
	}
	names, err := h.projectNames(r, nil, acts)
	if err != nil {
		return err
	}
	for _, a := range acts {
		d.Activities = append(d.Activities, companyActivity{a, names[ptrID(a.ProjectID)], staff.userName(a.CreatedBy)})
	}
	if d.History, err = h.history(ctx, p, "contact", c.ID, contactLabels); err != nil {
		return err
	}
	d.CanEdit = p.Can("contact:write") && p.User.CanEdit(c.OwnerID, c.TeamID)
	d.CanArchive = p.Can("contact:archive") && p.User.CanEdit(c.OwnerID, c.TeamID)
	doneFlash(p, r, map[string]string{"created": "contact.created", "saved": "company.saved", "archived": "contact.wasarchived", "restored": "contact.wasrestored"})
	p.Title = c.DisplayName()
	p.Data = d
	return h.render(w, http.StatusOK, "contact.html", p)
}

// contactFormData is the contact form, new or edit.
type contactFormData struct {
	ID, Version int64
	Action      string
	Fields      map[string]field
	Errors      formErrors
	Summary     errorSummary
	Conflict    *conflictInfo
	Companies   []*attract.Company
	Cancel      string
}

func (h *Handler) contactValues(ctx context.Context, c *attract.Contact) (formValues, error) {
	f := c.ContactFields
	v := formValues{"name_zh": f.NameZH, "name_en": f.NameEN, "title": f.Title, "email": f.Email, "phone": f.Phone,
		"wechat": f.WeChat, "language": f.Language, "owner_id": idText(f.OwnerID), "team_id": idText(f.TeamID), "notes": f.Notes}
	if f.CompanyID != nil {
		co, err := h.DB.FindCompanyByID(ctx, *f.CompanyID)
		if err != nil && attract.ErrorCode(err) != attract.ENOTFOUND {
			return nil, err
		}
		v["company_id"] = companyRef(co)
	}
	return v, nil
}

// contactOptions are the choices of the contact form's selects, keeping
// the owners in owners (peopleOptions).
func (h *Handler) contactOptions(ctx context.Context, p *page, language string, owners ...string) (map[string][]option, error) {
	users, teams, err := h.peopleOptions(ctx, p, owners...)
	if err != nil {
		return nil, err
	}
	return map[string][]option{"language": languageOptions(p, language), "owner_id": users, "team_id": teams}, nil
}

func (h *Handler) renderContactForm(w http.ResponseWriter, r *http.Request, p *page, status int, d contactFormData, v formValues) error {
	opts, err := h.contactOptions(r.Context(), p, v["language"], v["owner_id"])
	if err != nil {
		return err
	}
	d.Fields = fields(p, contactControls, v, d.Errors, opts)
	d.Summary = summarize(p, contactControls, d.Errors)
	if d.Companies, _, err = h.DB.FindCompanies(r.Context(), attract.CompanyFilter{Limit: 200}); err != nil {
		return err
	}
	if d.ID == 0 {
		d.Action, d.Cancel = "/contacts", "/contacts"
		p.Title = p.T("contact.new")
	} else {
		d.Action, d.Cancel = "/contacts/"+strconv.FormatInt(d.ID, 10)+"/edit", "/contacts/"+strconv.FormatInt(d.ID, 10)
		p.Title = p.T("contact.edit")
	}
	p.Data = d
	return h.render(w, status, "contactform.html", p)
}

func (h *Handler) newContactPage(w http.ResponseWriter, r *http.Request, p *page) error {
	v := formValues{"owner_id": idText(&p.User.ID), "team_id": idText(p.User.TeamID)}
	if s := r.URL.Query().Get("company"); s != "" {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			co, err := h.DB.FindCompanyByID(r.Context(), id)
			if err != nil {
				return err
			}
			v["company_id"] = companyRef(co)
		}
	}
	return h.renderContactForm(w, r, p, http.StatusOK, contactFormData{}, v)
}

func (h *Handler) createContact(w http.ResponseWriter, r *http.Request, p *page) error {
	ctx := r.Context()
	v := readForm(r, contactControls)
	refs, refErrs, err := h.resolveCompanies(ctx, p, contactControls, v)
	if err != nil {
		return err
	}
	c := &attract.Contact{}
	err = checkPatch(patchOf(contactControls, v, refs), &c.ContactFields)
	if err == nil && !refErrs.Any() {
		err = h.DB.CreateContact(ctx, c)
		if err == nil {
			return redirect(w, r, "/contacts/"+strconv.FormatInt(c.ID, 10)+"?done=created")
		}
	}
	fe, err := formErrorsFor(err, p.Lang, refErrs)
	if err != nil {
		return err
	}
	return h.renderContactForm(w, r, p, http.StatusBadRequest, contactFormData{Errors: fe}, v)
}

func (h *Handler) editContactPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := h.DB.FindContactByID(r.Context(), id)
	if err != nil {
		return err
	}
	if err := attract.AuthorizeEdit(r.Context(), attract.PermContactWrite, c.OwnerID, c.TeamID); err != nil {
		return err
	}
	v, err := h.contactValues(r.Context(), c)
	if err != nil {
		return err
	}
	return h.renderContactForm(w, r, p, http.StatusOK, contactFormData{ID: c.ID, Version: c.Version}, v)
}

func (h *Handler) updateContact(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	version := formVersion(r)
	v := readForm(r, contactControls)
	current, err := h.DB.FindContactByID(ctx, id)
	if err != nil {
		return err
	}
	refs, refErrs, err := h.resolveCompanies(ctx, p, contactControls, v)
	if err != nil {
		return err
	}
	patch := patchOf(contactControls, v, refs)
	check := current.ContactFields
	err = checkPatch(patch, &check)
	if err == nil && !refErrs.Any() {
		_, err = h.DB.UpdateContact(ctx, id, version, patch)
		if err == nil {
			return redirect(w, r, "/contacts/"+strconv.FormatInt(id, 10)+"?done=saved")
		}
	}
	d := contactFormData{ID: id, Version: version}
	if attract.ErrorCode(err) == attract.ECONFLICT && len(attract.ErrorFields(err)) == 0 {
		current, ferr := h.DB.FindContactByID(ctx, id)
		if ferr != nil {
			return ferr
		}
		if current.Version != version {
			theirs, err := h.contactValues(ctx, current)
			if err != nil {
				return err
			}
			opts, err := h.contactOptions(ctx, p, theirs["language"], theirs["owner_id"], v["owner_id"])
			if err != nil {
				return err
			}
			if d.Conflict, err = h.conflictOf(ctx, p, "contact", id, version, contactControls, opts, theirs, v); err != nil {
				return err
			}
			d.Version = current.Version
			return h.renderContactForm(w, r, p, http.StatusConflict, d, v)
		}
	}
	if d.Errors, err = formErrorsFor(err, p.Lang, refErrs); err != nil {
		return err
	}
	return h.renderContactForm(w, r, p, http.StatusBadRequest, d, v)
}

func (h *Handler) archiveContact(archived bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *page) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if _, err := h.DB.ArchiveContact(r.Context(), id, formVersion(r), archived); err != nil {
			return err
		}
		done := "restored"
		if archived {
			done = "archived"
		}
		return redirect(w, r, "/contacts/"+strconv.FormatInt(id, 10)+"?done="+done)
	}
}
