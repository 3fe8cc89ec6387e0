package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"attract"
)

// The project page shows one project whole — facts, stage timeline,
// activities, tasks, contacts, capital ledger and audit history — and takes
// the small forms an officer fills in on it. The project form creates and
// edits a project and, when someone else saved first, shows what they changed
// beside the user's input and lets the user pick field by field.

var _ = register(map[string]message{
	"project.new":             {"New project", "新建项目"},
	"project.edit":            {"Edit %s", "编辑 %s"},
	"project.archived":        {"Archived", "已归档"},
	"project.archive":         {"Archive", "归档"},
	"project.restore":         {"Restore", "恢复"},
	"project.archiveconfirm":  {"Archive this project? It can be restored later.", "确定归档该项目？归档后可以恢复。"},
	"project.empty":           {"—", "—"},
	"project.estimate":        {"estimate", "估算"},
	"project.confirmed":       {"confirmed", "已确认"},
	"project.system":          {"system", "系统"},
	"project.facts":           {"Key facts", "基本信息"},
	"project.stagesec":        {"Stage and timeline", "阶段与时间节点"},
	"project.since":           {"since %s (%d days)", "自 %s 起（%d 天）"},
	"project.lostwhy":         {"Reason: %s", "原因：%s"},
	"project.move":            {"Move to another stage", "调整阶段"},
	"project.moveto":          {"New stage", "新阶段"},
	"project.movenote":        {"Note", "说明"},
	"project.movenotehint":    {"Required when moving back, or lost for another reason.", "退回前一阶段或因“其他”原因流失时必填。"},
	"project.movelost":        {"Reason lost", "流失原因"},
	"project.movebutton":      {"Move", "调整"},
	"project.milestones":      {"Milestones: planned against actual", "里程碑：计划与实际"},
	"project.milestone":       {"Milestone", "里程碑"},
	"project.planned":         {"Planned", "计划"},
	"project.actual":          {"Actual", "实际"},
	"project.slippage":        {"Slippage", "偏差"},
	"project.late":            {"Late: %d days", "延误 %d 天"},
	"project.overdue":         {"Late: %d days overdue", "延误：已超期 %d 天"},
	"project.early":           {"%d days early", "提前 %d 天"},
	"project.ontime":          {"On time", "按期"},
	"project.duein":           {"due in %d days", "%d 天后到期"},
	"project.noplan":          {"no plan", "无计划"},
	"project.history":         {"Stage history", "阶段变更记录"},
	"project.created":         {"Created at %s", "创建于“%s”阶段"},
	"project.moved":           {"%s → %s", "%s → %s"},
	"project.indays":          {"%d days in stage", "在该阶段 %d 天"},
	"project.ms.mou":          {"MOU", "签订意向书"},
	"project.ms.contract":     {"Contract", "签订合同"},
	"project.ms.licence":      {"Business licence", "取得营业执照"},
	"project.ms.land":         {"Land acquired", "取得土地"},
	"project.ms.construction": {"Construction start", "开工"},
	"project.ms.operation":    {"Operation start", "投产"},
	"project.activities":      {"Activities", "活动记录"},
	"project.log":             {"Log a call, meeting or visit", "记录电话、会谈或走访"},
	"project.logbutton":       {"Log it", "记录"},
	"project.kind":            {"Kind", "类型"},
	"project.subject":         {"Subject", "主题"},
	"project.when":            {"When", "时间"},
	"project.whenhint":        {"China Standard Time", "北京时间"},
	"project.who":             {"Who took part", "参与人"},
	"project.by":              {"by %s", "记录人：%s"},
	"project.staff":           {"with %s", "同行：%s"},
	"project.noactivity":      {"No activity yet.", "尚无活动记录。"},
	"project.tasks":           {"Tasks", "任务"},
	"project.task":            {"Task", "任务"},
	"project.addtask":         {"Add a task", "添加任务"},
	"project.taskbutton":      {"Add", "添加"},
	"project.assignee":        {"Assignee", "负责人"},
	"project.due":             {"Due date", "截止日期"},
	"project.duebadge":        {"due %s", "%s 到期"},
	"project.latebadge":       {"late, due %s", "已逾期，%s 到期"},
	"project.markdone":        {"Mark done", "标记完成"},
	"project.notasks":         {"No tasks.", "暂无任务。"},
	"project.contacts":        {"Contacts", "联系人"},
	"project.nocontacts":      {"No contacts at the investor or the enterprise yet.", "投资方和企业尚无联系人。"},
	"project.email":           {"Email", "邮箱"},
	"project.phone":           {"Phone", "电话"},
	"project.wechat":          {"WeChat", "微信"},
	"project.ledger":          {"Utilized foreign capital: ledger", "实际使用外资台账"},
	"project.date":            {"Date", "日期"},
	"project.amount":          {"Amount", "金额"},
	"project.amounthint":      {`With its currency, e.g. "USD 12.5m", "3500万美元"; negative to correct an entry.`, "需注明币种，如“USD 12.5m”“3500万美元”；更正时可填负数。"},
	"project.note":            {"Note", "备注"},
	"project.running":         {"Running sum", "累计"},
	"project.total":           {"Total to date", "累计至今"},
	"project.addinflow":       {"Add an entry", "添加到资记录"},
	"project.inflowbutton":    {"Add", "添加"},
	"project.delete":          {"Delete", "删除"},
	"project.deleteconfirm":   {"Delete this ledger entry?", "确定删除该到资记录？"},
	"project.noinflows":       {"No inflows recorded.", "尚无到资记录。"},
	"project.deleteentry":     {"Delete the entry of %s", "删除 %s 的记录"},
	"project.audit":           {"Change history", "修改记录"},
	"project.noaudit":         {"No changes recorded.", "暂无修改记录。"},
	"project.auditmore":       {"Only the latest %d changes are shown.", "仅显示最近 %d 次修改。"},
	"project.field":           {"Field", "字段"},
	"project.before":          {"Before", "修改前"},
	"project.after":           {"After", "修改后"},
	"project.action.create":   {"created the project", "创建了项目"},
	"project.action.update":   {"edited", "修改了"},
	"project.action.stage":    {"moved the stage", "调整了阶段"},
	"project.action.archive":  {"archived the project", "归档了项目"},
	"project.action.restore":  {"restored the project", "恢复了项目"},
	"project.action.delete":   {"deleted the project", "删除了项目"},
	"project.lostreason":      {"Reason lost", "流失原因"},
	"project.archivedat":      {"Archived", "归档时间"},
	"project.nextaction":      {"Next action", "下一步行动"},
	"project.nonext":          {"No next action set.", "尚未设定下一步行动。"},
	"project.utilized":        {"Utilized foreign capital", "实际使用外资"},
	"project.mu":              {"%s m² (about %s mu)", "%s 平方米（约 %s 亩）"},
	"project.pct":             {"%d%%", "%d%%"},
	"project.flash.activity":  {"The activity is logged.", "活动已记录。"},
	"project.flash.task":      {"The task is added.", "任务已添加。"},
	"project.flash.inflow":    {"The ledger entry is added.", "到资记录已添加。"},
	"project.flash.inflowdel": {"The ledger entry is deleted.", "到资记录已删除。"},
	"project.flash.saved":     {"The project is saved.", "项目已保存。"},
	"project.flash.created":   {"The project is created.", "项目已创建。"},
	"project.flash.archived":  {"The project is archived.", "项目已归档。"},
	"project.flash.restored":  {"The project is restored.", "项目已恢复。"},
	"project.flash.moved":     {"The stage is changed.", "阶段已调整。"},

	"project.sec.basics":     {"The project", "项目概况"},
	"project.sec.investor":   {"Investor, source and sector", "投资方、来源地与行业"},
	"project.sec.amounts":    {"Amounts", "投资金额"},
	"project.sec.site":       {"Jobs, land and site", "就业、用地与载体"},
	"project.sec.work":       {"Work on it", "跟进安排"},
	"project.sec.milestones": {"Milestones", "里程碑"},
	"project.sec.notes":      {"Notes", "备注"},
	"project.commoneco":      {"Common sources", "常见来源地"},
	"project.alleco":         {"All countries and economies", "全部国家和地区"},
	"project.moneyhint":      {`As you write it: "1.2亿元", "3500万美元", "USD 12.5m".`, "按习惯填写：“1.2亿元”“3500万美元”“USD 12.5m”。"},
	"project.companyhint":    {"Type to pick a company; create new companies on the Companies page.", "输入名称从列表中选择；新企业请先在“企业”页面创建。"},
	"project.codehint":       {"Left empty, a code is given on saving.", "留空则保存时自动编号。"},
	"project.tagshint":       {"Separated by commas.", "用逗号分隔。"},
	"project.landhint":       {"Square metres (1 mu ≈ 666.7 m²).", "平方米（1 亩约 666.7 平方米）。"},
	"project.nocompany":      {"no company is named %q; pick one from the list or create it first", "没有名为“%s”的企业；请从列表中选择，或先创建该企业"},
	"project.twocompanies":   {"several companies are named %q; pick one from the list", "有多家企业名为“%s”；请从列表中选择"},
	"project.pfsave":         {"Save", "保存"},

	"project.conflict.title":   {"Someone else saved this project while you were editing", "您编辑期间，他人已保存了该项目"},
	"project.conflict.intro":   {"Nothing you typed is lost: it is all still in the form below. For each field the other person changed, choose which value to keep, then save again.", "您输入的内容均未丢失，仍保留在下方表单中。对方修改过的每个字段，请选择保留哪一个值，然后再次保存。"},
	"project.conflict.by":      {"Saved meanwhile: %s", "期间的修改：%s"},
	"project.conflict.none":    {"They changed none of the fields of this form (for example, they moved the stage). Save again to keep your input.", "对方未修改本表单中的字段（例如只调整了阶段）。再次保存即可保留您的输入。"},
	"project.conflict.loaded":  {"When you opened the form", "您打开表单时"},
	"project.conflict.theirs":  {"Saved by the other person", "对方保存的值"},
	"project.conflict.mine":    {"Your input", "您的输入"},
	"project.conflict.keep":    {"Keep mine", "保留我的"},
	"project.conflict.take":    {"Take theirs", "采用对方的"},
	"project.conflict.both":    {"You both changed this field.", "你们都修改了该字段。"},
	"project.conflict.hint":    {"Changed meanwhile to: %s", "期间已被改为：%s"},
	"project.conflict.save":    {"Save with my choices", "按所选保存"},
	"project.conflict.summary": {"%d field(s) changed by someone else", "%d 个字段已被他人修改"},

	"project.f.code":                    {"Project code", "项目编号"},
	"project.f.name_zh":                 {"Name in Chinese", "中文名称"},
	"project.f.name_en":                 {"Name in English", "英文名称"},
	"project.f.type":                    {"Project type", "项目类型"},
	"project.f.investment_mode":         {"Investment mode", "投资方式"},
	"project.f.source":                  {"Lead source", "线索来源"},
	"project.f.business_activity":       {"Business activity", "业务活动"},
	"project.f.technology_level":        {"Technology level", "技术水平"},
	"project.f.tags":                    {"Tags", "标签"},
	"project.f.investor_id":             {"Investor", "投资方"},
	"project.f.enterprise_id":           {"Enterprise established here", "落地企业"},
	"project.f.source_economy":          {"Source economy (immediate)", "来源地（直接）"},
	"project.f.ultimate_source_economy": {"Source economy (ultimate)", "来源地（最终）"},
	"project.f.sector":                  {"Sector (ISIC Rev.4)", "行业（ISIC Rev.4）"},
	"project.f.sector_gb":               {"Sector (GB/T 4754)", "国民经济行业代码（GB/T 4754）"},
	"project.f.total_investment":        {"Total investment", "总投资"},
	"project.f.registered_capital":      {"Registered capital", "注册资本"},
	"project.f.contracted_fdi":          {"Contracted foreign investment", "合同外资"},
	"project.f.foreign_share_pct":       {"Foreign share (%)", "外资比例（%）"},
	"project.f.amounts_confirmed":       {"Amounts are confirmed (not estimates)", "金额已确认（非估算）"},
	"project.f.expected_annual_output":  {"Expected annual output", "预计年产值"},
	"project.f.expected_annual_tax":     {"Expected annual tax", "预计年税收"},
	"project.f.expected_jobs":           {"Expected jobs", "预计就业人数"},
	"project.f.jobs_confirmed":          {"Jobs are confirmed (not an estimate)", "就业人数已确认（非估算）"},
	"project.f.land_area_sqm":           {"Land need (m²)", "用地需求（平方米）"},
	"project.f.energy_use_tce":          {"Energy use (tce a year)", "年综合能耗（吨标准煤）"},
	"project.f.park":                    {"Park", "园区"},
	"project.f.site":                    {"Site", "载体 / 地块"},
	"project.f.owner_id":                {"Owner", "负责人"},
	"project.f.team_id":                 {"Team", "团队"},
	"project.f.key_project":             {"Key project", "重点项目"},
	"project.f.priority":                {"Priority", "优先级"},
	"project.f.probability":             {"Probability (%)", "落地可能性（%）"},
	"project.f.next_action":             {"Next action", "下一步行动"},
	"project.f.next_action_due":         {"Next action due", "下一步行动截止日期"},
	"project.f.notes":                   {"Notes", "备注"},
	"project.f.mou_planned":             {"MOU, planned", "签订意向书（计划）"},
	"project.f.mou_actual":              {"MOU, actual", "签订意向书（实际）"},
	"project.f.contract_planned":        {"Contract, planned", "签订合同（计划）"},
	"project.f.contract_actual":         {"Contract, actual", "签订合同（实际）"},
	"project.f.licence_planned":         {"Business licence, planned", "取得营业执照（计划）"},
	"project.f.licence_actual":          {"Business licence, actual", "取得营业执照（实际）"},
	"project.f.land_planned":            {"Land acquired, planned", "取得土地（计划）"},
	"project.f.land_actual":             {"Land acquired, actual", "取得土地（实际）"},
	"project.f.construction_planned":    {"Construction start, planned", "开工（计划）"},
	"project.f.construction_actual":     {"Construction start, actual", "开工（实际）"},
	"project.f.operation_planned":       {"Operation start, planned", "投产（计划）"},
	"project.f.operation_actual":        {"Operation start, actual", "投产（实际）"},

	"project.ba.manufacturing": {"Manufacturing", "制造"},
	"project.ba.rnd":           {"Research and development", "研发"},
	"project.ba.headquarters":  {"Headquarters", "总部"},
	"project.ba.logistics":     {"Logistics", "物流"},
	"project.ba.sales":         {"Sales and marketing", "销售"},
	"project.ba.services":      {"Services", "服务"},
	"project.tech.high":        {"High technology", "高技术"},
	"project.tech.medium_high": {"Medium-high technology", "中高技术"},
	"project.tech.medium":      {"Medium technology", "中等技术"},
	"project.tech.medium_low":  {"Medium-low technology", "中低技术"},
	"project.tech.low":         {"Low technology", "低技术"},
})

// projectLocalLayout is the form of an <input type="datetime-local">.
const projectLocalLayout = "2006-01-02T15:04"

// projectEmbeds are what the project page shows of a project, but for its
// activities: the latest recordActivities of those, read on their own.
var projectEmbeds = []string{"investor", "enterprise", "stage_history", "inflows", "tasks", "contacts"}

func (h *Handler) projectRoutes() {
	h.handle("GET /projects/new", attract.PermProjectWrite, h.projectNewPage)
	h.handle("POST /projects", attract.PermProjectWrite, h.projectCreate)
	h.handle("GET /projects/{id}", attract.PermProjectRead, h.projectPage)
	h.handle("GET /projects/{id}/edit", attract.PermProjectWrite, h.projectEditPage)
	h.handle("POST /projects/{id}/edit", attract.PermProjectWrite, h.projectUpdate)
	h.handle("GET /projects/{id}/activities", attract.PermActivityRead, h.recordActivitiesPage("project"))
	h.handle("POST /projects/{id}/activities", attract.PermActivityWrite, h.projectLogActivity)
	h.handle("POST /projects/{id}/tasks", attract.PermTaskWrite, h.projectAddTask)
	h.handle("POST /projects/{id}/inflows", attract.PermProjectWrite, h.projectAddInflow)
	h.handle("POST /inflows/{id}/delete", attract.PermProjectWrite, h.projectDeleteInflow)
	h.handle("POST /projects/{id}/archive", attract.PermProjectArchive, h.projectArchive)
	h.handle("POST /projects/{id}/restore", attract.PermProjectArchive, h.projectRestore)
}

// ---------------------------------------------------------------------------
// The project page

// projectPageData is what project.html shows.
type projectPageData struct {
	P                 *attract.Project
	Name, OtherName   string
	Version           string // "Version 4"
	CanEdit, CanLog   bool
	CanTask, CanAdmin bool // CanAdmin: archive and restore
	Self              string

	Facts      []projectFact
	NextAction string
	NextDue    string // the due badge's text: "due 2026-12-01"
	NextLate   bool
	NextSoon   bool

	StageLabel  string
	StageSince  string
	LostReason  string // "Reason: …"
	MoveOptions []option
	LostOptions []option

	Milestones []projectMilestone
	History    []projectStageRow

	ActivityForm   projectActivityForm
	Activities     []activityRow // the latest recordActivities
	MoreActivities string        // "" when they are all shown

	TaskForm projectTaskForm
	Tasks    []projectTaskRow

	Contacts []projectContactRow

	InflowForm projectInflowForm
	Ledger     []projectLedgerRow
	Totals     []string

	Audit     []projectAuditRow
	AuditMore string
}

// projectFact is one line of the key facts: a label, a value and, for
// companies, a link.
type projectFact struct {
	Label, Value, Href string
	Badge              string // a marker after the value, such as "estimate"
}

// projectMilestone is one milestone's planned and actual dates and how far
// they lie apart.
type projectMilestone struct {
	Label, Planned, Actual string
	Slip                   string // the text marker: "Late: 12 days", "On time", ...
	Late, Early            bool
}

// projectStageRow is one move in the stage history.
type projectStageRow struct {
	Text, Who, When, Note, Days string
	Stage                       attract.Stage
}

// Rows hold what the page shows, formatted, rather than the records they
// come from: html/template looks every field up by name and passes every
// message through reflection, and a field of an embedded record is the
// slowest of lookups (activityRow too).

// projectTaskRow is one task with its assignee's name.
type projectTaskRow struct {
	ID, Version             int64
	Title, Assignee, Status string // Status: its label
	Due                     string // the due badge's text, "" without a date
	Open, Late, CanDone     bool
	due                     *attract.Date
}

// projectContactRow is one contact of the investor or the enterprise.
type projectContactRow struct {
	ID                   int64
	Name, Title, Company string
	Email, Phone, WeChat string
}

// projectLedgerRow is one capital inflow with the running sum of its
// currency.
type projectLedgerRow struct {
	ID, Version           int64
	Date, Amount, Running string
	Note, DeleteLabel     string
	Negative              bool
}

// projectAuditRow is one audit entry with its field-level changes.
type projectAuditRow struct {
	Who, When, Action string
	Changes           []projectChange
}

// projectChange is one field's old and new value; an empty one is shown as
// a dash, not struck out or marked as inserted.
type projectChange struct {
	Label, Old, New    string
	OldEmpty, NewEmpty bool
}

// projectActivityForm is the quick-log form.
type projectActivityForm struct {
	Summary                   string
	Kind, Subject, When, Note field
	Contacts                  []projectContactChoice
	ContactsError             string
}

// projectContactChoice is one contact the activity form offers.
type projectContactChoice struct {
	ID      int64
	Name    string
	Checked bool
}

// projectTaskForm is the add-task form.
type projectTaskForm struct {
	Summary              string
	Title, Assignee, Due field
}

// projectInflowForm is the add-inflow form.
type projectInflowForm struct {
	Summary            string
	Date, Amount, Note field
}

// projectPosted is what one of the page's forms carried when it was
// refused, so the page shows it again with its errors.
type projectPosted struct {
	form   string // "activity", "task" or "inflow"
	values map[string]string
	ids    []int64 // the activity's contacts
	errors formErrors
}

// projectFlashes are the messages a redirect after a successful post may ask
// the page to show.
var projectFlashes = []string{"activity", "task", "inflow", "inflowdel", "saved", "created", "archived", "restored", "moved"}

func (h *Handler) projectPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if done := r.URL.Query().Get("done"); slices.Contains(projectFlashes, done) {
		p.Flash = p.T("project.flash." + done)
	}
	return h.renderProject(w, r, p, id, projectPosted{}, http.StatusOK)
}

// userPicker makes f a select of the users a record may be assigned to, by
// name (with the username where two share a name), keeping its value even
// if that user is disabled.
//
// An agency has hundreds of users, and rendering their names through
// html/template cost as much as the rest of a project page, so each
// user's option is rendered once for each language, plain and chosen, and
// kept with the users (people.pickers), which a change to any user
// replaces; a picker is then the kept options put together. A value that
// is no user's id, as written by Attract, comes from a refused form and is
// rendered as it was sent.
func (h *Handler) userPicker(staff *people, f field, lang string) (field, error) {
	f.Type = "select"
	id, err := strconv.ParseInt(f.Value, 10, 64)
	if f.Value != "" && (err != nil || staff.user[id] == nil || strconv.FormatInt(id, 10) != f.Value) {
		f.Options = userOptions(staff.users, pickerLabel(staff), func(u *attract.User) bool { return !u.Disabled },
			option{"", Localizer{lang}.T("form.none")})
		return projectKeepOption(f), nil
	}
	kept, err := h.pickerOptions(staff, lang)
	if err != nil {
		return f, err
	}
	var b strings.Builder
	b.Grow(48 * (len(staff.users) + 1)) // an option is some 40 bytes
	add := func(uid int64) {
		if o := kept[uid]; uid == id {
			b.WriteString(o.chosen)
		} else {
			b.WriteString(o.plain)
		}
	}
	add(0) // "none"
	for _, u := range staff.users {
		if !u.Disabled || u.ID == id {
			add(u.ID)
		}
	}
	f.OptionsHTML = template.HTML(b.String())
	return f, nil
}

// pickerLabel labels a user in a picker by name, adding the username when
// another user has the same name: common Chinese names repeat in an agency
// of hundreds.
func pickerLabel(staff *people) func(*attract.User) string {
	named := make(map[string]int, len(staff.users))
	for _, u := range staff.users {
		named[u.Name]++
	}
	return func(u *attract.User) string {
		if named[u.Name] > 1 {
			return userAndLogin(u)
		}
		return u.Name
	}
}

// pickerOption is one option of a user picker, rendered.
type pickerOption struct{ plain, chosen string }

// pickerOptions returns every user's option of a picker in lang, by user
// id, with "none" under 0, rendering them the first time they are asked
// for since the users were read.
func (h *Handler) pickerOptions(staff *people, lang string) (map[int64]pickerOption, error) {
	if kept, ok := staff.pickers.Load(lang); ok {
		return kept.(map[int64]pickerOption), nil
	}
	t, ok := h.partials[lang]
	if !ok {
		return nil, fmt.Errorf("no templates in %q", lang)
	}
	render := func(o option, value string) (string, error) {
		var b strings.Builder
		err := t.ExecuteTemplate(&b, "options", field{Value: value, Options: []option{o}})
		return b.String(), err
	}
	kept := make(map[int64]pickerOption, len(staff.users)+1)
	for _, o := range userOptions(staff.users, pickerLabel(staff), nil, option{"", Localizer{lang}.T("form.none")}) {
		var po pickerOption
		var err1, err2 error
		po.plain, err1 = render(o, "-") // no option's value (an id, or "" for none): not chosen
		po.chosen, err2 = render(o, o.Value)
		if err := errors.Join(err1, err2); err != nil {
			return nil, err
		}
		id, _ := strconv.ParseInt(o.Value, 10, 64) // "none" is 0
		kept[id] = po
	}
	staff.pickers.Store(lang, kept)
	return kept, nil
}

// renderProject shows the project page with status; posted, when set, is a
// refused form to show again with the user's input and its errors.
func (h *Handler) renderProject(w http.ResponseWriter, r *http.Request, p *page, id int64, posted projectPosted, status int) error {
	var d *projectPageData
	err := h.DB.ReadSnapshot(r.Context(), func(ctx context.Context) (err error) {
		d, err = h.projectPageData(ctx, p, id, posted)
		return err
	})
	if err != nil {
		return err
	}
	p.Title = d.Name
	p.Data = d
	return h.render(w, status, "project.html", p)
}

// projectPageData reads and formats what the project page shows, in one
// snapshot of the database (sqlstore.DB.ReadSnapshot).
func (h *Handler) projectPageData(ctx context.Context, p *page, id int64, posted projectPosted) (*projectPageData, error) {
	pr, err := h.DB.FindProjectByID(ctx, id, projectEmbeds...)
	if err != nil {
		return nil, err
	}
	acts, moreActs, err := h.DB.FindActivities(ctx, attract.ActivityFilter{ProjectID: &pr.ID, Limit: recordActivities})
	if err != nil {
		return nil, err
	}
	staff, err := h.loadPeople(ctx)
	if err != nil {
		return nil, err
	}
	audit, more, err := h.DB.FindAudit(ctx, attract.AuditFilter{Entity: "project", EntityID: &id, Limit: projectAuditLimit})
	if err != nil {
		return nil, err
	}
	now := h.DB.Now()
	today := attract.AgencyDate(now)
	lang := p.Lang
	me := p.User
	canEdit := me.CanEdit(pr.OwnerID, pr.TeamID)
	d := &projectPageData{
		P:        pr,
		Name:     pr.DisplayName(),
		CanEdit:  canEdit && p.Can(string(attract.PermProjectWrite)),
		CanLog:   canEdit && p.Can(string(attract.PermActivityWrite)),
		CanTask:  canEdit && p.Can(string(attract.PermTaskWrite)),
		CanAdmin: canEdit && p.Can(string(attract.PermProjectArchive)),
		Self:     fmt.Sprintf("/projects/%d", pr.ID),
		Version:  p.T("common.version", pr.Version),
	}
	if pr.NameEN != "" && pr.NameEN != d.Name {
		d.OtherName = pr.NameEN
	}
	d.Facts = h.projectFacts(pr, staff, p)
	if pr.NextAction != "" || pr.NextActionDue != nil {
		d.NextAction = pr.NextAction
		if pr.NextActionDue != nil {
			d.NextLate = pr.NextActionDue.Before(today)
			d.NextSoon = !d.NextLate && pr.NextActionDue.Before(today.AddDays(8))
			d.NextDue = dueBadge(p.Localizer, *pr.NextActionDue, d.NextLate)
		}
	}

	// The stage and how to move it.
	d.StageLabel = pr.Stage.Label(lang)
	days := int(now.Sub(pr.StageChangedAt).Hours() / 24)
	d.StageSince = p.T("project.since", formatTime(pr.StageChangedAt, attract.DateLayout), days)
	if pr.LostReason != "" {
		d.LostReason = p.T("project.lostwhy", p.T("lost."+string(pr.LostReason)))
	}
	for _, s := range attract.Stages {
		if s != pr.Stage {
			d.MoveOptions = append(d.MoveOptions, option{string(s), s.Label(lang)})
		}
	}
	d.LostOptions = []option{{"", p.T("form.none")}}
	for _, lr := range attract.LostReasons {
		d.LostOptions = append(d.LostOptions, option{string(lr), p.T("lost." + string(lr))})
	}
	d.Milestones = projectMilestones(pr, today, p.Localizer)
	for i, c := range pr.StageHistory {
		row := projectStageRow{Stage: c.To, Who: staff.userNameOr(c.ActorID, c.ActorName), When: formatTime(c.At, minuteLayout), Note: c.Note}
		if c.From == nil {
			row.Text = p.T("project.created", c.To.Label(lang))
		} else {
			row.Text = p.T("project.moved", c.From.Label(lang), c.To.Label(lang))
		}
		if c.LostReason != "" {
			row.Text += " · " + p.T("lost."+string(c.LostReason))
		}
		until := now
		if i+1 < len(pr.StageHistory) {
			until = pr.StageHistory[i+1].At
		}
		row.Days = p.T("project.indays", int(until.Sub(c.At).Hours()/24))
		d.History = append(d.History, row)
	}
	// Newest first, as a feed reads.
	slices.Reverse(d.History)

	// The latest activities, with the names of the people in them: the
	// project's contacts, and any other met there.
	if moreActs != "" {
		d.MoreActivities = p.T("acts.latest", recordActivities)
	}
	contactName := contactNamesOf(pr.Contacts)
	if err := h.contactNames(ctx, participantIDs(acts), contactName); err != nil {
		return nil, err
	}
	d.Activities = activityRows(p, staff, acts, contactName, nil)

	// Tasks: open ones first, by due date.
	for _, t := range pr.Tasks {
		row := projectTaskRow{ID: t.ID, Version: t.Version, Title: t.Title, Assignee: staff.userName(t.AssigneeID),
			Open: t.Status == attract.TaskOpen, Status: p.T("task." + string(t.Status)), due: t.DueDate}
		if t.DueDate != nil {
			row.Late = row.Open && t.DueDate.Before(today)
			row.Due = dueBadge(p.Localizer, *t.DueDate, row.Late)
		}
		row.CanDone = row.Open && p.Can(string(attract.PermTaskWrite)) && (canEdit || (t.AssigneeID != nil && *t.AssigneeID == me.ID))
		d.Tasks = append(d.Tasks, row)
	}
	slices.SortStableFunc(d.Tasks, func(a, b projectTaskRow) int {
		if a.Open != b.Open {
			if a.Open {
				return -1
			}
			return 1
		}
		switch {
		case a.due == nil && b.due == nil:
			return 0
		case a.due == nil:
			return 1
		case b.due == nil:
			return -1
		}
		return a.due.Time().Compare(b.due.Time())
	})

	for _, c := range pr.Contacts {
		row := projectContactRow{ID: c.ID, Name: c.DisplayName(), Title: c.Title, Email: c.Email, Phone: c.Phone, WeChat: c.WeChat}
		switch {
		case pr.Investor != nil && c.CompanyID != nil && *c.CompanyID == pr.Investor.ID:
			row.Company = pr.Investor.DisplayName()
		case pr.Enterprise != nil && c.CompanyID != nil && *c.CompanyID == pr.Enterprise.ID:
			row.Company = pr.Enterprise.DisplayName()
		}
		d.Contacts = append(d.Contacts, row)
	}

	// The ledger with a running sum per currency.
	running := map[string]attract.Money{}
	for _, in := range pr.Inflows {
		sum, err := running[in.Amount.Currency].Add(in.Amount)
		if err != nil {
			return nil, err
		}
		running[in.Amount.Currency] = sum
		d.Ledger = append(d.Ledger, projectLedgerRow{ID: in.ID, Version: in.Version, Date: in.Date.String(), Note: in.Note,
			Amount: in.Amount.Format(lang), Running: sum.Format(lang), Negative: in.Amount.Amount < 0,
			DeleteLabel: p.T("project.deleteentry", in.Date.String())})
	}
	for _, m := range pr.UtilizedFDI {
		d.Totals = append(d.Totals, m.Format(lang))
	}

	// The record's history.
	companies := map[int64]string{}
	for _, c := range []*attract.Company{pr.Investor, pr.Enterprise} {
		if c != nil {
			companies[c.ID] = c.DisplayName()
		}
	}
	lk := projectLookups{lang: lang, staff: staff, companies: companies, db: h, ctx: ctx}
	for _, e := range audit {
		row := projectAuditRow{Who: auditActor(p, staff, e), When: formatTime(e.At, minuteLayout),
			Action: projectEnumLabel(p.Localizer, "project.action.", e.Action)}
		if e.Action != "create" {
			row.Changes = lk.diff(e.Before, e.After)
		}
		d.Audit = append(d.Audit, row)
	}
	if more != "" {
		d.AuditMore = p.T("project.auditmore", projectAuditLimit)
	}

	if d.CanLog || d.CanTask || d.CanEdit { // someone who may use one of the small forms
		if d.ActivityForm, d.TaskForm, d.InflowForm, err = h.projectSmallForms(pr, staff, posted, now, p); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// auditActor names who made a change: a user by their name now, else by
// the name the record kept; the system in the page's language.
func auditActor(p *page, staff *people, e *attract.AuditEntry) string {
	if e.ActorID == nil && e.ActorName == "system" {
		return p.T("project.system")
	}
	return staff.userNameOr(e.ActorID, e.ActorName)
}

// dueBadge is the text of a due date's badge.
func dueBadge(l Localizer, due attract.Date, late bool) string {
	if late {
		return l.T("project.latebadge", due.String())
	}
	return l.T("project.duebadge", due.String())
}

// projectAuditLimit is how many changes the page shows of a record's history.
const projectAuditLimit = 50

// projectFacts returns the key facts in the order the page shows them.
func (h *Handler) projectFacts(pr *attract.Project, staff *people, p *page) []projectFact {
	lang := p.Lang
	var fs []projectFact
	add := func(key, value string) *projectFact {
		if value == "" {
			return nil
		}
		fs = append(fs, projectFact{Label: p.T(key), Value: value})
		return &fs[len(fs)-1]
	}
	add("project.f.code", pr.Code)
	add("project.f.name_zh", pr.NameZH)
	add("project.f.name_en", pr.NameEN)
	add("project.f.type", p.T("type."+string(pr.Type)))
	if pr.InvestmentMode != "" {
		add("project.f.investment_mode", p.T("mode."+string(pr.InvestmentMode)))
	}
	if pr.Source != "" {
		add("project.f.source", p.T("source."+pr.Source))
	}
	for _, c := range []struct {
		key string
		c   *attract.Company
	}{{"project.f.investor_id", pr.Investor}, {"project.f.enterprise_id", pr.Enterprise}} {
		if c.c != nil {
			if f := add(c.key, c.c.DisplayName()); f != nil {
				f.Href = fmt.Sprintf("/companies/%d", c.c.ID)
			}
		}
	}
	add("project.f.source_economy", countryName(pr.SourceEconomy, lang))
	add("project.f.ultimate_source_economy", countryName(pr.UltimateEconomy, lang))
	add("project.f.sector", sectorPath(pr.Sector, lang))
	add("project.f.sector_gb", pr.SectorGB)
	if pr.BusinessActivity != "" {
		add("project.f.business_activity", p.T("project.ba."+pr.BusinessActivity))
	}
	if pr.TechnologyLevel != "" {
		add("project.f.technology_level", projectEnumLabel(p.Localizer, "project.tech.", pr.TechnologyLevel))
	}
	add("project.f.tags", strings.Join(pr.Tags, p.T("common.listsep")))
	estimate := p.T("project.estimate")
	if pr.AmountsConfirmed {
		estimate = p.T("project.confirmed")
	}
	for _, m := range []struct {
		key string
		v   *attract.Money
	}{
		{"project.f.total_investment", pr.TotalInvestment}, {"project.f.registered_capital", pr.RegisteredCapital},
		{"project.f.contracted_fdi", pr.ContractedFDI},
	} {
		if m.v != nil {
			if f := add(m.key, m.v.Format(lang)); f != nil {
				f.Badge = estimate
			}
		}
	}
	if pr.ForeignSharePct != nil {
		add("project.f.foreign_share_pct", p.T("project.pct", *pr.ForeignSharePct))
	}
	var utilized []string
	for _, m := range pr.UtilizedFDI {
		utilized = append(utilized, m.Format(lang))
	}
	add("project.utilized", strings.Join(utilized, " + "))
	for _, m := range []struct {
		key string
		v   *attract.Money
	}{{"project.f.expected_annual_output", pr.ExpectedOutput}, {"project.f.expected_annual_tax", pr.ExpectedTax}} {
		if m.v != nil {
			add(m.key, m.v.Format(lang))
		}
	}
	if pr.ExpectedJobs != nil {
		if f := add("project.f.expected_jobs", projectGroup(*pr.ExpectedJobs)); f != nil {
			f.Badge = p.T("project.estimate")
			if pr.JobsConfirmed {
				f.Badge = p.T("project.confirmed")
			}
		}
	}
	if pr.LandAreaSqm != nil {
		mu := float64(*pr.LandAreaSqm) * 3 / 2000
		add("project.f.land_area_sqm", p.T("project.mu", projectGroup(*pr.LandAreaSqm), strconv.FormatFloat(mu, 'f', 1, 64)))
	}
	if pr.EnergyUseTce != nil {
		add("project.f.energy_use_tce", projectGroup(*pr.EnergyUseTce))
	}
	add("project.f.park", pr.Park)
	add("project.f.site", pr.Site)
	add("project.f.owner_id", staff.userName(pr.OwnerID))
	add("project.f.team_id", staff.teamName(pr.TeamID))
	add("project.f.priority", p.T("priority."+pr.Priority))
	if pr.Probability != nil {
		add("project.f.probability", p.T("project.pct", *pr.Probability))
	}
	return fs
}

// projectMilestones lists the six milestones with their slippage: actual
// against planned, or today against a plan not yet met.
func projectMilestones(pr *attract.Project, today attract.Date, l Localizer) []projectMilestone {
	f := &pr.ProjectFields
	ms := []struct {
		key             string
		planned, actual *attract.Date
	}{
		{"mou", f.MOUPlanned, f.MOUActual}, {"contract", f.ContractPlanned, f.ContractActual},
		{"licence", f.LicencePlanned, f.LicenceActual}, {"land", f.LandPlanned, f.LandActual},
		{"construction", f.ConstructionPlanned, f.ConstructionActual}, {"operation", f.OperationPlanned, f.OperationActual},
	}
	out := make([]projectMilestone, 0, len(ms))
	for _, m := range ms {
		row := projectMilestone{Label: l.T("project.ms." + m.key), Planned: l.T("project.empty"), Actual: l.T("project.empty")}
		if m.planned != nil {
			row.Planned = m.planned.String()
		}
		if m.actual != nil {
			row.Actual = m.actual.String()
		}
		switch {
		case m.planned != nil && m.actual != nil:
			slip := projectDaysBetween(*m.planned, *m.actual)
			switch {
			case slip > 0:
				row.Slip, row.Late = l.T("project.late", slip), true
			case slip < 0:
				row.Slip, row.Early = l.T("project.early", -slip), true
			default:
				row.Slip = l.T("project.ontime")
			}
		case m.planned != nil:
			if slip := projectDaysBetween(*m.planned, today); slip > 0 {
				row.Slip, row.Late = l.T("project.overdue", slip), true
			} else {
				row.Slip = l.T("project.duein", -slip)
			}
		case m.actual != nil:
			row.Slip = l.T("project.noplan")
		default:
			row.Slip = l.T("project.empty")
		}
		out = append(out, row)
	}
	return out
}

// projectDaysBetween returns the whole days from a to b.
func projectDaysBetween(a, b attract.Date) int {
	return int(b.Time().Sub(a.Time()).Hours() / 24)
}

// projectSmallForms builds the quick-log, add-task and add-inflow forms,
// filled with what was posted when one of them was refused.
func (h *Handler) projectSmallForms(pr *attract.Project, staff *people, posted projectPosted, now time.Time, p *page) (projectActivityForm, projectTaskForm, projectInflowForm, error) {
	get := func(form, name, def string) string {
		if posted.form == form {
			return posted.values[name]
		}
		return def
	}
	errOf := func(form, name string) string {
		if posted.form != form {
			return ""
		}
		return projectFieldError(posted.errors, name)
	}
	summary := func(form string) string {
		if posted.form != form {
			return ""
		}
		return posted.errors.Get("")
	}

	var kinds []option
	for _, k := range attract.ActivityKinds {
		kinds = append(kinds, option{string(k), p.T("activity." + string(k))})
	}
	af := projectActivityForm{
		Summary: summary("activity"),
		Kind:    projectKeepOption(field{Name: "kind", Label: p.T("project.kind"), Type: "select", Options: kinds, Value: get("activity", "kind", string(attract.ActivityCall)), Error: errOf("activity", "kind"), Required: true}),
		Subject: field{Name: "subject", Label: p.T("project.subject"), Value: get("activity", "subject", ""), Error: errOf("activity", "subject"), Required: true},
		When: field{Name: "occurred_at", Label: p.T("project.when"), Type: "datetime-local", Hint: p.T("project.whenhint"),
			Value: get("activity", "occurred_at", formatTime(now, projectLocalLayout)), Error: errOf("activity", "occurred_at"), Required: true},
		Note:          field{Name: "notes", Label: p.T("common.notes"), Type: "textarea", Value: get("activity", "notes", ""), Error: errOf("activity", "notes")},
		ContactsError: errOf("activity", "contact_ids"),
	}
	for _, c := range pr.Contacts {
		af.Contacts = append(af.Contacts, projectContactChoice{ID: c.ID, Name: c.DisplayName(), Checked: posted.form == "activity" && slices.Contains(posted.ids, c.ID)})
	}

	me := strconv.FormatInt(p.User.ID, 10)
	assignee := get("task", "assignee_id", me)
	assigneeField, err := h.userPicker(staff, field{Name: "assignee_id", Label: p.T("project.assignee"), Value: assignee, Error: errOf("task", "assignee_id")}, p.Lang)
	if err != nil {
		return projectActivityForm{}, projectTaskForm{}, projectInflowForm{}, err
	}
	tf := projectTaskForm{
		Summary:  summary("task"),
		Title:    field{Name: "title", Label: p.T("project.task"), Value: get("task", "title", ""), Error: errOf("task", "title"), Required: true},
		Assignee: assigneeField,
		Due:      field{Name: "due_date", Label: p.T("project.due"), Type: "date", Value: get("task", "due_date", ""), Error: errOf("task", "due_date")},
	}

	inf := projectInflowForm{
		Summary: summary("inflow"),
		Date:    field{Name: "date", Label: p.T("project.date"), Type: "date", Value: get("inflow", "date", attract.AgencyDate(now).String()), Error: errOf("inflow", "date"), Required: true},
		Amount:  field{Name: "amount", Label: p.T("project.amount"), Value: get("inflow", "amount", ""), Hint: p.T("project.amounthint"), Error: errOf("inflow", "amount"), Required: true},
		Note:    field{Name: "note", Label: p.T("project.note"), Value: get("inflow", "note", ""), Error: errOf("inflow", "note")},
	}
	return af, tf, inf, nil
}

// projectFieldError returns the error of a field, or of a part of it
// ("total_investment.currency").
func projectFieldError(fe formErrors, name string) string {
	if msg := fe.Get(name); msg != "" {
		return msg
	}
	for k, msg := range fe {
		if strings.HasPrefix(k, name+".") {
			return msg
		}
	}
	return ""
}

// projectKeepOption adds the field's value to its options when it is not
// one of them, so that a refused form shows what was sent.
func projectKeepOption(f field) field {
	if f.Value == "" || slices.ContainsFunc(f.Options, func(o option) bool { return o.Value == f.Value }) {
		return f
	}
	f.Options = append(slices.Clone(f.Options), option{f.Value, f.Value})
	return f
}

// ---------------------------------------------------------------------------
// The page's small forms

func (h *Handler) projectLogActivity(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return attract.Errorf(attract.EINVALID, "The form could not be read.", "无法读取表单。")
	}
	posted := projectPosted{form: "activity", values: map[string]string{}}
	for _, k := range []string{"kind", "subject", "occurred_at", "notes"} {
		posted.values[k] = r.PostForm.Get(k)
	}
	var probs attract.Problems
	for _, s := range r.PostForm["contact_ids"] {
		cid, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			probs.Add("contact_ids", "is not a contact", "不是有效的联系人")
			continue
		}
		posted.ids = append(posted.ids, cid)
	}
	a := &attract.Activity{ActivityFields: attract.ActivityFields{
		Kind: attract.ActivityKind(posted.values["kind"]), Subject: posted.values["subject"], Notes: posted.values["notes"],
		ProjectID: &id, ContactIDs: posted.ids,
	}}
	if t, err := projectParseLocal(posted.values["occurred_at"]); err == nil {
		a.OccurredAt = t
	} else if strings.TrimSpace(posted.values["occurred_at"]) != "" {
		probs.Add("occurred_at", "is not a date and time", "不是有效的日期时间")
	}
	if len(probs) > 0 {
		probs.Merge("", a.ActivityFields.Validate())
		err = probs.Err()
	} else {
		err = h.DB.CreateActivity(r.Context(), a)
	}
	if err != nil {
		return h.projectRefused(w, r, p, id, posted, err)
	}
	return redirect(w, r, fmt.Sprintf("/projects/%d?done=activity#activities", id))
}

// projectParseLocal reads a datetime-local value in China Standard Time.
func projectParseLocal(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	t, err := time.ParseInLocation(projectLocalLayout, s, attract.AgencyZone)
	if err != nil {
		t, err = time.ParseInLocation(projectLocalLayout+":05", s, attract.AgencyZone)
	}
	return t, err
}

// projectRefused shows the project page again with a refused form; errors
// that are not about the input go to the error page.
func (h *Handler) projectRefused(w http.ResponseWriter, r *http.Request, p *page, id int64, posted projectPosted, err error) error {
	fe, err := formErrorsOf(err, p.Lang)
	if err != nil {
		return err
	}
	posted.errors = fe
	status := http.StatusBadRequest
	if attract.ErrorCode(err) == attract.ECONFLICT {
		status = http.StatusConflict
	}
	return h.renderProject(w, r, p, id, posted, status)
}

func (h *Handler) projectAddTask(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	posted := projectPosted{form: "task", values: map[string]string{
		"title": r.PostFormValue("title"), "assignee_id": r.PostFormValue("assignee_id"), "due_date": r.PostFormValue("due_date"),
	}}
	t := &attract.Task{TaskFields: attract.TaskFields{Title: posted.values["title"], ProjectID: &id, Status: attract.TaskOpen}}
	var probs attract.Problems
	if s := strings.TrimSpace(posted.values["assignee_id"]); s != "" {
		if uid, err := strconv.ParseInt(s, 10, 64); err == nil {
			t.AssigneeID = &uid
		} else {
			probs.Add("assignee_id", "is not a user", "不是有效的用户")
		}
	}
	if s := strings.TrimSpace(posted.values["due_date"]); s != "" {
		if d, err := attract.ParseDate(s); err == nil {
			t.DueDate = &d
		} else {
			probs.Merge("due_date", err)
		}
	}
	if len(probs) > 0 {
		if t.AssigneeID == nil {
			t.AssigneeID = &p.User.ID // the store's default, so as not to report it missing
		}
		probs.Merge("", t.TaskFields.Validate())
		err = probs.Err()
	} else {
		err = h.DB.CreateTask(r.Context(), t)
	}
	if err != nil {
		return h.projectRefused(w, r, p, id, posted, err)
	}
	return redirect(w, r, fmt.Sprintf("/projects/%d?done=task#tasks", id))
}

func (h *Handler) projectAddInflow(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	posted := projectPosted{form: "inflow", values: map[string]string{
		"date": r.PostFormValue("date"), "amount": r.PostFormValue("amount"), "note": r.PostFormValue("note"),
	}}
	in := &attract.CapitalInflow{ProjectID: id, Note: strings.TrimSpace(posted.values["note"])}
	var probs attract.Problems
	if s := strings.TrimSpace(posted.values["date"]); s != "" {
		if d, err := attract.ParseDate(s); err == nil {
			in.Date = d
		} else {
			probs.Merge("date", err)
		}
	}
	if s := strings.TrimSpace(posted.values["amount"]); s != "" {
		if m, err := attract.ParseMoney(s, ""); err == nil {
			in.Amount = m
		} else {
			probs.Merge("amount", err)
		}
	}
	if len(probs) > 0 {
		for _, f := range attract.ErrorFields(in.Validate()) {
			if !slices.ContainsFunc(probs, func(e attract.FieldError) bool { return e.Field == f.Field }) {
				probs = append(probs, f)
			}
		}
		err = probs.Err()
	} else {
		err = h.DB.CreateInflow(r.Context(), in)
	}
	if err != nil {
		return h.projectRefused(w, r, p, id, posted, err)
	}
	return redirect(w, r, fmt.Sprintf("/projects/%d?done=inflow#ledger", id))
}

func (h *Handler) projectDeleteInflow(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := h.DB.DeleteInflow(r.Context(), id, formVersion(r)); err != nil {
		return err
	}
	next := safeNext(r.PostFormValue("next"))
	if base, frag, ok := strings.Cut(next, "#"); ok && !strings.Contains(base, "?") {
		next = base + "?done=inflowdel#" + frag
	}
	return redirect(w, r, next)
}

func (h *Handler) projectArchive(w http.ResponseWriter, r *http.Request, p *page) error {
	return h.projectSetArchived(w, r, true)
}

func (h *Handler) projectRestore(w http.ResponseWriter, r *http.Request, p *page) error {
	return h.projectSetArchived(w, r, false)
}

func (h *Handler) projectSetArchived(w http.ResponseWriter, r *http.Request, archived bool) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if _, err := h.DB.ArchiveProject(r.Context(), id, formVersion(r), archived); err != nil {
		return err
	}
	done := "archived"
	if !archived {
		done = "restored"
	}
	return redirect(w, r, fmt.Sprintf("/projects/%d?done=%s", id, done))
}

// ---------------------------------------------------------------------------
// The project form

// projectFieldKind says how a form field is shown and turned into JSON.
type projectFieldKind int

const (
	pfText projectFieldKind = iota
	pfTextarea
	pfEnum // a select of a fixed list, labelled from the catalog
	pfInt
	pfMoney
	pfDate
	pfBool
	pfTags
	pfCompany
	pfCountry
	pfSector
	pfUser
	pfTeam
)

// projectFieldSpec is one field of the project form; name is the JSON name
// of the field in attract.ProjectFields and the form's input name.
type projectFieldSpec struct {
	name     string
	kind     projectFieldKind
	hint     string   // catalog key
	labels   string   // for pfEnum: the catalog prefix of the values' labels
	values   []string // for pfEnum
	optional bool     // for pfEnum: "none" is a choice
	required bool
}

func projectEnum[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// projectTechLevels are the OECD classes of R&D intensity, the reading of
// "technology level" the demo and statistics offices share.
var projectTechLevels = []string{"high", "medium_high", "medium", "medium_low", "low"}

// projectSections are the project form's fields, section by section.
var projectSections = []struct {
	title  string
	fields []projectFieldSpec
}{
	{"project.sec.basics", []projectFieldSpec{
		{name: "name_zh"}, {name: "name_en"}, {name: "code", hint: "project.codehint"},
		{name: "type", kind: pfEnum, labels: "type.", values: projectEnum(attract.ProjectTypes), required: true},
		{name: "investment_mode", kind: pfEnum, labels: "mode.", values: projectEnum(attract.InvestmentModes), optional: true},
		{name: "source", kind: pfEnum, labels: "source.", values: attract.LeadSources, optional: true},
		{name: "business_activity", kind: pfEnum, labels: "project.ba.", values: attract.BusinessActivities, optional: true},
		{name: "technology_level", kind: pfEnum, labels: "project.tech.", values: projectTechLevels, optional: true},
		{name: "tags", kind: pfTags, hint: "project.tagshint"},
	}},
	{"project.sec.investor", []projectFieldSpec{
		{name: "investor_id", kind: pfCompany, hint: "project.companyhint"},
		{name: "enterprise_id", kind: pfCompany},
		{name: "source_economy", kind: pfCountry}, {name: "ultimate_source_economy", kind: pfCountry},
		{name: "sector", kind: pfSector}, {name: "sector_gb"},
	}},
	{"project.sec.amounts", []projectFieldSpec{
		{name: "total_investment", kind: pfMoney, hint: "project.moneyhint"},
		{name: "registered_capital", kind: pfMoney}, {name: "contracted_fdi", kind: pfMoney},
		{name: "foreign_share_pct", kind: pfInt},
		{name: "expected_annual_output", kind: pfMoney}, {name: "expected_annual_tax", kind: pfMoney},
		{name: "amounts_confirmed", kind: pfBool},
	}},
	{"project.sec.site", []projectFieldSpec{
		{name: "expected_jobs", kind: pfInt}, {name: "land_area_sqm", kind: pfInt, hint: "project.landhint"},
		{name: "energy_use_tce", kind: pfInt}, {name: "park"}, {name: "site"},
		{name: "jobs_confirmed", kind: pfBool},
	}},
	{"project.sec.work", []projectFieldSpec{
		{name: "owner_id", kind: pfUser}, {name: "team_id", kind: pfTeam},
		{name: "priority", kind: pfEnum, labels: "priority.", values: attract.Priorities, required: true},
		{name: "probability", kind: pfInt},
		{name: "next_action"}, {name: "next_action_due", kind: pfDate},
		{name: "key_project", kind: pfBool},
	}},
	{"project.sec.milestones", []projectFieldSpec{
		{name: "mou_planned", kind: pfDate}, {name: "mou_actual", kind: pfDate},
		{name: "contract_planned", kind: pfDate}, {name: "contract_actual", kind: pfDate},
		{name: "licence_planned", kind: pfDate}, {name: "licence_actual", kind: pfDate},
		{name: "land_planned", kind: pfDate}, {name: "land_actual", kind: pfDate},
		{name: "construction_planned", kind: pfDate}, {name: "construction_actual", kind: pfDate},
		{name: "operation_planned", kind: pfDate}, {name: "operation_actual", kind: pfDate},
	}},
	{"project.sec.notes", []projectFieldSpec{{name: "notes", kind: pfTextarea}}},
}

// projectSpec finds a field of the form by name.
var projectSpec = func() map[string]projectFieldSpec {
	m := map[string]projectFieldSpec{}
	for _, s := range projectSections {
		for _, f := range s.fields {
			m[f.name] = f
		}
	}
	return m
}()

// projectFormData is what projectform.html shows.
type projectFormData struct {
	New       bool
	ID        int64
	Name      string
	Action    string
	Cancel    string
	Version   int64
	Original  string // the values the form was loaded with, as JSON
	Summary   string
	Errors    []projectErrorLink
	Sections  []projectFormSection
	Companies []option
	Conflict  *projectConflict
}

// projectErrorLink names a field with an error, linking to it from the
// summary at the top of the form.
type projectErrorLink struct{ ID, Label, Message string }

type projectFormSection struct {
	Title    string
	Controls []projectControl
}

// projectControl is one control of the form: a plain field for the "field"
// partial, or a select with option groups, or an input with a datalist.
type projectControl struct {
	F      field
	Groups []optGroup
	List   string // the id of a datalist
	Wide   bool
}

// projectConflict is what the conflict panel shows: who saved meanwhile and,
// for each field they changed, the value when the form was loaded, theirs,
// and the user's input, with the user's choice.
type projectConflict struct {
	By      []string
	Changes []projectConflictChange
}

type projectConflictChange struct {
	Name, ID, Label         string
	Loaded, Theirs, Mine    string // as shown
	TheirsValue, MineValue  string // as the form sends them
	Both, TakeTheirs, Check bool   // Check: the control is a checkbox
}

func (h *Handler) projectNewPage(w http.ResponseWriter, r *http.Request, p *page) error {
	values := map[string]string{"type": string(attract.TypeGreenfield), "priority": "normal",
		"owner_id": strconv.FormatInt(p.User.ID, 10)}
	if p.User.TeamID != nil {
		values["team_id"] = strconv.FormatInt(*p.User.TeamID, 10)
	}
	return h.renderProjectForm(w, r, p, nil, values, nil, 0, "", nil, http.StatusOK)
}

func (h *Handler) projectCreate(w http.ResponseWriter, r *http.Request, p *page) error {
	ctx := r.Context()
	values := projectFormInput(r)
	patch, probs, err := h.projectPatch(ctx, values, nil)
	if err != nil {
		return err
	}
	var pr attract.Project
	probs.Merge("", patch.Apply(&pr.ProjectFields))
	if len(probs) > 0 {
		probs.Merge("", pr.ProjectFields.Validate())
		err = probs.Err()
	} else {
		err = h.DB.CreateProject(ctx, &pr)
	}
	if err != nil {
		fe, status, err := projectFormRefusal(err, p.Lang)
		if err != nil {
			return err
		}
		if status == http.StatusConflict && fe.Get("code") == "" {
			fe["code"] = fe.Get("") // the only unique value a new project has
		}
		return h.renderProjectForm(w, r, p, nil, values, fe, 0, "", nil, status)
	}
	return redirect(w, r, fmt.Sprintf("/projects/%d?done=created", pr.ID))
}

func (h *Handler) projectEditPage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	pr, err := h.DB.FindProjectByID(r.Context(), id, "investor", "enterprise")
	if err != nil {
		return err
	}
	if !p.User.CanEdit(pr.OwnerID, pr.TeamID) {
		return projectForbidden()
	}
	values := projectFormValues(pr, p.Lang)
	return h.renderProjectForm(w, r, p, pr, values, nil, pr.Version, projectJSON(values), nil, http.StatusOK)
}

func projectForbidden() error {
	return attract.Errorf(attract.EFORBIDDEN, "Only the owner, the owner's team, a director or an admin may change this project.",
		"只有负责人、其所在团队、主管或管理员可以修改该项目。")
}

func (h *Handler) projectUpdate(w http.ResponseWriter, r *http.Request, p *page) error {
	ctx := r.Context()
	id, err := pathID(r)
	if err != nil {
		return err
	}
	current, err := h.DB.FindProjectByID(ctx, id, "investor", "enterprise")
	if err != nil {
		return err
	}
	if !p.User.CanEdit(current.OwnerID, current.TeamID) {
		return projectForbidden()
	}
	version := formVersion(r)
	values := projectFormInput(r)
	var original map[string]string
	if s := r.PostFormValue("original"); s != "" {
		if err := json.Unmarshal([]byte(s), &original); err != nil {
			original = nil
		}
	}
	// After a conflict, the original values are those the other person
	// saved; "take theirs" puts them back in place of the user's input.
	if original != nil {
		for name := range projectSpec {
			if r.PostFormValue("choice."+name) == "theirs" {
				values[name] = original[name]
			}
		}
	}
	patch, probs, err := h.projectPatch(ctx, values, current)
	if err != nil {
		return err
	}
	if len(probs) > 0 {
		// Report the other fields' problems too, checked on a copy.
		check := current.ProjectFields
		probs.Merge("", patch.Apply(&check))
		probs.Merge("", check.Validate())
		err = probs.Err()
	} else {
		_, err = h.DB.UpdateProject(ctx, id, version, patch)
	}
	if err == nil {
		return redirect(w, r, fmt.Sprintf("/projects/%d?done=saved", id))
	}
	if attract.ErrorCode(err) == attract.ECONFLICT {
		// Read the project as it is now: if its version moved on, someone
		// saved first.
		now, ferr := h.DB.FindProjectByID(ctx, id, "investor", "enterprise")
		if ferr != nil {
			return ferr
		}
		if now.Version != version {
			return h.projectConflict(w, r, p, now, version, values, original)
		}
	}
	fe, status, err := projectFormRefusal(err, p.Lang)
	if err != nil {
		return err
	}
	return h.renderProjectForm(w, r, p, current, values, fe, version, r.PostFormValue("original"), nil, status)
}

// projectFormRefusal turns the store's refusal of the project form into
// messages beside the fields and the status to answer with. Once the page's
// own check passed, a refusal of the right to edit can only be about the
// owner or team the user chose, so it is shown beside them with the input
// kept, not on an error page.
func projectFormRefusal(err error, lang string) (formErrors, int, error) {
	var e *attract.Error
	if errors.As(err, &e) && e.Code == attract.EFORBIDDEN {
		msg := e.Localized(lang)
		return formErrors{"": msg, "owner_id": msg, "team_id": msg}, http.StatusForbidden, nil
	}
	code := attract.ErrorCode(err)
	fe, err := formErrorsOf(err, lang)
	if err != nil {
		return nil, 0, err
	}
	if code == attract.ECONFLICT {
		return fe, http.StatusConflict, nil
	}
	return fe, http.StatusBadRequest, nil
}

// projectConflict shows the form again after someone else saved the project
// first: the user's input stays in the form, the panel shows field by field
// what the other person changed, and the form now carries the current version
// and the values saved meanwhile as its new original.
func (h *Handler) projectConflict(w http.ResponseWriter, r *http.Request, p *page, now *attract.Project, loadedVersion int64, mine, original map[string]string) error {
	ctx := r.Context()
	theirs := projectFormValues(now, p.Lang)
	staff, err := h.loadPeople(ctx)
	if err != nil {
		return err
	}
	lk := projectLookups{lang: p.Lang, staff: staff, companies: map[int64]string{}, db: h, ctx: ctx}
	c := &projectConflict{}
	// Who saved meanwhile, from the record's history.
	entries, _, err := h.DB.FindAudit(ctx, attract.AuditFilter{Entity: "project", EntityID: &now.ID, Limit: 20})
	if err != nil {
		return err
	}
	for _, e := range savedSince(entries, loadedVersion) {
		c.By = append(c.By, fmt.Sprintf("%s (%s, %s)", staff.userNameOr(e.ActorID, e.ActorName),
			projectEnumLabel(p.Localizer, "project.action.", e.Action), formatTime(e.At, minuteLayout)))
	}
	slices.Reverse(c.By)
	for _, s := range projectSections {
		for _, f := range s.fields {
			loaded, known := original[f.name]
			if !known && original != nil {
				continue
			}
			if original == nil {
				// Without what was loaded, every difference is a conflict.
				loaded = mine[f.name]
			}
			if projectSame(f, theirs[f.name], loaded) {
				continue
			}
			ch := projectConflictChange{
				Name: f.name, ID: "f-" + f.name, Label: p.T("project.f." + f.name),
				Loaded: lk.display(f, loaded), Theirs: lk.display(f, theirs[f.name]), Mine: lk.display(f, mine[f.name]),
				TheirsValue: theirs[f.name], MineValue: mine[f.name], Check: f.kind == pfBool,
			}
			ch.Both = !projectSame(f, mine[f.name], loaded)
			if ch.Both && projectSame(f, mine[f.name], theirs[f.name]) {
				continue // both made the same change
			}
			// A field only they changed keeps their value unless the user
			// says otherwise; one both changed keeps the user's.
			ch.TakeTheirs = !ch.Both
			c.Changes = append(c.Changes, ch)
		}
	}
	// The panel explains the conflict; the store's message would say to
	// reload, which would lose the user's input.
	return h.renderProjectForm(w, r, p, now, mine, nil, now.Version, projectJSON(theirs), c, http.StatusConflict)
}

func projectJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// projectFormInput reads every field of the project form.
func projectFormInput(r *http.Request) map[string]string {
	r.ParseForm()
	values := map[string]string{}
	for name := range projectSpec {
		values[name] = r.PostForm.Get(name)
	}
	return values
}

// projectFormValues renders a project's fields as the form shows them.
func projectFormValues(pr *attract.Project, lang string) map[string]string {
	f := pr.ProjectFields
	b, _ := json.Marshal(f)
	var raw map[string]json.RawMessage
	json.Unmarshal(b, &raw)
	values := map[string]string{}
	for name, spec := range projectSpec {
		values[name] = projectRawToForm(spec, raw[name], lang, nil)
	}
	if pr.Investor != nil {
		values["investor_id"] = projectCompanyValue(pr.Investor)
	}
	if pr.Enterprise != nil {
		values["enterprise_id"] = projectCompanyValue(pr.Enterprise)
	}
	return values
}

// projectCompanyValue is how the form names a company.
func projectCompanyValue(c *attract.Company) string { return c.DisplayName() }

// projectRawToForm turns a JSON value of a field into the form's text;
// companies become "#id" unless names resolves them.
func projectRawToForm(spec projectFieldSpec, raw json.RawMessage, lang string, names func(int64) string) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	switch spec.kind {
	case pfMoney:
		var m attract.Money
		if json.Unmarshal(raw, &m) != nil {
			return string(raw)
		}
		return m.Format(lang)
	case pfBool:
		if string(raw) == "true" {
			return "true"
		}
		return ""
	case pfTags:
		var tags []string
		json.Unmarshal(raw, &tags)
		return strings.Join(tags, ", ")
	case pfInt, pfUser, pfTeam:
		return string(raw)
	case pfCompany:
		id, err := strconv.ParseInt(string(raw), 10, 64)
		if err == nil && names != nil {
			if n := names(id); n != "" {
				return n
			}
		}
		return "#" + string(raw)
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return string(raw)
	}
	return s
}

// projectSame reports whether two form values of a field mean the same.
func projectSame(spec projectFieldSpec, a, b string) bool {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if a == b {
		return true
	}
	switch spec.kind {
	case pfMoney:
		ma, errA := attract.ParseMoney(a, "")
		mb, errB := attract.ParseMoney(b, "")
		return errA == nil && errB == nil && ma == mb
	case pfBool:
		return (a == "true") == (b == "true")
	case pfTags:
		return slices.Equal(projectSplitTags(a), projectSplitTags(b))
	}
	return false
}

// projectSplitTags reads tags separated by Latin or Chinese commas.
func projectSplitTags(s string) []string {
	tags := []string{}
	for t := range strings.FieldsFuncSeq(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' }) {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	return tags
}

// projectPatch turns the form's values into a patch of every editable
// field. Problems it finds itself (a company that does not exist) are
// returned as problems; type errors are left for Patch.Apply to report per
// field. current, when editing, lets an unchanged company name keep its id.
func (h *Handler) projectPatch(ctx context.Context, values map[string]string, current *attract.Project) (attract.Patch, attract.Problems, error) {
	patch := attract.Patch{}
	var probs attract.Problems
	str := func(s string) json.RawMessage { b, _ := json.Marshal(s); return b }
	for name, spec := range projectSpec {
		v := values[name]
		if spec.kind != pfTextarea {
			v = strings.TrimSpace(v)
		}
		switch spec.kind {
		case pfText, pfTextarea, pfEnum, pfCountry, pfSector:
			patch[name] = str(v)
		case pfTags:
			b, _ := json.Marshal(projectSplitTags(v))
			patch[name] = b
		case pfBool:
			patch[name] = json.RawMessage(strconv.FormatBool(v == "true"))
		case pfInt, pfUser, pfTeam:
			v = strings.NewReplacer(",", "", "，", "", " ", "", "%", "").Replace(v)
			switch n, err := strconv.ParseInt(v, 10, 64); {
			case v == "":
				patch[name] = json.RawMessage("null")
			case err == nil:
				patch[name] = json.RawMessage(strconv.FormatInt(n, 10))
			default:
				patch[name] = str(v) // reported by Apply as not a whole number
			}
		case pfMoney, pfDate:
			if v == "" {
				patch[name] = json.RawMessage("null")
			} else {
				patch[name] = str(v)
			}
		case pfCompany:
			var keep *attract.Company
			if current != nil {
				keep = current.Investor
				if name == "enterprise_id" {
					keep = current.Enterprise
				}
			}
			id, err := h.projectResolveCompany(ctx, v, keep)
			if err != nil {
				if attract.ErrorCode(err) != attract.EINVALID {
					return nil, nil, err
				}
				probs.Merge(name, err)
				continue
			}
			if id == nil {
				patch[name] = json.RawMessage("null")
			} else {
				patch[name] = json.RawMessage(strconv.FormatInt(*id, 10))
			}
		}
	}
	return patch, probs, nil
}

// projectResolveCompany finds the company the user named: the current one
// when the name is unchanged, one picked from the list ("name #id" when names
// repeat), or the one company of that exact name.
func (h *Handler) projectResolveCompany(ctx context.Context, text string, keep *attract.Company) (*int64, error) {
	if text == "" {
		return nil, nil
	}
	if keep != nil && (text == keep.DisplayName() || text == keep.NameEN || text == keep.NameZH) {
		return &keep.ID, nil
	}
	if i := strings.LastIndex(text, "#"); i >= 0 {
		if id, err := strconv.ParseInt(strings.TrimSpace(text[i+1:]), 10, 64); err == nil {
			if _, err := h.DB.FindCompanyByID(ctx, id); err == nil {
				return &id, nil
			} else if attract.ErrorCode(err) != attract.ENOTFOUND {
				return nil, err
			}
		}
	}
	cs, _, err := h.DB.FindCompanies(ctx, attract.CompanyFilter{Q: text, Limit: 50})
	if err != nil {
		return nil, err
	}
	var found []int64
	for _, c := range cs {
		if c.NameZH == text || strings.EqualFold(c.NameEN, text) {
			found = append(found, c.ID)
		}
	}
	switch len(found) {
	case 1:
		return &found[0], nil
	case 0:
		return nil, &attract.Error{Code: attract.EINVALID, Message: fmt.Sprintf(catalog["project.nocompany"].en, text),
			MessageZH: fmt.Sprintf(catalog["project.nocompany"].zh, text)}
	}
	return nil, &attract.Error{Code: attract.EINVALID, Message: fmt.Sprintf(catalog["project.twocompanies"].en, text),
		MessageZH: fmt.Sprintf(catalog["project.twocompanies"].zh, text)}
}

// renderProjectForm shows the create or edit form with values, errors and,
// after a conflict, the conflict panel.
func (h *Handler) renderProjectForm(w http.ResponseWriter, r *http.Request, p *page, pr *attract.Project, values map[string]string, fe formErrors, version int64, original string, conflict *projectConflict, status int) error {
	ctx := r.Context()
	staff, err := h.loadPeople(ctx)
	if err != nil {
		return err
	}
	companies, _, err := h.DB.FindCompanies(ctx, attract.CompanyFilter{Limit: 500})
	if err != nil {
		return err
	}
	d := &projectFormData{New: pr == nil, Version: version, Original: original, Conflict: conflict,
		Action: "/projects", Cancel: "/projects", Summary: fe.Get("")}
	if pr != nil {
		d.ID, d.Name = pr.ID, pr.DisplayName()
		d.Action = fmt.Sprintf("/projects/%d/edit", pr.ID)
		d.Cancel = fmt.Sprintf("/projects/%d", pr.ID)
	}
	// Datalist values are names; a name that repeats carries its id.
	seen := map[string]int{}
	for _, c := range companies {
		seen[c.DisplayName()]++
	}
	for _, c := range companies {
		v := c.DisplayName()
		if seen[v] > 1 {
			v = fmt.Sprintf("%s #%d", v, c.ID)
		}
		label := c.NameEN
		if c.Country != "" {
			label = strings.TrimSpace(label + " (" + c.Country + ")")
		}
		d.Companies = append(d.Companies, option{v, label})
	}
	countries := countryOptions(p.Lang, true)
	countryGroups := []optGroup{{p.T("project.commoneco"), countries.Common}, {p.T("project.alleco"), countries.Rest}}
	hints := map[string]string{}
	if conflict != nil {
		for _, ch := range conflict.Changes {
			hints[ch.Name] = p.T("project.conflict.hint", ch.Theirs)
		}
	}
	for _, s := range projectSections {
		sec := projectFormSection{Title: p.T(s.title)}
		for _, spec := range s.fields {
			f := field{Name: spec.name, Label: p.T("project.f." + spec.name), Value: values[spec.name],
				Error: projectFieldError(fe, spec.name), Required: spec.required}
			if spec.hint != "" {
				f.Hint = p.T(spec.hint)
			}
			if hint, ok := hints[spec.name]; ok {
				f.Hint = strings.TrimSpace(hint + " " + f.Hint)
			}
			if f.Error != "" {
				d.Errors = append(d.Errors, projectErrorLink{f.ID(), f.Label, f.Error})
			}
			c := projectControl{F: f}
			switch spec.kind {
			case pfTextarea:
				c.F.Type, c.Wide = "textarea", true
			case pfEnum:
				c.F.Type = "select"
				if spec.optional {
					c.F.Options = append(c.F.Options, option{"", p.T("form.none")})
				}
				for _, v := range spec.values {
					c.F.Options = append(c.F.Options, option{v, p.T(spec.labels + v)})
				}
				c.F = projectKeepOption(c.F)
			case pfInt:
				c.F.Type = "number"
			case pfDate:
				c.F.Type = "date"
			case pfBool:
				c.F.Type = "checkbox"
			case pfUser:
				if c.F, err = h.userPicker(staff, c.F, p.Lang); err != nil {
					return err
				}
			case pfTeam:
				c.F.Type, c.F.Options = "select", teamOptions(staff.teams, option{"", p.T("form.none")})
				c.F = projectKeepOption(c.F)
			case pfCompany:
				c.List = "pf-companies"
			case pfCountry:
				c.F.Type, c.Groups = "select", countryGroups
				c.F.Options = []option{{"", p.T("form.none")}}
				c.F = projectKeepGrouped(c.F, c.Groups)
			case pfSector:
				c.F.Type, c.Groups, c.Wide = "select", projectSectorGroups(p.Lang), true
				c.F.Options = []option{{"", p.T("form.none")}}
				c.F = projectKeepGrouped(c.F, c.Groups)
			}
			sec.Controls = append(sec.Controls, c)
		}
		d.Sections = append(d.Sections, sec)
	}
	// Errors of fields the form does not show (rare) stay in the summary.
	if pr == nil {
		p.Title = p.T("project.new")
	} else {
		p.Title = p.T("project.edit", d.Name)
	}
	p.Data = d
	return h.render(w, status, "projectform.html", p)
}

// projectKeepGrouped adds a value missing from the groups to the plain
// options, so that what was sent or stored is still shown.
func projectKeepGrouped(f field, groups []optGroup) field {
	for _, g := range groups {
		if slices.ContainsFunc(g.Options, func(o option) bool { return o.Value == f.Value }) {
			return f
		}
	}
	return projectKeepOption(f)
}

// projectSectorGroups are the sector select's groups: one per ISIC section,
// holding its divisions and, indented under each, its classes.
var projectSectorGroups = sectorGroups(sectorStyle{indent: [4]string{"", "", "-", "\u00a0\u00a0\u00a0"}, sep: " "})

// projectEnumLabel returns the catalog label of a value, or the value
// itself when the catalog has none (a free-text value from an import).
func projectEnumLabel(l Localizer, prefix, v string) string {
	if _, ok := catalog[prefix+v]; ok {
		return l.T(prefix + v)
	}
	return v
}

// projectGroup writes n with thousands separators.
func projectGroup(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// ---------------------------------------------------------------------------
// Showing values: the conflict panel and the audit history

// projectLookups turns stored values into what a person reads: labels of
// enumerations, names of users, teams, companies, countries and sectors.
type projectLookups struct {
	lang      string
	staff     *people
	companies map[int64]string // filled as companies are looked up
	db        *Handler
	ctx       context.Context
}

// display shows a form value of a field.
func (lk projectLookups) display(spec projectFieldSpec, v string) string {
	l := Localizer{lk.lang}
	v = strings.TrimSpace(v)
	if v == "" {
		if spec.kind == pfBool {
			return l.T("common.no")
		}
		return l.T("project.empty")
	}
	switch spec.kind {
	case pfEnum:
		return projectEnumLabel(l, spec.labels, v)
	case pfBool:
		return l.T("common.yes")
	case pfCountry:
		return countryName(v, lk.lang)
	case pfSector:
		return sectorPath(v, lk.lang)
	case pfUser:
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			return lk.staff.userNameOr(&id, v)
		}
	case pfTeam:
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			if n := lk.staff.teamName(&id); n != "" {
				return n
			}
		}
	case pfTextarea:
		if utf8.RuneCountInString(v) > 300 {
			return string([]rune(v)[:300]) + "…"
		}
	}
	return v
}

// companyName looks a company's name up once per page.
func (lk projectLookups) companyName(id int64) string {
	if n, ok := lk.companies[id]; ok {
		return n
	}
	n := ""
	if c, err := lk.db.DB.FindCompanyByID(lk.ctx, id); err == nil {
		n = c.DisplayName()
	}
	lk.companies[id] = n
	return n
}

// projectAuditSkip are the keys of a project's audit record that are not
// worth showing as changes: bookkeeping, and values derived from other
// records.
var projectAuditSkip = []string{"id", "version", "updated_at", "created_at", "created_by", "demo",
	"utilized_fdi", "last_activity_at", "stage_changed_at", "line_stage"}

// diff returns the fields that differ between an audit record's before and
// after, each with its old and new value as a person reads them.
func (lk projectLookups) diff(before, after json.RawMessage) []projectChange {
	var b, a map[string]json.RawMessage
	json.Unmarshal(before, &b)
	json.Unmarshal(after, &a)
	changed := changedKeysOf(b, a)
	l := Localizer{lk.lang}
	var out []projectChange
	// In the form's order first, then the stage fields.
	order := []string{"stage", "lost_reason", "archived_at"}
	for _, s := range projectSections {
		for _, f := range s.fields {
			order = append(order, f.name)
		}
	}
	for _, k := range changed {
		if !slices.Contains(order, k) && !slices.Contains(projectAuditSkip, k) {
			order = append(order, k)
		}
	}
	for _, k := range order {
		if !slices.Contains(changed, k) {
			continue
		}
		label := k
		switch k {
		case "stage":
			label = l.T("common.stage")
		case "lost_reason":
			label = l.T("project.lostreason")
		case "archived_at":
			label = l.T("project.archivedat")
		default:
			if _, ok := projectSpec[k]; ok {
				label = l.T("project.f." + k)
			}
		}
		ch := projectChange{Label: label, Old: lk.auditValue(k, b[k]), New: lk.auditValue(k, a[k])}
		ch.OldEmpty, ch.NewEmpty = ch.Old == l.T("project.empty"), ch.New == l.T("project.empty")
		out = append(out, ch)
	}
	return out
}

// auditValue shows one JSON value of a project's audit record.
func (lk projectLookups) auditValue(key string, raw json.RawMessage) string {
	l := Localizer{lk.lang}
	if len(raw) == 0 || string(raw) == "null" || string(raw) == `""` {
		return l.T("project.empty")
	}
	var s string
	switch key {
	case "stage":
		json.Unmarshal(raw, &s)
		return attract.Stage(s).Label(lk.lang)
	case "lost_reason":
		json.Unmarshal(raw, &s)
		return projectEnumLabel(l, "lost.", s)
	case "archived_at":
		var t time.Time
		if json.Unmarshal(raw, &t) == nil {
			return formatTime(t, minuteLayout)
		}
	}
	spec, ok := projectSpec[key]
	if !ok {
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
		return string(raw)
	}
	return lk.display(spec, projectRawToForm(spec, raw, lk.lang, lk.companyName))
}
