package attract

import (
	"bytes"
	"embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
)

// The reference tables are unmodified copies of public data sets, credited in
// the README: country-codes.csv and currency-codes.csv from the datasets
// project (ODC PDDL), isic-rev4.csv from the UN Statistics Division, and the
// cn-*.csv and cn-hk-mo-tw.json division tables (National Bureau of
// Statistics 2023 codes) from modood/Administrative-divisions-of-China
// (WTFPL). Keeping them unmodified lets an administrator replace a file with a
// newer release without touching code.
//
//go:embed refdata
var refdata embed.FS

// readRefCSV returns the header index and the rows of an embedded CSV file.
// The files are part of the binary, so a failure is a defect that the tests
// catch, not a condition to handle at run time.
func readRefCSV(name string) (map[string]int, [][]string) {
	b, err := refdata.ReadFile("refdata/" + name)
	if err != nil {
		panic(fmt.Sprintf("attract: reference data %s: %v", name, err))
	}
	r := csv.NewReader(bytes.NewReader(b))
	rows, err := r.ReadAll()
	if err != nil || len(rows) == 0 {
		panic(fmt.Sprintf("attract: reference data %s: %v", name, err))
	}
	header := make(map[string]int, len(rows[0]))
	for i, h := range rows[0] {
		header[strings.TrimPrefix(h, "\ufeff")] = i
	}
	return header, rows[1:]
}

// refColumn returns a function reading the named column of a row, so that a
// renamed column in a newer data release fails loudly in the tests.
func refColumn(header map[string]int, file, name string) func([]string) string {
	i, ok := header[name]
	if !ok {
		panic(fmt.Sprintf("attract: reference data %s has no column %q", file, name))
	}
	return func(row []string) string { return strings.TrimSpace(row[i]) }
}

// foldWidth maps full-width forms (as typed with a Chinese input method) to
// their ASCII counterparts and the ideographic space to a space.
func foldWidth(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E:
		return r - 0xFEE0
	case r == 0x3000:
		return ' '
	}
	return r
}

// latinFold strips the diacritics that occur in English country names, so
// that "Cote d'Ivoire" finds "Côte d’Ivoire".
var latinFold = map[rune]rune{
	'á': 'a', 'à': 'a', 'â': 'a', 'ä': 'a', 'ã': 'a', 'å': 'a',
	'ç': 'c', 'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e', 'í': 'i', 'î': 'i', 'ï': 'i',
	'ñ': 'n', 'ó': 'o', 'ô': 'o', 'ö': 'o', 'õ': 'o', 'ú': 'u', 'û': 'u', 'ü': 'u',
}

// nameKey reduces a name to the letters and digits that identify it, so that
// case, spacing, punctuation, width and accents do not matter in lookups.
func nameKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		r = unicode.ToLower(foldWidth(r))
		if f, ok := latinFold[r]; ok {
			r = f
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Country is a country or economy of ISO 3166-1. NameEN and NameZH are the
// UN short names (the official names where the UN gives none), but where
// countryOverrides gives the names an agency's reports write: 中国香港,
// "Hong Kong, China"; 英国, "United Kingdom". Currency is the first ISO 4217
// currency the data lists for it, or "" (Antarctica).
type Country struct {
	Alpha2   string `json:"alpha2"`
	Alpha3   string `json:"alpha3"`
	Numeric  string `json:"numeric"`
	NameEN   string `json:"name_en"`
	NameZH   string `json:"name_zh"`
	Currency string `json:"currency"`
}

// Name returns the country's name in lang ("zh" or "en").
func (c Country) Name(lang string) string {
	if lang == "zh" && c.NameZH != "" {
		return c.NameZH
	}
	return c.NameEN
}

// countryOverrides are the names shown where the UN's short names are not
// the ones an agency's reports write: Hong Kong, Macao and Taiwan as Chinese
// official usage (and the World Bank, whose data the agencies import) names
// them, and the short forms that statistical tables in Chinese and the
// English press use for countries whose UN short name is their formal one
// (英国, not 大不列颠及北爱尔兰联合王国). The UN names still find them.
var countryOverrides = map[string][2]string{
	"HK": {"Hong Kong, China", "中国香港"},
	"MO": {"Macao, China", "中国澳门"},
	"TW": {"Taiwan, China", "中国台湾"},
	"GB": {"United Kingdom", "英国"},
	"US": {"United States", "美国"},
	"KR": {"South Korea", "韩国"},
	"KP": {"North Korea", "朝鲜"},
	"RU": {"Russia", "俄罗斯"},
	"VN": {"Vietnam", "越南"},
	"LA": {"Laos", "老挝"},
	"BN": {"Brunei", "文莱"},
	"IR": {"Iran", "伊朗"},
	"SY": {"Syria", "叙利亚"},
	"AE": {"United Arab Emirates", "阿联酋"},
	"PS": {"Palestine", "巴勒斯坦"},
	"MD": {"Moldova", "摩尔多瓦"},
	"TZ": {"Tanzania", "坦桑尼亚"},
	"CD": {"Democratic Republic of the Congo", "刚果（金）"},
	"CG": {"Congo", "刚果（布）"},
	"BO": {"Bolivia", "玻利维亚"},
	"VE": {"Venezuela", "委内瑞拉"},
}

// countryAliases are the short forms people type that no column of the data
// holds. They win over the data when a key is ambiguous.
var countryAliases = map[string]string{
	"Hong Kong SAR": "HK", "Hong Kong SAR, China": "HK", "Hong Kong S.A.R.": "HK", "Hongkong": "HK",
	"香港": "HK", "中国香港": "HK", "香港特别行政区": "HK", "香港特區": "HK", "中國香港": "HK",
	"Macau": "MO", "Macau, China": "MO", "Macao SAR": "MO", "Macau SAR": "MO",
	"澳门": "MO", "中国澳门": "MO", "澳门特别行政区": "MO", "澳門": "MO",
	"台湾": "TW", "中国台湾": "TW", "台湾地区": "TW", "中国台湾地区": "TW", "Chinese Taipei": "TW", "中华台北": "TW", "台灣": "TW",
	"China, People's Republic of": "CN", "PRC": "CN", "Mainland China": "CN", "中国大陆": "CN", "中国内地": "CN",
	"United States": "US", "U.S.": "US", "U.S.A.": "US", "America": "US", "美国": "US",
	"United Kingdom": "GB", "UK": "GB", "U.K.": "GB", "Great Britain": "GB", "Britain": "GB", "英国": "GB",
	"Korea": "KR", "South Korea": "KR", "Republic of Korea": "KR", "韩国": "KR", "南韩": "KR",
	"North Korea": "KP", "朝鲜": "KP",
	"BVI": "VG", "British Virgin Islands": "VG", "英属维尔京群岛": "VG", "英属处女群岛": "VG",
	"Cayman": "KY", "开曼": "KY",
	"Russia": "RU", "俄罗斯": "RU", "Vietnam": "VN", "越南": "VN", "Laos": "LA", "老挝": "LA",
	"Iran": "IR", "伊朗": "IR", "印尼": "ID", "Holland": "NL", "荷兰": "NL",
	"Turkey": "TR", "Türkiye": "TR", "土耳其": "TR", "Czech Republic": "CZ",
	"UAE": "AE", "阿联酋": "AE", "Ivory Coast": "CI",
}

type countryTable struct {
	list   []Country      // sorted by Alpha2
	byCode map[string]int // upper-case alpha-2 and alpha-3
	byName map[string]int // nameKey of every name; -1 when two countries share it
}

var countryData = sync.OnceValue(loadCountries)

func loadCountries() *countryTable {
	const file = "country-codes.csv"
	h, rows := readRefCSV(file)
	alpha2 := refColumn(h, file, "ISO3166-1-Alpha-2")
	alpha3 := refColumn(h, file, "ISO3166-1-Alpha-3")
	numeric := refColumn(h, file, "ISO3166-1-numeric")
	unShortEN := refColumn(h, file, "UNTERM English Short")
	unFormalEN := refColumn(h, file, "UNTERM English Formal")
	officialEN := refColumn(h, file, "official_name_en")
	cldr := refColumn(h, file, "CLDR display name")
	unShortZH := refColumn(h, file, "UNTERM Chinese Short")
	unFormalZH := refColumn(h, file, "UNTERM Chinese Formal")
	officialZH := refColumn(h, file, "official_name_cn")
	currency := refColumn(h, file, "ISO4217-currency_alphabetic_code")

	t := &countryTable{byCode: make(map[string]int), byName: make(map[string]int)}
	names := make([][]string, 0, len(rows))
	for _, row := range rows {
		c := Country{
			Alpha2:   alpha2(row),
			Alpha3:   alpha3(row),
			Numeric:  numeric(row),
			NameEN:   firstNonEmptyName(cleanUNName(unShortEN(row)), officialEN(row), cldr(row)),
			NameZH:   firstNonEmptyName(cleanUNName(unShortZH(row)), officialZH(row)),
			Currency: strings.TrimSpace(strings.Split(currency(row), ",")[0]),
		}
		if c.Alpha2 == "" {
			continue
		}
		if n, err := strconv.Atoi(c.Numeric); err == nil {
			c.Numeric = fmt.Sprintf("%03d", n)
		}
		if o, ok := countryOverrides[c.Alpha2]; ok {
			c.NameEN, c.NameZH = o[0], o[1]
		}
		t.list = append(t.list, c)
		names = append(names, []string{
			c.NameEN, c.NameZH, unShortEN(row), cleanUNName(unShortEN(row)),
			strings.TrimPrefix(unFormalEN(row), "the "), officialEN(row), cldr(row),
			cleanUNName(unShortZH(row)), unFormalZH(row), officialZH(row),
		})
	}
	order := make([]int, len(t.list))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(t.list[a].Alpha2, t.list[b].Alpha2) })
	sorted := make([]Country, len(order))
	for i, j := range order {
		sorted[i] = t.list[j]
		c := sorted[i]
		t.byCode[c.Alpha2] = i
		t.byCode[c.Alpha3] = i
		for _, n := range names[j] {
			k := nameKey(n)
			if k == "" {
				continue
			}
			if prev, ok := t.byName[k]; ok && prev != i {
				t.byName[k] = -1
				continue
			}
			t.byName[k] = i
		}
	}
	t.list = sorted
	for alias, code := range countryAliases {
		i, ok := t.byCode[code]
		if !ok {
			panic("attract: country alias " + alias + " names unknown code " + code)
		}
		t.byName[nameKey(alias)] = i
	}
	return t
}

// cleanUNName drops the UN's sorting article "(the)" and footnote marker.
func cleanUNName(s string) string {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "*"))
	return strings.TrimSpace(strings.TrimSuffix(s, "(the)"))
}

func firstNonEmptyName(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// Countries returns every country and economy of ISO 3166-1, sorted by
// Alpha2. The slice is the caller's to keep or change.
func Countries() []Country { return slices.Clone(countryData().list) }

// CountryByCode finds a country by its alpha-2 or alpha-3 code, in any case.
func CountryByCode(code string) (Country, bool) {
	t := countryData()
	i, ok := t.byCode[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return Country{}, false
	}
	return t.list[i], true
}

// LookupCountry finds a country from what a person or a spreadsheet writes
// for it: an ISO code, an English name (official, UN, or everyday: "USA",
// "UK", "Korea", "BVI", "Hong Kong SAR") or a Chinese one (official or short:
// "德国", "香港", "中国香港"). Case, spacing, width and punctuation do not
// matter. A name two countries share finds neither.
func LookupCountry(s string) (Country, bool) {
	if c, ok := CountryByCode(s); ok {
		return c, true
	}
	t := countryData()
	key := nameKey(s)
	i, ok := t.byName[key]
	if rest, cut := strings.CutPrefix(strings.ToLower(strings.TrimSpace(s)), "the "); !ok && cut {
		// "the Netherlands", "The Bahamas": the data keeps the article only
		// in the formal names.
		i, ok = t.byName[nameKey(rest)]
	}
	if !ok || i < 0 {
		return Country{}, false
	}
	return t.list[i], true
}

// Currency is a current ISO 4217 currency. MinorUnit is the number of
// decimal places of its minor unit (2 for CNY, 0 for JPY, 3 for KWD), which
// fixes how Money stores its amounts.
type Currency struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Numeric   string `json:"numeric"`
	MinorUnit int    `json:"minor_unit"`
}

type currencyTable struct {
	list   []Currency // sorted by Code
	byCode map[string]int
}

var currencyData = sync.OnceValue(loadCurrencies)

// loadCurrencies keeps the currencies in use today. Withdrawn currencies and
// funds without a minor unit (gold, SDR, test codes) cannot carry a Money
// amount, so they are left out.
func loadCurrencies() *currencyTable {
	const file = "currency-codes.csv"
	h, rows := readRefCSV(file)
	code := refColumn(h, file, "AlphabeticCode")
	name := refColumn(h, file, "Currency")
	numeric := refColumn(h, file, "NumericCode")
	minor := refColumn(h, file, "MinorUnit")
	withdrawn := refColumn(h, file, "WithdrawalDate")
	t := &currencyTable{byCode: make(map[string]int)}
	seen := make(map[string]bool)
	for _, row := range rows {
		if code(row) == "" || withdrawn(row) != "" || seen[code(row)] {
			continue
		}
		n, err := strconv.Atoi(minor(row))
		if err != nil {
			continue
		}
		seen[code(row)] = true
		t.list = append(t.list, Currency{Code: code(row), Name: name(row), Numeric: numeric(row), MinorUnit: n})
	}
	slices.SortFunc(t.list, func(a, b Currency) int { return strings.Compare(a.Code, b.Code) })
	for i, c := range t.list {
		t.byCode[c.Code] = i
	}
	return t
}

// Currencies returns the current ISO 4217 currencies, sorted by code.
func Currencies() []Currency { return slices.Clone(currencyData().list) }

// CurrencyByCode finds a current currency by its alphabetic code, in any case.
func CurrencyByCode(code string) (Currency, bool) {
	t := currencyData()
	i, ok := t.byCode[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return Currency{}, false
	}
	return t.list[i], true
}

// Levels of the ISIC Rev.4 hierarchy.
const (
	SectorSection  = "section"  // a letter A..U
	SectorDivision = "division" // two digits
	SectorGroup    = "group"    // three digits
	SectorClass    = "class"    // four digits
)

// Sector is an entry of ISIC Rev.4, the UN industry classification that
// investment statistics are broken down by. Section is the letter of the
// section it belongs to and Parent the code one level up ("" for a section).
// NameZH is given for sections and divisions only, the levels reports use;
// Name falls back to English below them.
type Sector struct {
	Code    string `json:"code"`
	Level   string `json:"level"`
	Section string `json:"section"`
	Parent  string `json:"parent"`
	NameEN  string `json:"name_en"`
	NameZH  string `json:"name_zh"`
}

// Name returns the sector's name in lang ("zh" or "en"), in English where
// no Chinese title is held.
func (s Sector) Name(lang string) string {
	if lang == "zh" && s.NameZH != "" {
		return s.NameZH
	}
	return s.NameEN
}

// isicZH holds the Chinese titles of the ISIC Rev.4 sections and divisions,
// following the UN Chinese edition (《所有经济活动的国际标准行业分类》修订本第4版).
var isicZH = map[string]string{
	"A": "农业、林业及渔业",
	"B": "采矿和采石",
	"C": "制造业",
	"D": "电、煤气、蒸汽和空调供应",
	"E": "供水；污水处理、废物管理和补救活动",
	"F": "建筑业",
	"G": "批发和零售业；汽车和摩托车的修理",
	"H": "运输和储存",
	"I": "住宿和餐饮服务活动",
	"J": "信息和通信",
	"K": "金融和保险活动",
	"L": "房地产活动",
	"M": "专业、科学和技术活动",
	"N": "行政和辅助服务活动",
	"O": "公共管理与国防；强制性社会保障",
	"P": "教育",
	"Q": "人体健康和社会工作活动",
	"R": "艺术、娱乐和文娱活动",
	"S": "其他服务活动",
	"T": "家庭作为雇主的活动；家庭自用、未加区分的物品生产和服务活动",
	"U": "域外组织和机构的活动",

	"01": "作物和牲畜生产、狩猎和相关服务活动",
	"02": "林业与伐木业",
	"03": "渔业与水产养殖",
	"05": "煤炭和褐煤的开采",
	"06": "石油和天然气的开采",
	"07": "金属矿的开采",
	"08": "其他采矿和采石",
	"09": "采矿辅助服务活动",
	"10": "食品的制造",
	"11": "饮料的制造",
	"12": "烟草制品的制造",
	"13": "纺织品的制造",
	"14": "服装的制造",
	"15": "皮革和相关产品的制造",
	"16": "木材、木材制品和软木制品的制造，但家具除外；草编制品及编织材料物品的制造",
	"17": "纸和纸制品的制造",
	"18": "记录媒介物的印刷及复制",
	"19": "焦炭和精炼石油产品的制造",
	"20": "化学品及化学制品的制造",
	"21": "基本医药产品和医药制剂的制造",
	"22": "橡胶和塑料制品的制造",
	"23": "其他非金属矿物制品的制造",
	"24": "基本金属的制造",
	"25": "金属制品的制造，但机械和设备除外",
	"26": "计算机、电子产品和光学产品的制造",
	"27": "电力设备的制造",
	"28": "未另分类的机械和设备的制造",
	"29": "汽车、挂车和半挂车的制造",
	"30": "其他运输设备的制造",
	"31": "家具的制造",
	"32": "其他制造业",
	"33": "机械和设备的修理和安装",
	"35": "电、煤气、蒸汽和空调的供应",
	"36": "集水、水处理与水供应",
	"37": "污水处理",
	"38": "废物的收集、处理和处置活动；材料回收",
	"39": "补救活动和其他废物管理服务",
	"41": "建筑物的建造",
	"42": "土木工程",
	"43": "专门建筑活动",
	"45": "汽车和摩托车的批发、零售和修理",
	"46": "批发贸易，但汽车和摩托车除外",
	"47": "零售贸易，但汽车和摩托车除外",
	"49": "陆路运输和管道运输",
	"50": "水上运输",
	"51": "航空运输",
	"52": "仓储和运输辅助活动",
	"53": "邮政和邮递活动",
	"55": "住宿",
	"56": "食品和饮料服务活动",
	"58": "出版活动",
	"59": "电影、录像和电视节目的制作、录音及音乐作品出版活动",
	"60": "电台和电视广播",
	"61": "电信",
	"62": "计算机程序设计、咨询及相关活动",
	"63": "信息服务活动",
	"64": "金融服务活动，但保险和养恤金除外",
	"65": "保险、再保险和养恤金，但强制性社会保障除外",
	"66": "金融服务和保险活动的辅助活动",
	"68": "房地产活动",
	"69": "法律和会计活动",
	"70": "总公司的活动；管理咨询活动",
	"71": "建筑和工程活动；技术测试和分析",
	"72": "科学研究与发展",
	"73": "广告业和市场调研",
	"74": "其他专业、科学和技术活动",
	"75": "兽医活动",
	"77": "出租和租赁活动",
	"78": "就业活动",
	"79": "旅行社、旅游经营者、预订服务及相关活动",
	"80": "安保和调查活动",
	"81": "建筑物和园林绿化服务活动",
	"82": "办公室行政管理、办公支助和其他商务支助活动",
	"84": "公共管理与国防；强制性社会保障",
	"85": "教育",
	"86": "人体健康活动",
	"87": "留宿护理活动",
	"88": "不配备食宿的社会工作活动",
	"90": "创作、艺术和娱乐活动",
	"91": "图书馆、档案馆、博物馆及其他文化活动",
	"92": "赌博和博彩活动",
	"93": "体育活动和娱乐休闲活动",
	"94": "会员组织的活动",
	"95": "计算机、个人和家庭用品的修理",
	"96": "其他个人服务活动",
	"97": "家庭作为家政人员雇主的活动",
	"98": "私人家庭自用、未加区分的物品生产和服务活动",
	"99": "域外组织和机构的活动",
}

type sectorTable struct {
	list     []Sector // file order: each section followed by what lies under it
	byCode   map[string]int
	children map[string][]int
}

var sectorData = sync.OnceValue(loadSectors)

func loadSectors() *sectorTable {
	const file = "isic-rev4.csv"
	h, rows := readRefCSV(file)
	code := refColumn(h, file, "Code")
	desc := refColumn(h, file, "Description")
	t := &sectorTable{byCode: make(map[string]int), children: make(map[string][]int)}
	section := ""
	for _, row := range rows {
		s := Sector{Code: code(row), NameEN: desc(row)}
		switch len(s.Code) {
		case 1:
			s.Level, section = SectorSection, s.Code
		case 2:
			s.Level, s.Parent = SectorDivision, section
		case 3:
			s.Level, s.Parent = SectorGroup, s.Code[:2]
		case 4:
			s.Level, s.Parent = SectorClass, s.Code[:3]
		default:
			panic("attract: reference data " + file + ": unexpected code " + s.Code)
		}
		s.Section = section
		s.NameZH = isicZH[s.Code]
		t.byCode[s.Code] = len(t.list)
		t.children[s.Parent] = append(t.children[s.Parent], len(t.list))
		t.list = append(t.list, s)
	}
	return t
}

// Sectors returns every ISIC Rev.4 entry, each section followed by the
// divisions, groups and classes under it, as the classification lists them.
func Sectors() []Sector { return slices.Clone(sectorData().list) }

// SectorByCode finds an ISIC Rev.4 entry by its code ("C", "29", "291",
// "2910"); a section letter may be lower case.
func SectorByCode(code string) (Sector, bool) {
	t := sectorData()
	i, ok := t.byCode[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return Sector{}, false
	}
	return t.list[i], true
}

// SectorChildren returns the entries one level below parent, so that a form
// can offer the classification step by step; parent "" gives the sections.
func SectorChildren(parent string) []Sector {
	t := sectorData()
	idx := t.children[strings.ToUpper(strings.TrimSpace(parent))]
	out := make([]Sector, len(idx))
	for i, j := range idx {
		out[i] = t.list[j]
	}
	return out
}

// Levels of China's administrative divisions.
const (
	DivisionProvince = "province" // 省级, two-digit code
	DivisionCity     = "city"     // 地级, four-digit code
	DivisionCounty   = "county"   // 县级, six-digit code
)

// Division is one of China's statistical administrative divisions (NBS
// codes): a province, a prefecture-level city or a county-level division.
// Parent is the code one level up. Some "cities" are placeholders that only
// group counties: the 市辖区 and 县 of the municipalities and the 省直辖县级
// 行政区划 of provinces; see IsPlaceholder.
type Division struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	Level  string `json:"level"`
	Parent string `json:"parent"`
}

// IsPlaceholder reports whether d is a city-level entry that names no place,
// so that a display can skip it ("北京市 东城区", not "北京市 市辖区 东城区").
func (d Division) IsPlaceholder() bool {
	if d.Level != DivisionCity {
		return false
	}
	switch d.Name {
	case "市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划":
		return true
	}
	return false
}

type divisionTable struct {
	list     []Division // provinces, then cities, then counties, each in code order
	byCode   map[string]int
	children map[string][]int
	byName   map[string][]int // full name and short name
}

var divisionData = sync.OnceValue(loadDivisions)

func loadDivisions() *divisionTable {
	t := &divisionTable{
		byCode:   make(map[string]int),
		children: make(map[string][]int),
		byName:   make(map[string][]int),
	}
	add := func(d Division) {
		i := len(t.list)
		t.list = append(t.list, d)
		t.byCode[d.Code] = i
		t.children[d.Parent] = append(t.children[d.Parent], i)
		if d.IsPlaceholder() {
			return
		}
		t.byName[d.Name] = append(t.byName[d.Name], i)
		if short := shortDivisionName(d.Name); short != "" && short != d.Name {
			t.byName[short] = append(t.byName[short], i)
		}
	}
	for _, f := range []struct{ file, level, parentColumn string }{
		{"cn-provinces.csv", DivisionProvince, ""},
		{"cn-cities.csv", DivisionCity, "provinceCode"},
		{"cn-areas.csv", DivisionCounty, "cityCode"},
	} {
		h, rows := readRefCSV(f.file)
		code := refColumn(h, f.file, "code")
		name := refColumn(h, f.file, "name")
		parent := func([]string) string { return "" }
		if f.parentColumn != "" {
			parent = refColumn(h, f.file, f.parentColumn)
		}
		for _, row := range rows {
			add(Division{Code: code(row), Name: name(row), Level: f.level, Parent: parent(row)})
		}
	}
	return t
}

// divisionSuffixes are the generic words ending a division's name, longest
// first so that 自治区 is removed before 区.
var divisionSuffixes = []string{
	"特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区",
	"省", "市", "区", "县", "盟", "旗",
}

// ethnicNames are the minority peoples that name autonomous divisions
// (恩施土家族苗族自治州), longest first so that 土家 is tried before 土.
var ethnicNames = []string{
	"柯尔克孜", "乌孜别克", "维吾尔", "哈萨克", "塔吉克", "达斡尔", "鄂温克", "鄂伦春", "俄罗斯", "塔塔尔",
	"蒙古", "布依", "朝鲜", "土家", "哈尼", "傈僳", "拉祜", "东乡", "纳西", "景颇", "仫佬", "布朗",
	"撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "德昂", "保安", "裕固", "独龙", "赫哲", "门巴",
	"珞巴", "基诺", "高山", "各",
	"回", "藏", "苗", "彝", "壮", "满", "侗", "瑶", "白", "黎", "佤", "畲", "水", "土", "羌", "怒", "京",
}

// shortDivisionName is the name people use without the generic suffix:
// 肇庆 for 肇庆市, 广西 for 广西壮族自治区, 延边 for 延边朝鲜族自治州.
func shortDivisionName(name string) string {
	s := name
	for _, suf := range divisionSuffixes {
		if strings.HasSuffix(s, suf) && len(s) > len(suf) {
			s = strings.TrimSuffix(s, suf)
			if strings.HasPrefix(suf, "自治") {
				s = trimEthnic(s)
			}
			return s
		}
	}
	return s
}

// trimEthnic removes the trailing peoples of an autonomous division's name.
// 维吾尔 alone is written without 族 (新疆维吾尔自治区).
func trimEthnic(s string) string {
	if base, ok := strings.CutSuffix(s, "维吾尔"); ok && base != "" {
		return base
	}
	for strings.HasSuffix(s, "族") {
		base := strings.TrimSuffix(s, "族")
		trimmed := false
		for _, e := range ethnicNames {
			if strings.HasSuffix(base, e) && len(base) > len(e) {
				s, trimmed = strings.TrimSuffix(base, e), true
				break
			}
		}
		if !trimmed {
			break
		}
	}
	return s
}

// DivisionByCode finds a division by its 2-, 4- or 6-digit code.
func DivisionByCode(code string) (Division, bool) {
	t := divisionData()
	i, ok := t.byCode[strings.TrimSpace(code)]
	if !ok {
		return Division{}, false
	}
	return t.list[i], true
}

// DivisionChildren returns the divisions directly under parent, in code
// order; parent "" gives the provinces.
func DivisionChildren(parent string) []Division {
	t := divisionData()
	idx := t.children[strings.TrimSpace(parent)]
	out := make([]Division, len(idx))
	for i, j := range idx {
		out[i] = t.list[j]
	}
	return out
}

// LookupDivision returns the divisions whose Chinese name is name, with or
// without its generic suffix ("肇庆" finds 肇庆市, "广西" finds 广西壮族
// 自治区). Many names repeat across the country (朝阳区), so it returns every
// match, provinces first, then cities, then counties.
func LookupDivision(name string) []Division {
	t := divisionData()
	idx := t.byName[strings.TrimSpace(name)]
	out := make([]Division, len(idx))
	for i, j := range idx {
		out[i] = t.list[j]
	}
	slices.SortStableFunc(out, func(a, b Division) int { return len(a.Code) - len(b.Code) })
	return out
}

var hkmotwData = sync.OnceValue(func() map[string]map[string][]string {
	b, err := refdata.ReadFile("refdata/cn-hk-mo-tw.json")
	if err != nil {
		panic("attract: reference data cn-hk-mo-tw.json: " + err.Error())
	}
	var m map[string]map[string][]string
	if err := json.Unmarshal(b, &m); err != nil {
		panic("attract: reference data cn-hk-mo-tw.json: " + err.Error())
	}
	return m
})

// HKMOTWDistricts returns the districts of Hong Kong, Macao and Taiwan, which
// the NBS code tables leave out: region (香港特别行政区) → area (九龙) →
// districts. The map is a copy, the caller's to keep or change.
func HKMOTWDistricts() map[string]map[string][]string {
	src := hkmotwData()
	out := make(map[string]map[string][]string, len(src))
	for region, areas := range src {
		m := make(map[string][]string, len(areas))
		for area, districts := range areas {
			m[area] = slices.Clone(districts)
		}
		out[region] = m
	}
	return out
}
