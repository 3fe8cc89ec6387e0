package demo

import "attract"

// The projects the seed article names (Xijiang Daily, "Introduce
// high-quality foreign investment projects! This work in Zhaoqing bears
// fruit", 19 October 2023), and a Macao traditional-Chinese-medicine project
// for the cooperation the article describes. Their names and places are the
// article's; their investors, people and figures are invented. Dates are
// days before Options.Today, so the story reads the same whatever the date.

// namedContact is a person at a named project's investor.
type namedContact struct {
	name, title            pair
	email, phone, language string
}

// namedCompany is a named project's investor or its parent.
type namedCompany struct {
	name     pair
	econ     int
	website  string
	contacts []namedContact
}

// namedStep is a move of a named project, days before Today.
type namedStep struct {
	to   attract.Stage
	days int
}

// namedVisit is an inspection group's visit, days before Today.
type namedVisit struct {
	days           int
	subject, notes string
}

// namedSpec is one named project.
type namedSpec struct {
	name                 pair
	econ, ult            int
	ind                  *industry
	park                 int
	place, site          string
	created              int // days before Today
	steps                []namedStep
	totalWan             int64
	currency             string // of the contracted foreign investment
	mode                 attract.InvestmentMode
	owner                string
	source               string
	investor             namedCompany
	parent               *namedCompany
	brand, word, product pair
	tags                 []string
	notes                string
	visit                *namedVisit
}

// Sectors of the named projects that the generated pipeline does not use.
var (
	// An industrial park developed and run by its investor is real-estate
	// activity in ISIC (6810), whatever the tenants make.
	parkDevelopment = industry{isic: "6810", activity: "services", jobs: 15, land: true,
		tags: []string{"智慧园区"}}
	// 电动车 here are two-wheelers, which ISIC puts with motorcycles (3091),
	// not with cars (2910).
	twoWheelers = industry{isic: "3091", activity: "manufacturing", tech: "medium_high", jobs: 50, land: true,
		tags: []string{"新能源汽车", "电动两轮车"}}
)

// industryByISIC returns the pipeline's industry of the class.
func industryByISIC(isic string) *industry {
	for i := range industries {
		if industries[i].isic == isic {
			return &industries[i]
		}
	}
	panic("demo: no industry " + isic)
}

var namedSpecs = []namedSpec{
	{
		name: pair{"肇庆新区西银智慧产业园", "Xiyin Smart Industrial Park, Zhaoqing New District"},
		econ: econHK, ult: econHK, ind: &parkDevelopment, park: parkNewDistrict,
		place: "长利湖片区", site: "肇庆新区长利湖片区 XY-01 地块",
		created: 1010, steps: []namedStep{{attract.StageContacted, 990}, {attract.StageNegotiating, 930},
			{attract.StageSigned, 780}, {attract.StageRegistered, 730}, {attract.StageConstruction, 540}},
		totalWan: 300000, currency: "USD", mode: attract.ModeWFOE, owner: "chen.jie", source: "delegation",
		investor: namedCompany{name: pair{"西银产业投资（香港）有限公司", "Xiyin Industrial Investment (Hong Kong) Limited"},
			econ: econHK, website: "https://www.xiyin-park.example",
			contacts: []namedContact{
				{pair{"陈志豪", "Chan Chi-ho"}, pair{"董事长", "Chairman"}, "chiho.chan@xiyin-park.example", "+852 9123 4501", "zh"},
				{pair{"李慧敏", "Vivian Lee"}, pair{"投资总监", "Investment Director"}, "vivian.lee@xiyin-park.example", "+852 6123 4502", "zh"},
			}},
		brand: pair{"西银", "Xiyin"}, word: pair{"智慧产业园", "Smart Industrial Park"}, product: pair{"智慧产业园", "Smart Industrial Park"},
		tags:  []string{"港资", "智慧园区", "粤港澳合作"},
		notes: "肇庆新区重点招商项目：建设智慧产业园区，引进港澳先进制造和科技企业，配套研发、孵化和人才公寓。",
		visit: &namedVisit{200, "香港工商界人士肇庆考察团到访肇庆新区",
			"考察团一行约 30 人参观西银智慧产业园建设现场和肇庆新区规划展览馆。港商表示肇庆变化翻天覆地，关注“新型工业化”政策，以及高铁 60 分钟通达大湾区主要城市、最快 90 分钟抵达香港的交通优势。"},
	},
	{
		name: pair{"维杰尼科技项目", "Virginie Technology Project"},
		econ: econFR, ult: econFR, ind: industryByISIC("2610"), park: parkHiTech,
		place: "大旺片区", site: "大旺片区 27 号地块",
		created: 1070, steps: []namedStep{{attract.StageContacted, 1050}, {attract.StageNegotiating, 1000},
			{attract.StageSigned, 910}, {attract.StageRegistered, 870}, {attract.StageConstruction, 790}, {attract.StageOperating, 330}},
		totalWan: 80000, currency: "EUR", mode: attract.ModeWFOE, owner: "wang.lei", source: "event",
		investor: namedCompany{name: pair{"法国维杰尼科技公司", "Virginie Technologies SAS"}, econ: econFR,
			website: "https://www.virginie-tech.example",
			contacts: []namedContact{
				{pair{"克莱尔·杜波依斯", "Claire Dubois"}, pair{"总裁", "President"}, "claire.dubois@virginie-tech.example", "+33 1 99 00 41 27", "fr"},
				{pair{"王静", "Wang Jing"}, pair{"中国区总经理", "General Manager, China"}, "jing.wang@virginie-tech.example", "+86 138 2600 4127", "zh"},
			}},
		brand: pair{"维杰尼", "Virginie"}, word: pair{"科技", "Technology"}, product: pair{"电子元器件", "Electronic Components"},
		tags:  []string{"外资", "电子信息", "先进制造"},
		notes: "法资电子元器件项目，主要生产汽车和工业用传感器及电子元器件，已建成投产。",
	},
	{
		name: pair{"德国佩奇汽车内外饰件项目", "German Paige Automotive Interior and Exterior Trim Project"},
		econ: econDE, ult: econDE, ind: industryByISIC("2930"), park: parkHiTech,
		place: "迎宾大道片区", site: "迎宾大道片区 12 号地块",
		created: 780, steps: []namedStep{{attract.StageContacted, 765}, {attract.StageNegotiating, 700},
			{attract.StageSigned, 560}, {attract.StageRegistered, 520}, {attract.StageConstruction, 330}},
		totalWan: 60000, currency: "EUR", mode: attract.ModeWFOE, owner: "zhang.min", source: "referral",
		investor: namedCompany{name: pair{"德国佩奇汽车饰件有限公司", "Paige Automotive Trim GmbH"}, econ: econDE,
			website: "https://www.paige-auto.example",
			contacts: []namedContact{
				{pair{"托马斯·贝克尔", "Thomas Becker"}, pair{"董事总经理", "Managing Director"}, "thomas.becker@paige-auto.example", "+49 151 4471203", "de"},
				{pair{"李文涛", "Li Wentao"}, pair{"中国区总经理", "General Manager, China"}, "wentao.li@paige-auto.example", "+86 139 2260 7815", "zh"},
			}},
		brand: pair{"佩奇", "Paige"}, word: pair{"汽车饰件", "Automotive Trim"}, product: pair{"汽车内外饰件", "Automotive Interior and Exterior Trim"},
		tags:  []string{"外资", "汽车零部件", "新能源汽车"},
		notes: "德资汽车内外饰件项目，为大湾区新能源整车企业配套仪表板、门板和保险杠等内外饰件。",
	},
	{
		name: pair{"泰铃电动车产销一体化产业园", "Tailing Electric Vehicle Production and Sales Integrated Industrial Park"},
		econ: econHK, ult: econCN, ind: &twoWheelers, park: parkCluster,
		place: "富溪片区", site: "富溪片区 8 号地块",
		created: 430, steps: []namedStep{{attract.StageContacted, 420}, {attract.StageNegotiating, 370}, {attract.StageSigned, 80}},
		totalWan: 200000, currency: "USD", mode: attract.ModeWFOE, owner: "zhou.jianguo", source: "referral",
		investor: namedCompany{name: pair{"泰铃（香港）国际控股有限公司", "Tailing (Hong Kong) International Holdings Limited"}, econ: econHK,
			website: "https://www.tailing-ev.example",
			contacts: []namedContact{
				{pair{"张建华", "Zhang Jianhua"}, pair{"总经理", "General Manager"}, "jianhua.zhang@tailing-ev.example", "+86 135 1880 2346", "zh"},
				{pair{"刘海燕", "Liu Haiyan"}, pair{"投资总监", "Investment Director"}, "haiyan.liu@tailing-ev.example", "+86 137 2419 0583", "zh"},
			}},
		parent: &namedCompany{name: pair{"深圳市泰铃电动车科技集团有限公司", "Shenzhen Tailing Electric Vehicle Technology Group Co., Ltd."}, econ: econCN,
			website: "https://www.tailing-ev.example"},
		brand: pair{"泰铃", "Tailing"}, word: pair{"电动车", "Electric Vehicle"}, product: pair{"电动车", "Electric Vehicles"},
		tags:  []string{"港资", "新能源汽车", "电动两轮车", "产销一体化"},
		notes: "落户广东（肇庆）大型产业集聚区，建设电动车整车生产、零部件配套和销售结算一体化产业园。",
	},
	{
		name: pair{"澳门中医药产业链合作项目", "Macao Traditional Chinese Medicine Industry Chain Cooperation Project"},
		econ: econMO, ult: econMO, ind: industryByISIC("2100"), park: parkNewDistrict,
		place: "砚阳湖片区", site: "",
		created: 320, steps: []namedStep{{attract.StageContacted, 300}, {attract.StageNegotiating, 210}},
		totalWan: 60000, currency: "HKD", mode: attract.ModeEJV, owner: "li.jiaxin", source: "delegation",
		investor: namedCompany{name: pair{"澳门濠江中医药科技有限公司", "Hou Kong Chinese Medicine Technology (Macau) Limited"}, econ: econMO,
			website: "https://www.houkong-tcm.example",
			contacts: []namedContact{
				{pair{"梁国华", "Leong Kuok Wa"}, pair{"董事长", "Chairman"}, "kuokwa.leong@houkong-tcm.example", "+853 6612 3408", "zh"},
				{pair{"何嘉怡", "Ho Ka I"}, pair{"项目经理", "Project Manager"}, "kai.ho@houkong-tcm.example", "+853 6687 1129", "zh"},
			}},
		brand: pair{"濠江", "Hou Kong"}, word: pair{"中医药", "Chinese Medicine"}, product: pair{"中医药", "Traditional Chinese Medicine"},
		tags:  []string{"澳资", "中医药", "粤港澳合作"},
		notes: "对接澳门中医药产业，构建“种植—仓储—交易—加工—科研—成果转化”中医药产业链，依托肇庆新区粤港澳特色合作区建设。",
		visit: &namedVisit{215, "澳门中医药产业考察团到访肇庆",
			"考察团参观肇庆新区粤港澳特色合作区和怀集南药种植基地，双方讨论“种植—仓储—交易—加工—科研—成果转化”中医药产业链合作，以及澳门青年来肇创新创业。"},
	},
}

// planNamed plans a named project on its fixed path, with the same
// activities, tasks and ledger the generated ones get.
func (g *generator) planNamed(spec namedSpec) {
	today := g.opt.Today
	pp := &planProject{
		final: spec.steps[len(spec.steps)-1].to, econ: spec.econ, ult: spec.ult, ind: spec.ind,
		park: spec.park, place: spec.place, brand: spec.brand, word: spec.word, product: spec.product,
		owner: g.staffNamed(spec.owner), key: true, named: true, domestic: spec.mode == attract.ModeDomestic,
	}
	pp.reach = pp.final
	pp.created = g.workTime(today.AddDays(-spec.created))
	prev := pp.created
	for _, s := range spec.steps {
		t := g.after(g.workTime(today.AddDays(-s.days)), prev)
		pp.moves = append(pp.moves, &planMove{to: s.to, at: t})
		prev = t
	}
	pp.end = g.lastTime
	pp.investor = g.namedCompany(spec.investor)
	pp.investor.fields.Sector = spec.ind.isic
	if spec.parent != nil {
		pp.investor.parent = g.namedCompany(*spec.parent)
	}
	g.setAmounts(pp, spec.mode, spec.totalWan, spec.currency)
	g.planFields(pp, attract.TypeGreenfield, spec.mode, spec.source)
	pp.fields.NameZH, pp.fields.NameEN = spec.name.zh, spec.name.en
	g.namesTaken["project:"+spec.name.zh] = true
	pp.fields.Tags, pp.fields.Notes = spec.tags, spec.notes
	pp.fields.KeyProject, pp.fields.Priority = true, "high"
	pp.fields.Park = g.parks[spec.park].name
	if spec.site != "" {
		pp.site = spec.site
	}
	g.planMoves(pp)
	g.planActivities(pp)
	if v := spec.visit; v != nil {
		d := g.workday(today.AddDays(-v.days))
		a := &planActivity{
			occurred: timeOn(d, 9*60+30), logged: timeOn(d, 17*60+30),
			kind: attract.ActivityDelegation, subject: v.subject, notes: v.notes,
			by: pp.owner, users: []*staff{pp.owner, g.directors[0]}, company: pp.investor,
		}
		for i := range pp.investor.contacts {
			a.contacts = append(a.contacts, i)
		}
		pp.activities = append(pp.activities, a)
	}
	g.planTasks(pp)
	g.planInflows(pp)
	g.planReview(pp)
	g.projects = append(g.projects, pp)
}

// namedCompany plans a named project's investor or parent.
func (g *generator) namedCompany(nc namedCompany) *planCompany {
	f := attract.CompanyFields{NameZH: nc.name.zh, NameEN: nc.name.en, Country: economies[nc.econ].code, Website: nc.website}
	if nc.econ == econCN {
		f.USCC = g.uscc("440300")
	} else {
		f.ForeignRegNo = g.registrationNumber(economies[nc.econ].regNo)
	}
	g.namesTaken[nc.name.zh] = true
	pc := &planCompany{fields: f}
	for _, c := range nc.contacts {
		pc.contacts = append(pc.contacts, attract.ContactFields{
			NameZH: c.name.zh, NameEN: c.name.en, Title: c.title.zh + " / " + c.title.en,
			Email: c.email, Phone: c.phone, Language: c.language,
		})
	}
	return pc
}
