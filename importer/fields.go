package importer

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"attract"

	"golang.org/x/text/width"
)

// valueKind is how a field's cells are read.
type valueKind int

const (
	kindText       valueKind = iota
	kindName                 // name_zh or name_en, by the script of the value
	kindMoney                // an amount, in the column's unit
	kindDate                 // a date, or a part of one (Format year, month, day)
	kindDateTime             // a date with an optional time of day
	kindPercent              // a whole percentage
	kindInt                  // a whole number
	kindBool                 // yes or no
	kindCountry              // an ISO 3166 alpha-2 code from a name or code
	kindStage                // a project stage
	kindEnum                 // one of the domain's enumerations, named by the field
	kindSector               // an ISIC Rev.4 code
	kindTags                 // a list
	kindNotes                // appended to the notes, with the header as a label
	kindExternalID           // the record's id in the file's system
	kindUser                 // a user, by username or name
	kindUsers                // users, by username or name, in a list
	kindContacts             // contacts, by name or e-mail, in a list
	kindCompany              // a company, by USCC or name; created when missing
	kindUSCC                 // a unified social credit code
	kindProject              // a project, by code or external ID
	kindSponsors             // "Name (29% / Hong Kong, China), ..." (World Bank PPI)
	kindLocation             // an English or Chinese place name, resolved to a division
	kindLostReason           // why a project was lost
	kindUtilized             // a total of utilized foreign capital: becomes a ledger entry
)

// Field is a target of a column: one of the record's fields, or a value the
// importer turns into fields (investor, sponsors, location).
type Field struct {
	Name    string // as in the JSON API where it is one of the record's fields
	LabelEN string
	LabelZH string
	kind    valueKind
	// headers are header words that name this field, in both languages,
	// folded by headerKey; the longest found in a header wins.
	headers []string
	// many fields take several columns (notes), or a date in parts.
	many bool
	// exact fields are proposed only for a header that is one of theirs,
	// not one that holds it: 联系人 is the contacts, 联系人电话 is not.
	exact bool
}

// Label returns the field's name in lang.
func (f Field) Label(lang string) string {
	if lang == "zh" {
		return f.LabelZH
	}
	return f.LabelEN
}

// common fields of several kinds.
var (
	fExternalID = Field{Name: "external_id", LabelEN: "External ID", LabelZH: "外部编号", kind: kindExternalID,
		headers: []string{"外部编号", "外部id", "原编号", "原系统编号", "externalid", "id", "recordid", "编号id", "序号id"}}
	fNotes = Field{Name: "notes", LabelEN: "Notes", LabelZH: "备注", kind: kindNotes, many: true,
		headers: []string{"备注", "说明", "notes", "note", "remarks", "remark", "comments", "备注说明"}}
	fOwner = Field{Name: "owner", LabelEN: "Owner (username or name)", LabelZH: "负责人（用户名或姓名）", kind: kindUser,
		headers: []string{"负责人", "责任人", "招商专员", "经办人", "owner", "officer", "responsible"}}
	fName = Field{Name: "name", LabelEN: "Name (Chinese or English, by script)", LabelZH: "名称（按文字判断中文或英文）", kind: kindName,
		headers: []string{"名称", "name"}}
	fNameZH = Field{Name: "name_zh", LabelEN: "Chinese name", LabelZH: "中文名称", kind: kindText,
		headers: []string{"中文名称", "中文名", "namezh", "chinesename"}}
	fNameEN = Field{Name: "name_en", LabelEN: "English name", LabelZH: "英文名称", kind: kindText,
		headers: []string{"英文名称", "英文名", "nameen", "englishname"}}
)

func dateField(name, en, zh string, headers ...string) Field {
	return Field{Name: name, LabelEN: en, LabelZH: zh, kind: kindDate, headers: headers, many: true}
}

func moneyField(name, en, zh string, headers ...string) Field {
	return Field{Name: name, LabelEN: en, LabelZH: zh, kind: kindMoney, headers: headers}
}

var projectFields = []Field{
	fExternalID,
	{Name: "code", LabelEN: "Project code", LabelZH: "项目编号", kind: kindText, headers: []string{"项目编号", "项目代码", "projectcode", "code"}},
	withHeaders(fName, "项目名称", "项目", "projectname", "project"),
	withHeaders(fNameZH, "项目中文名称"),
	withHeaders(fNameEN, "项目英文名称", "英文项目名称"),
	{Name: "type", LabelEN: "Type", LabelZH: "项目类型", kind: kindEnum, headers: []string{"项目类型", "投资类型", "type", "projecttype", "类型"}},
	{Name: "investment_mode", LabelEN: "Investment mode", LabelZH: "投资方式", kind: kindEnum, headers: []string{"投资方式", "企业类型", "合作方式", "investmentmode", "mode"}},
	{Name: "source", LabelEN: "Lead source", LabelZH: "线索来源", kind: kindEnum, headers: []string{"线索来源", "项目来源", "来源渠道", "leadsource"}},
	{Name: "investor", LabelEN: "Investor (company name)", LabelZH: "投资方（企业名称）", kind: kindCompany, headers: []string{"投资方", "投资企业", "投资商", "客商", "投资主体", "investor", "investorcompany", "company"}},
	{Name: "investor_uscc", LabelEN: "Investor's USCC", LabelZH: "投资方统一社会信用代码", kind: kindUSCC, headers: []string{"统一社会信用代码", "信用代码", "uscc", "投资方统一社会信用代码"}},
	{Name: "enterprise", LabelEN: "Enterprise established here", LabelZH: "落地企业", kind: kindCompany, headers: []string{"落地企业", "注册企业", "项目公司", "enterprise", "projectcompany"}},
	{Name: "sponsors", LabelEN: "Sponsors with stakes (Name (29% / France), ...)", LabelZH: "投资方及股比（名称（29% / France），…）", kind: kindSponsors, headers: []string{"sponsors", "股东及股比", "投资方及股比"}},
	{Name: "source_economy", LabelEN: "Source economy", LabelZH: "来源地", kind: kindCountry, headers: []string{"来源地", "国别", "国别地区", "国家地区", "投资来源地", "sourceeconomy", "sourcecountry", "country", "economy", "origin"}},
	{Name: "ultimate_source_economy", LabelEN: "Ultimate source economy", LabelZH: "最终来源地", kind: kindCountry, headers: []string{"最终来源地", "最终投资来源地", "ultimatesourceeconomy", "ultimatesource"}},
	{Name: "sector", LabelEN: "Sector (ISIC code)", LabelZH: "行业（ISIC 代码）", kind: kindSector, headers: []string{"行业", "行业代码", "所属行业", "产业", "sector", "industry", "isic"}},
	{Name: "sector_gb", LabelEN: "Sector (GB/T 4754)", LabelZH: "国民经济行业代码", kind: kindText, headers: []string{"国民经济行业代码", "国标行业", "gbt4754", "sectorgb"}},
	{Name: "business_activity", LabelEN: "Business activity", LabelZH: "业务类型", kind: kindEnum, headers: []string{"业务类型", "业务活动", "businessactivity", "activity"}},
	{Name: "technology_level", LabelEN: "Technology level", LabelZH: "技术水平", kind: kindText, headers: []string{"技术水平", "technologylevel"}},
	{Name: "tags", LabelEN: "Tags", LabelZH: "标签", kind: kindTags, headers: []string{"标签", "tags", "关键词"}},
	moneyField("total_investment", "Total investment", "总投资", "总投资", "投资总额", "计划总投资", "项目总投资", "totalinvestment"),
	moneyField("registered_capital", "Registered capital", "注册资本", "注册资本", "注册资金", "registeredcapital"),
	moneyField("contracted_fdi", "Contracted foreign investment", "合同外资", "合同外资", "合同利用外资", "协议外资", "contractedfdi", "contractedforeigninvestment"),
	{Name: "utilized", LabelEN: "Utilized foreign capital (total to date)", LabelZH: "实际到资（累计）", kind: kindUtilized, headers: []string{"实际到资", "实际使用外资", "实际利用外资", "到资", "到位资金", "utilized", "utilizedfdi", "utilizedforeigncapital"}},
	dateField("utilized_date", "Date of the utilized total", "到资日期", "到资日期", "到位日期", "utilizeddate"),
	{Name: "foreign_share_pct", LabelEN: "Foreign share %", LabelZH: "外资占比", kind: kindPercent, headers: []string{"外资占比", "外资比例", "外方股比", "foreignshare", "foreignsharepct"}},
	{Name: "amounts_confirmed", LabelEN: "Amounts confirmed", LabelZH: "金额已确认", kind: kindBool, headers: []string{"金额已确认", "金额确认", "amountsconfirmed"}},
	{Name: "expected_jobs", LabelEN: "Expected jobs", LabelZH: "预计就业", kind: kindInt, headers: []string{"预计就业", "就业人数", "带动就业", "新增就业", "expectedjobs", "jobs"}},
	{Name: "jobs_confirmed", LabelEN: "Jobs confirmed", LabelZH: "就业已确认", kind: kindBool, headers: []string{"就业已确认", "jobsconfirmed"}},
	moneyField("expected_annual_output", "Expected annual output", "预计年产值", "预计年产值", "年产值", "达产产值", "expectedannualoutput", "annualoutput", "output"),
	moneyField("expected_annual_tax", "Expected annual tax", "预计年税收", "预计年税收", "年税收", "达产税收", "expectedannualtax", "annualtax", "tax"),
	{Name: "land_area_sqm", LabelEN: "Land area (m²)", LabelZH: "用地面积（平方米）", kind: kindInt, headers: []string{"用地面积", "用地", "占地面积", "landarea", "landareasqm"}},
	{Name: "energy_use_tce", LabelEN: "Energy use (tce a year)", LabelZH: "年综合能耗（吨标煤）", kind: kindInt, headers: []string{"能耗", "综合能耗", "年综合能耗", "energyuse", "energyusetce"}},
	{Name: "park", LabelEN: "Park", LabelZH: "园区", kind: kindText, headers: []string{"园区", "所在园区", "park"}},
	{Name: "site", LabelEN: "Site", LabelZH: "载体", kind: kindText, headers: []string{"载体", "地块", "项目地址", "选址", "site"}},
	{Name: "location", LabelEN: "Location (place name → site)", LabelZH: "所在地（地名 → 载体）", kind: kindLocation, headers: []string{"所在地", "地点", "location", "city", "城市"}},
	fOwner,
	{Name: "key_project", LabelEN: "Key project", LabelZH: "重点项目", kind: kindBool, headers: []string{"重点项目", "是否重点项目", "keyproject"}},
	{Name: "priority", LabelEN: "Priority", LabelZH: "优先级", kind: kindEnum, headers: []string{"优先级", "priority"}},
	{Name: "probability", LabelEN: "Probability %", LabelZH: "成功概率", kind: kindPercent, headers: []string{"成功概率", "概率", "probability"}},
	{Name: "next_action", LabelEN: "Next action", LabelZH: "下一步工作", kind: kindText, headers: []string{"下一步工作", "下一步", "nextaction", "nextstep"}},
	dateField("next_action_due", "Next action due", "下一步截止日期", "下一步截止日期", "nextactiondue"),
	{Name: "stage", LabelEN: "Stage", LabelZH: "阶段", kind: kindStage, headers: []string{"阶段", "项目阶段", "项目状态", "进展阶段", "状态", "stage", "status", "projectstatus"}},
	{Name: "lost_reason", LabelEN: "Reason lost", LabelZH: "流失原因", kind: kindLostReason, headers: []string{"流失原因", "lostreason"}},
	dateField("mou_planned", "MOU (planned)", "计划签订意向书", "计划签订意向书日期", "mouplanned"),
	dateField("mou_actual", "MOU signed", "意向书签订日期", "意向书签订日期", "签订意向书日期", "mou", "mouactual", "moudate"),
	dateField("contract_planned", "Contract (planned)", "计划签约日期", "计划签约日期", "计划签约", "contractplanned"),
	dateField("contract_actual", "Contract signed", "签约日期", "签约日期", "签约时间", "合同签订日期", "签约", "contractdate", "contractactual", "signed", "signingdate", "financialclosure"),
	dateField("licence_planned", "Licence (planned)", "计划取得许可日期", "licenceplanned"),
	dateField("licence_actual", "Licence obtained", "取得许可日期", "营业执照日期", "licenceactual", "licencedate"),
	dateField("land_planned", "Land (planned)", "计划供地日期", "landplanned"),
	dateField("land_actual", "Land obtained", "供地日期", "拿地日期", "landactual"),
	dateField("construction_planned", "Construction start (planned)", "计划开工日期", "计划开工日期", "计划开工", "constructionplanned"),
	dateField("construction_actual", "Construction started", "开工日期", "开工日期", "实际开工日期", "开工时间", "constructionactual", "constructionstart"),
	dateField("operation_planned", "Operation start (planned)", "计划投产日期", "计划投产日期", "计划投产", "operationplanned"),
	dateField("operation_actual", "Operation started", "投产日期", "投产日期", "实际投产日期", "投产时间", "operationactual", "operationstart"),
	fNotes,
}

var companyFields = []Field{
	fExternalID,
	withHeaders(fName, "企业名称", "公司名称", "单位名称", "企业", "公司", "companyname", "company"),
	withHeaders(fNameZH, "企业中文名称"),
	withHeaders(fNameEN, "企业英文名称"),
	{Name: "uscc", LabelEN: "USCC", LabelZH: "统一社会信用代码", kind: kindUSCC, headers: []string{"统一社会信用代码", "信用代码", "uscc", "socialcreditcode"}},
	{Name: "foreign_reg_no", LabelEN: "Foreign registration no.", LabelZH: "境外注册号", kind: kindText, headers: []string{"境外注册号", "注册号", "foreignregno", "registrationnumber"}},
	{Name: "country", LabelEN: "Country of registration", LabelZH: "注册地", kind: kindCountry, headers: []string{"注册地", "国别", "国家", "来源地", "country", "economy"}},
	{Name: "ultimate_parent", LabelEN: "Ultimate parent (company name)", LabelZH: "最终母公司", kind: kindCompany, headers: []string{"最终母公司", "母公司", "ultimateparent", "parent", "parentcompany"}},
	{Name: "sector", LabelEN: "Sector (ISIC code)", LabelZH: "行业（ISIC 代码）", kind: kindSector, headers: []string{"行业", "行业代码", "所属行业", "sector", "industry", "isic"}},
	{Name: "foreign_invested", LabelEN: "Foreign-invested", LabelZH: "外商投资企业", kind: kindBool, headers: []string{"外商投资企业", "是否外资", "外资企业", "foreigninvested", "fie"}},
	{Name: "investment_mode", LabelEN: "Investment mode", LabelZH: "投资方式", kind: kindEnum, headers: []string{"投资方式", "企业类型", "investmentmode"}},
	dateField("registration_date", "Registration date", "注册日期", "注册日期", "成立日期", "registrationdate", "established"),
	moneyField("registered_capital", "Registered capital", "注册资本", "注册资本", "注册资金", "registeredcapital"),
	{Name: "website", LabelEN: "Website", LabelZH: "网址", kind: kindText, headers: []string{"网址", "网站", "website", "url"}},
	fOwner,
	fNotes,
}

var contactFields = []Field{
	fExternalID,
	{Name: "company", LabelEN: "Company (name or USCC)", LabelZH: "所在企业（名称或信用代码）", kind: kindCompany, headers: []string{"企业名称", "公司名称", "所在企业", "单位", "企业", "公司", "company", "organisation", "organization"}},
	withHeaders(fName, "姓名", "联系人", "name", "contact"),
	withHeaders(fNameZH, "中文姓名"),
	withHeaders(fNameEN, "英文姓名", "英文名"),
	{Name: "title", LabelEN: "Title", LabelZH: "职务", kind: kindText, headers: []string{"职务", "职位", "title", "position", "jobtitle"}},
	{Name: "email", LabelEN: "E-mail", LabelZH: "电子邮件", kind: kindText, headers: []string{"电子邮件", "邮箱", "email", "e-mail", "mail"}},
	{Name: "phone", LabelEN: "Phone", LabelZH: "电话", kind: kindText, headers: []string{"电话", "手机", "联系电话", "手机号", "phone", "mobile", "tel", "telephone"}},
	{Name: "wechat", LabelEN: "WeChat", LabelZH: "微信", kind: kindText, headers: []string{"微信", "微信号", "wechat"}},
	{Name: "language", LabelEN: "Language", LabelZH: "语言", kind: kindEnum, headers: []string{"语言", "language"}},
	fOwner,
	fNotes,
}

var activityFields = []Field{
	fExternalID,
	{Name: "kind", LabelEN: "Kind", LabelZH: "类型", kind: kindEnum, headers: []string{"类型", "活动类型", "方式", "kind", "type"}},
	{Name: "subject", LabelEN: "Subject", LabelZH: "主题", kind: kindText, headers: []string{"主题", "事由", "标题", "内容摘要", "subject", "title"}},
	{Name: "occurred_at", LabelEN: "Date (and time)", LabelZH: "日期（时间）", kind: kindDateTime, headers: []string{"日期", "时间", "发生时间", "活动日期", "date", "when", "occurredat"}},
	{Name: "project", LabelEN: "Project (code or external ID)", LabelZH: "项目（编号或外部编号）", kind: kindProject, headers: []string{"项目编号", "项目", "projectcode", "project"}},
	{Name: "company", LabelEN: "Company (name or USCC)", LabelZH: "企业（名称或信用代码）", kind: kindCompany, headers: []string{"企业", "企业名称", "公司", "客商", "company"}},
	{Name: "user_ids", LabelEN: "Staff who took part (usernames or names)", LabelZH: "我方参与人员（用户名或姓名）", kind: kindUsers, exact: true,
		headers: []string{"参与人员", "我方人员", "我方参与人员", "陪同人员", "参加人员", "staff", "participants"}},
	{Name: "contact_ids", LabelEN: "Contacts who took part (names or e-mails)", LabelZH: "对方参与人员（姓名或邮箱）", kind: kindContacts, exact: true,
		headers: []string{"对接人", "联系人", "对方人员", "对方参与人员", "外方人员", "外方参与人员", "客商联系人", "contacts", "contact"}},
	fNotes,
}

var inflowFields = []Field{
	fExternalID,
	{Name: "project", LabelEN: "Project (code or external ID)", LabelZH: "项目（编号或外部编号）", kind: kindProject, headers: []string{"项目编号", "项目", "projectcode", "project"}},
	dateField("date", "Date", "到资日期", "到资日期", "日期", "date"),
	moneyField("amount", "Amount", "金额", "到资金额", "实际到资", "金额", "amount", "utilized"),
	{Name: "note", LabelEN: "Note", LabelZH: "说明", kind: kindNotes, many: true, headers: []string{"说明", "备注", "note", "notes"}},
}

func withHeaders(f Field, headers ...string) Field {
	f.headers = append(slices.Clone(f.headers), headers...)
	return f
}

// Fields returns the fields a column of a kind of import may map to.
func Fields(kind attract.ImportKind) []Field {
	switch kind {
	case attract.ImportCompanies:
		return companyFields
	case attract.ImportContacts:
		return contactFields
	case attract.ImportProjects:
		return projectFields
	case attract.ImportActivities:
		return activityFields
	case attract.ImportInflows:
		return inflowFields
	}
	return nil
}

// FieldByName returns a field of a kind.
func FieldByName(kind attract.ImportKind, name string) (Field, bool) {
	for _, f := range Fields(kind) {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// unitRE finds a unit in brackets at the end of a header: 总投资(万元),
// Total investment (US$ m), 金额【万美元】.
var unitRE = regexp.MustCompile(`^(.*?)\s*[(（\[【]\s*([^()（）\[\]【】]*?)\s*[)）\]】]\s*$`)

// SplitHeader separates a header's name from the unit in brackets at its end.
func SplitHeader(h string) (name, unit string) {
	h = strings.TrimSpace(h)
	if m := unitRE.FindStringSubmatch(h); m != nil {
		return m[1], m[2]
	}
	for _, sep := range []string{"/", "／", "：", ":"} { // 金额/万元, 金额：万元
		if name, unit, ok := strings.Cut(h, sep); ok {
			if _, err := ParseUnit(unit); err == nil && strings.TrimSpace(unit) != "" {
				return strings.TrimSpace(name), strings.TrimSpace(unit)
			}
		}
	}
	return h, ""
}

// headerKey folds a header for matching: no case, width, spaces or
// punctuation.
func headerKey(h string) string {
	var b strings.Builder
	for _, r := range width.Fold.String(strings.ToLower(h)) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '&' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// partOf reports whether a header word w names the field of a longer header
// key: Chinese words anywhere in it (项目总投资), English ones of six letters
// or more at its start or end (financialclosureyear), so that short English
// words do not match inside unrelated headers.
func partOf(key, w string) bool {
	if hasHan(w) {
		return utf8.RuneCountInString(w) >= 2 && strings.Contains(key, w)
	}
	return len(w) >= 6 && (strings.HasPrefix(key, w) || strings.HasSuffix(key, w))
}

// Detect proposes a mapping for a file of kind from its header: each column
// whose header names a field (in Chinese or English, exactly or as part of a
// longer header, the longest match winning) maps to it, with the unit of an
// amount taken from brackets in the header. Each field is taken once, by its
// first column, except notes, which gathers every column that names it. A
// header naming no field maps to "" (ignored).
func Detect(kind attract.ImportKind, header []string) attract.MappingFields {
	fields := Fields(kind)
	m := attract.MappingFields{Kind: kind, Columns: make([]attract.MappingColumn, 0, len(header))}
	taken := map[string]bool{}
	for _, h := range header {
		col := attract.MappingColumn{Column: h}
		name, unit := SplitHeader(h)
		key := headerKey(name)
		best, bestLen, exact := -1, 0, false
		for i, f := range fields {
			if taken[f.Name] && !f.many {
				continue
			}
			for _, w := range f.headers {
				switch {
				case key == w && !exact:
					best, bestLen, exact = i, len(w), true
				case !exact && !f.exact && len(w) > bestLen && partOf(key, w):
					best, bestLen = i, len(w)
				}
			}
		}
		if best >= 0 && key != "" {
			f := fields[best]
			col.Field = f.Name
			taken[f.Name] = true
			if f.kind == kindMoney || f.kind == kindUtilized {
				col.Unit = unit
			}
			if f.kind == kindDate {
				switch {
				case strings.Contains(key, "年份") || strings.HasSuffix(key, "year"):
					col.Format = "year"
				case strings.Contains(key, "月份") || strings.HasSuffix(key, "month"):
					col.Format = "month"
				}
			}
		}
		m.Columns = append(m.Columns, col)
	}
	return m
}
