package web

import (
	"context"
	"encoding/json"
	"errors"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"attract"
	"attract/sqlstore"
)

var _ = register(map[string]message{
	"board.title":        {"Pipeline", "项目看板"},
	"board.filters":      {"Filter the board", "筛选看板"},
	"board.owner":        {"Owner", "负责人"},
	"board.team":         {"Team", "团队"},
	"board.sector":       {"Sector", "行业"},
	"board.economy":      {"Source economy", "来源地"},
	"board.type":         {"Project type", "项目类型"},
	"board.key":          {"Key projects", "重点项目"},
	"board.key.true":     {"Key projects only", "仅重点项目"},
	"board.key.false":    {"Other projects only", "仅非重点项目"},
	"board.currency":     {"Reporting currency", "报告币种"},
	"board.apply":        {"Apply", "应用"},
	"board.clear":        {"Clear filters", "清除筛选"},
	"board.badfilter":    {"is not a choice this filter offers", "不是此筛选项的可选值"},
	"board.badsector":    {"is not an ISIC section letter or code (such as C or 29)", "不是 ISIC 门类字母或代码（如 C 或 29）"},
	"board.badeconomy":   {"is not a country or economy code or name (such as HK or 香港)", "不是国家或地区的代码或名称（如 HK 或 香港）"},
	"board.badcurrency":  {"is not a current ISO 4217 currency code (such as CNY, USD)", "不是现行的 ISO 4217 货币代码（如 CNY、USD）"},
	"board.fixfilters":   {"The board is not shown until the filters below are corrected.", "请先修改下方的筛选条件，看板才会显示。"},
	"board.intro":        {"Drag a card to another column to move the project, or use the Move menu on the card.", "将卡片拖到另一列即可移动项目，也可使用卡片上的“移动”菜单。"},
	"board.count":        {"%d projects", "%d 个项目"},
	"board.count.one":    {"%d project", "%d 个项目"},
	"board.total":        {"Total %s", "合计 %s"},
	"board.nototal":      {"No amounts", "无金额"},
	"board.unconverted":  {"Not converted (no rate to %s): %s", "未换算（无对 %s 汇率）：%s"},
	"board.notconverted": {"not converted", "未换算"},
	"board.rates":        {"Amounts in %s at the agency's latest rates on or before %s.", "金额按本机构汇率表中 %[2]s 或之前的最新汇率折算为 %[1]s。"},
	"board.ratesused":    {"Rates used: %s.", "所用汇率：%s。"},
	"board.more":         {"Showing the %d most recently updated of %d.", "显示最近更新的 %d 个，共 %d 个。"},
	"board.all":          {"See them all in the project list", "在项目列表中查看全部"},
	"board.empty":        {"No projects", "暂无项目"},
	"board.days":         {"%d days in stage", "本阶段 %d 天"},
	"board.investor":     {"Investor", "投资方"},
	"board.amount":       {"Total investment", "总投资"},
	"board.moveto":       {"Move to", "移至"},
	"board.move":         {"Move", "移动"},
	"board.movemenu":     {"Move…", "移动…"},

	// The stage-gate form (gate.html) and the board's dialog.
	"board.gate.title":       {"Move “%s” to %s", "将“%s”移至%s"},
	"board.gate.intro":       {"This move needs the information below. Fill it in to complete the move.", "完成此次移动需要填写以下信息。"},
	"board.gate.submit":      {"Complete the move", "完成移动"},
	"board.gate.back":        {"Back without moving", "返回，不移动"},
	"board.gate.company":     {"The enterprise's own record lacks what registration needs. Complete it on the company's page, then move the project again.", "注册所需信息须在企业档案中填写。请在企业页面补充后再移动项目。"},
	"board.gate.companylink": {"Open the company's page", "打开企业页面"},
	"board.gate.find":        {"Find a company", "查找企业"},
	"board.gate.findbutton":  {"Find", "查找"},
	"board.gate.findhint":    {"Part of the name, USCC or registration number.", "名称、统一社会信用代码或注册号的一部分。"},
	"board.gate.choose":      {"— choose —", "— 请选择 —"},
	"board.gate.investor":    {"%s (the investor)", "%s（投资方）"},
	"board.gate.moneyhint":   {"As you would write it: 1.2亿元, 3500万美元, USD 12.5m.", "按习惯写法填写，如 1.2亿元、3500万美元、USD 12.5m。"},
	"board.gate.notehint":    {"Why the project moves; kept in its stage history.", "移动原因，将记入阶段历史。"},
	"board.gate.cancel":      {"Cancel", "取消"},

	"board.field.contract_actual":              {"Contract signed on", "合同签订日期"},
	"board.field.total_investment":             {"Total investment", "总投资"},
	"board.field.contracted_fdi":               {"Contracted foreign investment", "合同外资"},
	"board.field.enterprise_id":                {"Registered enterprise", "注册企业"},
	"board.field.construction_actual":          {"Construction started on", "实际开工日期"},
	"board.field.site":                         {"Site (park or parcel)", "项目载体（园区或地块）"},
	"board.field.operation_actual":             {"Operation started on", "实际投产日期"},
	"board.field.lost_reason":                  {"Why the project was lost", "流失原因"},
	"board.field.note":                         {"Note", "说明"},
	"board.field.enterprise.uscc":              {"USCC or foreign registration number", "统一社会信用代码或境外注册号"},
	"board.field.enterprise.registration_date": {"Registration date", "注册日期"},

	// Said by board.js, in the page's language.
	"board.js.moved":    {"Moved “%s” to %s.", "已将“%s”移至%s。"},
	"board.js.picked":   {"Picked up “%s”. Drop it on another column to move it.", "已选中“%s”，拖到另一列即可移动。"},
	"board.js.conflict": {"Someone changed “%s” since this board was loaded. Reloading the board.", "“%s”在看板加载后已被他人修改，正在重新加载看板。"},
	"board.js.failed":   {"“%s” was not moved: %s", "“%s”未移动：%s"},
	"board.js.network":  {"The server could not be reached; nothing was moved.", "无法连接服务器，未做任何移动。"},
	"board.js.nomatch":  {"No company matches.", "没有匹配的企业。"},
})

// boardCardLimit is how many cards a column shows: the most recently
// updated. The column head counts and sums the whole column.
const boardCardLimit = 50

// stageGateNames are the fields a stage gate may ask for, in the order a form
// shows them. Those in stageGateSetNames travel in the move's "set" patch; note
// and lost_reason belong to the move itself.
var (
	stageGateNames    = []string{"contract_actual", "total_investment", "contracted_fdi", "enterprise_id", "construction_actual", "site", "operation_actual", "lost_reason", "note"}
	stageGateSetNames = stageGateNames[:7]
	// stageGateCompanyNames are gate fields held on the enterprise's own record,
	// which a stage move cannot set: the user is sent to the company page.
	stageGateCompanyNames = []string{"enterprise.uscc", "enterprise.registration_date"}
)

func (h *Handler) boardRoutes() {
	h.handle("GET /pipeline", attract.PermProjectRead, h.boardPage)
	h.handle("POST /projects/{id}/stage", attract.PermProjectWrite, h.boardMoveStage)
}

// boardData is the pipeline board page.
type boardData struct {
	Filters   []field
	Filtered  bool // a filter is set, so "clear" is offered
	Errors    formErrors
	Currency  string
	Today     attract.Date
	RatesUsed string // the rates applied, stated under the heading
	Columns   []boardColumn
	Stages    []option // the stages, for the move menus
	CanMove   bool     // the user may move some projects
	Next      string   // this board's URL, where a move returns
	Gate      []field  // the gate's fields, as templates for the dialog
	GateFind  field
	Messages  map[string]string // what board.js says
	ListQuery string            // the filters, for links to the project list
}

// boardColumn is one stage of the board.
type boardColumn struct {
	Stage       attract.Stage
	Label       string
	Count       int
	Total       *attract.Money  // the converted sum; nil when no amount
	Unconverted []attract.Money // sums without a rate, in their own currency
	TotalText   string
	Note        string // the unconverted sums, said
	Cards       []*boardCard
}

// More reports whether the column holds more projects than it shows.
func (c boardColumn) More() bool { return c.Count > len(c.Cards) }

// boardCard is one project on the board. It holds only what the card
// shows, as text, because the board renders hundreds of them and a
// template's reflection over nested structs is its main cost.
type boardCard struct {
	ID, Version int64
	Stage       attract.Stage
	Key         bool
	Name        string
	Investor    string
	InvestorID  int64
	Economy     string
	Amount      string
	Converted   bool // false: Amount is in its own currency for want of a rate
	Owner       string
	Days        string
	CanMove     bool
	Enterprise  int64         // for the gate's link to the company page
	Moves       template.HTML // the <option>s of the stages it may move to
	L           *boardLabels
}

// boardLabels are the words every card repeats, looked up once per page.
type boardLabels struct {
	Key, Investor, Economy, Amount, Owner, NotConverted, MoveMenu, MoveTo, Move string
	Next                                                                        string // the board's URL, where a move returns
}

func (h *Handler) boardPage(w http.ResponseWriter, r *http.Request, p *page) error {
	ctx := r.Context()
	q := r.URL.Query()
	f, cur, fe := parseBoardQuery(q, p.Localizer)
	staff, err := h.loadPeople(ctx)
	if err != nil {
		return err
	}
	now := h.DB.Now()
	d := boardData{
		Errors:   fe,
		Currency: cur,
		Today:    attract.AgencyDate(now),
		Next:     r.URL.RequestURI(),
		CanMove:  p.Can(string(attract.PermProjectWrite)),
		Messages: map[string]string{},
	}
	d.Filters = boardFilters(p, q, fe, staff)
	for _, k := range []string{"owner", "team", "sector", "economy", "type", "key", "currency"} {
		if q.Get(k) != "" {
			d.Filtered = true
		}
	}
	list := url.Values{}
	for _, k := range []string{"owner", "team", "sector", "economy", "type", "key"} {
		if v := q.Get(k); v != "" {
			list.Set(k, v)
		}
	}
	d.ListQuery = list.Encode()
	for _, s := range attract.Stages {
		d.Stages = append(d.Stages, option{string(s), s.Label(p.Lang)})
	}
	for _, k := range []string{"moved", "picked", "conflict", "failed", "network", "nomatch"} {
		d.Messages[k] = p.T("board.js." + k)
	}
	d.Messages["investor"] = p.T("board.gate.investor")
	d.Messages["title"] = p.T("board.gate.title")
	d.Messages["errors"] = p.T("form.errors")
	for _, name := range stageGateCompanyNames {
		d.Messages[name] = p.T("board.field." + name)
	}
	if d.CanMove {
		d.Gate = stageGateFields(p, stageGateNames, nil, formErrors{}, nil)
		d.GateFind = field{Name: "enterprise_q", Label: p.T("board.gate.find"), Type: "search", Hint: p.T("board.gate.findhint")}
	}
	p.Title = p.T("board.title")
	if fe.Any() {
		p.Data = d
		return h.render(w, http.StatusBadRequest, "board.html", p)
	}

	summary, err := h.DB.StageSummary(ctx, f)
	if err != nil {
		return err
	}
	conv := newBoardConverter(ctx, h.DB, cur, d.Today)
	labels := &boardLabels{Key: p.T("common.key"), Investor: p.T("board.investor"), Economy: p.T("board.economy"),
		Amount: p.T("board.amount"), Owner: p.T("board.owner"), NotConverted: p.T("board.notconverted"),
		MoveMenu: p.T("board.movemenu"), MoveTo: p.T("board.moveto"), Move: p.T("board.move"), Next: d.Next}
	// Every card of a stage offers the same moves: write them once, not
	// once per card.
	moves := map[attract.Stage]template.HTML{}
	for _, s := range attract.Stages {
		var b strings.Builder
		for _, o := range d.Stages {
			if o.Value != string(s) {
				b.WriteString(`<option value="` + html.EscapeString(o.Value) + `">` + html.EscapeString(o.Label) + `</option>`)
			}
		}
		moves[s] = template.HTML(b.String())
	}
	for _, st := range summary {
		col := boardColumn{Stage: st.Stage, Label: st.Stage.Label(p.Lang), Count: st.Count}
		converted := false
		for _, m := range st.Totals {
			c, ok, err := conv.convert(m)
			if err != nil {
				return err
			}
			if !ok {
				col.Unconverted = append(col.Unconverted, m)
				continue
			}
			sum, err := c.Add(boardZero(col.Total, cur))
			if err != nil {
				return err
			}
			col.Total = &sum
			converted = converted || m.Currency != cur
		}
		col.TotalText = p.T("board.nototal")
		if col.Total != nil {
			if converted {
				*col.Total = boardRound(*col.Total)
			}
			col.TotalText = p.T("board.total", col.Total.Format(p.Lang))
		}
		if len(col.Unconverted) > 0 {
			amounts := make([]string, len(col.Unconverted))
			for i, m := range col.Unconverted {
				amounts[i] = m.Format(p.Lang)
			}
			col.Note = p.T("board.unconverted", cur, strings.Join(amounts, p.T("common.listsep")))
		}
		if st.Count > 0 {
			sf := f
			sf.Stages, sf.Limit, sf.Sort = []attract.Stage{st.Stage}, boardCardLimit, "-updated_at"
			ps, _, err := h.DB.FindProjects(ctx, sf)
			if err != nil {
				return err
			}
			investors, err := h.investorsOf(ctx, ps)
			if err != nil {
				return err
			}
			for _, pr := range ps {
				card, err := h.boardCard(p, pr, conv, staff, investors, now)
				if err != nil {
					return err
				}
				card.L, card.Moves = labels, moves[pr.Stage]
				col.Cards = append(col.Cards, card)
			}
		}
		d.Columns = append(d.Columns, col)
	}
	if used := conv.used(); len(used) > 0 {
		d.RatesUsed = p.T("board.ratesused", strings.Join(used, p.T("common.listsep")))
	}
	p.Data = d
	return h.render(w, http.StatusOK, "board.html", p)
}

func boardZero(m *attract.Money, cur string) attract.Money {
	if m == nil {
		return attract.Money{Currency: cur}
	}
	return *m
}

// boardCard prepares one card.
func (h *Handler) boardCard(p *page, pr *attract.Project, conv *boardConverter, staff *people, investors map[int64]*attract.Company, now time.Time) (*boardCard, error) {
	c := &boardCard{ID: pr.ID, Version: pr.Version, Stage: pr.Stage, Key: pr.KeyProject, Name: pr.DisplayName(),
		Owner: staff.userName(pr.OwnerID), InvestorID: ptrID(pr.InvestorID), Converted: true}
	if co, ok := investors[ptrID(pr.InvestorID)]; ok {
		c.Investor = co.DisplayName()
	}
	c.Economy = countryName(pr.SourceEconomy, p.Lang)
	if pr.TotalInvestment != nil {
		m, ok, err := conv.convert(*pr.TotalInvestment)
		if err != nil {
			return c, err
		}
		c.Amount, c.Converted = m.Format(p.Lang), ok
	}
	c.Days = p.T("board.days", max(0, int(now.Sub(pr.StageChangedAt).Hours()/24)))
	c.CanMove = p.User.Role.Can(attract.PermProjectWrite) && p.User.CanEdit(pr.OwnerID, pr.TeamID)
	c.Enterprise = ptrID(pr.EnterpriseID)
	return c, nil
}

// parseBoardQuery reads the board's filters from the URL. A value the
// filter cannot take is reported beside its control rather than ignored, so
// that a shared link never shows a board other than the one meant.
func parseBoardQuery(q url.Values, l Localizer) (attract.ProjectFilter, string, formErrors) {
	var f attract.ProjectFilter
	fe := formErrors{}
	id := func(key string) *int64 {
		v := strings.TrimSpace(q.Get(key))
		if v == "" {
			return nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			fe[key] = l.T("board.badfilter")
			return nil
		}
		return &n
	}
	f.OwnerID, f.TeamID = id("owner"), id("team")
	if v := strings.TrimSpace(q.Get("sector")); v != "" {
		if s, ok := attract.SectorByCode(v); ok {
			f.Sector = s.Code
		} else {
			fe["sector"] = l.T("board.badsector")
		}
	}
	if v := strings.TrimSpace(q.Get("economy")); v != "" {
		if c, ok := attract.LookupCountry(v); ok {
			f.SourceEconomy = c.Alpha2
		} else {
			fe["economy"] = l.T("board.badeconomy")
		}
	}
	if v := q.Get("type"); v != "" {
		if slices.Contains(attract.ProjectTypes, attract.ProjectType(v)) {
			f.Type = attract.ProjectType(v)
		} else {
			fe["type"] = l.T("board.badfilter")
		}
	}
	switch q.Get("key") {
	case "":
	case "true":
		f.KeyProject = new(bool)
		*f.KeyProject = true
	case "false":
		f.KeyProject = new(bool)
	default:
		fe["key"] = l.T("board.badfilter")
	}
	cur := "CNY"
	if v := strings.TrimSpace(q.Get("currency")); v != "" {
		if c, ok := attract.CurrencyByCode(v); ok {
			cur = c.Code
		} else {
			fe["currency"] = l.T("board.badcurrency")
		}
	}
	if fe.Any() {
		fe[""] = l.T("board.fixfilters")
	}
	return f, cur, fe
}

// boardFilters builds the filter form's controls, keeping what the URL
// says even where it is wrong, so that the user sees and fixes it.
func boardFilters(p *page, q url.Values, fe formErrors, staff *people) []field {
	all := option{"", p.T("common.all")}
	owners := userOptions(staff.users, userByName, nil, all)
	teams := teamOptions(staff.teams, all)
	types := []option{all}
	for _, t := range attract.ProjectTypes {
		types = append(types, option{string(t), p.T("type." + string(t))})
	}
	keys := []option{all, {"true", p.T("board.key.true")}, {"false", p.T("board.key.false")}}
	currencies := commonCurrencyOptions(p.Lang)
	cur := strings.ToUpper(strings.TrimSpace(q.Get("currency")))
	if cur == "" {
		cur = "CNY"
	}
	if !slices.Contains(commonCurrencies, cur) {
		currencies = append(slices.Clone(currencies), option{cur, cur})
	}
	sector := strings.ToUpper(strings.TrimSpace(q.Get("sector")))
	sectors := append([]option{all}, boardSectorOptions(p.Lang)...)
	if sector != "" && !slices.ContainsFunc(sectors, func(o option) bool { return o.Value == sector }) {
		label := sector
		if s, ok := attract.SectorByCode(sector); ok {
			label = s.Code + " · " + s.Name(p.Lang)
		}
		sectors = append(sectors, option{sector, label})
	}
	economy := strings.TrimSpace(q.Get("economy"))
	if c, ok := attract.LookupCountry(economy); ok {
		economy = c.Alpha2
	}
	economies := append([]option{all}, countryOptions(p.Lang, false).All...)
	if economy != "" && !slices.ContainsFunc(economies, func(o option) bool { return o.Value == economy }) {
		economies = append(economies, option{economy, economy})
	}
	sel := func(name, label, value string, opts []option) field {
		return field{Name: name, Label: label, Value: value, Type: "select", Options: opts, Error: fe.Get(name)}
	}
	return []field{
		sel("owner", p.T("board.owner"), q.Get("owner"), owners),
		sel("team", p.T("board.team"), q.Get("team"), teams),
		sel("sector", p.T("board.sector"), sector, sectors),
		sel("economy", p.T("board.economy"), economy, economies),
		sel("type", p.T("board.type"), q.Get("type"), types),
		sel("key", p.T("board.key"), q.Get("key"), keys),
		sel("currency", p.T("board.currency"), cur, currencies),
	}
}

// boardSectorOptions are the ISIC sections and, indented under each, its
// divisions: the levels the agency's statistics use.
var boardSectorOptions = sectorOptions(sectorStyle{indent: [4]string{"", "\u00a0\u00a0\u00a0", "-", "-"}, sep: " · "})

// boardConverter converts amounts into the reporting currency at the agency's
// rate table as on one date, the way DB.ConvertMoney does, but looks each
// currency's rate up once per page rather than once per card.
type boardConverter struct {
	ctx   context.Context
	db    *sqlstore.DB
	to    string
	on    attract.Date
	rates map[string]*attract.ExchangeRate // nil: no rate for that currency
	order []string
}

func newBoardConverter(ctx context.Context, db *sqlstore.DB, to string, on attract.Date) *boardConverter {
	return &boardConverter{ctx: ctx, db: db, to: to, on: on, rates: map[string]*attract.ExchangeRate{}}
}

// convert returns m in the reporting currency, rounded for display, and
// true; or m itself and false when no rate converts it.
func (c *boardConverter) convert(m attract.Money) (attract.Money, bool, error) {
	if m.Currency == c.to {
		return m, true, nil
	}
	r, seen := c.rates[m.Currency]
	if !seen {
		var err error
		r, err = c.db.FindRate(c.ctx, m.Currency, c.to, c.on)
		switch attract.ErrorCode(err) {
		case "":
			c.order = append(c.order, m.Currency)
		case attract.ENOTFOUND:
			r = nil
		default:
			return m, false, err
		}
		c.rates[m.Currency] = r
	}
	if r == nil {
		return m, false, nil
	}
	conv, err := attract.Convert(m, c.to, *r)
	if attract.ErrorCode(err) == attract.EINVALID {
		return m, false, nil // too large to hold once converted: shown as it is
	} else if err != nil {
		return m, false, err
	}
	return boardRound(conv.To), true, nil
}

// boardRound rounds a converted amount the way the board writes it: to
// hundreds of the currency's unit (two decimals of 万) from ten thousand, and
// to ten thousands (four decimals of 亿) from a hundred million. The rate
// makes the last digits meaningless, and the board reads better without them.
func boardRound(m attract.Money) attract.Money {
	c, ok := attract.CurrencyByCode(m.Currency)
	if !ok {
		return m
	}
	one := int64(1)
	for range c.MinorUnit {
		one *= 10
	}
	abs := m.Amount
	if abs < 0 {
		abs = -abs
	}
	var unit int64
	switch {
	case abs >= 100_000_000*one:
		unit = 10_000 * one
	case abs >= 10_000*one:
		unit = 100 * one
	default:
		return m
	}
	half := unit / 2
	if m.Amount < 0 {
		half = -half
	}
	m.Amount = (m.Amount + half) / unit * unit
	return m
}

// used describes the rates applied, for the note that states them.
func (c *boardConverter) used() []string {
	var out []string
	for _, cur := range c.order {
		r := c.rates[cur]
		out = append(out, r.Base+"/"+r.Quote+" "+r.Rate+" ("+r.Date.String()+")")
	}
	return out
}

// stageGateFields builds the controls for the named gate fields with the user's
// values and the errors beside them. companies are the choices of the
// enterprise select.
func stageGateFields(p *page, names []string, values map[string]string, fe formErrors, companies []option) []field {
	var out []field
	for _, name := range names {
		f := field{Name: name, Label: p.T("board.field." + name), Value: values[name], Error: fe.Get(name), Required: true}
		switch name {
		case "contract_actual", "construction_actual", "operation_actual":
			f.Type = "date" // the browser shows the date in the user's own format
		case "total_investment", "contracted_fdi":
			f.Hint = p.T("board.gate.moneyhint")
		case "enterprise_id":
			f.Type = "select"
			f.Options = append([]option{{"", p.T("board.gate.choose")}}, companies...)
		case "lost_reason":
			f.Type = "select"
			f.Options = []option{{"", p.T("board.gate.choose")}}
			for _, r := range attract.LostReasons {
				f.Options = append(f.Options, option{string(r), p.T("lost." + string(r))})
			}
		case "note":
			f.Type, f.Hint = "textarea", p.T("board.gate.notehint")
		}
		out = append(out, f)
	}
	return out
}

// stageGateData is the stage-gate form: the move asked for and the fields its
// gate still needs.
type stageGateData struct {
	Project   *attract.Project
	To        attract.Stage
	ToLabel   string
	Version   int64
	Next      string
	Fields    []field
	Ask       string // the names of the fields shown, so that a search keeps them
	Errors    formErrors
	Other     []string // messages about nothing the form can fix
	Company   []string // what the enterprise's record lacks
	CompanyID int64
	Find      field
	HasFind   bool
	Conflict  bool
	HasFields bool
}

// boardMoveStage moves a project from the board's (or the project page's) move
// form. A refusal by the gate shows a form asking for exactly what the gate
// needs, which posts back here with those fields and completes the move.
func (h *Handler) boardMoveStage(w http.ResponseWriter, r *http.Request, p *page) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	next := "/pipeline"
	if n := r.PostFormValue("next"); n != "" {
		next = safeNext(n)
	}
	m := attract.StageMove{
		To:         attract.Stage(r.PostFormValue("to")),
		Version:    formVersion(r),
		Note:       strings.TrimSpace(r.PostFormValue("note")),
		LostReason: attract.LostReason(r.PostFormValue("lost_reason")),
	}
	values := map[string]string{}
	for _, name := range stageGateNames {
		values[name] = strings.TrimSpace(r.PostFormValue(name))
	}
	m.Patch, err = stageGatePatch(values)
	status := http.StatusOK
	switch {
	case r.PostFormValue("find") != "":
		// A company search in the gate form: show the form again, move nothing.
	case err != nil:
		status = http.StatusBadRequest
	default:
		_, err = h.DB.MoveStage(r.Context(), id, m)
		switch attract.ErrorCode(err) {
		case "":
			return redirect(w, r, next)
		case attract.EINVALID:
			status = http.StatusBadRequest
		case attract.ECONFLICT:
			status = http.StatusConflict
		default:
			return err
		}
	}
	return h.renderStageGate(w, r, p, id, m, values, err, status, next)
}

// renderStageGate shows the gate form: the fields the refusal named and those
// the user already filled in, each with its value and error; what the
// enterprise's record lacks, with a link to it; and anything else refused.
func (h *Handler) renderStageGate(w http.ResponseWriter, r *http.Request, p *page, id int64, m attract.StageMove, values map[string]string, refusal error, status int, next string) error {
	ctx := r.Context()
	pr, err := h.DB.FindProjectByID(ctx, id)
	if err != nil {
		return err
	}
	d := stageGateData{Project: pr, To: m.To, ToLabel: m.To.Label(p.Lang), Version: m.Version, Next: next, Errors: formErrors{},
		CompanyID: ptrID(pr.EnterpriseID)}
	if n, err := strconv.ParseInt(values["enterprise_id"], 10, 64); err == nil && n > 0 {
		d.CompanyID = n
	}
	shown := map[string]bool{}
	for name := range strings.SplitSeq(r.PostFormValue("ask"), ",") {
		shown[name] = true
	}
	for _, name := range stageGateNames {
		if values[name] != "" {
			shown[name] = true
		}
	}
	var e *attract.Error
	if errors.As(refusal, &e) {
		d.Errors[""] = e.Localized(p.Lang)
		if e.Code == attract.EINVALID && len(e.Fields) > 0 {
			d.Errors[""] = p.T("form.errors")
		}
		for _, f := range e.Fields {
			name, msg := stageGateFieldName(f.Field), f.Localized(p.Lang)
			switch {
			case slices.Contains(stageGateNames, name):
				shown[name] = true
				if _, seen := d.Errors[name]; !seen {
					d.Errors[name] = msg
				}
			case slices.Contains(stageGateCompanyNames, name):
				d.Company = append(d.Company, p.T("board.field."+name)+": "+msg)
			default:
				d.Other = append(d.Other, f.Field+": "+msg)
			}
		}
	}
	if status == http.StatusConflict {
		// Offer the move again at the version now stored, keeping what the
		// user typed; the message says what happened.
		d.Conflict, d.Version = true, pr.Version
	}
	var names []string
	for _, name := range stageGateNames {
		if shown[name] {
			names = append(names, name)
		}
	}
	d.Ask = strings.Join(names, ",")
	var companies []option
	if shown["enterprise_id"] {
		d.HasFind = true
		q := strings.TrimSpace(r.PostFormValue("enterprise_q"))
		d.Find = field{Name: "enterprise_q", Label: p.T("board.gate.find"), Type: "search", Value: q, Hint: p.T("board.gate.findhint")}
		if companies, err = h.stageGateCompanies(ctx, p, pr, q, d.CompanyID); err != nil {
			return err
		}
	}
	d.Fields = stageGateFields(p, names, values, d.Errors, companies)
	d.HasFields = len(d.Fields) > 0
	p.Title = p.T("board.gate.title", pr.DisplayName(), d.ToLabel)
	p.Data = d
	return h.render(w, status, "gate.html", p)
}

// stageGateFieldName maps a field the store names in a refusal to the gate
// form's control: "set.total_investment.currency" is total_investment.
func stageGateFieldName(name string) string {
	name = strings.TrimPrefix(name, "set.")
	if strings.HasPrefix(name, "enterprise.") {
		return name
	}
	name, _, _ = strings.Cut(name, ".")
	return name
}

// stageGateCompanies lists the choices for the registered enterprise: the
// investor first (often the enterprise is its local subsidiary, but the
// investor itself is a fair guess), the one chosen, then those matching q.
func (h *Handler) stageGateCompanies(ctx context.Context, p *page, pr *attract.Project, q string, chosen int64) ([]option, error) {
	var out []option
	seen := map[int64]bool{}
	addID := func(id int64, label func(string) string) error {
		if id <= 0 || seen[id] {
			return nil
		}
		c, err := h.DB.FindCompanyByID(ctx, id)
		if attract.ErrorCode(err) == attract.ENOTFOUND {
			return nil
		} else if err != nil {
			return err
		}
		seen[id] = true
		out = append(out, option{strconv.FormatInt(id, 10), label(c.DisplayName())})
		return nil
	}
	if err := addID(chosen, func(s string) string { return s }); err != nil {
		return nil, err
	}
	if err := addID(ptrID(pr.InvestorID), func(s string) string { return p.T("board.gate.investor", s) }); err != nil {
		return nil, err
	}
	cs, _, err := h.DB.FindCompanies(ctx, attract.CompanyFilter{Q: q, Limit: boardCardLimit})
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if !seen[c.ID] {
			seen[c.ID] = true
			out = append(out, option{strconv.FormatInt(c.ID, 10), c.DisplayName()})
		}
	}
	return out, nil
}

// stageGatePatch turns the submitted gate fields into the move's "set" patch,
// each value as the JSON string the API takes ("1.2亿元", "2024-03-01");
// the enterprise is a company id. Empty fields are left out, so that the
// gate names them again.
func stageGatePatch(values map[string]string) (attract.Patch, error) {
	patch := attract.Patch{}
	var probs attract.Problems
	for _, name := range stageGateSetNames {
		v := values[name]
		if v == "" {
			continue
		}
		if name == "enterprise_id" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				probs.Add(name, "choose a company from the list", "请从列表中选择企业")
				continue
			}
			patch[name] = json.RawMessage(strconv.FormatInt(n, 10))
			continue
		}
		b, _ := json.Marshal(v)
		patch[name] = b
	}
	if len(patch) == 0 {
		patch = nil
	}
	return patch, probs.Err()
}
