package demo

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"attract"
)

// The demo is planned whole in memory first, drawing every random number in
// a fixed order, and only then written through the store in time order. The
// plan refers to records by pointer; ids exist once the events have run.

// planCompany is a company as planned.
type planCompany struct {
	fields     attract.CompanyFields
	parent     *planCompany // the ultimate parent, when another company
	contacts   []attract.ContactFields
	c          *attract.Company // once stored
	contactIDs []int64
}

// planProject is a project as planned.
type planProject struct {
	fields     attract.ProjectFields // as created, at lead
	final      attract.Stage         // where it stands on Today
	reach      attract.Stage         // the furthest stage on the line it reached
	econ, ult  int                   // immediate and ultimate source economies
	ind        *industry
	park       int
	place      string // the part of the park, for sites and notes
	site       string
	brand      pair // the investor's brand, which names the project
	word       pair // what the investor calls its business
	product    pair
	owner      *staff
	investor   *planCompany
	enterprise *planCompany // the company established here
	domestic   bool
	key        bool
	named      bool

	total, totalEstimate attract.Money // CNY
	fdi, regCap          *attract.Money
	share                int64
	mu                   int64 // land in mu (亩), the unit Chinese parks price land in

	created    time.Time
	end        time.Time // when its story ends: lost, or the last working day
	moves      []*planMove
	activities []*planActivity
	tasks      []*planTask
	inflows    []*planInflow
	review     *planMove // the last update, setting the next action
	regDate    attract.Date

	p *attract.Project // once stored
}

// planMove is a stage move, or with to empty the final update.
type planMove struct {
	at         time.Time
	to         attract.Stage
	by         *staff
	note       string
	reason     attract.LostReason
	set        map[string]any // fields set with the move, gate fields among them
	enterprise bool           // set enterprise_id to the project's enterprise
}

// planActivity is an activity as planned.
type planActivity struct {
	logged, occurred time.Time
	kind             attract.ActivityKind
	subject, notes   string
	by               *staff
	users            []*staff
	company          *planCompany
	contacts         []int // indexes into company.contacts
}

// planTask is a task as planned.
type planTask struct {
	created  time.Time
	by       *staff
	assignee *staff
	title    string
	due      attract.Date
	closeAt  time.Time // zero while it stays open
	closeAs  attract.TaskStatus
}

// planInflow is a capital inflow as planned.
type planInflow struct {
	logged time.Time
	date   attract.Date
	amount attract.Money
	note   string
}

// stageMix is the shape of the generated funnel: many leads, fewer deals
// at each step, and the projects that stalled or went elsewhere.
var stageMix = []struct {
	stage  attract.Stage
	weight int
}{
	{attract.StageLead, 20}, {attract.StageContacted, 16}, {attract.StageNegotiating, 14},
	{attract.StageSigned, 7}, {attract.StageRegistered, 6}, {attract.StageConstruction, 8},
	{attract.StageOperating, 11}, {attract.StageOnHold, 6}, {attract.StageLost, 12},
}

// stageQuota returns n final stages in the proportions of stageMix, every
// stage at least once when n allows, in random order. Quotas rather than
// independent draws keep a small demo's funnel the same shape as a large one.
func (g *generator) stageQuota(n int) []attract.Stage {
	total := 0
	for _, m := range stageMix {
		total += m.weight
	}
	counts := make([]int, len(stageMix))
	rems := make([]int, len(stageMix))
	given := 0
	for i, m := range stageMix {
		counts[i] = n * m.weight / total
		rems[i] = n * m.weight % total
		given += counts[i]
	}
	order := make([]int, len(stageMix))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return rems[b] - rems[a] })
	for k := 0; given < n; k++ {
		counts[order[k%len(order)]]++
		given++
	}
	if n >= len(stageMix) {
		for i := range counts {
			for counts[i] == 0 {
				most := 0
				for j := range counts {
					if counts[j] > counts[most] {
						most = j
					}
				}
				counts[most]--
				counts[i]++
			}
		}
	}
	var out []attract.Stage
	for i, c := range counts {
		for range c {
			out = append(out, stageMix[i].stage)
		}
	}
	g.r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// planProjects plans the named projects and the generated pipeline around
// them, then gives every project its code in the order they were created.
func (g *generator) planProjects() {
	for _, spec := range namedSpecs {
		g.planNamed(spec)
	}
	for _, final := range g.stageQuota(g.opt.Projects - len(namedSpecs)) {
		g.planGenerated(final)
	}
	g.tellMoutai()
	byCreation := slices.Clone(g.projects)
	slices.SortStableFunc(byCreation, func(a, b *planProject) int { return a.created.Compare(b.created) })
	perYear := map[int]int{}
	for _, pp := range byCreation {
		y := attract.AgencyDate(pp.created).Year
		perYear[y]++
		pp.fields.Code = fmt.Sprintf("ZQ-%d-%04d", y, perYear[y])
	}
}

// planGenerated plans one project of the generated pipeline that stands at
// final on Today.
func (g *generator) planGenerated(final attract.Stage) {
	pp := &planProject{final: final}
	econWeights := make([]weighted, len(economies))
	for i, e := range economies {
		econWeights[i] = weighted{i, e.weight}
	}
	pp.econ = g.pickWeighted(econWeights)
	pp.ult = g.pickWeighted(economies[pp.econ].routes)
	pp.ind = g.pickIndustry(pp.ult)
	pp.domestic = pp.econ == econCN
	team := economies[pp.econ].team
	if team < 0 {
		team = economies[pp.ult].team
	}
	if (pp.ind.isic == "2910" || pp.ind.isic == "2720") && g.chance(0.4) {
		team = teamChain // new-energy chains are worked as chains, whoever invests
	}
	pp.owner = pick(g, g.officers[team])
	g.planTimeline(pp)

	typ := attract.TypeGreenfield
	switch n := g.r.IntN(100); {
	case n < 12:
		typ = attract.TypeExpansion
	case n < 16:
		typ = attract.TypeReinvestment
	case n < 20:
		typ = attract.TypeMA
	case n < 25 && !pp.domestic:
		typ = attract.TypeJointVenture
	}
	mode := attract.ModeDomestic
	if !pp.domestic {
		switch n := g.r.IntN(100); {
		case typ == attract.TypeJointVenture || n < 22:
			mode = attract.ModeEJV
		case n < 25:
			mode = attract.ModeCJV
		case n < 30:
			mode = attract.ModePartnership
		default:
			mode = attract.ModeWFOE
		}
	}
	var base *planProject
	if typ == attract.TypeExpansion || typ == attract.TypeReinvestment {
		base = g.expansionBase(pp)
		if base == nil {
			typ = attract.TypeGreenfield
		}
	}
	if base != nil {
		// An enterprise already here invests again: same investor, sector,
		// park and officer, and the enterprise it has.
		pp.econ, pp.ult, pp.ind, pp.park, pp.place = base.econ, base.ult, base.ind, base.park, base.place
		pp.domestic, pp.brand, pp.word, pp.owner = base.domestic, base.brand, base.word, base.owner
		mode = base.fields.InvestmentMode
		pp.investor, pp.enterprise = base.investor, base.enterprise
		if typ == attract.TypeReinvestment {
			pp.investor = base.enterprise // 再投资: the enterprise reinvests its profits
		}
	} else {
		pp.park = g.pickWeighted(pp.ind.parks)
		pp.place = pick(g, g.parks[pp.park].places)
		pp.investor = g.planInvestor(pp)
	}
	pp.product = pick(g, pp.ind.products)
	pp.key = g.chance(0.03)
	g.planAmounts(pp, mode)
	if pp.total.Amount >= 10_0000_0000_00 { // 10亿元 and more
		pp.key = true
	}
	g.planFields(pp, typ, mode, g.leadSource(pp))
	g.planMoves(pp)
	g.planActivities(pp)
	g.planTasks(pp)
	g.planInflows(pp)
	g.planReview(pp)
	g.projects = append(g.projects, pp)
}

// pickIndustry draws a sector, favouring those the ultimate investor's
// economy is known for.
func (g *generator) pickIndustry(ult int) *industry {
	ws := make([]weighted, len(industries))
	for i, ind := range industries {
		w := ind.weight
		if slices.Contains(economies[ult].favour, ind.isic) {
			w *= 3
		}
		ws[i] = weighted{i, w}
	}
	return &industries[g.pickWeighted(ws)]
}

// expansionBase finds an operating generated project that was running before
// pp began, whose enterprise can expand.
func (g *generator) expansionBase(pp *planProject) *planProject {
	var candidates []*planProject
	for _, b := range g.projects {
		if b.named || b.enterprise == nil || b.fields.Type != attract.TypeGreenfield || b.reach != attract.StageOperating {
			continue
		}
		if op := b.moveTo(attract.StageOperating); op != nil && op.at.Before(pp.created.AddDate(0, 0, -30)) {
			candidates = append(candidates, b)
		}
	}
	if len(candidates) == 0 {
		return nil
	}
	return pick(g, candidates)
}

// moveTo returns the move that took the project to s, or nil.
func (pp *planProject) moveTo(s attract.Stage) *planMove {
	for _, m := range pp.moves {
		if m.to == s {
			return m
		}
	}
	return nil
}

// leadSource says where a lead came from; inspection groups bring Hong Kong
// and Macao investors, fairs and referrals most others.
func (g *generator) leadSource(pp *planProject) string {
	ws := []weighted{{0, 25}, {1, 10}, {2, 25}, {3, 8}, {4, 20}, {5, 4}}
	if pp.econ == econHK || pp.econ == econMO {
		ws[3].w = 25
	}
	return attract.LeadSources[g.pickWeighted(ws)]
}

// Days a step on the line takes, and days a project has stood still since.
func stepDays(s attract.Stage) (int, int) {
	switch s {
	case attract.StageContacted:
		return 3, 40
	case attract.StageNegotiating:
		return 15, 150
	case attract.StageSigned:
		return 30, 240
	case attract.StageRegistered:
		return 15, 100
	case attract.StageConstruction:
		return 30, 200
	case attract.StageOperating:
		return 150, 500
	case attract.StageOnHold:
		return 20, 200
	}
	return 10, 200 // lost
}

func tailDays(s attract.Stage) (int, int) {
	switch s {
	case attract.StageLead:
		return 1, 150
	case attract.StageContacted, attract.StageRegistered:
		return 3, 150
	case attract.StageNegotiating, attract.StageSigned:
		return 5, 200
	case attract.StageConstruction:
		return 10, 400
	case attract.StageOperating:
		return 10, 600
	case attract.StageOnHold:
		return 5, 300
	}
	return 5, 600 // lost
}

// planTimeline draws the project's path and dates: the stages it passed,
// how long each step took and how long it has stood still since, fitted
// into the three years that end on Today.
func (g *generator) planTimeline(pp *planProject) {
	reach := pp.final
	switch pp.final {
	case attract.StageOnHold:
		reach = []attract.Stage{attract.StageContacted, attract.StageNegotiating, attract.StageSigned}[g.pickWeighted([]weighted{{0, 20}, {1, 60}, {2, 20}})]
	case attract.StageLost:
		reach = attract.LineStages[g.pickWeighted([]weighted{{0, 30}, {1, 30}, {2, 35}, {3, 5}})]
	}
	pp.reach = reach
	var steps []timelineStep
	// A fast-tracked deal skips stages; its move must then pass every gate.
	skipContacted := reach.Index() >= attract.StageNegotiating.Index() && g.chance(0.1)
	skipSigned := reach.Index() >= attract.StageRegistered.Index() && g.chance(0.05)
	for _, s := range attract.LineStages[1 : reach.Index()+1] {
		if s == attract.StageContacted && skipContacted || s == attract.StageSigned && skipSigned {
			continue
		}
		steps = append(steps, timelineStep{s, g.between(stepDays(s))})
		if s == attract.StageNegotiating && pp.final != attract.StageOnHold && g.chance(0.06) {
			steps = append(steps, timelineStep{attract.StageOnHold, g.between(30, 120)}, timelineStep{attract.StageNegotiating, g.between(30, 150)})
		}
	}
	created, moves, end := g.fitTimeline(steps, pp.final)
	pp.created, pp.end = created, end
	for _, m := range moves {
		pp.moves = append(pp.moves, &planMove{to: m.to, at: m.at})
	}
}

// timelineStep is one move of a planned timeline and the days before it.
type timelineStep struct {
	to   attract.Stage
	days int
}

// timelineMove is a dated stage move of a planned project.
type timelineMove struct {
	to attract.Stage
	at time.Time
}

// fitTimeline ends a project's line steps with its final off-line stage,
// squeezes the steps and the quiet tail after them into the three years,
// and dates them in office hours: the project's creation, each move, and the
// end of its life (its loss, or the last day).
func (g *generator) fitTimeline(steps []timelineStep, final attract.Stage) (created time.Time, moves []timelineMove, end time.Time) {
	if final == attract.StageOnHold || final == attract.StageLost {
		steps = append(steps, timelineStep{final, g.between(stepDays(final))})
	}
	tail := g.between(tailDays(final))
	total := tail
	for _, s := range steps {
		total += s.days
	}
	if span := daysBetween(g.start, g.last) - 2; total > span {
		f := float64(span) / float64(total)
		total = int(float64(tail) * f)
		for i := range steps {
			steps[i].days = max(1, int(float64(steps[i].days)*f))
			total += steps[i].days
		}
	}
	created = g.workTime(g.last.AddDays(-total))
	prev, d := created, attract.AgencyDate(created)
	for _, s := range steps {
		d = d.AddDays(s.days)
		t := g.after(g.workTime(d), prev)
		moves = append(moves, timelineMove{s.to, t})
		prev, d = t, attract.AgencyDate(t)
	}
	end = g.lastTime
	if final == attract.StageLost {
		end = prev
	}
	return created, moves, end
}

// planInvestor plans the investing company: a company of its own economy,
// the Hong Kong or Singapore arm of a group from elsewhere, or a BVI or
// Cayman holding company of a group from elsewhere.
func (g *generator) planInvestor(pp *planProject) *planCompany {
	e := economies[pp.econ]
	pp.word = pick(g, pp.ind.company)
	var inv *planCompany
	switch {
	case pp.econ == pp.ult:
		pp.brand = g.freshBrand(e.brands, func(b pair) pair { return companyName(pp.econ, b, pp.word) })
		inv = g.company(pp.econ, companyName(pp.econ, pp.brand, pp.word), pp.brand, pp.word, pp.ind.isic)
	case pp.econ == econHK || pp.econ == econSG:
		pp.brand = g.freshBrand(economies[pp.ult].brands, func(b pair) pair { return subsidiaryName(pp.econ, b, pp.word) })
		inv = g.company(pp.econ, subsidiaryName(pp.econ, pp.brand, pp.word), pp.brand, pp.word, pp.ind.isic)
		inv.parent = g.parent(pp.ult, pp.brand, pp.word, pp.ind.isic)
	default: // a BVI or Cayman vehicle
		holding := g.freshBrand(e.brands, func(b pair) pair { return companyName(pp.econ, b, pp.word) })
		inv = g.company(pp.econ, companyName(pp.econ, holding, pp.word), holding, pp.word, pp.ind.isic)
		pp.brand = pick(g, economies[pp.ult].brands)
		inv.parent = g.parent(pp.ult, pp.brand, pp.word, pp.ind.isic)
	}
	// The people: the group's own, and for groups from afar someone in China
	// who speaks for them.
	style, lang := economies[pp.ult].style, economies[pp.ult].language
	phone := economies[pp.ult].phone
	domain := domainOf(pp.brand, pp.word)
	inv.contacts = append(inv.contacts, g.contactFor(g.person(style, lang), pick(g, titlesSenior), domain, phone))
	switch {
	case style == "de" || style == "en" || style == "fr" || style == "jp" || style == "kr":
		if g.chance(0.7) {
			inv.contacts = append(inv.contacts, g.contactFor(g.person("cn", "zh"), pick(g, titlesChina), domain, "cn"))
		}
	case g.chance(0.6):
		inv.contacts = append(inv.contacts, g.contactFor(g.person(style, lang), pick(g, titlesMiddle), domain, phone))
	}
	if g.chance(0.35) {
		inv.contacts = append(inv.contacts, g.contactFor(g.person(style, lang), pick(g, titlesJunior), domain, phone))
	}
	return inv
}

// freshBrand picks a brand whose company name (as name makes it) is not
// taken yet, and takes it. When the brands run out it extends one, so any
// number of projects gets distinct names.
func (g *generator) freshBrand(brands []pair, name func(pair) pair) pair {
	for range 40 {
		b := pick(g, brands)
		if !g.namesTaken[name(b).zh] {
			g.namesTaken[name(b).zh] = true
			return b
		}
	}
	extensions := []pair{{"国际", " International"}, {"环球", " Global"}, {"亚太", " Asia Pacific"}, {"新", " New"}}
	b := pick(g, brands)
	for n := 0; ; n++ {
		ext := extensions[n%len(extensions)]
		cand := pair{b.zh + ext.zh, b.en + ext.en}
		if n >= len(extensions) {
			cand = pair{fmt.Sprintf("%s%s%d", b.zh, ext.zh, n), fmt.Sprintf("%s%s %d", b.en, ext.en, n)}
		}
		if !g.namesTaken[name(cand).zh] {
			g.namesTaken[name(cand).zh] = true
			return cand
		}
	}
}

// company plans a company registered in economy e.
func (g *generator) company(e int, name, brand, word pair, isic string) *planCompany {
	f := attract.CompanyFields{
		NameZH: name.zh, NameEN: name.en, Country: economies[e].code, Sector: isic,
		Website: "https://www." + domainOf(brand, word),
	}
	if e == econCN {
		f.USCC = g.uscc(pick(g, mainlandCities).division)
	} else {
		f.ForeignRegNo = g.registrationNumber(economies[e].regNo)
	}
	return &planCompany{fields: f}
}

// parent returns the group headquarters of brand in economy e, planning it
// the first time: several subsidiaries may share one parent.
func (g *generator) parent(e int, brand, word pair, isic string) *planCompany {
	name := companyName(e, brand, word)
	if p, ok := g.parents[name.zh]; ok {
		return p
	}
	p := g.company(e, name, brand, word, isic)
	p.fields.Notes = "集团总部。"
	g.parents[name.zh] = p
	g.namesTaken[name.zh] = true
	return p
}

// roundWan rounds an amount in 万元 the way project forms state them.
func roundWan(v float64) int64 {
	unit := 100.0 // 100万
	switch {
	case v >= 1e5:
		unit = 10_000 // 1亿
	case v >= 1e4:
		unit = 1_000 // 1000万
	}
	return max(100, int64(math.Round(v/unit)*unit))
}

// wanCNY returns an amount of 万元 as Money.
func wanCNY(wan int64) attract.Money { return attract.Money{Amount: wan * 1_000_000, Currency: "CNY"} }

// planAmounts draws the investment with a long tail (most projects between
// 1000万 and 5亿元, a few of 10亿 to 50亿), the contracted foreign
// investment in the investor's currency at the month's rate, and what the
// project promises: jobs, output, tax, land and energy.
func (g *generator) planAmounts(pp *planProject, mode attract.InvestmentMode) {
	var l float64
	if pp.key {
		l = 5 + g.uniform(0, 0.7)
	} else {
		l = min(4.75, max(3.0, 3.85+pp.ind.scale+g.r.NormFloat64()*0.42))
	}
	totalWan := roundWan(math.Pow(10, l))
	g.setAmounts(pp, mode, totalWan, "")
}

// setAmounts fills the amounts of a project of totalWan 万元; currency is
// that of the contracted foreign investment, "" to draw one.
func (g *generator) setAmounts(pp *planProject, mode attract.InvestmentMode, totalWan int64, currency string) {
	pp.total = wanCNY(totalWan)
	pp.totalEstimate = wanCNY(roundWan(float64(totalWan) * g.uniform(0.8, 1.2)))
	signed := pp.created
	if m := pp.moveTo(attract.StageSigned); m != nil {
		signed = m.at
	}
	if !pp.domestic {
		switch mode {
		case attract.ModeEJV:
			pp.share = int64(g.between(5, 15) * 5)
		case attract.ModeCJV:
			pp.share = int64(g.between(10, 14) * 5)
		default:
			pp.share = 100
		}
		if currency == "" {
			currency = pick(g, economies[pp.econ].currencies)
		}
		rate := g.rateOn(attract.AgencyDate(signed), currency)
		fdiCNY := float64(totalWan) * 1e4 * float64(pp.share) / 100 * g.uniform(0.6, 1.0)
		fdi := roundUnits(fdiCNY / rate)
		pp.fdi = &attract.Money{Amount: fdi * 100, Currency: currency}
		reg := roundUnits(float64(totalWan) * 1e4 / rate * g.uniform(0.35, 0.7))
		pp.regCap = &attract.Money{Amount: reg * 100, Currency: currency}
	} else {
		m := wanCNY(roundWan(float64(totalWan) * g.uniform(0.2, 0.5)))
		pp.regCap = &m
	}
	if pp.ind.land {
		perMu := g.uniform(250, 500) // 万元 invested per 亩, the "investment intensity" parks require
		if pp.ind.activity == "" {
			perMu = g.uniform(5, 20) // farms lease land cheaply and much of it
		}
		pp.mu = max(5, int64(float64(totalWan)/perMu))
	}
}

// roundUnits rounds a foreign-currency amount (in units) to 10万 below 1000万
// and to 100万 above, as agreements state them.
func roundUnits(v float64) int64 {
	unit := 100_000.0
	if v >= 1e7 {
		unit = 1_000_000
	}
	return max(100_000, int64(math.Round(v/unit)*unit))
}

// planFields fills the project's fields as the lead was first entered: the
// estimates, not yet the contracted amounts.
func (g *generator) planFields(pp *planProject, typ attract.ProjectType, mode attract.InvestmentMode, source string) {
	name := g.projectName(pp, typ)
	ultimate := economies[pp.ult].code
	if pp.domestic {
		ultimate = ""
	}
	f := attract.ProjectFields{
		NameZH: name.zh, NameEN: name.en, Type: typ, InvestmentMode: mode, Source: source,
		SourceEconomy: economies[pp.econ].code, UltimateEconomy: ultimate,
		Sector: pp.ind.isic, BusinessActivity: pp.ind.activity, TechnologyLevel: pp.ind.tech,
		Tags: g.tags(pp), KeyProject: pp.key, Priority: "normal",
	}
	if pp.domestic {
		f.SourceEconomy = "CN"
	}
	if pp.key {
		f.Priority = "high"
	} else if pp.final == attract.StageLead && g.chance(0.3) {
		f.Priority = "low"
	}
	est := pp.totalEstimate
	f.TotalInvestment = &est
	jobs := max(10, int64(math.Round(float64(pp.total.Amount)/1e10*float64(pp.ind.jobs)*g.uniform(0.6, 1.4)/10))*10)
	f.ExpectedJobs = &jobs
	totalWan := float64(pp.total.Amount) / 1e6
	outputFactor := g.uniform(0.8, 2.5)
	if pp.ind.activity == "" || pp.ind.activity == "logistics" {
		outputFactor = g.uniform(0.3, 0.8)
	}
	output := wanCNY(roundWan(totalWan * outputFactor))
	tax := wanCNY(max(10, int64(math.Round(float64(output.Amount)/1e6*g.uniform(0.03, 0.07)/10))*10))
	f.ExpectedOutput, f.ExpectedTax = &output, &tax
	if pp.mu > 0 {
		sqm := int64(math.Round(float64(pp.mu)*666.67/100)) * 100
		f.LandAreaSqm = &sqm
		if pp.ind.activity == "manufacturing" {
			tce := max(10, int64(math.Round(float64(output.Amount)/1e6*g.uniform(0.01, 0.06)/10))*10)
			f.EnergyUseTce = &tce
		}
	}
	// Where a lead will land is often open until the investor has visited.
	if pp.reach.Index() >= attract.StageNegotiating.Index() || g.chance(0.6) {
		f.Park = g.parks[pp.park].name
	}
	prob := int64(10)
	f.Probability = &prob
	f.Notes = fmt.Sprintf("投资方%s拟在肇庆投资建设%s项目，计划总投资约%s。", pp.investor.fields.NameZH, pp.product.zh, est.Format("zh"))
	if pp.mu > 0 {
		f.Notes += fmt.Sprintf("用地需求约 %d 亩。", pp.mu)
	}
	pp.site = g.siteFor(pp)
	pp.fields = f
}

// siteFor names the project's site: a parcel for those who build, a
// standard factory for small makers, an office floor for the rest.
func (g *generator) siteFor(pp *planProject) string {
	switch {
	case pp.ind.offices:
		return fmt.Sprintf("%s%s 科创大厦 %d 层", g.parks[pp.park].name, pp.place, g.between(3, 22))
	case pp.total.Amount < 5000_0000_00 && pp.ind.activity == "manufacturing":
		return fmt.Sprintf("%s 标准厂房 %d 栋", pp.place, g.between(1, 24))
	}
	return fmt.Sprintf("%s %d 号地块", pp.place, g.between(1, 60))
}

// projectName names a project after its investor and product, the way
// agencies list them, and keeps every name distinct by phases (二期).
func (g *generator) projectName(pp *planProject, typ attract.ProjectType) pair {
	b, prod := pp.brand, pp.product
	var n pair
	switch typ {
	case attract.TypeExpansion:
		n = pair{b.zh + prod.zh + "扩产项目", b.en + " " + prod.en + " Expansion Project"}
	case attract.TypeReinvestment:
		n = pair{b.zh + prod.zh + "增资扩产项目", b.en + " " + prod.en + " Reinvestment Project"}
	case attract.TypeMA:
		n = pair{b.zh + prod.zh + "并购项目", b.en + " " + prod.en + " Acquisition Project"}
	case attract.TypeJointVenture:
		n = pair{b.zh + prod.zh + "合资项目", b.en + " " + prod.en + " Joint Venture Project"}
	default:
		base := pair{}
		switch {
		case pp.ind.activity == "manufacturing" && pp.total.Amount >= 10_0000_0000_00:
			base = pair{"产业园", "Industrial Park"}
		case pp.ind.activity == "manufacturing":
			base = pick(g, manufacturingBases)
		}
		n = pair{b.zh + prod.zh + base.zh + "项目", strings.Join(strings.Fields(b.en+" "+prod.en+" "+base.en), " ") + " Project"}
	}
	phases := []pair{{"二", "II"}, {"三", "III"}, {"四", "IV"}, {"五", "V"}}
	for i := 0; g.namesTaken["project:"+n.zh]; i++ {
		ph := pair{fmt.Sprint(i + 2), fmt.Sprint(i + 2)}
		if i < len(phases) {
			ph = phases[i]
		}
		cand := pair{strings.TrimSuffix(n.zh, "项目") + "（" + ph.zh + "期）项目", n.en + ", Phase " + ph.en}
		if !g.namesTaken["project:"+cand.zh] {
			n = cand
			break
		}
	}
	g.namesTaken["project:"+n.zh] = true
	return n
}

// tags labels a project as agencies do: origin, chain, and the odd badge.
func (g *generator) tags(pp *planProject) []string {
	var t []string
	switch economies[pp.econ].code {
	case "HK":
		t = append(t, "港资")
	case "MO":
		t = append(t, "澳资")
	case "TW":
		t = append(t, "台资")
	case "CN":
		t = append(t, "内资", "大湾区产业转移")
	default:
		t = append(t, "外资")
	}
	t = append(t, pp.ind.tags...)
	if !pp.domestic && pp.total.Amount >= 10_0000_0000_00 && g.chance(0.3) {
		t = append(t, "世界500强")
	}
	if pp.total.Amount < 2_0000_0000_00 && pp.ind.tech != "low" && g.chance(0.15) {
		t = append(t, "专精特新")
	}
	return t
}

// Chinese notes of the moves onto the line.
var moveNotes = map[attract.Stage]string{
	attract.StageContacted:    "已与投资方建立联系，介绍肇庆投资环境。",
	attract.StageNegotiating:  "投资方已来肇考察，进入实质性洽谈。",
	attract.StageSigned:       "局务会审议通过，投资协议已正式签署。",
	attract.StageRegistered:   "企业完成设立登记，取得营业执照。",
	attract.StageConstruction: "项目正式动工建设。",
	attract.StageOperating:    "项目建成投产。",
}

// planMoves fills each move's actor, note and fields: the fields of every
// gate it passes (see attract.CheckGate), dated as the move is.
func (g *generator) planMoves(pp *planProject) {
	line := attract.StageLead
	for _, m := range pp.moves {
		m.by, m.set = pp.owner, map[string]any{}
		switch m.to {
		case attract.StageOnHold:
			m.note = pick(g, notesOnHold)
			m.set["probability"] = 20
		case attract.StageLost:
			g.planLoss(m)
			m.set["probability"] = 0
		default:
			if m.to.Index() <= line.Index() {
				m.note = pick(g, notesResume)
				m.set["probability"] = 40
				continue
			}
			entered := attract.LineStages[line.Index()+1 : m.to.Index()+1]
			for _, s := range entered {
				g.gateFields(pp, m, s)
			}
			m.note = moveNotes[m.to]
			if len(entered) > 1 {
				m.note = "项目纳入快速通道。" + m.note
			}
			if m.to == attract.StageSigned {
				m.by = pick(g, g.directors) // directors approve the agreement
			}
			line = m.to
		}
	}
}

// planLoss says why the project was lost.
func (g *generator) planLoss(m *planMove) {
	switch n := g.r.IntN(100); {
	case n < 35:
		m.reason, m.note = attract.LostOtherLocation, "投资方最终选择落户"+pick(g, lostElsewhere)+"。"
	case n < 55:
		m.reason, m.note = attract.LostCancelled, "投资方集团战略调整，取消本次投资。"
	case n < 75:
		m.reason, m.note = attract.LostNoResponse, "多次联系未获回复。"
	case n < 90:
		m.reason, m.note = attract.LostNotQualified, "项目能耗和环保指标不符合园区准入要求。"
	case n < 94:
		m.reason, m.note = attract.LostMerged, "并入该投资方的另一项目统一推进。"
	default:
		m.reason, m.note = attract.LostOther, "投资方要求以低于基准地价的价格供地，不符合公平竞争审查规定，未能达成一致。"
	}
}

// gateFields adds to the move what entering stage s takes, dated by the move.
func (g *generator) gateFields(pp *planProject, m *planMove, s attract.Stage) {
	day := attract.AgencyDate(m.at)
	created := attract.AgencyDate(pp.created)
	notBefore := func(d, floor attract.Date) attract.Date {
		if d.Before(floor) {
			return floor
		}
		return d
	}
	switch s {
	case attract.StageContacted:
		m.set["probability"] = 20
	case attract.StageNegotiating:
		m.set["probability"] = 50
		m.set["park"] = g.parks[pp.park].name
		m.set["contract_planned"] = day.AddDays(g.between(60, 200))
	case attract.StageSigned:
		m.set["contract_actual"] = day
		m.set["mou_actual"] = notBefore(day.AddDays(-g.between(20, 90)), created)
		m.set["total_investment"] = pp.total
		if pp.fdi != nil {
			m.set["contracted_fdi"] = *pp.fdi
			m.set["foreign_share_pct"] = pp.share
		}
		m.set["registered_capital"] = *pp.regCap
		m.set["amounts_confirmed"] = true
		m.set["licence_planned"] = day.AddDays(g.between(20, 60))
		if pp.mu > 0 {
			m.set["land_planned"] = day.AddDays(g.between(30, 120))
		}
		if pp.ind.offices {
			m.set["construction_planned"] = day.AddDays(g.between(40, 90))
			m.set["operation_planned"] = day.AddDays(g.between(120, 240))
		} else {
			m.set["construction_planned"] = day.AddDays(g.between(90, 200))
			m.set["operation_planned"] = day.AddDays(g.between(360, 720))
		}
		m.set["probability"] = 90
	case attract.StageRegistered:
		prev := created
		for _, o := range pp.moves {
			if o == m {
				break
			}
			prev = attract.AgencyDate(o.at)
		}
		pp.regDate = notBefore(g.workday(day.AddDays(-g.between(0, 7))), prev)
		if pp.enterprise == nil {
			pp.enterprise = g.planEnterprise(pp)
		}
		m.enterprise = true
		m.set["licence_actual"] = pp.regDate
		m.set["probability"] = 100
	case attract.StageConstruction:
		m.set["construction_actual"] = day
		m.set["site"] = pp.site
		if pp.mu > 0 {
			floor := created
			if c := pp.moveTo(attract.StageSigned); c != nil {
				floor = attract.AgencyDate(c.at)
			}
			m.set["land_actual"] = notBefore(day.AddDays(-g.between(10, 60)), floor)
		}
	case attract.StageOperating:
		m.set["operation_actual"] = day
		m.set["jobs_confirmed"] = true
	}
}

// planEnterprise plans the enterprise established in Zhaoqing: a Zhaoqing
// company with a USCC of the park's division, owned ultimately by the
// investor's group.
func (g *generator) planEnterprise(pp *planProject) *planCompany {
	brand := g.freshBrand([]pair{pp.brand}, func(b pair) pair {
		return pair{"肇庆" + b.zh + pp.word.zh + "有限公司", "Zhaoqing " + b.en + " " + pp.word.en + " Co., Ltd."}
	})
	regCap := *pp.regCap
	reg := pp.regDate
	ent := &planCompany{
		fields: attract.CompanyFields{
			NameZH: "肇庆" + brand.zh + pp.word.zh + "有限公司", NameEN: "Zhaoqing " + brand.en + " " + pp.word.en + " Co., Ltd.",
			USCC: g.uscc(g.parks[pp.park].division), Country: "CN", Sector: pp.ind.isic,
			ForeignInvested: !pp.domestic, InvestmentMode: pp.fields.InvestmentMode,
			RegistrationDate: &reg, RegisteredCap: &regCap,
		},
		parent: pp.investor,
	}
	if pp.investor.parent != nil {
		ent.parent = pp.investor.parent
	}
	domain := domainOf(pp.brand, pp.word)
	ent.contacts = append(ent.contacts, g.contactFor(g.person("cn", "zh"), pick(g, titlesLocal), domain, "cn"))
	return ent
}

// stageAt returns the stage on the line the project had reached at t.
func (pp *planProject) stageAt(t time.Time) attract.Stage {
	stage := attract.StageLead
	for _, m := range pp.moves {
		if m.at.After(t) {
			break
		}
		if m.to.Index() >= 0 {
			stage = m.to
		}
	}
	return stage
}

// Phases of a project's life, which decide what its activities are about.
const (
	phaseCourting    = iota // lead, contacted: calls, mails, fairs
	phaseNegotiating        // negotiating, signed: meetings and site visits
	phaseBuilding           // registered, construction: permits and the site
	phaseAftercare          // operating: service to an established enterprise
)

// phaseOf says which phase the project was in at t.
func (pp *planProject) phaseOf(t time.Time) int {
	switch s := pp.stageAt(t); {
	case s == attract.StageOperating:
		return phaseAftercare
	case s.Index() >= attract.StageRegistered.Index():
		return phaseBuilding
	case s.Index() >= attract.StageNegotiating.Index():
		return phaseNegotiating
	}
	return phaseCourting
}

// randomTime returns a working moment between from and to (both within the
// three years), after from.
func (g *generator) randomTime(from, to time.Time) time.Time {
	span := to.Sub(from)
	if span <= 0 {
		return g.after(from, from)
	}
	t := from.Add(time.Duration(g.r.Int64N(int64(span))))
	return g.after(g.workTime(attract.AgencyDate(t)), from)
}

// planActivities plans three to six activities over the project's life,
// each of the kind its phase calls for.
func (g *generator) planActivities(pp *planProject) {
	n := g.between(3, 6)
	first := &planActivity{kind: attract.ActivityCall}
	switch pp.fields.Source {
	case "event":
		first.kind = attract.ActivityEvent
	case "delegation":
		first.kind = attract.ActivityDelegation
	case "website":
		first.kind = attract.ActivityEmail
	case "other":
		first.kind = attract.ActivityMeeting
	}
	first.occurred = timeOn(attract.AgencyDate(pp.created), 9*60+g.r.IntN(4*60))
	if !first.occurred.Before(pp.created) {
		first.occurred = pp.created.Add(-time.Hour)
	}
	first.logged = pp.created.Add(time.Duration(5+g.r.IntN(40)) * time.Minute)
	g.fillActivity(pp, first, 0)
	pp.activities = append(pp.activities, first)
	var times []time.Time
	for range n - 1 {
		times = append(times, g.randomTime(pp.created.Add(24*time.Hour), pp.end.Add(-2*time.Hour)))
	}
	slices.SortFunc(times, time.Time.Compare)
	for _, t := range times {
		a := &planActivity{occurred: t}
		a.logged = t.Add(time.Duration(30+g.r.IntN(240)) * time.Minute)
		phase := pp.phaseOf(t)
		a.kind = g.activityKind(phase)
		g.fillActivity(pp, a, phase)
		pp.activities = append(pp.activities, a)
	}
}

// activityKind draws what sort of activity a phase mostly has.
func (g *generator) activityKind(phase int) attract.ActivityKind {
	ws := [][]weighted{
		phaseCourting:    {{0, 35}, {1, 25}, {2, 30}, {4, 10}}, // calls and mails, a meeting, a fair
		phaseNegotiating: {{0, 20}, {1, 35}, {2, 15}, {3, 30}}, // meetings and site visits
		phaseBuilding:    {{0, 25}, {1, 40}, {3, 35}},          // coordination on permits and the site
		phaseAftercare:   {{0, 35}, {1, 15}, {3, 50}},          // visits to the enterprise
	}
	kinds := []attract.ActivityKind{attract.ActivityCall, attract.ActivityMeeting, attract.ActivityEmail,
		attract.ActivitySiteVisit, attract.ActivityEvent}
	return kinds[g.pickWeighted(ws[phase])]
}

// activityTemplate is what an officer writes about an activity; {brand},
// {park}, {place}, {product} and {mu} are filled in.
type activityTemplate struct {
	kind           attract.ActivityKind
	phase          int
	foreignOnly    bool // about foreign capital
	makersOnly     bool // about production lines
	subject, notes string
}

var activityTemplates = []activityTemplate{
	{attract.ActivityCall, phaseCourting, false, false, "电话联系{brand}，了解投资意向", "对方初步考虑在华南布局{product}项目，已发送肇庆投资环境介绍。"},
	{attract.ActivityCall, phaseCourting, false, false, "电话回访{brand}投资负责人", "对方关注用地价格、电力保障和物流成本，约定来肇考察。"},
	{attract.ActivityEmail, phaseCourting, false, false, "发送肇庆投资指南及{park}介绍", "附件：肇庆投资指南（中英文）、园区产业规划、标准厂房租金表。"},
	{attract.ActivityEmail, phaseCourting, false, false, "回复{brand}关于用地和配套的咨询", "说明园区供地方式、基准地价和水电气价格；介绍肇庆 60 分钟通达大湾区主要城市、最快 90 分钟抵达香港的交通优势。"},
	{attract.ActivityMeeting, phaseCourting, false, false, "拜访{brand}，介绍肇庆营商环境", "介绍南广高铁、贵广高铁、广佛肇城际等“轨道上的大湾区”交通网络及园区产业链配套。"},
	{attract.ActivityEvent, phaseCourting, false, false, "粤港澳大湾区（肇庆）投资推介会", "推介会上结识{brand}代表，对方对{park}的产业配套感兴趣。"},
	{attract.ActivityEvent, phaseCourting, false, false, "中国国际投资贸易洽谈会期间洽谈", "投洽会期间与{brand}代表会面，交换资料并约定后续联系。"},
	{attract.ActivityMeeting, phaseNegotiating, false, false, "与{brand}洽谈投资合作框架", "讨论投资规模、建设周期和分期安排；对方希望尽快明确用地指标和环评进度。"},
	{attract.ActivityMeeting, phaseNegotiating, false, false, "项目洽谈会：供地方案与扶持政策", "自然资源局、生态环境局参会；说明扶持政策须经公平竞争审查，不承诺返还土地出让金。"},
	{attract.ActivitySiteVisit, phaseNegotiating, false, false, "陪同{brand}考察{park}", "考察{place}及周边配套，对方对交通条件和产业链配套较满意。"},
	{attract.ActivitySiteVisit, phaseNegotiating, false, false, "投资方实地踏勘{place}", "现场查看地块平整和水电接入条件，对方提出需约 {mu} 亩用地。"},
	{attract.ActivityCall, phaseNegotiating, false, false, "电话沟通投资协议条款", "就投资强度、达产期限和违约责任条款交换意见。"},
	{attract.ActivityEmail, phaseNegotiating, false, false, "发送投资协议草案", "投资协议草案（中英文）已发送对方法务审阅。"},
	{attract.ActivityMeeting, phaseBuilding, true, false, "项目推进协调会：外汇登记与银行开户", "协调外商投资信息报告、外汇登记和资本金账户开立事项。"},
	{attract.ActivityMeeting, phaseBuilding, false, false, "报建协调会", "住建、自然资源和供电部门参会，明确施工许可和临时用电办理时限。"},
	{attract.ActivitySiteVisit, phaseBuilding, false, false, "项目现场服务", "检查施工进度，协调解决施工用水用电问题。"},
	{attract.ActivityCall, phaseBuilding, true, false, "电话跟进外资到位情况", "对方确认外方股东资本金按计划分期汇入。"},
	{attract.ActivityCall, phaseBuilding, false, false, "电话协调{brand}设备进场时间", "对方确认主要设备下月进场安装，需协调临时用电增容。"},
	{attract.ActivitySiteVisit, phaseAftercare, false, false, "企业服务走访：{brand}", "了解企业用工、融资和通关需求，已转相关部门办理。"},
	{attract.ActivityCall, phaseAftercare, false, true, "电话了解{brand}生产经营情况", "企业订单饱满，计划明年增加一条{product}生产线。"},
	{attract.ActivityCall, phaseAftercare, true, false, "电话跟进外资到位情况", "对方确认外方股东剩余资本金按计划汇入。"},
	{attract.ActivityMeeting, phaseAftercare, false, false, "政企座谈会：{brand}反映用工和物流需求", "人社局、交通运输局参会，协调专场招聘会和货运班线。"},
	{attract.ActivitySiteVisit, phaseAftercare, false, false, "陪同市领导调研{brand}", "企业介绍投产以来产值和纳税情况，提出扩产用地需求。"},
}

// fillActivity writes the activity's subject, notes and participants.
// It avoids what the project's earlier activities already said.
func (g *generator) fillActivity(pp *planProject, a *planActivity, phase int) {
	park := g.parks[pp.park].name
	r := strings.NewReplacer("{brand}", pp.brand.zh, "{park}", park, "{place}", pp.place,
		"{product}", pp.product.zh, "{mu}", fmt.Sprint(max(pp.mu, 20)))
	switch a.kind {
	case attract.ActivityDelegation:
		var from string
		switch {
		case pp.econ == econHK:
			from = "香港工商界"
		case pp.econ == econMO:
			from = "澳门工商界"
		case pp.domestic:
			from = "深圳、广州企业"
		default:
			c, _ := attract.CountryByCode(economies[pp.ult].code)
			from = c.Name("zh") + "企业"
		}
		a.subject = from + "考察团到访" + park
		a.notes = "考察团一行参观" + park + "及已落户企业，" + pp.brand.zh + "代表表示将加快投资决策。"
	default:
		fits := func(kind attract.ActivityKind, fresh bool) []activityTemplate {
			var out []activityTemplate
			for _, t := range activityTemplates {
				if (kind == "" || t.kind == kind) && t.phase == phase && !(t.foreignOnly && pp.domestic) &&
					!(t.makersOnly && pp.ind.activity != "manufacturing") && !(fresh && pp.said(r.Replace(t.subject))) {
					out = append(out, t)
				}
			}
			return out
		}
		choices := fits(a.kind, true)
		if len(choices) == 0 {
			choices = fits("", true)
		}
		if len(choices) == 0 {
			choices = fits("", false)
		}
		t := pick(g, choices)
		a.kind, a.subject, a.notes = t.kind, r.Replace(t.subject), r.Replace(t.notes)
	}
	a.by = pp.owner
	if mates := g.officers[pp.owner.team]; len(mates) > 1 && g.chance(0.2) {
		a.by = pick(g, mates)
	}
	a.users = []*staff{a.by, pp.owner}
	if a.kind == attract.ActivityEvent || a.kind == attract.ActivityDelegation || pp.key && g.chance(0.5) {
		a.users = append(a.users, pick(g, g.directors))
	}
	a.company = pp.investor
	if phase >= phaseBuilding && pp.enterprise != nil && g.chance(0.6) {
		a.company = pp.enterprise
	}
	if k := len(a.company.contacts); k > 0 {
		a.contacts = []int{g.r.IntN(k)}
		if k > 1 && g.chance(0.4) {
			a.contacts = append(a.contacts, (a.contacts[0]+1)%k)
		}
	}
}

// said reports whether an activity of the project already has the subject.
func (pp *planProject) said(subject string) bool {
	for _, a := range pp.activities {
		if a.subject == subject {
			return true
		}
	}
	return false
}

// tellMoutai adds the anecdote PRODUCT.md ends on to one negotiation
// meeting, a domestic investor's when there is one: the bottle was offered,
// declined, and declared, which is what the integrity officer wants to see.
func (g *generator) tellMoutai() {
	for _, domesticFirst := range []bool{true, false} {
		for _, pp := range g.projects {
			if pp.named || domesticFirst && !pp.domestic {
				continue
			}
			for _, a := range pp.activities {
				if a.kind == attract.ActivityMeeting && pp.phaseOf(a.occurred) == phaseNegotiating {
					a.notes += "会谈结束时对方代表拿出一瓶茅台作为“见面礼”，已当场婉拒并向纪检报备。"
					return
				}
			}
		}
	}
}

// taskTitle draws a task fitting the stage the project was at.
func (g *generator) taskTitle(pp *planProject, s attract.Stage) string {
	var titles []string
	switch s {
	case attract.StageLead, attract.StageContacted:
		titles = []string{"安排投资方来肇考察行程", "整理项目基本情况表", "跟进投资方反馈意见", "准备项目推介材料"}
	case attract.StageNegotiating:
		titles = []string{"提交项目评审材料", "协调自然资源局落实用地指标", "起草投资协议", "报局务会审议投资协议", "开展扶持政策公平竞争审查"}
	case attract.StageSigned:
		titles = []string{"协助企业办理营业执照", "协调自然资源局办理供地手续", "跟进企业设立登记进度"}
	case attract.StageRegistered, attract.StageConstruction:
		titles = []string{"协调施工许可办理", "协调供电部门办理用电报装", "跟进项目建设进度"}
		if s == attract.StageRegistered {
			titles = append(titles, "组织项目开工仪式")
		}
		if !pp.domestic {
			titles = append(titles, "跟进外资到位情况")
		}
	default:
		titles = []string{"回访企业了解用工需求", "协助企业申报高新技术企业", "跟进企业增资扩产意向", "协调解决企业用电增容"}
	}
	return pick(g, titles)
}

// planTasks plans one to three tasks: earlier ones done (or cancelled when
// the project was lost), the latest of a live project still open, due
// around Today so that the desk shows some late and some coming.
func (g *generator) planTasks(pp *planProject) {
	n := g.between(1, 3)
	live := pp.final != attract.StageLost
	today := g.opt.Today
	for i := range n {
		t := &planTask{by: pp.owner, assignee: pp.owner}
		if mates := g.officers[pp.owner.team]; len(mates) > 1 && g.chance(0.25) {
			t.assignee = pick(g, mates)
		}
		if i == n-1 && live {
			from := pp.created
			if recent := g.lastTime.AddDate(0, 0, -30); recent.After(from) {
				from = recent
			}
			t.created = g.randomTime(from, g.lastTime.Add(-2*time.Hour))
			t.due = today.AddDays(g.between(-20, 30))
			if t.due.Before(attract.AgencyDate(t.created)) {
				t.due = attract.AgencyDate(t.created).AddDays(3)
			}
		} else {
			t.created = g.randomTime(pp.created, pp.end.Add(-72*time.Hour))
			t.due = attract.AgencyDate(t.created).AddDays(g.between(5, 30))
			t.closeAs = attract.TaskDone
			t.closeAt = g.after(g.workTime(t.due.AddDays(g.between(-4, 6))), t.created)
			if pp.final == attract.StageLost && t.closeAt.After(pp.end) {
				t.closeAs, t.closeAt = attract.TaskCancelled, pp.end.Add(30*time.Minute)
			} else if t.closeAt.After(g.lastTime) {
				t.closeAs, t.closeAt = "", time.Time{} // not done yet: open, and late or due soon
			}
		}
		if pp.final == attract.StageOnHold && i == n-1 {
			t.title = "季度回访投资方，了解最新投资计划"
		} else {
			t.title = g.taskTitle(pp, pp.stageAt(t.created))
		}
		pp.tasks = append(pp.tasks, t)
	}
	if pp.key && live {
		// Directors report key projects upward every month.
		d := pick(g, g.directors)
		t := &planTask{by: d, assignee: pp.owner, title: "向市政府报送重点项目进展"}
		t.created = g.randomTime(g.lastTime.AddDate(0, 0, -20), g.lastTime.Add(-time.Hour))
		if t.created.Before(pp.created) {
			t.created = pp.created.Add(time.Hour)
		}
		t.due = today.AddDays(g.between(-5, 15))
		pp.tasks = append(pp.tasks, t)
	}
}

// planInflows plans the ledger of actually utilized foreign capital of a
// foreign project whose enterprise exists: paid in tranches after
// registration, more of it the further the project is.
func (g *generator) planInflows(pp *planProject) {
	if pp.domestic || pp.fdi == nil || pp.regDate.IsZero() || pp.final == attract.StageLost {
		return
	}
	var frac float64
	switch pp.reach {
	case attract.StageRegistered:
		if g.chance(0.5) {
			return
		}
		frac = g.uniform(0.1, 0.4)
	case attract.StageConstruction:
		frac = g.uniform(0.3, 0.8)
	default:
		frac = g.uniform(0.6, 1.0)
	}
	first := pp.regDate.AddDays(15)
	if !first.Before(g.last) {
		return
	}
	n := g.between(1, 4)
	var dates []attract.Date
	for range n {
		dates = append(dates, first.AddDays(g.r.IntN(daysBetween(first, g.last)+1)))
	}
	slices.SortFunc(dates, func(a, b attract.Date) int { return a.Time().Compare(b.Time()) })
	unit := int64(10_000 * 100) // 1万 in minor units
	total := int64(float64(pp.fdi.Amount)*frac) / unit * unit
	left := total
	for i, d := range dates {
		amt := left
		if i < n-1 {
			amt = int64(float64(total)*g.uniform(0.5, 1.5)/float64(n)) / unit * unit
			amt = min(amt, left)
		}
		if amt <= 0 {
			break
		}
		left -= amt
		d = g.workday(d)
		pp.inflows = append(pp.inflows, &planInflow{
			date: d, amount: attract.Money{Amount: amt, Currency: pp.fdi.Currency},
			logged: timeOn(d, 10*60+g.r.IntN(7*60)),
			note:   fmt.Sprintf("外方股东第 %d 期资本金到位（Capital contribution, tranche %d）", i+1, i+1),
		})
	}
}

// Next actions by stage, as the officer sets them after the latest contact.
var nextActions = map[attract.Stage]string{
	attract.StageLead:         "电话联系投资方，了解投资意向",
	attract.StageContacted:    "发送投资环境资料并邀请来肇考察",
	attract.StageNegotiating:  "组织供地方案和扶持政策洽谈",
	attract.StageSigned:       "协助办理企业设立登记",
	attract.StageRegistered:   "协调办理用地及报建手续",
	attract.StageConstruction: "跟进工程进度，协调水电接入",
	attract.StageOperating:    "企业服务走访，了解用工和融资需求",
	attract.StageOnHold:       "季度回访，了解投资方最新计划",
}

// planReview plans the last update of a live project: its next action,
// after everything else that happened to it.
func (g *generator) planReview(pp *planProject) {
	if pp.final == attract.StageLost {
		return
	}
	last := pp.created
	later := func(t time.Time) {
		if t.After(last) {
			last = t
		}
	}
	for _, m := range pp.moves {
		later(m.at)
	}
	for _, a := range pp.activities {
		later(a.logged)
	}
	for _, t := range pp.tasks {
		later(t.created)
		later(t.closeAt)
	}
	for _, in := range pp.inflows {
		later(in.logged)
	}
	at := last.Add(time.Duration(5+g.r.IntN(30)) * time.Minute)
	pp.review = &planMove{at: at, by: pp.owner, set: map[string]any{
		"next_action":     nextActions[pp.final],
		"next_action_due": attract.AgencyDate(at).AddDays(g.between(7, 40)),
	}}
}
