package web

import (
	"cmp"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"attract"
)

// The dashboard: a year's figures as directors report them upward — new
// projects by stage, signed projects by sector and by lead source, and both
// by month — read from the store's rollups. Every count links to the
// project list filtered to exactly the projects it counts.

var _ = register(map[string]message{
	"dash.title":        {"Year-to-date figures", "年度统计"},
	"dash.heading":      {"Figures for %d", "%d 年统计"},
	"dash.filters":      {"Choose the year and team", "选择年份和团队"},
	"dash.year":         {"Year", "年份"},
	"dash.team":         {"Team", "团队"},
	"dash.show":         {"Show", "查看"},
	"dash.badyear":      {"must be a year from 1900 to 2200", "须为 1900 至 2200 之间的年份"},
	"dash.badteam":      {"is not a team", "不是已有的团队"},
	"dash.fix":          {"The figures are not shown until the choices below are corrected.", "请先修改下方的选择，才会显示统计。"},
	"dash.ytd":          {"Year to date: 1 January to %s.", "年初至今：1月1日至%s。"},
	"dash.wholeyear":    {"The whole year.", "全年。"},
	"dash.dates":        {"New projects count by the day they were entered (China Standard Time), signed projects by their contract date; archived projects are left out. Each count opens the projects behind it.", "新增项目按录入日期（北京时间）统计，签约项目按合同签订日期统计，不含已归档项目。点击数字可查看对应项目。"},
	"dash.rates":        {"Totals in CNY at the agency's latest rates on or before %s.", "合计金额按本机构汇率表中 %s 或之前的最新汇率折算为人民币。"},
	"dash.created":      {"New projects", "新增项目"},
	"dash.signed":       {"Signed projects", "签约项目"},
	"dash.bystage":      {"New projects by stage now", "新增项目（按当前阶段）"},
	"dash.bysector":     {"Signed projects by sector (ISIC)", "签约项目（按行业，ISIC）"},
	"dash.bysource":     {"Signed projects by lead source", "签约项目（按线索来源）"},
	"dash.bymonth":      {"By month", "按月份"},
	"dash.stage":        {"Stage", "阶段"},
	"dash.sector":       {"Sector", "行业"},
	"dash.source":       {"Lead source", "线索来源"},
	"dash.month":        {"Month", "月份"},
	"dash.projects":     {"Projects", "项目数"},
	"dash.total":        {"Total investment (CNY)", "总投资（折人民币）"},
	"dash.all":          {"All", "合计"},
	"dash.count":        {"%d projects", "%d 个项目"},
	"dash.count.one":    {"%d project", "%d 个项目"},
	"dash.none":         {"—", "—"},
	"dash.nosector":     {"No sector given", "未填行业"},
	"dash.sectiononly":  {"Section only, no division", "仅填门类，未细分大类"},
	"dash.nosource":     {"No lead source given", "未填线索来源"},
	"dash.nosigned":     {"No project was signed in this year.", "本年度没有签约项目。"},
	"dash.nolink":       {"The project list has no filter for these; they are among the year's signed projects.", "项目列表无法单独筛选这些项目；它们包含在本年度签约项目中。"},
	"dash.of":           {"of which %s", "其中 %s"},
	"dash.export":       {"Export to Excel", "导出 Excel"},
	"dash.sheet.stage":  {"New by stage", "新增项目（按阶段）"},
	"dash.sheet.sector": {"Signed by sector", "签约项目（按行业）"},
	"dash.sheet.source": {"Signed by source", "签约项目（按来源）"},
	"dash.sheet.month":  {"By month", "按月份"},
	"dash.sheet.about":  {"About", "说明"},
	"dash.code":         {"Code", "代码"},
	"dash.subtotal":     {"subtotal", "小计"},
	"dash.detail":       {"By currency", "分币种"},
	"dash.createdtotal": {"New: total investment (CNY)", "新增：总投资（折人民币）"},
	"dash.signedtotal":  {"Signed: total investment (CNY)", "签约：总投资（折人民币）"},
	"dash.item":         {"Item", "项目"},
	"dash.value":        {"Value", "内容"},
	"dash.period":       {"Period", "统计期间"},
	"dash.ratesrow":     {"Exchange rates", "汇率"},
	"dash.made":         {"Made at (China Standard Time)", "生成时间（北京时间）"},
})

// dashYears is how many years back the year menu offers; any other year
// can be asked for in the URL.
const dashYears = 10

// dashData is the dashboard page.
type dashData struct {
	Filters   []field
	Errors    formErrors
	Year      int
	Period    string
	RatesNote string
	RatesUsed string
	Created   dashRow
	Signed    dashRow
	// CreatedAll and SignedAll are the same figures as the tables' last row.
	CreatedAll dashRow
	SignedAll  dashRow
	ByStage    []dashRow
	BySector   []dashRow
	BySource   []dashRow
	Months     []dashMonth
	Unlinked   bool   // a row has no link; the note says why
	Team       string // the team's name, or all
	Export     string // the workbook of these figures
}

// dashRow is one figure as a table row shows it.
type dashRow struct {
	Label   string
	Code    string // a sector's code, shown before its name
	Count   int    // int, not int64, so that the catalog picks the singular for 1
	Link    string // the project list of exactly these projects; "" when it has no such filter
	Total   string // in CNY, rounded as the board rounds
	Detail  string // the sums per currency when other currencies were converted, or those that could not be
	Section bool   // an ISIC section's subtotal
	Sub     bool   // a row under a section
	fig     attract.DashboardFigure
}

// dashMonth is one month of the year.
type dashMonth struct {
	Label           string
	Created, Signed dashRow
}

func (h *Handler) dashboardRoutes() {
	h.handle("GET /dashboard", attract.PermProjectRead, h.dashboardPage)
	h.handle("GET /dashboard/export.xlsx", attract.PermProjectRead, h.dashboardExport)
}

func (h *Handler) dashboardPage(w http.ResponseWriter, r *http.Request, p *page) error {
	d, err := h.dashboardData(r, p)
	if err != nil {
		return err
	}
	p.Data = d
	if d.Errors.Any() {
		return h.render(w, http.StatusBadRequest, "dashboard.html", p)
	}
	return h.render(w, http.StatusOK, "dashboard.html", p)
}

// dashboardData reads the figures the URL asks for, laid out as the page
// and its workbook show them; d.Errors says what in the URL was refused.
func (h *Handler) dashboardData(r *http.Request, p *page) (d dashData, err error) {
	ctx := r.Context()
	q := r.URL.Query()
	staff, err := h.loadPeople(ctx)
	if err != nil {
		return d, err
	}
	today := attract.AgencyDate(h.DB.Now())
	f := attract.DashboardFilter{Year: today.Year}
	fe := formErrors{}
	yearText := strings.TrimSpace(q.Get("year"))
	if yearText != "" {
		y, err := strconv.Atoi(yearText)
		if f.Year = y; err != nil || (attract.DashboardFilter{Year: y}).Validate() != nil {
			fe["year"] = p.T("dash.badyear")
		}
	}
	teamText := strings.TrimSpace(q.Get("team"))
	if teamText != "" {
		id, err := strconv.ParseInt(teamText, 10, 64)
		if _, ok := staff.team[id]; err != nil || !ok {
			fe["team"] = p.T("dash.badteam")
		} else {
			f.TeamID = &id
		}
	}
	if fe.Any() {
		fe[""] = p.T("dash.fix")
	}
	d = dashData{Errors: fe, Year: f.Year}
	years := []option{}
	for y := today.Year; y > today.Year-dashYears; y-- {
		years = append(years, option{strconv.Itoa(y), strconv.Itoa(y)})
	}
	if yearText == "" {
		yearText = strconv.Itoa(today.Year)
	}
	if !slices.ContainsFunc(years, func(o option) bool { return o.Value == yearText }) {
		years = append(years, option{yearText, yearText})
	}
	d.Filters = []field{
		{Name: "year", Label: p.T("dash.year"), Value: yearText, Type: "select", Options: years, Error: fe.Get("year")},
		{Name: "team", Label: p.T("dash.team"), Value: teamText, Type: "select", Options: teamOptions(staff.teams, option{"", p.T("common.all")}), Error: fe.Get("team")},
	}
	p.Title = p.T("dash.title")
	if fe.Any() {
		return d, nil
	}

	dash, err := h.DB.Dashboard(ctx, f)
	if err != nil {
		return d, err
	}
	d.Team = p.T("common.all")
	if f.TeamID != nil {
		d.Team = staff.team[*f.TeamID].Name
	}
	export := url.Values{"year": {strconv.Itoa(f.Year)}}
	if f.TeamID != nil {
		export.Set("team", teamText)
	}
	d.Export = "/dashboard/export.xlsx?" + export.Encode()
	if f.Year == today.Year {
		d.Period = p.T("dash.ytd", dashDate(today, p.Lang))
	} else {
		d.Period = p.T("dash.wholeyear")
	}
	d.RatesNote = p.T("dash.rates", dash.RateDate.String())
	var used []string
	for _, r := range dash.Rates {
		used = append(used, r.Base+"/"+r.Quote+" "+r.Rate+" ("+r.Date.String()+")")
	}
	if len(used) > 0 {
		d.RatesUsed = p.T("board.ratesused", strings.Join(used, p.T("common.listsep")))
	}

	// Links carry the team and the year's range of the date the figure
	// counts by, like the list's own filters.
	year := strconv.Itoa(f.Year)
	created := url.Values{"created_from": {year + "-01-01"}, "created_to": {year + "-12-31"}}
	signed := url.Values{"contract_from": {year + "-01-01"}, "contract_to": {year + "-12-31"}}
	if f.TeamID != nil {
		created.Set("team", teamText)
		signed.Set("team", teamText)
	}
	link := func(base url.Values, kv ...string) string { return listURL("/projects", base, kv...) }
	row := func(label string, fig attract.DashboardFigure, href string) dashRow {
		return dashRowOf(p, label, fig, href)
	}

	d.Created = row(p.T("dash.created"), dash.Created, link(created))
	d.Signed = row(p.T("dash.signed"), dash.Signed, link(signed))
	d.CreatedAll, d.SignedAll = d.Created, d.Signed
	d.CreatedAll.Label, d.SignedAll.Label = p.T("dash.all"), p.T("dash.all")
	for _, fig := range dash.CreatedByStage {
		d.ByStage = append(d.ByStage, row(attract.Stage(fig.Key).Label(p.Lang), fig, link(created, "stage", fig.Key)))
	}
	for _, fig := range dash.SignedBySource {
		label, href := p.T("source."+fig.Key), link(signed, "source", fig.Key)
		if fig.Key == "" {
			label, href = p.T("dash.nosource"), link(signed, "source", attract.FilterNone)
		}
		d.BySource = append(d.BySource, row(label, fig, href))
	}
	d.BySector = dashSectors(p, dash.SignedBySector, func(kv ...string) string { return link(signed, kv...) })
	for _, m := range dash.ByMonth {
		from := time.Date(f.Year, time.Month(m.Month), 1, 0, 0, 0, 0, time.UTC)
		first, last := from.Format(attract.DateLayout), from.AddDate(0, 1, -1).Format(attract.DateLayout)
		label := time.Month(m.Month).String()
		if p.Lang == "zh" {
			label = strconv.Itoa(m.Month) + "月"
		}
		d.Months = append(d.Months, dashMonth{Label: label,
			Created: row(label, m.Created, link(created, "created_from", first, "created_to", last)),
			Signed:  row(label, m.Signed, link(signed, "contract_from", first, "contract_to", last))})
	}
	for _, rows := range [][]dashRow{d.BySector, d.BySource} {
		for _, r := range rows {
			d.Unlinked = d.Unlinked || (r.Link == "" && r.Count > 0)
		}
	}
	return d, nil
}

// dashboardExport writes the figures the URL asks for as a workbook, for
// the monthly report upward: a sheet for each table of the page, the counts
// and the totals in CNY as numbers, and a sheet that says what they count.
func (h *Handler) dashboardExport(w http.ResponseWriter, r *http.Request, p *page) error {
	d, err := h.dashboardData(r, p)
	if err != nil {
		return err
	}
	if d.Errors.Any() {
		p.Data = d
		return h.render(w, http.StatusBadRequest, "dashboard.html", p)
	}
	name := "figures-" + strconv.Itoa(d.Year)
	if team := r.URL.Query().Get("team"); team != "" {
		name += "-team-" + team
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
	w.Header().Set("Cache-Control", "no-store")
	text := func(keys ...string) []exportCell {
		out := make([]exportCell, len(keys))
		for i, k := range keys {
			out[i] = exportText(p.T(k))
		}
		return out
	}
	// figure is a row's count, its total in CNY (as a number where it
	// converts) and the sums per currency.
	figure := func(r dashRow) []exportCell {
		total := exportText(r.Total)
		if c := r.fig.Converted; c != nil && len(r.fig.Totals) > 0 {
			total = exportNumber(c.Decimal())
		}
		return []exportCell{exportInt(r.fig.Count), total, exportText(r.Detail)}
	}
	wide := []float64{36, 12, 24, 48}
	t, err := newExportXLSX(w, p.T("dash.sheet.stage"), wide)
	if err != nil {
		return err
	}
	sheet := func(name string, widths []float64, header []exportCell, rows [][]exportCell) error {
		if name != "" {
			if err := t.Sheet(name, widths); err != nil {
				return err
			}
		}
		for _, r := range append([][]exportCell{header}, rows...) {
			if err := t.Row(r); err != nil {
				return err
			}
		}
		return nil
	}
	labelled := func(rows []dashRow, all dashRow, code bool) [][]exportCell {
		var out [][]exportCell
		for _, r := range append(slices.Clone(rows), all) {
			if r.Section { // so that no one adds it to its divisions
				r.Label += " (" + p.T("dash.subtotal") + ")"
			}
			cells := []exportCell{exportText(r.Label)}
			if code {
				cells = []exportCell{exportText(r.Code), exportText(r.Label)}
			}
			out = append(out, append(cells, figure(r)...))
		}
		return out
	}
	var months [][]exportCell
	for _, m := range append(slices.Clone(d.Months), dashMonth{Label: p.T("dash.all"), Created: d.CreatedAll, Signed: d.SignedAll}) {
		months = append(months, slices.Concat([]exportCell{exportText(m.Label)}, figure(m.Created)[:2], figure(m.Signed)[:2]))
	}
	about := [][]exportCell{
		{exportText(p.T("dash.year")), exportInt(int64(d.Year))},
		{exportText(p.T("dash.team")), exportText(d.Team)},
		{exportText(p.T("dash.period")), exportText(d.Period + " " + p.T("dash.dates"))},
		{exportText(p.T("dash.ratesrow")), exportText(strings.TrimSpace(d.RatesNote + " " + d.RatesUsed))},
		{exportText(p.T("dash.made")), exportText(formatTime(h.DB.Now(), minuteLayout))},
	}
	err = sheet("", nil, text("dash.stage", "dash.projects", "dash.total", "dash.detail"), labelled(d.ByStage, d.CreatedAll, false))
	if err == nil {
		err = sheet(p.T("dash.sheet.sector"), []float64{8, 48, 12, 24, 48}, text("dash.code", "dash.sector", "dash.projects", "dash.total", "dash.detail"), labelled(d.BySector, d.SignedAll, true))
	}
	if err == nil {
		err = sheet(p.T("dash.sheet.source"), wide, text("dash.source", "dash.projects", "dash.total", "dash.detail"), labelled(d.BySource, d.SignedAll, false))
	}
	if err == nil {
		err = sheet(p.T("dash.sheet.month"), []float64{12, 14, 24, 14, 24}, text("dash.month", "dash.created", "dash.createdtotal", "dash.signed", "dash.signedtotal"), months)
	}
	if err == nil {
		err = sheet(p.T("dash.sheet.about"), []float64{24, 100}, text("dash.item", "dash.value"), about)
	}
	if err != nil {
		t.f.Close()
		return err
	}
	return t.Close()
}

// dashDate writes a day of the year as the page's language does.
func dashDate(d attract.Date, lang string) string {
	if lang == "zh" {
		return strconv.Itoa(int(d.Month)) + "月" + strconv.Itoa(d.Day) + "日"
	}
	return strconv.Itoa(d.Day) + " " + d.Month.String()
}

// dashRowOf formats a figure: the count, and the total in CNY rounded as
// the board rounds it, with the sums per currency beside it when other
// currencies were converted into it or could not be.
func dashRowOf(p *page, label string, fig attract.DashboardFigure, href string) dashRow {
	r := dashRow{Label: label, Count: int(fig.Count), Link: href, Total: p.T("dash.none"), fig: fig}
	if fig.Count == 0 {
		r.Link = ""
	}
	if len(fig.Totals) == 0 {
		return r
	}
	sums := make([]string, len(fig.Totals))
	foreign := false
	for i, m := range fig.Totals {
		sums[i] = m.Format(p.Lang)
		foreign = foreign || m.Currency != "CNY"
	}
	each := strings.Join(sums, p.T("common.listsep"))
	switch {
	case fig.Converted == nil:
		r.Total, r.Detail = p.T("board.notconverted"), each
	case foreign:
		r.Total, r.Detail = boardRound(*fig.Converted).Format(p.Lang), p.T("dash.of", each)
	default:
		r.Total = fig.Converted.Format(p.Lang)
	}
	return r
}

// dashSectors lays out the signed projects by sector: each ISIC section
// with its subtotal, the divisions under it, and projects classified only
// by the section; then those without a sector. A section's subtotal and a
// division link to the list filtered by that code, which matches the code
// and every code under it — exactly the projects counted; the projects
// classified only by the section link to the list of that letter alone
// (sector_exact). link is the list's address with the parameters given.
func dashSectors(p *page, figs []attract.DashboardFigure, link func(kv ...string) string) []dashRow {
	type section struct {
		sector attract.Sector
		total  attract.DashboardFigure
		only   *attract.DashboardFigure
		rows   []attract.DashboardFigure
	}
	sections := map[string]*section{}
	var none, unknown []attract.DashboardFigure
	for _, fig := range figs {
		s, ok := attract.SectorByCode(fig.Key)
		switch {
		case fig.Key == "":
			none = append(none, fig)
			continue
		case !ok || s.Level == attract.SectorGroup || s.Level == attract.SectorClass:
			unknown = append(unknown, fig)
			continue
		}
		sec := sections[s.Section]
		if sec == nil {
			top, _ := attract.SectorByCode(s.Section)
			sec = &section{sector: top, total: attract.DashboardFigure{Key: s.Section, Totals: []attract.Money{}, Converted: &attract.Money{Currency: "CNY"}}}
			sections[s.Section] = sec
		}
		sec.total = dashAdd(sec.total, fig)
		if s.Level == attract.SectorSection {
			only := fig
			if sec.only != nil { // the same letter stored otherwise, as before migration 0010
				only = dashAdd(*sec.only, fig)
			}
			sec.only = &only
		} else {
			sec.rows = append(sec.rows, fig)
		}
	}
	var out []dashRow
	for _, code := range slices.Sorted(maps.Keys(sections)) {
		sec := sections[code]
		r := dashRowOf(p, sec.sector.Name(p.Lang), sec.total, link("sector", code))
		r.Code, r.Section = code, true
		out = append(out, r)
		slices.SortFunc(sec.rows, func(a, b attract.DashboardFigure) int { return cmp.Compare(a.Key, b.Key) })
		for _, fig := range sec.rows {
			s, _ := attract.SectorByCode(fig.Key)
			r := dashRowOf(p, s.Name(p.Lang), fig, link("sector", fig.Key))
			r.Code, r.Sub = fig.Key, true
			out = append(out, r)
		}
		if sec.only != nil {
			r := dashRowOf(p, p.T("dash.sectiononly"), *sec.only, link("sector", code, "sector_exact", "1"))
			r.Sub = true
			out = append(out, r)
		}
	}
	for _, fig := range unknown {
		r := dashRowOf(p, fig.Key, fig, "")
		out = append(out, r)
	}
	for _, fig := range none {
		out = append(out, dashRowOf(p, p.T("dash.nosector"), fig, link("sector", attract.FilterNone)))
	}
	return out
}

// dashAdd adds two figures; the converted sum stays only while both have one.
func dashAdd(a, b attract.DashboardFigure) attract.DashboardFigure {
	sums := map[string]int64{}
	for _, m := range slices.Concat(a.Totals, b.Totals) {
		sums[m.Currency] += m.Amount
	}
	out := attract.DashboardFigure{Key: a.Key, Count: a.Count + b.Count, Totals: []attract.Money{}}
	for _, cur := range slices.Sorted(maps.Keys(sums)) {
		out.Totals = append(out.Totals, attract.Money{Amount: sums[cur], Currency: cur})
	}
	if a.Converted != nil && b.Converted != nil {
		sum := attract.Money{Amount: a.Converted.Amount + b.Converted.Amount, Currency: a.Converted.Currency}
		out.Converted = &sum
	}
	return out
}
