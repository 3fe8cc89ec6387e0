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
	"company.projectsmore":  {"The %d most recently updated are shown.", "仅显示最近更新的 %d 个。"},
	"company.projectsall":   {"All of them in the project list", "在项目列表中查看全部"},
	"company.projectslist":  {"Open them in the project list", "在项目列表中打开"},
	"company.contactsmore":  {"The first %d by name are shown.", "仅按姓名显示前 %d 位。"},
	"company.contactsall":   {"All of them in the contact list", "在联系人列表中查看全部"},
	"company.contactslist":  {"Open them in the contact list", "在联系人列表中打开"},
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
	companies, contacts := h.companyForms(), h.contactForms()
	h.handle("GET /companies", attract.PermCompanyRead, h.companiesPage)
	h.handle("GET /companies/new", attract.PermCompanyWrite, companies.newForm)
	h.handle("POST /companies", attract.PermCompanyWrite, companies.create)
	h.handle("GET /companies/{id}", attract.PermCompanyRead, h.snapshotPage("company.html", h.companyPageData))
	h.handle("GET /companies/{id}/activities", attract.PermActivityRead, h.recordActivitiesPage("company"))
	h.handle("GET /companies/{id}/edit", attract.PermCompanyWrite, companies.editForm)
	h.handle("POST /companies/{id}/edit", attract.PermCompanyWrite, companies.update)
	h.handle("POST /companies/{id}/archive", attract.PermCompanyArchive, companies.archive(true))
	h.handle("POST /companies/{id}/restore", attract.PermCompanyArchive, companies.archive(false))
	h.handle("GET /companies/export.csv", attract.PermCompanyRead, h.exportCompanies("csv"))
	h.handle("GET /companies/export.xlsx", attract.PermCompanyRead, h.exportCompanies("xlsx"))
	h.handle("GET /companies/{id}/merge", attract.PermCompanyArchive, h.mergeCompanyPage)
	h.handle("POST /companies/{id}/merge", attract.PermCompanyArchive, h.mergeCompany)

	h.handle("GET /contacts", attract.PermContactRead, h.contactsPage)
	h.handle("GET /contacts/new", attract.PermContactWrite, contacts.newForm)
	h.handle("POST /contacts", attract.PermContactWrite, contacts.create)
	h.handle("GET /contacts/{id}", attract.PermContactRead, h.snapshotPage("contact.html", h.contactPageData))
	h.handle("GET /contacts/{id}/activities", attract.PermActivityRead, h.recordActivitiesPage("contact"))
	h.handle("GET /contacts/{id}/edit", attract.PermContactWrite, contacts.editForm)
	h.handle("POST /contacts/{id}/edit", attract.PermContactWrite, contacts.update)
	h.handle("POST /contacts/{id}/archive", attract.PermContactArchive, contacts.archive(true))
	h.handle("POST /contacts/{id}/restore", attract.PermContactArchive, contacts.archive(false))
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

// checkPatch applies the patch to dst, fields read for the purpose (the
// store applies the patch again to the record as it stands when it writes),
// and validates the result, so that the form reports every problem at once:
// the store stops at the first step that fails.
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

// history reads the latest changes of a record's audit history, names
// who made them as the project page does, and the fields each update
// changed; more says so when there are older ones.
func (h *Handler) history(ctx context.Context, p *page, staff *people, entity string, id int64, labels map[string]string) (out []historyEntry, more string, err error) {
	entries, next, err := h.DB.FindAudit(ctx, attract.AuditFilter{Entity: entity, EntityID: &id, Limit: recordHistoryLimit})
	if err != nil {
		return nil, "", err
	}
	if next != "" {
		more = p.T("project.auditmore", recordHistoryLimit)
	}
	out = make([]historyEntry, 0, len(entries))
	for _, e := range entries {
		he := historyEntry{At: e.At, Actor: auditActor(p, staff, e), Action: p.T("dir.audit." + e.Action)}
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
	return out, more, nil
}

// recordHistoryLimit is how many changes a company's or a contact's page
// shows of its history.
const recordHistoryLimit = 30

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
			who, when = e.ActorName, formatTime(e.At, minuteLayout)
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

// ---- What companies and contacts share ----

// recordKind describes companies or contacts to the code that serves both
// alike: their names, URLs, permissions, messages and form controls.
type recordKind struct {
	entity      string // in the audit trail: "company", "contact"
	path        string // the list, under which each record has its page: "/companies"
	form        string // the form's page template
	newTitle    string // catalog keys of the form's titles
	editTitle   string
	archiveAsk  string             // catalog key of the question before archiving
	writePerm   attract.Permission // to edit a record of one's own or one's team's
	archivePerm attract.Permission // to archive or restore one
	done        map[string]string  // a page's "done" parameters and the flashes they stand for
	controls    []control
	labels      map[string]string // the catalog keys that name the JSON fields, for the history
}

// url is the page of the record id.
func (k *recordKind) url(id int64) string {
	return k.path + "/" + strconv.FormatInt(id, 10)
}

// recordState is what the shared handlers read of a company or a contact.
type recordState struct {
	id, version int64
	owner, team *int64
	fields      validator // the record's editable fields, to patch and check
}

// recordForms serves the forms of one kind of record, R, and what is posted
// from them and from the record's page: the new and edit forms, create,
// update with its conflict view, and archive and restore.
type recordForms[R any] struct {
	*recordKind
	h     *Handler
	state func(*R) recordState // companyState or contactState
	// prefill adds what a new record's form starts with, besides the user
	// as its owner and the user's team.
	prefill func(r *http.Request, v formValues) error
	// values is the form text of a stored record.
	values func(ctx context.Context, rec *R, lang string) (formValues, error)
	// options are the choices of the form's selects for the text v,
	// keeping the owners in owners (peopleOptions).
	options func(ctx context.Context, p *page, v formValues, owners ...string) (map[string][]option, error)

	// The store's methods for R.
	storeFind    func(ctx context.Context, id int64, embed ...string) (*R, error)
	storeCreate  func(ctx context.Context, rec *R) error
	storeUpdate  func(ctx context.Context, id, version int64, patch attract.Patch) (*R, error)
	storeArchive func(ctx context.Context, id, version int64, archived bool) (*R, error)
}

// recordFormData is the form of a company or a contact, new or edit.
type recordFormData struct {
	ID, Version int64
	Action      string
	Fields      map[string]field
	Errors      formErrors
	Summary     errorSummary
	Conflict    *conflictInfo
	Companies   []*attract.Company // for the datalist of company references
	Cancel      string
}

// renderForm shows the form with the user's text and errors.
func (f *recordForms[R]) renderForm(w http.ResponseWriter, r *http.Request, p *page, status int, d recordFormData, v formValues) error {
	opts, err := f.options(r.Context(), p, v, v["owner_id"])
	if err != nil {
		return err
	}
	d.Fields = fields(p, f.controls, v, d.Errors, opts)
	d.Summary = summarize(p, f.controls, d.Errors)
	if d.Companies, _, err = f.h.DB.FindCompanies(r.Context(), attract.CompanyFilter{Limit: 200}); err != nil {
		return err
	}
	if d.ID == 0 {
		d.Action, d.Cancel = f.path, f.path
		p.Title = p.T(f.newTitle)
	} else {
		d.Action, d.Cancel = f.url(d.ID)+"/edit", f.url(d.ID)
		p.Title = p.T(f.editTitle)
	}
	p.Data = d
	return f.h.render(w, status, f.form, p)
}

func (f *recordForms[R]) newForm(w http.ResponseWriter, r *http.Request, p *page) error {
	v := formValues{"owner_id": idText(&p.User.ID), "team_id": idText(p.User.TeamID)}
	if err := f.prefill(r, v); err != nil {
		return err
	}
	return f.renderForm(w, r, p, http.StatusOK, recordFormData{}, v)
}

func (f *recordForms[R]) create(w http.ResponseWriter, r *http.Request, p *page) error {
	ctx := r.Context()
	v := readForm(r, f.controls)
	refs, refErrs, err := f.h.resolveCompanies(ctx, p, f.controls, v)
	if err != nil {
		return err
	}
	rec := new(R)
	err = checkPatch(patchOf(f.controls, v, refs), f.state(rec).fields)
	if err == nil && !refErrs.Any() {
		err = f.storeCreate(ctx, rec)
		if err == nil {
			return redirect(w, r, f.url(f.state(rec).id)+"?done=created")
		}
	}
	fe, err := formErrorsFor(err, p.Lang, refErrs)
	if err != nil {
		return err
	}
	return f.renderForm(w, r, p, http.StatusBadRequest, recordFormData{Errors: fe}, v)
}

func (f *recordForms[R]) editForm(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	rec, err := f.storeFind(r.Context(), id)
	if err != nil {
		return err
	}
	s := f.state(rec)
	if err := attract.AuthorizeEdit(r.Context(), f.writePerm, s.owner, s.team); err != nil {
		return err
	}
	v, err := f.values(r.Context(), rec, p.Lang)
	if err != nil {
		return err
	}
	return f.renderForm(w, r, p, http.StatusOK, recordFormData{ID: s.id, Version: s.version}, v)
}

func (f *recordForms[R]) update(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	version := formVersion(r)
	v := readForm(r, f.controls)
	current, err := f.storeFind(ctx, id)
	if err != nil {
		return err
	}
	refs, refErrs, err := f.h.resolveCompanies(ctx, p, f.controls, v)
	if err != nil {
		return err
	}
	patch := patchOf(f.controls, v, refs)
	// The record read here serves only to check the patch against; the
	// store applies it to the record as it stands when it writes.
	err = checkPatch(patch, f.state(current).fields)
	if err == nil && !refErrs.Any() {
		_, err = f.storeUpdate(ctx, id, version, patch)
		if err == nil {
			return redirect(w, r, f.url(id)+"?done=saved")
		}
	}
	d := recordFormData{ID: id, Version: version}
	if attract.ErrorCode(err) == attract.ECONFLICT && len(attract.ErrorFields(err)) == 0 {
		// Someone saved first. The form keeps the user's text and now
		// carries the current version, so saving again keeps the user's.
		current, ferr := f.storeFind(ctx, id)
		if ferr != nil {
			return ferr
		}
		if s := f.state(current); s.version != version {
			theirs, err := f.values(ctx, current, p.Lang)
			if err != nil {
				return err
			}
			opts, err := f.options(ctx, p, theirs, theirs["owner_id"], v["owner_id"])
			if err != nil {
				return err
			}
			if d.Conflict, err = f.h.conflictOf(ctx, p, f.entity, id, version, f.controls, opts, theirs, v); err != nil {
				return err
			}
			d.Version = s.version
			return f.renderForm(w, r, p, http.StatusConflict, d, v)
		}
	}
	if d.Errors, err = formErrorsFor(err, p.Lang, refErrs); err != nil {
		return err
	}
	return f.renderForm(w, r, p, http.StatusBadRequest, d, v)
}

func (f *recordForms[R]) archive(archived bool) handlerFunc {
	done := "restored"
	if archived {
		done = "archived"
	}
	return func(w http.ResponseWriter, r *http.Request, p *page) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		if _, err := f.storeArchive(r.Context(), id, formVersion(r), archived); err != nil {
			return err
		}
		return redirect(w, r, f.url(id)+"?done="+done)
	}
}

// recordPage is what the pages of a company and a contact share: the
// buttons at the top, the owner and team, the activities and the history.
type recordPage struct {
	URL                           string // the record's page, under which its buttons lead
	ArchiveAsk                    string // the question before archiving
	Owner, Team                   string
	Activities                    []activityRow // the latest recordActivities
	MoreActivities                string        // "" when they are all shown
	History                       []historyEntry
	HistoryMore                   string // "" when the whole history is shown
	CanEdit, CanArchive, CanMerge bool
}

// recordPageOf reads what the pages of a company and a contact share, with
// the activities acts finds; the names of their projects and contacts are
// looked up but for those in projects and contacts (not nil: it gains the
// names looked up). It also shows the flash
// of the page's "done" parameter.
func (h *Handler) recordPageOf(r *http.Request, p *page, k *recordKind, s recordState, acts attract.ActivityFilter, projects, contacts map[int64]string) (recordPage, error) {
	ctx := r.Context()
	d := recordPage{URL: k.url(s.id), ArchiveAsk: p.T(k.archiveAsk)}
	staff, err := h.loadPeople(ctx)
	if err != nil {
		return d, err
	}
	d.Owner, d.Team = staff.userName(s.owner), staff.teamName(s.team)
	found, next, err := h.DB.FindActivities(ctx, acts)
	if err != nil {
		return d, err
	}
	if next != "" {
		d.MoreActivities = p.T("acts.latest", acts.Limit)
	}
	var missing []*attract.Activity
	for _, a := range found {
		if a.ProjectID != nil && projects[*a.ProjectID] == "" {
			missing = append(missing, a)
		}
	}
	names, err := h.projectNames(r, nil, missing)
	if err != nil {
		return d, err
	}
	maps.Copy(names, projects)
	if err := h.contactNames(ctx, participantIDs(found), contacts); err != nil {
		return d, err
	}
	d.Activities = activityRows(p, staff, found, contacts, names)
	if d.History, d.HistoryMore, err = h.history(ctx, p, staff, k.entity, s.id, k.labels); err != nil {
		return d, err
	}
	d.CanEdit = p.Can(string(k.writePerm)) && p.User.CanEdit(s.owner, s.team)
	d.CanArchive = p.Can(string(k.archivePerm)) && p.User.CanEdit(s.owner, s.team)
	doneFlash(p, r, k.done)
	return d, nil
}

// listLinks are the links of a company or contact list that keep its
// filters: the next and first pages, the archived or the current records,
// and the exports.
type listLinks struct {
	NextURL, FirstURL     string
	ArchivedURL, LiveURL  string
	ExportCSV, ExportXLSX string
}

// listLinksOf is the links of the list at path, shown at u, whose next page
// starts at the cursor next.
func listLinksOf(path string, u *url.URL, next string) listLinks {
	return listLinks{
		NextURL:     path + queryWith(u, "cursor", next),
		FirstURL:    path + queryWith(u, "cursor", ""),
		ArchivedURL: path + queryWith(u, "archived", "1", "cursor", ""),
		LiveURL:     path + queryWith(u, "archived", "", "cursor", ""),
		ExportCSV:   path + "/export.csv" + queryWith(u, "cursor", ""),
		ExportXLSX:  path + "/export.xlsx" + queryWith(u, "cursor", ""),
	}
}

// sortFilter is the order of a company or contact list.
func sortFilter(p *page, sort string) field {
	return field{Name: "sort", Label: p.T("company.sort"), Value: sort, Type: "select",
		Options: []option{{"name", p.T("company.sortname")}, {"-updated_at", p.T("company.sortupdated")}}}
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

var companyKind = &recordKind{
	entity: "company", path: "/companies", form: "companyform.html",
	newTitle: "company.new", editTitle: "company.edit", archiveAsk: "company.archiveask",
	writePerm: attract.PermCompanyWrite, archivePerm: attract.PermCompanyArchive,
	done: map[string]string{"created": "company.created", "saved": "company.saved", "archived": "company.wasarchived",
		"restored": "company.wasrestored", "merged": "merge.done"},
	controls: companyControls, labels: companyLabels,
}

func companyState(c *attract.Company) recordState {
	return recordState{c.ID, c.Version, c.OwnerID, c.TeamID, &c.CompanyFields}
}

// companyForms serves the company forms.
func (h *Handler) companyForms() *recordForms[attract.Company] {
	return &recordForms[attract.Company]{
		recordKind: companyKind, h: h, state: companyState,
		prefill: func(_ *http.Request, v formValues) error {
			v["foreign_invested"] = "false"
			return nil
		},
		values: h.companyValues, options: h.companyOptions,
		storeFind: h.DB.FindCompanyByID, storeCreate: h.DB.CreateCompany,
		storeUpdate: h.DB.UpdateCompany, storeArchive: h.DB.ArchiveCompany,
	}
}

// companyRow is a company in the list.
type companyRow struct {
	*attract.Company
	Country, Sector string
}

// companiesData is the company list.
type companiesData struct {
	Filters      map[string]field
	Archived     bool
	Items        []companyRow
	Next, Cursor string
	listLinks
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
	d := companiesData{Archived: f.Archived, Next: next, Cursor: f.Cursor, listLinks: listLinksOf("/companies", r.URL, next)}
	for _, c := range items {
		d.Items = append(d.Items, companyRow{c, countryName(c.Country, p.Lang), sectorName(c.Sector, p.Lang)})
	}
	d.Filters = map[string]field{
		"q":       {Name: "q", Label: p.T("company.search"), Value: f.Q, Type: "search"},
		"country": {Name: "country", Label: p.T("company.countryshort"), Value: f.Country, Type: "select", Options: withNone(p, p.T("company.any"), countryOptions(p.Lang, true).All)},
		"sector":  {Name: "sector", Label: p.T("company.sectorshort"), Value: f.Sector, Type: "select", Options: withNone(p, p.T("company.any"), companySectorOptions(p.Lang))},
		"fie": {Name: "fie", Label: p.T("company.fieshort"), Value: q.Get("fie"), Type: "select",
			Options: []option{{"", p.T("company.any")}, {"yes", p.T("common.yes")}, {"no", p.T("common.no")}}},
		"sort": sortFilter(p, f.Sort),
	}
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

// recordProjects is how many projects a company's page shows, the most
// recently updated, before it links to the project list filtered by the
// company: an investor with hundreds of projects has a page of one screen.
const recordProjects = 20

// recordContacts is how many of its contacts a company's page lists, by
// name, before it links to the contact list filtered by the company.
const recordContacts = 20

// companyData is a company's page.
type companyData struct {
	C                      *attract.Company
	Country, Sector, Mode  string
	Parent                 *attract.Company
	Projects               []companyProject   // the latest
	Contacts               []*attract.Contact // the first by name
	ProjectsShown          shown
	ContactsShown          shown
	RegisteredCap, RegDate string
	recordPage
}

// shown is what a company's page says of the projects or contacts it
// lists: how many there are, whether it lists them all, and the link to
// the list filtered by the company, which has them all.
type shown struct {
	Count     int
	More      string // "" when the page lists them all
	List      string // "" when there are none
	ListLabel string
}

// shownOf counts the n records of kind ("projects", "contacts") a
// company's page lists, or all of them with count when the list goes on
// (next is its cursor), and links them to list.
func shownOf(p *page, kind string, n int, next, list string, count func() (int, error)) (shown, error) {
	sh := shown{Count: n}
	if n > 0 {
		sh.List, sh.ListLabel = list, p.T("company."+kind+"list")
	}
	if next != "" {
		var err error
		if sh.Count, err = count(); err != nil {
			return sh, err
		}
		sh.More, sh.ListLabel = p.T("company."+kind+"more", n), p.T("company."+kind+"all")
	}
	return sh, nil
}

// snapshotPage serves the page of the record named by the path's id:
// fill reads and formats it into p in one snapshot of the database
// (sqlstore.DB.ReadSnapshot), and the template renders it after the
// snapshot has ended.
func (h *Handler) snapshotPage(tmpl string, fill func(r *http.Request, p *page, id int64) error) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *page) error {
		id, err := pathID(r)
		if err != nil {
			return err
		}
		err = h.DB.ReadSnapshot(r.Context(), func(ctx context.Context) error {
			return fill(r.WithContext(ctx), p, id)
		})
		if err != nil {
			return err
		}
		return h.render(w, http.StatusOK, tmpl, p)
	}
}

// companyPageData reads and formats what a company's page shows, in one
// snapshot of the database, into p.
func (h *Handler) companyPageData(r *http.Request, p *page, id int64) error {
	ctx := r.Context()
	c, err := h.DB.FindCompanyByID(ctx, id)
	if err != nil {
		return err
	}
	// The latest projects; the project list has them all.
	projects, next, err := h.DB.FindProjects(ctx, attract.ProjectFilter{CompanyID: &c.ID, Limit: recordProjects})
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
	names := map[int64]string{}
	for _, pr := range projects {
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
	company := "?company=" + strconv.FormatInt(c.ID, 10)
	d.ProjectsShown, err = shownOf(p, "projects", len(projects), next, "/projects"+company,
		func() (int, error) { return h.DB.CountCompanyProjects(ctx, c.ID) })
	if err != nil {
		return err
	}
	contacts, next, err := h.DB.FindContacts(ctx, attract.ContactFilter{CompanyID: &c.ID, Limit: recordContacts})
	if err != nil {
		return err
	}
	d.Contacts = contacts
	d.ContactsShown, err = shownOf(p, "contacts", len(contacts), next, "/contacts"+company,
		func() (int, error) { return h.DB.CountCompanyContacts(ctx, c.ID) })
	if err != nil {
		return err
	}
	acts := attract.ActivityFilter{CompanyID: &c.ID, Limit: recordActivities}
	if d.recordPage, err = h.recordPageOf(r, p, companyKind, companyState(c), acts, names, contactNamesOf(contacts)); err != nil {
		return err
	}
	d.CanMerge = canMergeCompanies(p) && c.ArchivedAt == nil
	p.Title = c.DisplayName()
	p.Data = d
	return nil
}

// companyOptions are the choices of the company form's selects, keeping
// the owners in owners (peopleOptions); they are the same whatever the
// form holds.
func (h *Handler) companyOptions(ctx context.Context, p *page, _ formValues, owners ...string) (map[string][]option, error) {
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

// contactLabels names a contact's JSON fields, for its history.
var contactLabels = map[string]string{
	"company_id": "field.company", "name_zh": "field.name_zh", "name_en": "field.name_en", "title": "field.title",
	"email": "field.email", "phone": "field.phone", "wechat": "field.wechat", "language": "field.language",
	"notes": "field.notes", "owner_id": "field.owner", "team_id": "field.team", "archived_at": "company.archived",
}

var contactKind = &recordKind{
	entity: "contact", path: "/contacts", form: "contactform.html",
	newTitle: "contact.new", editTitle: "contact.edit", archiveAsk: "contact.archiveask",
	writePerm: attract.PermContactWrite, archivePerm: attract.PermContactArchive,
	done: map[string]string{"created": "contact.created", "saved": "company.saved", "archived": "contact.wasarchived",
		"restored": "contact.wasrestored"},
	controls: contactControls, labels: contactLabels,
}

func contactState(c *attract.Contact) recordState {
	return recordState{c.ID, c.Version, c.OwnerID, c.TeamID, &c.ContactFields}
}

// contactForms serves the contact forms.
func (h *Handler) contactForms() *recordForms[attract.Contact] {
	return &recordForms[attract.Contact]{
		recordKind: contactKind, h: h, state: contactState,
		prefill: h.contactCompany, values: h.contactValues, options: h.contactOptions,
		storeFind: h.DB.FindContactByID, storeCreate: h.DB.CreateContact,
		storeUpdate: h.DB.UpdateContact, storeArchive: h.DB.ArchiveContact,
	}
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
	Heading          string // the list's, or the company's contacts
	Filters          map[string]field
	Company          *attract.Company
	Archived         bool
	Items            []contactRow
	Next, Cursor     string
	NewURL, ClearURL string
	listLinks
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
	names, err := h.contactCompanyNames(ctx, items)
	if err != nil {
		return err
	}
	for _, c := range items {
		d.Items = append(d.Items, contactRow{c, names[ptrID(c.CompanyID)]})
	}
	d.Next = next
	d.Filters = map[string]field{
		"q":    {Name: "q", Label: p.T("contact.search"), Value: f.Q, Type: "search"},
		"sort": sortFilter(p, f.Sort),
	}
	d.listLinks = listLinksOf("/contacts", r.URL, next)
	d.ClearURL = "/contacts" + queryWith(r.URL, "company", "", "cursor", "")
	d.Heading = p.T("contact.list")
	if d.Company != nil {
		d.Heading = p.T("contact.atcompany", d.Company.DisplayName())
	}
	p.Title = d.Heading
	if d.Archived {
		p.Title += " · " + p.T("company.archived") // as the company list's
	}
	p.Data = d
	return h.render(w, http.StatusOK, "contacts.html", p)
}

// contactData is a contact's page.
type contactData struct {
	C        *attract.Contact
	Language string
	Tel      template.URL
	recordPage
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

// contactPageData reads and formats what a contact's page shows, in one
// snapshot of the database, into p.
func (h *Handler) contactPageData(r *http.Request, p *page, id int64) error {
	c, err := h.DB.FindContactByID(r.Context(), id, "company")
	if err != nil {
		return err
	}
	d := contactData{C: c, Language: languageName(p, c.Language), Tel: telURL(c.Phone)}
	acts := attract.ActivityFilter{ContactID: &c.ID, Limit: recordActivities}
	if d.recordPage, err = h.recordPageOf(r, p, contactKind, contactState(c), acts, nil, contactNamesOf([]*attract.Contact{c})); err != nil {
		return err
	}
	p.Title = c.DisplayName()
	p.Data = d
	return nil
}

// contactCompany fills in the company of a new contact whose form is
// opened from the company's page (?company=id).
func (h *Handler) contactCompany(r *http.Request, v formValues) error {
	s := r.URL.Query().Get("company")
	if s == "" {
		return nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil
	}
	co, err := h.DB.FindCompanyByID(r.Context(), id)
	if err != nil {
		return err
	}
	v["company_id"] = companyRef(co)
	return nil
}

// contactValues is the form text of a stored contact; it is the same in
// every language.
func (h *Handler) contactValues(ctx context.Context, c *attract.Contact, _ string) (formValues, error) {
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

// contactOptions are the choices of the contact form's selects for the
// text v, whose language is offered even if it is not one of
// contactLanguages, keeping the owners in owners (peopleOptions).
func (h *Handler) contactOptions(ctx context.Context, p *page, v formValues, owners ...string) (map[string][]option, error) {
	users, teams, err := h.peopleOptions(ctx, p, owners...)
	if err != nil {
		return nil, err
	}
	return map[string][]option{"language": languageOptions(p, v["language"]), "owner_id": users, "team_id": teams}, nil
}
