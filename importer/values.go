package importer

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"attract"

	"golang.org/x/text/width"
)

// The value parsers read cells as people write them in Chinese and English
// spreadsheets. Each returns an EINVALID *attract.Error in both languages
// that quotes the cell, so that the rejection report tells the user what to
// fix.

// emptyMarkers are what spreadsheets write for "no value". A cell holding one
// is empty: the field is left alone.
var emptyMarkers = map[string]bool{
	"": true, "-": true, "--": true, "—": true, "——": true, "/": true, "n/a": true, "na": true, "#n/a": true,
	"null": true, "none": true, "..": true, "not available": true, "not applicable": true,
	"无": true, "暂无": true, "不详": true, "空": true,
}

// IsEmpty reports whether a cell holds no value.
func IsEmpty(s string) bool {
	return emptyMarkers[strings.ToLower(strings.TrimSpace(width.Fold.String(s)))]
}

// clean folds full-width forms to ASCII, turns every kind of space into a
// plain one and trims.
func clean(s string) string {
	s = width.Fold.String(s)
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '\u3000' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func invalid(en, zh string, args ...any) error {
	return attract.Errorf(attract.EINVALID, en, zh, args...)
}

// moneyExponents are the multiplier words ParseMoney reads, by power of ten,
// used to put a column's unit after a bare number.
var moneyExponents = map[int]string{3: "千", 4: "万", 6: "百万", 7: "千万", 8: "亿", 9: "billion", 12: "万亿"}

// Unit is a column's unit of amounts, read from its header: "万元" is 10^4
// CNY, "US$ million" 10^6 USD, "美元" USD with no multiplier.
type Unit struct {
	Exp      int    // power of ten a bare number is multiplied by
	Currency string // ISO 4217, or "" when the unit names none
}

// ParseUnit reads a unit such as 万元, 亿元, 万美元, 百万美元, US$ million,
// USD m, "US$ millions" or EUR.
func ParseUnit(u string) (Unit, error) {
	s := strings.Trim(clean(u), "()[]（）【】 ")
	if s == "" {
		return Unit{}, nil
	}
	words := strings.Fields(s)
	for i, w := range words {
		if lw := strings.ToLower(w); len(lw) > 3 && strings.HasSuffix(lw, "s") && strings.Contains("millions billions thousands", lw) {
			words[i] = w[:len(w)-1]
		}
	}
	reversed := make([]string, len(words))
	for i, w := range words {
		reversed[len(words)-1-i] = w
	}
	// "US$ million" reads as "1 million US$"; "万美元" as "1万美元".
	for _, cand := range []string{strings.Join(words, " "), strings.Join(reversed, " ")} {
		for _, sep := range []string{"", " "} {
			m, err := attract.ParseMoney("1"+sep+cand, "CNY")
			if err != nil {
				continue
			}
			cur, _ := attract.CurrencyByCode(m.Currency)
			exp := int(math.Round(math.Log10(float64(m.Amount)))) - cur.MinorUnit
			if math.Pow10(exp+cur.MinorUnit) != float64(m.Amount) {
				continue
			}
			if _, ok := moneyExponents[exp]; !ok && exp != 0 {
				continue
			}
			currency := m.Currency
			if _, err := attract.ParseMoney("1"+sep+cand, ""); err != nil {
				currency = "" // the unit is a multiplier alone: 万
			}
			return Unit{Exp: exp, Currency: currency}, nil
		}
	}
	return Unit{}, invalid("%q is not a unit of amounts such as 万元, 亿元, 万美元 or US$ million",
		"“%s”不是金额单位（如万元、亿元、万美元或 US$ million）", u)
}

// numberRE finds the number in an amount.
var numberRE = regexp.MustCompile(`[0-9][0-9,]*(?:\.[0-9]+)?|\.[0-9]+`)

// ParseAmount reads an amount as ParseMoney does ("3,500万元", "1.2亿",
// "$1,740", "US$ 12.5 million"), in a column whose header gave unit: a bare
// number is multiplied by the unit and takes its currency (3500 in a 万元
// column is 35,000,000 CNY). A cell's own multiplier or currency wins over
// the unit's. An amount that names no currency anywhere is in defaultCurrency.
func ParseAmount(s string, unit Unit, defaultCurrency string) (attract.Money, error) {
	c := clean(s)
	if IsEmpty(c) {
		return attract.Money{}, invalid("the amount is empty", "金额为空")
	}
	cur := defaultCurrency
	if unit.Currency != "" {
		cur = unit.Currency
	}
	if unit.Exp != 0 {
		loc := numberRE.FindStringIndex(c)
		if loc != nil && !hasMultiplier(c[loc[1]:]) {
			c = c[:loc[1]] + moneyExponents[unit.Exp] + c[loc[1]:]
		}
	}
	m, err := attract.ParseMoney(c, cur)
	if err != nil {
		return attract.Money{}, err
	}
	if err := m.Validate(); err != nil {
		return attract.Money{}, invalid("%q is too large an amount", "“%s”金额过大", s)
	}
	return m, nil
}

// hasMultiplier reports whether the text after an amount's number starts
// with a multiplier (万, million, m...) rather than a currency or nothing.
func hasMultiplier(after string) bool {
	after = strings.TrimSpace(after)
	if after == "" {
		return false
	}
	m, err := attract.ParseMoney("1"+after, "CNY")
	if err != nil {
		return false
	}
	cur, _ := attract.CurrencyByCode(m.Currency)
	return m.Amount != int64(math.Pow10(cur.MinorUnit))
}

// earliest and latest bound the years a date may have, as the store does: a
// year outside is a typing slip.
const earliest, latest = 1900, 2200

var monthNames = map[string]time.Month{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
	"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
	"september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

var (
	ymdRE      = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?|月)?$`)
	dmyRE      = regexp.MustCompile(`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$`)
	compactRE  = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
	monthYRE   = regexp.MustCompile(`^(?:(\d{1,2})\s+)?([A-Za-z]+)\.?\s*(?:(\d{1,2})\s*,?\s+)?(\d{4})$`)
	yearOnlyRE = regexp.MustCompile(`^(\d{4})\s*年?$`)
	serialRE   = regexp.MustCompile(`^\d{1,7}(?:\.\d+)?$`)
	timeTailRE = regexp.MustCompile(`^(.*?\d)(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)$`)
)

// excelEpoch is day zero of Excel's serial dates (1900 system, with Excel's
// leap-year bug absorbed by starting on 30 December 1899).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// ParseDate reads a date as people write it: 2023-10-19, 2023/10/19,
// 2023.10.19, 2023年10月19日, 20231019, 19/10/2023 (day first when it cannot
// be a month), Oct 2023 and October 2023 (the first of the month), 2023年10月,
// 2023-10, a year alone (1 January), and Excel serial numbers (45218). A
// time of day after the date is ignored.
func ParseDate(s string) (attract.Date, error) {
	c := clean(s)
	if m := timeTailRE.FindStringSubmatch(c); m != nil && strings.ContainsAny(c, ":") {
		c = strings.TrimSpace(m[1])
	}
	d, err := parseDate(c)
	if err != nil {
		return attract.Date{}, err
	}
	if d.Year < earliest || d.Year > latest {
		return attract.Date{}, invalid("%q: the year %d is out of range (%d to %d)", "“%s”：年份 %d 超出范围（%d 至 %d）", s, d.Year, earliest, latest)
	}
	return d, nil
}

func dateErr(s string) error {
	return invalid("%q is not a date; write it like 2023-10-19, 2023年10月19日 or Oct 2023",
		"“%s”不是日期；请写成 2023-10-19、2023年10月19日 或 Oct 2023 这样的形式", s)
}

func makeDate(input string, y, m, d int) (attract.Date, error) {
	if m < 1 || m > 12 || d < 1 || d > 31 {
		return attract.Date{}, dateErr(input)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return attract.Date{}, invalid("%q is not a day of the calendar", "“%s”不是日历上的日期", input)
	}
	return attract.DateOf(t), nil
}

func parseDate(c string) (attract.Date, error) {
	if c == "" {
		return attract.Date{}, invalid("the date is empty", "日期为空")
	}
	atoi := func(s string) int { n, _ := strconv.Atoi(s); return n }
	if m := ymdRE.FindStringSubmatch(c); m != nil {
		day := 1
		if m[3] != "" {
			day = atoi(m[3])
		}
		return makeDate(c, atoi(m[1]), atoi(m[2]), day)
	}
	if m := compactRE.FindStringSubmatch(c); m != nil {
		return makeDate(c, atoi(m[1]), atoi(m[2]), atoi(m[3]))
	}
	if m := dmyRE.FindStringSubmatch(c); m != nil {
		a, b, y := atoi(m[1]), atoi(m[2]), atoi(m[3])
		switch {
		case a > 12:
			return makeDate(c, y, b, a)
		case b > 12:
			return makeDate(c, y, a, b)
		case a == b:
			return makeDate(c, y, a, b)
		}
		return attract.Date{}, invalid("%q is ambiguous: day/month or month/day? Write it as YYYY-MM-DD",
			"“%s”有歧义：是日/月还是月/日？请写成 YYYY-MM-DD", c)
	}
	if m := monthYRE.FindStringSubmatch(c); m != nil {
		mon, ok := monthNames[strings.ToLower(m[2])]
		if !ok {
			return attract.Date{}, dateErr(c)
		}
		day := 1
		if m[1] != "" && m[3] != "" {
			return attract.Date{}, dateErr(c)
		} else if m[1] != "" {
			day = atoi(m[1])
		} else if m[3] != "" {
			day = atoi(m[3])
		}
		return makeDate(c, atoi(m[4]), int(mon), day)
	}
	if m := yearOnlyRE.FindStringSubmatch(c); m != nil {
		return makeDate(c, atoi(m[1]), 1, 1)
	}
	if serialRE.MatchString(c) {
		f, err := strconv.ParseFloat(c, 64)
		if err != nil || f < 1 || f > 2958465 {
			return attract.Date{}, dateErr(c)
		}
		return attract.DateOf(excelEpoch.AddDate(0, 0, int(f))), nil
	}
	return attract.Date{}, dateErr(c)
}

// ParseDateTime reads a date with an optional time of day ("2023-10-19
// 14:30", "2023/10/19 9:05:00", an Excel serial with a fraction); without a
// zone it is China Standard Time, and without a time midnight.
func ParseDateTime(s string) (time.Time, error) {
	c := clean(s)
	if serialRE.MatchString(c) && strings.Contains(c, ".") {
		f, err := strconv.ParseFloat(c, 64)
		if err == nil && f >= 1 && f <= 2958465 {
			days := math.Floor(f)
			secs := math.Round((f - days) * 86400)
			d := attract.DateOf(excelEpoch.AddDate(0, 0, int(days)))
			if d.Year >= earliest && d.Year <= latest {
				return time.Date(d.Year, d.Month, d.Day, 0, 0, int(secs), 0, attract.AgencyZone), nil
			}
		}
	}
	var hh, mm, ss int
	zone := attract.AgencyZone
	if m := timeTailRE.FindStringSubmatch(c); m != nil && strings.Contains(c, ":") {
		c = strings.TrimSpace(m[1])
		hh, _ = strconv.Atoi(m[2])
		mm, _ = strconv.Atoi(m[3])
		ss, _ = strconv.Atoi(m[4])
		if hh > 23 || mm > 59 || ss > 59 {
			return time.Time{}, invalid("%q has an impossible time of day", "“%s”的时刻不正确", s)
		}
		switch z := strings.ReplaceAll(m[5], ":", ""); {
		case z == "Z":
			zone = time.UTC
		case z != "":
			h, _ := strconv.Atoi(z[1:3])
			mi, _ := strconv.Atoi(z[3:5])
			off := (h*60 + mi) * 60
			if z[0] == '-' {
				off = -off
			}
			zone = time.FixedZone("", off)
		}
	}
	d, err := ParseDate(c)
	if err != nil {
		return time.Time{}, err
	}
	return time.Date(d.Year, d.Month, d.Day, hh, mm, ss, 0, zone), nil
}

// ParseYear reads a year (2023, 2023年, or a date whose year is taken).
func ParseYear(s string) (int, error) {
	c := strings.TrimSuffix(clean(s), "年")
	if n, err := strconv.Atoi(strings.TrimSpace(c)); err == nil {
		if n < earliest || n > latest {
			return 0, invalid("%q: the year is out of range (%d to %d)", "“%s”：年份超出范围（%d 至 %d）", s, earliest, latest)
		}
		return n, nil
	}
	return 0, invalid("%q is not a year", "“%s”不是年份", s)
}

// ParseMonth reads a month: 10, 10月, Oct, October, 十月.
func ParseMonth(s string) (time.Month, error) {
	c := strings.ToLower(strings.TrimSuffix(strings.TrimSuffix(clean(s), "."), "月"))
	if m, ok := monthNames[c]; ok {
		return m, nil
	}
	if m, ok := zhMonths[c]; ok {
		return m, nil
	}
	if n, err := strconv.Atoi(c); err == nil && n >= 1 && n <= 12 {
		return time.Month(n), nil
	}
	return 0, invalid("%q is not a month (1 to 12, or its name)", "“%s”不是月份（1 至 12 或月份名称）", s)
}

var zhMonths = map[string]time.Month{
	"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12,
}

// ParseDay reads a day of the month.
func ParseDay(s string) (int, error) {
	c := strings.TrimSuffix(strings.TrimSuffix(clean(s), "日"), "号")
	if n, err := strconv.Atoi(c); err == nil && n >= 1 && n <= 31 {
		return n, nil
	}
	return 0, invalid("%q is not a day of the month (1 to 31)", "“%s”不是日（1 至 31）", s)
}

// ParsePercent reads a share in whole percent: "45%", "45", and "0.45" (a
// fraction, since a share of 0.45% is not what anyone writes so). Halves
// round up.
func ParsePercent(s string) (int64, error) {
	c := strings.ReplaceAll(clean(s), " ", "")
	pct := strings.HasSuffix(c, "%")
	c = strings.TrimSuffix(c, "%")
	f, err := strconv.ParseFloat(c, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || strings.ContainsAny(c, "eExXpP_") {
		return 0, invalid("%q is not a percentage; write it like 45%% or 0.45", "“%s”不是百分比；请写成 45%% 或 0.45", s)
	}
	if !pct && strings.Contains(c, ".") && f <= 1 {
		f *= 100
	}
	if f < 0 || f > 100 {
		return 0, invalid("%q is not between 0%% and 100%%", "“%s”不在 0%% 与 100%% 之间", s)
	}
	return int64(math.Floor(f + 0.5)), nil
}

// worldBankEconomies are the World Bank's names of economies (as its data
// sets write them) that the ISO names do not cover.
var worldBankEconomies = map[string]string{
	"korea, rep.": "KR", "korea, dem. people's rep.": "KP", "korea, dem. rep.": "KP", "egypt, arab rep.": "EG",
	"iran, islamic rep.": "IR", "venezuela, rb": "VE", "yemen, rep.": "YE", "lao pdr": "LA",
	"macao sar, china": "MO", "taiwan, china": "TW", "congo, dem. rep.": "CD", "congo, rep.": "CG",
	"gambia, the": "GM", "bahamas, the": "BS", "micronesia, fed. sts.": "FM", "slovak republic": "SK",
	"kyrgyz republic": "KG", "russian federation": "RU", "syrian arab republic": "SY", "turkiye": "TR",
	"st. lucia": "LC", "st. kitts and nevis": "KN", "st. vincent and the grenadines": "VC", "hong kong": "HK",
	"中国": "CN", "中国大陆": "CN", "内地": "CN", "新加坡": "SG", "日本": "JP", "德国": "DE", "法国": "FR", "美国": "US",
}

// ParseCountry reads a country or economy by ISO code, or by its name in
// English or Chinese ("Hong Kong, China", "香港", "HK", "Korea, Rep.").
func ParseCountry(s string) (attract.Country, error) {
	c := clean(s)
	if code, ok := worldBankEconomies[strings.ToLower(c)]; ok {
		if country, ok := attract.CountryByCode(code); ok {
			return country, nil
		}
	}
	if country, ok := attract.LookupCountry(c); ok {
		return country, nil
	}
	return attract.Country{}, invalid("%q is not a known country or economy; write its name or ISO code (HK, DE)",
		"“%s”不是已知的国家或地区；请写名称或 ISO 代码（如 HK、DE）", s)
}

// stageWords are the other ways spreadsheets name the stages.
var stageWords = map[string]attract.Stage{
	"潜在": attract.StageLead, "储备": attract.StageLead, "接洽": attract.StageContacted, "初步接触": attract.StageContacted,
	"洽谈": attract.StageNegotiating, "洽谈中": attract.StageNegotiating, "在谈中": attract.StageNegotiating, "谈判": attract.StageNegotiating,
	"negotiation": attract.StageNegotiating, "in negotiation": attract.StageNegotiating, "已签约": attract.StageSigned,
	"已注册": attract.StageRegistered, "落地": attract.StageRegistered, "在建": attract.StageConstruction, "建设中": attract.StageConstruction,
	"动工": attract.StageConstruction, "under construction": attract.StageConstruction, "已投产": attract.StageOperating,
	"运营": attract.StageOperating, "运营中": attract.StageOperating, "operational": attract.StageOperating,
	"in operation": attract.StageOperating, "暂停": attract.StageOnHold, "搁置": attract.StageOnHold, "on-hold": attract.StageOnHold,
	"paused": attract.StageOnHold, "终止": attract.StageLost, "取消": attract.StageLost, "已取消": attract.StageLost,
	"cancelled": attract.StageLost, "canceled": attract.StageLost, "dropped": attract.StageLost,
}

// ParseStage reads a stage by its code (signed), its English or Chinese
// label (Signed, 签约) or a common synonym (已签约, 在建, Operational).
func ParseStage(s string) (attract.Stage, error) {
	c := strings.ToLower(clean(s))
	for _, st := range attract.Stages {
		if c == string(st) || c == strings.ToLower(st.Label("en")) || c == st.Label("zh") || c == strings.ReplaceAll(string(st), "_", " ") {
			return st, nil
		}
	}
	if st, ok := stageWords[c]; ok {
		return st, nil
	}
	names := make([]string, len(attract.Stages))
	for i, st := range attract.Stages {
		names[i] = st.Label("en") + " " + st.Label("zh")
	}
	return "", invalid("%q is not a stage; use one of %s", "“%s”不是项目阶段；请使用：%s", s, strings.Join(names, ", "))
}

// ParseBool reads yes and no: 是/否, Y/N, yes/no, true/false, 1/0, √/×.
func ParseBool(s string) (bool, error) {
	switch strings.ToLower(clean(s)) {
	case "是", "y", "yes", "true", "1", "√", "✓", "✔", "有", "重点":
		return true, nil
	case "否", "n", "no", "false", "0", "×", "✗", "非", "不是":
		return false, nil
	}
	return false, invalid("%q is not yes or no (是/否, Y/N)", "“%s”不是“是”或“否”（是/否、Y/N）", s)
}

// ParseInt reads a whole number, with thousands separators and a trailing
// unit word (1,200人, 300 jobs, 50亩 is not converted: see the field).
func ParseInt(s string) (int64, error) {
	c := strings.ReplaceAll(clean(s), ",", "")
	c = strings.TrimRightFunc(c, func(r rune) bool { return unicode.IsLetter(r) || r == ' ' })
	if f, err := strconv.ParseFloat(c, 64); err == nil && !strings.ContainsAny(c, "eExXpP_") && f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return int64(f), nil
	}
	return 0, invalid("%q is not a whole number", "“%s”不是整数", s)
}

// enumWords are the words spreadsheets use for the values of the domain's
// enumerations, by field.
var enumWords = map[string]map[string]string{
	"type": {
		"新建": "greenfield", "新设": "greenfield", "绿地": "greenfield", "greenfield project": "greenfield", "new": "greenfield",
		"增资": "expansion", "扩建": "expansion", "增资扩产": "expansion", "扩产": "expansion",
		"并购": "ma", "收购": "ma", "兼并": "ma", "m&a": "ma", "acquisition": "ma", "brownfield": "ma",
		"合资": "joint_venture", "joint venture": "joint_venture", "jv": "joint_venture",
		"再投资": "reinvestment", "利润再投资": "reinvestment",
	},
	"investment_mode": {
		"外商独资": "wfoe", "独资": "wfoe", "外资独资": "wfoe", "wfoe": "wfoe", "wholly foreign-owned": "wfoe",
		"中外合资": "ejv", "合资": "ejv", "ejv": "ejv", "equity joint venture": "ejv",
		"中外合作": "cjv", "合作": "cjv", "cjv": "cjv", "contractual joint venture": "cjv",
		"外商投资合伙企业": "partnership", "合伙": "partnership", "合伙企业": "partnership",
		"内资": "domestic", "国内": "domestic",
	},
	"priority": {"高": "high", "中": "normal", "一般": "normal", "普通": "normal", "低": "low", "medium": "normal"},
	"source": {
		"推荐": "referral", "转介绍": "referral", "介绍": "referral", "网站": "website", "官网": "website", "网上咨询": "website",
		"活动": "event", "推介会": "event", "展会": "event", "考察团": "delegation", "来访": "delegation",
		"研究": "desk_research", "案头研究": "desk_research", "desk research": "desk_research", "其他": "other",
	},
	"business_activity": {
		"生产": "manufacturing", "制造": "manufacturing", "生产制造": "manufacturing", "研发": "rnd", "r&d": "rnd",
		"总部": "headquarters", "hq": "headquarters", "物流": "logistics", "销售": "sales", "贸易": "sales", "服务": "services",
	},
	"kind": {
		"电话": "call", "来电": "call", "phone": "call", "phone call": "call", "会议": "meeting", "会谈": "meeting", "座谈": "meeting",
		"邮件": "email", "e-mail": "email", "电子邮件": "email", "实地考察": "site_visit", "考察": "site_visit", "踏勘": "site_visit",
		"site visit": "site_visit", "活动": "event", "推介会": "event", "考察团": "delegation_visit", "代表团": "delegation_visit",
		"delegation": "delegation_visit", "delegation visit": "delegation_visit",
	},
	"lost_reason": {
		"另选他地": "other_location", "选择其他地区": "other_location", "other location": "other_location",
		"取消": "cancelled", "取消投资": "cancelled", "终止": "cancelled", "合并": "merged", "不符合条件": "not_qualified",
		"未回复": "no_response", "失联": "no_response", "其他": "other", "concluded": "other", "distressed": "other",
	},
	"language": {"中文": "zh", "汉语": "zh", "chinese": "zh", "英文": "en", "英语": "en", "english": "en"},
}

// ParseEnum reads a value of one of the domain's enumerations (a project's
// type, investment mode, priority, source or business activity, an
// activity's kind, a reason for losing a project, a language): its code or a
// common word for it in either language. An unknown word is returned as
// written, lower case, so that the store's validation names the allowed
// values.
func ParseEnum(field, s string) string {
	c := strings.ToLower(clean(s))
	if v, ok := enumWords[field][c]; ok {
		return v
	}
	return strings.ReplaceAll(c, " ", "_")
}

// ParseSector reads an ISIC Rev.4 code, with or without its section letter
// (C2910 or 2910).
func ParseSector(s string) (string, error) {
	c := strings.ToUpper(strings.ReplaceAll(clean(s), " ", ""))
	if len(c) > 1 && c[0] >= 'A' && c[0] <= 'U' && c[1] >= '0' && c[1] <= '9' {
		c = c[1:]
	}
	if _, ok := attract.SectorByCode(c); !ok {
		return "", invalid("%q is not an ISIC Rev.4 code (such as 2910)", "“%s”不是 ISIC Rev.4 行业代码（如 2910）", s)
	}
	return c, nil
}

// ParseTags splits a cell of tags at commas, semicolons and 、.
func ParseTags(s string) []string {
	var out []string
	for _, t := range strings.FieldsFunc(clean(s), func(r rune) bool { return r == ',' || r == ';' || r == '、' || r == '|' }) {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// hasHan reports whether s has a Chinese character, which decides whether a
// name is the Chinese or the English one.
func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// quoteCell shortens a cell for a message.
func quoteCell(s string) string {
	if r := []rune(s); len(r) > 60 {
		return fmt.Sprintf("%s…", string(r[:60]))
	}
	return s
}
