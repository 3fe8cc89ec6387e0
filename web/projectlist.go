package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"attract"
)

// The project list: a sortable, filterable table of projects with a choice
// of columns, saved views and exports. The whole view — filters, sort, page
// size and columns — lives in the URL's query string, so that a view can be
// bookmarked, saved, shared and exported as it stands.

func (h *Handler) projectListRoutes() {
	h.handle("GET /projects", attract.PermProjectRead, h.projectListPage)
	h.handle("GET /projects/export.csv", attract.PermProjectRead, h.exportProjects("csv"))
	h.handle("GET /projects/export.xlsx", attract.PermProjectRead, h.exportProjects("xlsx"))
	h.handle("POST /projects/views", attract.PermProjectRead, h.createSavedView)
	h.handle("POST /projects/views/{id}/delete", attract.PermProjectRead, h.deleteSavedView)
}

var _ = register(map[string]message{
	"projects.title":               {"Projects", "项目列表"},
	"projects.new":                 {"New project", "新建项目"},
	"projects.import":              {"Import a spreadsheet", "导入表格"},
	"projects.filters":             {"Filters", "筛选条件"},
	"projects.more":                {"More filters", "更多筛选"},
	"projects.active":              {"%d active", "已设 %d 项"},
	"projects.q":                   {"Name, code or notes", "名称、编号或备注"},
	"projects.company":             {"Company", "企业"},
	"projects.company.roles":       {"as investor or as the enterprise established", "作为投资方或所设企业"},
	"projects.company.remove":      {"Remove this filter", "取消此筛选"},
	"projects.stages":              {"Stage", "阶段"},
	"projects.owner":               {"Owner", "负责人"},
	"projects.me":                  {"Me", "我"},
	"projects.team":                {"Team", "团队"},
	"projects.sector":              {"Sector (ISIC)", "行业（ISIC）"},
	"projects.sector_exact":        {"This code only, not the codes under it", "仅限所选代码，不含其下各类"},
	"projects.sector.only":         {"%s only, not the codes under it", "仅 %s，不含其下各类"},
	"projects.sector_exact.nocode": {"Choose a sector code for this to narrow.", "请先选择行业代码，此项才起作用。"},
	"projects.economy":             {"Source economy", "来源地"},
	"projects.type":                {"Type", "项目类型"},
	"projects.source":              {"Lead source", "线索来源"},
	"projects.key":                 {"Key project", "重点项目"},
	"projects.key.true":            {"Key projects only", "仅重点项目"},
	"projects.key.false":           {"Other projects only", "仅非重点项目"},
	"projects.created_from":        {"Created from", "创建日期自"},
	"projects.created_to":          {"Created to", "创建日期至"},
	"projects.contract_from":       {"Contract signed from", "签约日期自"},
	"projects.contract_to":         {"Contract signed to", "签约日期至"},
	"projects.archived":            {"Archived projects instead", "改为查看已归档项目"},
	"projects.limit":               {"Rows per page", "每页行数"},
	"projects.columns":             {"Columns", "显示列"},
	"projects.columns.legend":      {"Columns to show", "选择要显示的列"},
	"projects.apply":               {"Apply", "应用"},
	"projects.onpage":              {"%d projects on this page.", "本页 %d 个项目。"},
	"projects.onpage.one":          {"1 project on this page.", "本页 1 个项目。"},
	"projects.none":                {"No project matches these filters.", "没有符合筛选条件的项目。"},
	"projects.empty":               {"There are no projects yet.", "还没有项目。"},
	"projects.badfilters":          {"Some filters could not be understood. Correct them to see the projects.", "部分筛选条件无法识别，请修改后再查看项目。"},
	"projects.results":             {"Projects found", "查询结果"},
	"projects.colon":               {": ", "："},
	"projects.pages":               {"Pages", "分页"},
	"projects.export.csv":          {"Export CSV", "导出 CSV"},
	"projects.export.xlsx":         {"Export Excel (XLSX)", "导出 Excel（XLSX）"},
	"projects.export.hint":         {"Exports every page of this view, with these columns.", "按当前视图和显示列导出全部页。"},
	"projects.due":                 {"due %s", "%s 到期"},
	"projects.overdue":             {"overdue since %s", "已于 %s 逾期"},

	"projects.views":           {"Saved views", "已保存的视图"},
	"projects.views.mine":      {"My views", "我的视图"},
	"projects.views.shared":    {"Shared by colleagues", "同事共享的视图"},
	"projects.views.none":      {"No saved views yet. Set the filters, sort and columns, then save them here.", "暂无保存的视图。设置筛选、排序和显示列后，可在此保存。"},
	"projects.views.by":        {"by %s", "%s 创建"},
	"projects.views.isshared":  {"shared", "已共享"},
	"projects.views.current":   {"(current)", "（当前）"},
	"projects.views.save":      {"Save this view", "保存当前视图"},
	"projects.views.name":      {"Name of the view", "视图名称"},
	"projects.views.share":     {"Share with colleagues", "与同事共享"},
	"projects.views.sharehint": {"Colleagues see the same filters; each sees the projects their role may read.", "同事看到相同的筛选条件，各自按权限查看项目。"},
	"projects.views.delete":    {"Delete", "删除"},
	"projects.views.confirm":   {"Delete the view “%s”?", "确定删除视图“%s”吗？"},
	"projects.views.badquery":  {"The filters of this view have errors; correct them before saving it.", "当前视图的筛选条件有误，请修改后再保存。"},

	"projects.col.code":          {"Code", "编号"},
	"projects.col.name":          {"Name", "名称"},
	"projects.col.stage":         {"Stage", "阶段"},
	"projects.col.days":          {"Days in stage", "本阶段天数"},
	"projects.col.investor":      {"Investor", "投资方"},
	"projects.col.economy":       {"Source economy", "来源地"},
	"projects.col.ultimate":      {"Ultimate source economy", "最终来源地"},
	"projects.col.sector":        {"Sector", "行业"},
	"projects.col.type":          {"Type", "项目类型"},
	"projects.col.mode":          {"Investment mode", "投资方式"},
	"projects.col.total":         {"Total investment", "总投资"},
	"projects.col.contracted":    {"Contracted FDI", "合同外资"},
	"projects.col.utilized":      {"Utilized FDI", "实际使用外资"},
	"projects.col.owner":         {"Owner", "负责人"},
	"projects.col.team":          {"Team", "团队"},
	"projects.col.park":          {"Park", "园区"},
	"projects.col.key":           {"Key project", "重点项目"},
	"projects.col.probability":   {"Probability", "成功概率"},
	"projects.col.next":          {"Next action", "下一步行动"},
	"projects.col.activity":      {"Last activity", "最近活动"},
	"projects.col.updated":       {"Updated", "更新时间"},
	"projects.col.created":       {"Created", "创建时间"},
	"projects.col.othername":     {"English name", "英文名称"},
	"projects.col.othername.zh":  {"Chinese name", "中文名称"},
	"projects.col.sectorcode":    {"Sector code", "行业代码"},
	"projects.col.economycode":   {"Source economy code", "来源地代码"},
	"projects.col.ultimatecode":  {"Ultimate source economy code", "最终来源地代码"},
	"projects.col.currency":      {"%s currency", "%s币种"},
	"projects.col.due":           {"Next action due", "下一步行动到期日"},
	"projects.col.probabilitypc": {"Probability (%)", "成功概率（%）"},

	"projects.notset": {"Not filled in", "未填写"},

	"projects.err.q":        {"must be at most 200 characters", "不能超过 200 个字符"},
	"projects.err.stage":    {"\"%s\" is not a stage", "“%s”不是项目阶段"},
	"projects.err.user":     {"there is no user with id \"%s\"", "不存在编号为“%s”的用户"},
	"projects.err.team":     {"there is no team with id \"%s\"", "不存在编号为“%s”的团队"},
	"projects.err.company":  {"there is no company with id \"%s\"", "不存在编号为“%s”的企业"},
	"projects.err.sector":   {"\"%s\" is not an ISIC Rev.4 code", "“%s”不是 ISIC Rev.4 行业代码"},
	"projects.err.economy":  {"\"%s\" is not a known country or economy", "“%s”不是已知的国家或地区"},
	"projects.err.type":     {"\"%s\" is not a project type", "“%s”不是项目类型"},
	"projects.err.source":   {"\"%s\" is not a lead source", "“%s”不是线索来源"},
	"projects.err.bool":     {"must be true or false, not \"%s\"", "须为 true 或 false，而不是“%s”"},
	"projects.err.date":     {"\"%s\" is not a date; write it as YYYY-MM-DD, e.g. 2025-03-31", "“%s”不是日期，请按 YYYY-MM-DD 格式填写，如 2025-03-31"},
	"projects.err.range":    {"must not be before the start of the range", "不能早于起始日期"},
	"projects.err.sort":     {"cannot sort by \"%s\"; sort by one of %s, with \"-\" before it to descend", "无法按“%s”排序；可选 %s，前加“-”表示降序"},
	"projects.err.limit":    {"must be 25, 50, 100 or 200, not \"%s\"", "须为 25、50、100 或 200，而不是“%s”"},
	"projects.err.cols":     {"unknown columns: %s", "未知的列：%s"},
	"projects.err.cursor":   {"Page", "分页"},
	"projects.err.sortname": {"Sort", "排序"},
})

// listColumn is a column the list can show.
type listColumn struct {
	key   string // its name in the URL's cols
	label string // catalog key of its header
	sort  string // the store's sort that orders it, "" when it cannot be sorted
	// inverse: the column ascends when the store's sort descends (days in
	// stage grow as stage_changed_at recedes).
	inverse bool
	num     bool
}

var listColumns = []listColumn{
	{key: "code", label: "projects.col.code", sort: "code"},
	{key: "name", label: "projects.col.name", sort: "name"},
	{key: "stage", label: "projects.col.stage"},
	{key: "days", label: "projects.col.days", sort: "stage_changed_at", inverse: true, num: true},
	{key: "investor", label: "projects.col.investor"},
	{key: "economy", label: "projects.col.economy"},
	{key: "ultimate", label: "projects.col.ultimate"},
	{key: "sector", label: "projects.col.sector"},
	{key: "type", label: "projects.col.type"},
	{key: "mode", label: "projects.col.mode"},
	{key: "total", label: "projects.col.total", num: true},
	{key: "contracted", label: "projects.col.contracted", num: true},
	{key: "utilized", label: "projects.col.utilized", num: true},
	{key: "owner", label: "projects.col.owner"},
	{key: "team", label: "projects.col.team"},
	{key: "park", label: "projects.col.park"},
	{key: "key", label: "projects.col.key"},
	{key: "probability", label: "projects.col.probability", num: true},
	{key: "next", label: "projects.col.next"},
	{key: "activity", label: "projects.col.activity"},
	{key: "updated", label: "projects.col.updated", sort: "updated_at"},
	{key: "created", label: "projects.col.created", sort: "created_at"},
}

// listDefaultColumns is what an officer scanning the pipeline needs first.
var listDefaultColumns = []string{"code", "name", "stage", "days", "investor", "economy", "total", "owner", "next", "updated"}

func listColumnByKey(key string) (listColumn, bool) {
	for _, c := range listColumns {
		if c.key == key {
			return c, true
		}
	}
	return listColumn{}, false
}

// listSorts are the sorts the store keeps an index for.
var listSorts = []string{"updated_at", "created_at", "stage_changed_at", "name", "code"}

const (
	defaultListSort  = "-updated_at"
	defaultListLimit = 50
)

// listExportPage is how many projects an export reads at a time; a test
// lowers it to walk several pages without thousands of projects.
var listExportPage = func() *atomic.Int64 {
	var n atomic.Int64
	n.Store(500)
	return &n
}()

var listLimits = []int{25, 50, 100, 200}

// listParams is a list's query string read: the store's filter, the
// columns, and what the form shows back, including input it refused.
type listParams struct {
	filter attract.ProjectFilter
	cols   []string
	sort   string
	limit  int
	// canon is the view in a canonical form (filters, sort, page size and
	// columns, no cursor): the base of every link and what a saved view keeps.
	canon  url.Values
	typed  map[string]string // each parameter as the user gave it
	stages map[attract.Stage]bool
	errs   formErrors
	// company is the company filtered by, once parseList has found it.
	company *attract.Company
}

// listContext is what reading a query string and rendering the rows need:
// the users and teams whose names the list shows and filters by.
type listContext struct {
	Localizer
	*people
	me        *attract.User
	today     attract.Date
	investors map[int64]*attract.Company
}

func (h *Handler) newListContext(r *http.Request, p *page) (*listContext, error) {
	staff, err := h.loadPeople(r.Context())
	if err != nil {
		return nil, err
	}
	return &listContext{Localizer: p.Localizer, people: staff, me: p.User, today: attract.AgencyDate(h.DB.Now()),
		investors: map[int64]*attract.Company{}}, nil
}

// parse reads a list's query string. Every parameter that cannot be
// understood is named in errs, in the user's language.
func (l *listContext) parse(v url.Values) *listParams {
	lp := &listParams{canon: url.Values{}, typed: map[string]string{}, stages: map[attract.Stage]bool{}, errs: formErrors{}}
	f := &lp.filter
	get := func(k string) string {
		s := strings.TrimSpace(v.Get(k))
		lp.typed[k] = s
		return s
	}
	fail := func(k, msg string, args ...any) {
		if _, seen := lp.errs[k]; !seen {
			lp.errs[k] = l.T(msg, args...)
		}
	}
	if q := get("q"); q != "" {
		if utf8.RuneCountInString(q) > 200 {
			fail("q", "projects.err.q")
		}
		f.Q = q
		lp.canon.Set("q", q)
	}
	if s := get("company"); s != "" {
		if id, err := strconv.ParseInt(s, 10, 64); err != nil || id <= 0 {
			fail("company", "projects.err.company", s)
		} else {
			f.CompanyID = &id
			lp.canon.Set("company", strconv.FormatInt(id, 10))
		}
	}
	for _, s := range listSplit(v["stage"]) {
		st := attract.Stage(s)
		if !st.Valid() {
			fail("stage", "projects.err.stage", s)
			continue
		}
		lp.stages[st] = true
	}
	for _, st := range attract.Stages {
		if lp.stages[st] {
			f.Stages = append(f.Stages, st)
		}
	}
	if len(f.Stages) > 0 {
		names := make([]string, len(f.Stages))
		for i, st := range f.Stages {
			names[i] = string(st)
		}
		lp.canon.Set("stage", strings.Join(names, ","))
	}
	if s := get("owner"); s == "me" {
		f.OwnerID = &l.me.ID
		lp.canon.Set("owner", s)
	} else if s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if _, ok := l.user[id]; err != nil || !ok {
			fail("owner", "projects.err.user", s)
		} else {
			f.OwnerID = &id
			lp.canon.Set("owner", s)
		}
	}
	if s := get("team"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if _, ok := l.team[id]; err != nil || !ok {
			fail("team", "projects.err.team", s)
		} else {
			f.TeamID = &id
			lp.canon.Set("team", s)
		}
	}
	if s := get("sector"); s == attract.FilterNone {
		f.Sector = s
		lp.canon.Set("sector", s)
	} else if s != "" {
		if sec, ok := attract.SectorByCode(strings.ToUpper(s)); !ok {
			fail("sector", "projects.err.sector", s)
		} else {
			f.Sector = sec.Code
			lp.canon.Set("sector", sec.Code)
		}
	}
	// sector_exact narrows a sector code to the projects classified by that
	// very code: the dashboard's projects given only a section letter.
	// Without a code it has nothing to narrow and is left out.
	if s := get("sector_exact"); s != "" {
		if b, err := strconv.ParseBool(s); err != nil {
			fail("sector_exact", "projects.err.bool", s)
		} else if b && f.Sector != "" && f.Sector != attract.FilterNone {
			f.SectorExact = true
			lp.canon.Set("sector_exact", "1")
		}
	}
	if s := get("economy"); s != "" {
		if c, ok := attract.LookupCountry(s); !ok {
			fail("economy", "projects.err.economy", s)
		} else {
			f.SourceEconomy = c.Alpha2
			lp.canon.Set("economy", c.Alpha2)
		}
	}
	if s := get("type"); s != "" {
		if !slices.Contains(attract.ProjectTypes, attract.ProjectType(s)) {
			fail("type", "projects.err.type", s)
		} else {
			f.Type = attract.ProjectType(s)
			lp.canon.Set("type", s)
		}
	}
	if s := get("source"); s != "" {
		if s != attract.FilterNone && !slices.Contains(attract.LeadSources, s) {
			fail("source", "projects.err.source", s)
		} else {
			f.Source = s
			lp.canon.Set("source", s)
		}
	}
	if s := get("key"); s != "" {
		if b, err := strconv.ParseBool(s); err != nil {
			fail("key", "projects.err.bool", s)
		} else {
			f.KeyProject = &b
			lp.canon.Set("key", strconv.FormatBool(b))
		}
	}
	date := func(k string) *attract.Date {
		s := get(k)
		if s == "" {
			return nil
		}
		d, err := attract.ParseDate(s)
		if err != nil {
			fail(k, "projects.err.date", s)
			return nil
		}
		lp.canon.Set(k, d.String())
		return &d
	}
	f.CreatedFrom, f.CreatedTo = date("created_from"), date("created_to")
	f.ContractFrom, f.ContractTo = date("contract_from"), date("contract_to")
	if f.CreatedFrom != nil && f.CreatedTo != nil && f.CreatedTo.Before(*f.CreatedFrom) {
		fail("created_to", "projects.err.range")
	}
	if f.ContractFrom != nil && f.ContractTo != nil && f.ContractTo.Before(*f.ContractFrom) {
		fail("contract_to", "projects.err.range")
	}
	if s := get("archived"); s != "" {
		if b, err := strconv.ParseBool(s); err != nil && s != "on" {
			fail("archived", "projects.err.bool", s)
		} else if b || s == "on" {
			f.Archived = true
			lp.canon.Set("archived", "true")
		}
	}
	lp.sort = defaultListSort
	if s := get("sort"); s != "" {
		if !slices.Contains(listSorts, strings.TrimPrefix(s, "-")) {
			fail("sort", "projects.err.sort", s, strings.Join(listSorts, ", "))
		} else {
			lp.sort = s
		}
	}
	f.Sort = lp.sort
	if lp.sort != defaultListSort {
		lp.canon.Set("sort", lp.sort)
	}
	lp.limit = defaultListLimit
	if s := get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || !slices.Contains(listLimits, n) {
			fail("limit", "projects.err.limit", s)
		} else {
			lp.limit = n
		}
	}
	f.Limit = lp.limit
	if lp.limit != defaultListLimit {
		lp.canon.Set("limit", strconv.Itoa(lp.limit))
	}
	var unknown []string
	for _, c := range listSplit(v["cols"]) {
		if _, ok := listColumnByKey(c); !ok {
			unknown = append(unknown, c)
		} else if !slices.Contains(lp.cols, c) {
			lp.cols = append(lp.cols, c)
		}
	}
	if len(unknown) > 0 {
		fail("cols", "projects.err.cols", strings.Join(unknown, ", "))
	}
	if len(lp.cols) == 0 {
		lp.cols = listDefaultColumns
	}
	if !slices.Equal(lp.cols, listDefaultColumns) {
		lp.canon.Set("cols", strings.Join(lp.cols, ","))
	}
	f.Cursor = get("cursor")
	return lp
}

// parseList reads a list's query string (listContext.parse) and finds the
// company it is filtered by, if any: a company that does not exist is
// named in the errors as any other refused filter.
func (h *Handler) parseList(ctx context.Context, l *listContext, v url.Values) (*listParams, error) {
	lp := l.parse(v)
	if id := lp.filter.CompanyID; id != nil {
		c, err := h.DB.FindCompanyByID(ctx, *id)
		switch {
		case attract.ErrorCode(err) == attract.ENOTFOUND:
			lp.errs["company"] = l.T("projects.err.company", lp.typed["company"])
		case err != nil:
			return nil, err
		default:
			lp.company = c
		}
	}
	return lp, nil
}

// filtered reports whether the view filters at all, beyond sort, page
// size and columns.
func (lp *listParams) filtered() bool {
	for k := range lp.canon {
		if k != "sort" && k != "limit" && k != "cols" {
			return true
		}
	}
	return false
}

// listSplit reads a parameter given repeatedly (as checkboxes send it),
// comma-separated (as links write it), or both.
func listSplit(vs []string) []string {
	var out []string
	for _, v := range vs {
		for s := range strings.SplitSeq(v, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// listEncode writes a canonical query string, keys sorted, leaving commas
// as they are so that cols=code,name,stage reads as it is meant.
func listEncode(v url.Values) string {
	return strings.ReplaceAll(v.Encode(), "%2C", ",")
}

// listURL is the address of the list (or an export) with the view of canon
// and the given parameters changed ("" removes one).
func listURL(path string, canon url.Values, kv ...string) string {
	v := url.Values{}
	for k, vs := range canon {
		v[k] = vs
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			v.Del(kv[i])
		} else {
			v.Set(kv[i], kv[i+1])
		}
	}
	if s := listEncode(v); s != "" {
		return path + "?" + s
	}
	return path
}

// The page's data.

type listData struct {
	Company      *listCompany // the company filtered by, if any
	Main, More   []field
	MoreActive   int
	MoreOpen     bool
	Stages       []listCheck
	StageError   string
	Columns      []listCheck
	ColumnsError string
	ColumnsOpen  bool
	// DefaultCols and DefaultLimit let the script leave defaults out of the URL.
	DefaultCols  string
	DefaultLimit int
	Sort         string
	ClearURL     string
	Problems     []listProblem
	Searched     bool   // the filters were sound and the store was asked
	Empty        string // what to say when no row is found
	Headers      []listHeader
	Rows         []listRow
	FirstURL     string
	NextURL      string
	ExportCSV    string
	ExportXLSX   string
	MyViews      []listViewLink
	SharedViews  []listViewLink
	Save         listSaveForm
}

// listCompany is the filter by a company, which the form keeps in a hidden
// field: it is set from the company's page, not chosen among thousands.
type listCompany struct {
	ID         int64
	Name, Href string // empty when the company was not found
	Value      string // as given
	Error      string
	RemoveURL  string
}

type listCheck struct {
	ID, Name, Value, Label string
	Checked                bool
}

type listProblem struct {
	Anchor, Label, Message string
}

type listHeader struct {
	Label    string
	Href     string // the link that sorts by this column, if it can be sorted
	AriaSort string // "ascending" or "descending" on the sorted column
	Arrow    string
	Num      bool
}

type listRow struct {
	Cells []listCell
}

// listCell is one cell of the table: a text with an optional link, a
// secondary line and a badge.
type listCell struct {
	Text       string
	Href       string
	Sub        string
	SubLang    string // the secondary line's language, when it is the other one
	Badge      string
	BadgeClass string
	Class      string
	Head       bool // the row's header cell (the project's name)
}

type listViewLink struct {
	ID        int64
	Name      string
	Href      string
	Owner     string
	Shared    bool
	Current   bool
	CanDelete bool
}

type listSaveForm struct {
	Name, Shared field
	Query        string
	Error        string
	Show         bool
}

// projectListPage shows the list.
func (h *Handler) projectListPage(w http.ResponseWriter, r *http.Request, p *page) error {
	l, err := h.newListContext(r, p)
	if err != nil {
		return err
	}
	lp, err := h.parseList(r.Context(), l, r.URL.Query())
	if err != nil {
		return err
	}
	return h.renderProjectList(w, r, p, l, lp, listSaveForm{})
}

// renderProjectList runs the list's query and shows it with the save form given.
func (h *Handler) renderProjectList(w http.ResponseWriter, r *http.Request, p *page, l *listContext, lp *listParams, save listSaveForm) error {
	d := l.formData(lp)
	status := http.StatusOK
	if !lp.errs.Any() {
		ps, next, err := h.DB.FindProjects(r.Context(), lp.filter)
		if err != nil {
			fe, err := formErrorsOf(err, p.Lang)
			if err != nil {
				return err
			}
			// The store refuses a cursor of another sort or a damaged one.
			for k, msg := range fe {
				if k != "" {
					lp.errs[k] = msg
				}
			}
			if !lp.errs.Any() {
				lp.errs[""] = fe[""]
			}
		} else {
			if err := h.loadListInvestors(r, l, ps); err != nil {
				return err
			}
			d.Searched = true
			d.Empty = p.T("projects.empty")
			if lp.filtered() {
				d.Empty = p.T("projects.none")
			}
			d.Rows = l.rows(lp, ps)
			if next != "" {
				d.NextURL = listURL("/projects", lp.canon, "cursor", next)
			}
			if lp.filter.Cursor != "" {
				d.FirstURL = listURL("/projects", lp.canon)
			}
		}
	}
	if lp.errs.Any() {
		status = http.StatusBadRequest
		d.Problems = l.problems(lp)
	}
	d.Headers = l.headers(lp)
	views, err := h.DB.FindSavedViews(r.Context())
	if err != nil {
		return err
	}
	l.listViewLinks(&d, lp, views)
	d.Save = l.saveForm(lp, save)
	if save.Error != "" || save.Name.Error != "" {
		status = http.StatusBadRequest
	}
	p.Title = p.T("projects.title")
	p.Data = d
	return h.render(w, status, "projects.html", p)
}

// loadListInvestors reads the investors of a page of projects in one query.
func (h *Handler) loadListInvestors(r *http.Request, l *listContext, ps []*attract.Project) error {
	// A fresh map per page: an export's context would otherwise keep every
	// investor it met.
	investors, err := h.investorsOf(r.Context(), ps)
	l.investors = investors
	return err
}

// formData builds the filter form, showing what the user typed.
func (l *listContext) formData(lp *listParams) listData {
	t := lp.typed
	opt := func(value, label string) option { return option{Value: value, Label: label} }
	all := opt("", l.T("common.all"))

	owners := userOptions(l.users, userByName, nil, all, opt("me", l.T("projects.me")))
	teams := teamOptions(l.teams, all)
	types := []option{all}
	for _, ty := range attract.ProjectTypes {
		types = append(types, opt(string(ty), l.T("type."+string(ty))))
	}
	notSet := opt(attract.FilterNone, l.T("projects.notset"))
	sources := []option{all}
	for _, s := range attract.LeadSources {
		sources = append(sources, opt(s, l.T("source."+s)))
	}
	sources = append(sources, notSet)
	keys := []option{all, opt("true", l.T("projects.key.true")), opt("false", l.T("projects.key.false"))}
	limits := make([]option, len(listLimits))
	for i, n := range listLimits {
		limits[i] = opt(strconv.Itoa(n), strconv.Itoa(n))
	}
	sectors := append(append([]option{all}, listSectorOptions(l.Lang)...), notSet)
	if code := lp.filter.Sector; code != "" && !slices.ContainsFunc(sectors, func(o option) bool { return o.Value == code }) {
		s, _ := attract.SectorByCode(code)
		sectors = append(sectors, opt(code, code+" "+s.Name(l.Lang)))
	}
	economies := append([]option{all}, countryOptionsByCode(l.Lang)...)

	// A select shows the canonical value (HK for "香港"), unless it was refused.
	shown := func(k string) string {
		if _, bad := lp.errs[k]; bad || lp.canon.Get(k) == "" {
			return t[k]
		}
		return lp.canon.Get(k)
	}
	fl := func(name, label, typ string, opts []option) field {
		return field{Name: name, Label: l.T(label), Value: shown(name), Type: typ, Error: lp.errs.Get(name), Options: opts}
	}
	dateField := func(name string) field {
		f := fl(name, "projects."+name, "date", nil)
		if f.Error != "" {
			// A date input cannot hold what was refused; a text input shows it.
			f.Type = "text"
		}
		return f
	}
	limit := fl("limit", "projects.limit", "select", limits)
	if limit.Value == "" {
		limit.Value = strconv.Itoa(defaultListLimit)
	}
	archived := fl("archived", "projects.archived", "checkbox", nil)
	if lp.filter.Archived {
		archived.Value = "true"
	}
	// The sector filter says when it is narrowed to the code alone; the box
	// stays ticked beside a refused code, as the user left it.
	sector := fl("sector", "projects.sector", "select", sectors)
	exact := fl("sector_exact", "projects.sector_exact", "checkbox", nil)
	exact.Value = ""
	switch ticked, _ := strconv.ParseBool(t["sector_exact"]); {
	case lp.filter.SectorExact:
		exact.Value, sector.Hint = "true", l.T("projects.sector.only", lp.filter.Sector)
	case ticked && lp.errs.Get("sector") != "":
		exact.Value = "true"
	case ticked: // with no code, or "Not filled in": it narrows nothing, and says so rather than vanish
		exact.Value, exact.Hint = "true", l.T("projects.sector_exact.nocode")
	}
	d := listData{
		Company: l.companyFilter(lp),
		Main: []field{
			fl("q", "projects.q", "search", nil),
			fl("owner", "projects.owner", "select", owners),
			fl("key", "projects.key", "select", keys),
			limit,
		},
		More: []field{
			fl("team", "projects.team", "select", teams),
			sector, exact,
			fl("economy", "projects.economy", "select", economies),
			fl("type", "projects.type", "select", types),
			fl("source", "projects.source", "select", sources),
			dateField("created_from"), dateField("created_to"),
			dateField("contract_from"), dateField("contract_to"),
			archived,
		},
		Sort:         lp.canon.Get("sort"),
		DefaultCols:  strings.Join(listDefaultColumns, ","),
		DefaultLimit: defaultListLimit,
		ClearURL:     listURL("/projects", url.Values{"cols": lp.canon["cols"], "sort": lp.canon["sort"], "limit": lp.canon["limit"]}),
	}
	for _, f := range d.More {
		if set := f.Value != "" && f.Value != "false"; set || f.Error != "" {
			d.MoreOpen = true
			if set && f.Name != "sector_exact" { // it narrows the sector filter, counted already
				d.MoreActive++
			}
		}
	}
	for _, st := range attract.Stages {
		d.Stages = append(d.Stages, listCheck{ID: "f-stage-" + string(st), Name: "stage", Value: string(st), Label: st.Label(l.Lang), Checked: lp.stages[st]})
	}
	for _, c := range listColumns {
		d.Columns = append(d.Columns, listCheck{ID: "f-cols-" + c.key, Name: "cols", Value: c.key, Label: l.T(c.label), Checked: slices.Contains(lp.cols, c.key)})
	}
	d.StageError, d.ColumnsError = lp.errs.Get("stage"), lp.errs.Get("cols")
	d.ColumnsOpen = d.ColumnsError != ""
	exportQuery := lp.canon
	d.ExportCSV = listURL("/projects/export.csv", exportQuery)
	d.ExportXLSX = listURL("/projects/export.xlsx", exportQuery)
	return d
}

// companyFilter shows the company the list is filtered by, or what was
// given for one that was refused; nil without the filter.
func (l *listContext) companyFilter(lp *listParams) *listCompany {
	s := lp.typed["company"]
	if s == "" {
		return nil
	}
	c := &listCompany{Value: s, Error: lp.errs.Get("company"), RemoveURL: listURL("/projects", lp.canon, "company", "")}
	if co := lp.company; co != nil {
		c.ID, c.Name, c.Href = co.ID, l.companyName(co), "/companies/"+strconv.FormatInt(co.ID, 10)
	}
	return c
}

// listProblemLabels name the controls in the summary of refused filters.
var listProblemLabels = map[string]string{
	"q": "projects.q", "company": "projects.company", "stage": "projects.stages", "owner": "projects.owner", "team": "projects.team",
	"sector": "projects.sector", "sector_exact": "projects.sector_exact", "economy": "projects.economy", "type": "projects.type", "source": "projects.source", "key": "projects.key",
	"created_from": "projects.created_from", "created_to": "projects.created_to",
	"contract_from": "projects.contract_from", "contract_to": "projects.contract_to",
	"archived": "projects.archived", "limit": "projects.limit", "cols": "projects.columns",
	"sort": "projects.err.sortname", "cursor": "projects.err.cursor",
}

// listProblemOrder is the order of the controls on the page.
var listProblemOrder = []string{"", "company", "q", "stage", "owner", "key", "limit", "team", "sector", "sector_exact", "economy", "type", "source",
	"created_from", "created_to", "contract_from", "contract_to", "archived", "cols", "sort", "cursor"}

func (l *listContext) problems(lp *listParams) []listProblem {
	var out []listProblem
	seen := map[string]bool{}
	add := func(k string) {
		msg, ok := lp.errs[k]
		if !ok || seen[k] {
			return
		}
		seen[k] = true
		pr := listProblem{Message: msg}
		if label, ok := listProblemLabels[k]; ok {
			pr.Label = l.T(label)
		}
		switch k {
		case "", "sort", "cursor":
		case "stage":
			pr.Anchor = "#f-stage-" + string(attract.Stages[0])
		case "cols":
			pr.Anchor = "#f-cols-" + listColumns[0].key
		default:
			pr.Anchor = "#f-" + k
		}
		out = append(out, pr)
	}
	for _, k := range listProblemOrder {
		add(k)
	}
	for k := range lp.errs {
		add(k)
	}
	return out
}

// headers are the table's column headers; a sortable one links to the
// sort in the other direction when it is the sorted column, else ascending.
func (l *listContext) headers(lp *listParams) []listHeader {
	out := make([]listHeader, 0, len(lp.cols))
	for _, key := range lp.cols {
		c, _ := listColumnByKey(key)
		hd := listHeader{Label: l.T(c.label), Num: c.num}
		if c.sort != "" {
			asc, desc := c.sort, "-"+c.sort
			if c.inverse {
				asc, desc = desc, asc
			}
			next := asc
			switch lp.sort {
			case asc:
				hd.AriaSort, hd.Arrow, next = "ascending", "▲", desc
			case desc:
				hd.AriaSort, hd.Arrow = "descending", "▼"
			}
			sortParam := next
			if next == defaultListSort {
				sortParam = ""
			}
			hd.Href = listURL("/projects", lp.canon, "sort", sortParam)
		}
		out = append(out, hd)
	}
	return out
}

func (l *listContext) rows(lp *listParams, ps []*attract.Project) []listRow {
	rows := make([]listRow, len(ps))
	for i, p := range ps {
		cells := make([]listCell, len(lp.cols))
		for j, key := range lp.cols {
			cells[j] = l.cell(key, p)
		}
		rows[i] = listRow{cells}
	}
	return rows
}

func (l *listContext) date(t time.Time) string { return attract.AgencyDate(t).String() }

// names returns the project's name in the page's language and in the other.
func (l *listContext) names(p *attract.Project) (string, string) {
	if l.Lang == "en" && p.NameEN != "" {
		return p.NameEN, p.NameZH
	}
	if p.NameZH != "" {
		return p.NameZH, p.NameEN
	}
	return p.NameEN, ""
}

func (l *listContext) otherLangTag() string {
	if l.Lang == "zh" {
		return "en"
	}
	return "zh-CN"
}

func (l *listContext) daysInStage(p *attract.Project) int64 {
	return int64(l.today.Time().Sub(attract.AgencyDate(p.StageChangedAt).Time()) / (24 * time.Hour))
}

func (l *listContext) investorName(p *attract.Project) string {
	if p.InvestorID == nil {
		return ""
	}
	c, ok := l.investors[*p.InvestorID]
	if !ok {
		return ""
	}
	return l.companyName(c)
}

// companyName is a company's name as the list shows it: the English one on
// English pages, when it has one.
func (l *listContext) companyName(c *attract.Company) string {
	if l.Lang == "en" && c.NameEN != "" {
		return c.NameEN
	}
	return c.DisplayName()
}

func (l *listContext) money(m *attract.Money) string {
	if m == nil {
		return ""
	}
	return m.Format(l.Lang)
}

func (l *listContext) moneyList(ms []attract.Money) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = m.Format(l.Lang)
	}
	return strings.Join(parts, "; ")
}

// cell is one cell of the table.
func (l *listContext) cell(key string, p *attract.Project) listCell {
	href := "/projects/" + strconv.FormatInt(p.ID, 10)
	switch key {
	case "code":
		return listCell{Text: p.Code, Href: href}
	case "name":
		name, other := l.names(p)
		c := listCell{Text: name, Href: href, Head: true}
		if other != "" && other != name {
			c.Sub, c.SubLang = other, l.otherLangTag()
		}
		return c
	case "stage":
		return listCell{Text: p.Stage.Label(l.Lang), Class: "stage stage-" + string(p.Stage)}
	case "days":
		return listCell{Text: strconv.FormatInt(l.daysInStage(p), 10), Class: "num"}
	case "investor":
		c := listCell{Text: l.investorName(p), Class: "pl-wrap pl-investor"}
		if c.Text != "" {
			c.Href = "/companies/" + strconv.FormatInt(*p.InvestorID, 10)
		}
		return c
	case "economy":
		return listCell{Text: countryName(p.SourceEconomy, l.Lang)}
	case "ultimate":
		return listCell{Text: countryName(p.UltimateEconomy, l.Lang)}
	case "sector":
		return listCell{Text: p.Sector, Sub: sectorTitle(p.Sector, l.Lang), Class: "pl-wrap"}
	case "type":
		return listCell{Text: l.T("type." + string(p.Type))}
	case "mode":
		if p.InvestmentMode == "" {
			return listCell{}
		}
		return listCell{Text: l.T("mode." + string(p.InvestmentMode))}
	case "total":
		return listCell{Text: l.money(p.TotalInvestment), Class: "num"}
	case "contracted":
		return listCell{Text: l.money(p.ContractedFDI), Class: "num"}
	case "utilized":
		return listCell{Text: l.moneyList(p.UtilizedFDI), Class: "num"}
	case "owner":
		return listCell{Text: l.userName(p.OwnerID)}
	case "team":
		return listCell{Text: l.teamName(p.TeamID)}
	case "park":
		return listCell{Text: p.Park, Class: "pl-wrap"}
	case "key":
		if p.KeyProject {
			return listCell{Badge: l.T("common.key"), BadgeClass: "key"}
		}
		return listCell{}
	case "probability":
		if p.Probability == nil {
			return listCell{Class: "num"}
		}
		return listCell{Text: strconv.FormatInt(*p.Probability, 10) + "%", Class: "num"}
	case "next":
		c := listCell{Text: p.NextAction, Class: "pl-wrap"}
		if due := p.NextActionDue; due != nil {
			switch {
			case due.Before(l.today):
				c.Badge, c.BadgeClass = l.T("projects.overdue", due.String()), "late"
			case due.Before(l.today.AddDays(8)):
				c.Badge, c.BadgeClass = l.T("projects.due", due.String()), "soon"
			default:
				c.Badge = l.T("projects.due", due.String())
			}
		}
		return c
	case "activity":
		if p.LastActivityAt == nil {
			return listCell{}
		}
		return listCell{Text: l.date(*p.LastActivityAt)}
	case "updated":
		return listCell{Text: l.date(p.UpdatedAt)}
	case "created":
		return listCell{Text: l.date(p.CreatedAt)}
	}
	return listCell{}
}

// Saved views.

func (l *listContext) listViewLinks(d *listData, lp *listParams, views []*attract.SavedView) {
	current := listEncode(lp.canon)
	for _, v := range views {
		link := listViewLink{ID: v.ID, Name: v.Name, Href: "/projects", Shared: v.Shared,
			CanDelete: v.OwnerID == l.me.ID || l.me.Role.Can(attract.PermRecordDelete)}
		if v.Query != "" {
			link.Href += "?" + v.Query
		}
		if q, err := url.ParseQuery(v.Query); err == nil && listEncode(q) == current {
			link.Current = true
		}
		if v.OwnerID == l.me.ID {
			d.MyViews = append(d.MyViews, link)
			continue
		}
		link.Owner = l.userName(&v.OwnerID)
		d.SharedViews = append(d.SharedViews, link)
	}
}

// saveForm is the "save this view" form, with what the user typed when a
// save was refused.
func (l *listContext) saveForm(lp *listParams, s listSaveForm) listSaveForm {
	s.Show = true
	s.Query = listEncode(lp.canon)
	s.Name.Name, s.Name.Label, s.Name.Required = "name", l.T("projects.views.name"), true
	s.Shared.Name, s.Shared.Label, s.Shared.Type = "shared", l.T("projects.views.share"), "checkbox"
	s.Shared.Hint = l.T("projects.views.sharehint")
	// A view with refused filters cannot be saved; the page says why already.
	if lp.errs.Any() && s.Error == "" {
		s.Show = false
	}
	return s
}

// createSavedView saves the list's current view under a name.
func (h *Handler) createSavedView(w http.ResponseWriter, r *http.Request, p *page) error {
	l, err := h.newListContext(r, p)
	if err != nil {
		return err
	}
	query := strings.TrimPrefix(r.PostFormValue("query"), "?")
	vals, perr := url.ParseQuery(query)
	lp, err := h.parseList(r.Context(), l, vals)
	if err != nil {
		return err
	}
	s := listSaveForm{}
	s.Name.Value = r.PostFormValue("name")
	if r.PostFormValue("shared") == "true" {
		s.Shared.Value = "true"
	}
	if perr != nil || lp.errs.Any() {
		s.Error = p.T("projects.views.badquery")
		return h.renderProjectList(w, r, p, l, lp, s)
	}
	v := &attract.SavedView{Name: s.Name.Value, Query: listEncode(lp.canon), Shared: s.Shared.Value == "true"}
	if err := h.DB.CreateSavedView(r.Context(), v); err != nil {
		fe, err := formErrorsOf(err, p.Lang)
		if err != nil {
			return err
		}
		s.Error, s.Name.Error = fe.Get(""), fe.Get("name")
		if q := fe.Get("query"); q != "" {
			s.Error = q
		}
		return h.renderProjectList(w, r, p, l, lp, s)
	}
	return redirect(w, r, listURL("/projects", lp.canon))
}

// deleteSavedView deletes a saved view and goes back to the list.
func (h *Handler) deleteSavedView(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if err := h.DB.DeleteSavedView(r.Context(), id); err != nil {
		return err
	}
	next := safeNext(r.PostFormValue("next"))
	if next == "/" {
		next = "/projects"
	}
	return redirect(w, r, next)
}

// Exports.

// exportProjects writes every project of the view — all pages, in its sort
// and with its columns — as CSV or XLSX, reading a page at a time.
func (h *Handler) exportProjects(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p *page) error {
		l, err := h.newListContext(r, p)
		if err != nil {
			return err
		}
		lp, err := h.parseList(r.Context(), l, r.URL.Query())
		if err != nil {
			return err
		}
		lp.filter.Limit = int(listExportPage.Load())
		if lp.errs.Any() {
			return h.renderProjectList(w, r, p, l, lp, listSaveForm{})
		}
		read := func(cursor string) ([][]exportCell, string, error) {
			lp.filter.Cursor = cursor
			ps, next, err := h.DB.FindProjects(r.Context(), lp.filter)
			if err != nil {
				return nil, "", err
			}
			if err := h.loadListInvestors(r, l, ps); err != nil {
				return nil, "", err
			}
			rows := make([][]exportCell, len(ps))
			for i, pr := range ps {
				rows[i] = l.exportRow(lp.cols, pr)
			}
			return rows, next, nil
		}
		name := "projects-" + l.today.String() + "." + format
		return serveExport(w, h.Logger, format, name, l.T("projects.title"), l.exportHeader(lp.cols), read)
	}
}

// exportHeader names the export's columns: a column of the page may become
// several, so that amounts are numbers beside their currency.
func (l *listContext) exportHeader(cols []string) []exportCell {
	var out []exportCell
	add := func(keys ...string) {
		for _, k := range keys {
			out = append(out, exportText(l.T(k)))
		}
	}
	for _, key := range cols {
		c, _ := listColumnByKey(key)
		switch key {
		case "name":
			other := "projects.col.othername"
			if l.Lang == "en" {
				other = "projects.col.othername.zh"
			}
			add(c.label, other)
		case "economy":
			add(c.label, "projects.col.economycode")
		case "ultimate":
			add(c.label, "projects.col.ultimatecode")
		case "sector":
			add("projects.col.sectorcode", c.label)
		case "total", "contracted", "utilized":
			add(c.label)
			out = append(out, exportText(l.T("projects.col.currency", l.T(c.label))))
		case "next":
			add(c.label, "projects.col.due")
		case "probability":
			add("projects.col.probabilitypc")
		default:
			add(c.label)
		}
	}
	return out
}

// exportRow is one project's row of an export.
func (l *listContext) exportRow(cols []string, p *attract.Project) []exportCell {
	var out []exportCell
	text := func(ss ...string) {
		for _, s := range ss {
			out = append(out, exportText(s))
		}
	}
	money := func(m *attract.Money) {
		if m == nil {
			text("", "")
			return
		}
		out = append(out, exportNumber(m.Decimal()), exportText(m.Currency))
	}
	for _, key := range cols {
		switch key {
		case "name":
			name, other := l.names(p)
			text(name, other)
		case "economy":
			text(countryName(p.SourceEconomy, l.Lang), p.SourceEconomy)
		case "ultimate":
			text(countryName(p.UltimateEconomy, l.Lang), p.UltimateEconomy)
		case "sector":
			text(p.Sector, sectorTitle(p.Sector, l.Lang))
		case "days":
			out = append(out, exportInt(l.daysInStage(p)))
		case "total":
			money(p.TotalInvestment)
		case "contracted":
			money(p.ContractedFDI)
		case "utilized":
			switch len(p.UtilizedFDI) {
			case 0:
				text("", "")
			case 1:
				money(&p.UtilizedFDI[0])
			default:
				// Sums in several currencies do not add up to one number.
				codes := make([]string, len(p.UtilizedFDI))
				for i, m := range p.UtilizedFDI {
					codes[i] = m.Currency
				}
				text(l.moneyList(p.UtilizedFDI), strings.Join(codes, "; "))
			}
		case "key":
			if p.KeyProject {
				text(l.T("common.yes"))
			} else {
				text(l.T("common.no"))
			}
		case "probability":
			out = append(out, exportOptInt(p.Probability))
		case "next":
			due := ""
			if p.NextActionDue != nil {
				due = p.NextActionDue.String()
			}
			text(p.NextAction, due)
		default:
			text(l.cell(key, p).Text)
		}
	}
	return out
}

// listSectorOptions are the ISIC sections and, indented under each, their
// divisions.
var listSectorOptions = sectorOptions(sectorStyle{indent: [4]string{"", "\u00a0\u00a0", "-", "-"}, sep: " "})
