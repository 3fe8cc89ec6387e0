package importer

import (
	"bufio"
	"bytes"
	_ "embed"
	"regexp"
	"strings"
	"sync"
	"unicode"

	"attract"
)

// Place names. Attract's division tables (NBS codes) name places in Chinese
// only; English sources such as the World Bank's write "Jiangmen City,
// Guangdong Province". places/divisions-pinyin.tsv, generated from the same
// tables (see places/gen-pinyin.mjs), gives every division's name in pinyin
// with the other readings of its polyphonic characters, and provinceNames
// adds the conventional English names and common misspellings of the
// provinces. A place is resolved province first, then city, then county.

//go:embed places/divisions-pinyin.tsv
var divisionPinyin []byte

// Place is a place name resolved to a division.
type Place struct {
	Division attract.Division
	// Path names the division with those above it: 广东省 江门市 台山市.
	Path string
	// Partial is set when a part of the name more precise than Division
	// (a town, a misspelt county) was not found.
	Partial bool
}

// provinceNames are the English names of provinces that their pinyin does
// not give (Shaanxi, Inner Mongolia, Tibet), and misspellings met in real
// data, by province code.
var provinceNames = map[string]string{
	"shaanxi": "61", "shannxi": "61", "shaanxiprovince": "61", "innermongolia": "15", "neimongol": "15", "tibet": "54",
	"xizang": "54", "lioaning": "21", "lioning": "21", "liaonning": "21", "anuhi": "34", "anhu": "34", "yunan": "53",
	"jianxi": "36", "shadong": "37", "shandon": "37", "guandong": "44", "canton": "44", "fukien": "35", "peking": "11",
	"xingjiang": "65", "heilongjian": "23", "szechuan": "51", "sichua": "51", "hebai": "13", "zhejiang": "33",
}

// placeAliases are English names of places that are not their pinyin, and
// the old names of divisions renamed since (郫县 is 郫都区 since 2016, 户县
// 鄠邑区, 彬县 彬州市, 襄樊 襄阳); each is found only within its province.
var placeAliases = map[string]string{
	"harbin": "2301", "hohhot": "1501", "urumqi": "6501", "xiangfan": "4206", "amoy": "3502", "canton": "4401",
	"kashgar": "6531", "lhasa": "5401", "xian": "6101",
	"pi": "510117", "pixian": "510117", "hu": "610118", "huxian": "610118", "bin": "610482", "binxian": "610482",
	"lvshun": "210212", "lushun": "210212",
}

// municipalities are the province-level cities, which a place name may
// rightly stop at.
var municipalities = map[string]bool{"11": true, "12": true, "31": true, "50": true}

// englishGeneric are the words of an English place name that say what kind
// of place it is, with the level they hint at.
var englishGeneric = map[string]string{
	"province": attract.DivisionProvince, "municipality": attract.DivisionProvince, "muncipality": attract.DivisionProvince,
	"municipaclity": attract.DivisionProvince, "autonomous": attract.DivisionProvince, "region": attract.DivisionProvince,
	"ar": attract.DivisionProvince, "sar": attract.DivisionProvince,
	"city": attract.DivisionCity, "prefecture": attract.DivisionCity, "league": attract.DivisionCity,
	"county": attract.DivisionCounty, "country": attract.DivisionCounty, "couty": attract.DivisionCounty,
	"district": attract.DivisionCounty, "banner": attract.DivisionCounty,
	"town": "town", "township": "town", "village": "town", "zone": "town", "area": "town", "development": "town", "economic": "town",
	"new": "", "capital": "", "of": "", "the": "", "china": "", "prc": "", "uygur": "", "uyghur": "", "zhuang": "", "hui": "",
}

type placeEntry struct {
	index   int // in the division list
	primary bool
}

type placeTable struct {
	divisions []attract.Division
	byCode    map[string]int
	keys      map[string][]placeEntry // pinyin key → divisions
	children  map[string][]int
}

var placeData = sync.OnceValue(loadPlaces)

// loadPlaces reads the pinyin table. Each division is found by the pinyin of
// its short name (江门 → jiangmen) and of its full name (和县 → hexian), in
// every combination of its characters' readings (厦门: xiamen, shamen), the
// reading in context marked primary.
func loadPlaces() *placeTable {
	t := &placeTable{byCode: map[string]int{}, keys: map[string][]placeEntry{}, children: map[string][]int{}}
	sc := bufio.NewScanner(bytes.NewReader(divisionPinyin))
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		code, readings, ok := strings.Cut(line, "\t")
		if !ok {
			continue
		}
		d, ok := attract.DivisionByCode(code)
		if !ok || d.IsPlaceholder() {
			continue
		}
		chars := strings.Fields(readings)
		name := []rune(d.Name)
		if len(chars) != len(name) {
			continue
		}
		i := len(t.divisions)
		t.divisions = append(t.divisions, d)
		t.byCode[d.Code] = i
		t.children[placeParent(d)] = append(t.children[placeParent(d)], i)
		short := len([]rune(shortName(d.Name)))
		seen := map[string]bool{}
		for _, n := range []int{short, len(name)} {
			for j, key := range readingKeys(chars[:n]) {
				for _, k := range []string{key, strings.ReplaceAll(key, "v", "u")} {
					if !seen[k] {
						seen[k] = true
						t.keys[k] = append(t.keys[k], placeEntry{i, j == 0})
					}
				}
			}
		}
	}
	return t
}

// placeParent is the division a division is looked for under: a county of
// a placeholder city (the 市辖区 of a municipality) belongs to the province.
func placeParent(d attract.Division) string {
	if p, ok := attract.DivisionByCode(d.Parent); ok && p.IsPlaceholder() {
		return p.Parent
	}
	return d.Parent
}

// readingKeys returns the joined readings of chars ("chong/zhong qing" →
// chongqing, zhongqing), the primary first, at most 32.
func readingKeys(chars []string) []string {
	keys := []string{""}
	for _, c := range chars {
		alts := strings.Split(c, "/")
		var next []string
		for _, k := range keys {
			for _, a := range alts {
				if len(next) < 32 {
					next = append(next, k+a)
				}
			}
		}
		keys = next
	}
	return keys
}

// divisionSuffixes and ethnicNames shorten a division's name as
// attract.LookupDivision does: 江门市 → 江门, 恩施土家族苗族自治州 → 恩施.
var divisionSuffixes = []string{"特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区", "新区", "省", "市", "区", "县", "盟", "旗"}

var ethnicNames = []string{
	"柯尔克孜", "乌孜别克", "维吾尔", "哈萨克", "塔吉克", "达斡尔", "鄂温克", "鄂伦春", "俄罗斯", "塔塔尔",
	"蒙古", "布依", "朝鲜", "土家", "哈尼", "傈僳", "拉祜", "东乡", "纳西", "景颇", "仫佬", "布朗",
	"撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "德昂", "保安", "裕固", "独龙", "赫哲", "门巴",
	"珞巴", "基诺", "高山", "各", "回", "藏", "苗", "彝", "壮", "满", "侗", "瑶", "白", "黎", "佤", "畲", "水", "土", "羌", "怒", "京",
}

func shortName(name string) string {
	for _, suf := range divisionSuffixes {
		if s, ok := strings.CutSuffix(name, suf); ok && s != "" {
			if strings.HasPrefix(suf, "自治") {
				if base, ok := strings.CutSuffix(s, "维吾尔"); ok && base != "" {
					return base
				}
				for strings.HasSuffix(s, "族") {
					base, trimmed := strings.TrimSuffix(s, "族"), false
					for _, e := range ethnicNames {
						if b, ok := strings.CutSuffix(base, e); ok && b != "" {
							s, trimmed = b, true
							break
						}
					}
					if !trimmed {
						break
					}
				}
			}
			return s
		}
	}
	return name
}

// placePart is one comma-separated part of a place name: its pinyin key
// and the level its generic word hints at.
type placePart struct {
	text, key, level string
}

// placeSeparators split a place name into parts: "Fengxian District of
// Shanghai", "Guanling County and Ziyun County in Anshun City".
var placeSeparators = regexp.MustCompile(`[,，/;、]|\s+(?i:of|in|and)\s+`)

func splitPlace(s string) []placePart {
	var parts []placePart
	for _, raw := range placeSeparators.Split(s, -1) {
		p := placePart{text: strings.TrimSpace(raw)}
		if hasHan(p.text) {
			p.key = p.text
			parts = append(parts, p)
			continue
		}
		var words []string
		for _, w := range strings.FieldsFunc(strings.ToLower(raw), func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' && r != '’' }) {
			w = strings.NewReplacer("'", "", "’", "").Replace(w)
			if level, generic := englishGeneric[w]; generic {
				if p.level == "" && level != "" {
					p.level = level
				}
				continue
			}
			words = append(words, w)
		}
		if p.key = strings.Join(words, ""); p.key != "" {
			parts = append(parts, p)
		}
	}
	return parts
}

// ResolvePlace finds the division an English or Chinese place name means:
// "Baoying County, Yangzhou City, Jiangsu Province" is 江苏省 扬州市 宝应县.
// The province is found first (by its pinyin, English name or a common
// misspelling), then each smaller part within it; a misspelling one letter
// away is accepted when it is the only near name there. ok is false when
// nothing was found.
func ResolvePlace(s string) (Place, bool) {
	parts := splitPlace(clean(s))
	if len(parts) == 0 {
		return Place{}, false
	}
	t := placeData()
	scope := ""
	found := -1
	used := make([]bool, len(parts))
	// The province: the part that says it is one, else the last part.
	for pass := 0; pass < 2 && scope == ""; pass++ {
		for i := len(parts) - 1; i >= 0; i-- {
			p := parts[i]
			if (pass == 0 && p.level != attract.DivisionProvince) || (pass == 1 && i != len(parts)-1) {
				continue
			}
			if idx, ok := t.province(p.key); ok {
				scope, found, used[i] = t.divisions[idx].Code, idx, true
				break
			}
		}
	}
	partial := false
	for i := len(parts) - 1; i >= 0; i-- {
		if used[i] {
			continue
		}
		p := parts[i]
		idx, ok := t.within(scope, p)
		if !ok {
			if p.level != "town" {
				partial = found >= 0
			}
			continue
		}
		found, scope = idx, t.divisions[idx].Code
	}
	if found < 0 {
		return Place{}, false
	}
	d := t.divisions[found]
	partial = partial || (d.Level == attract.DivisionProvince && !municipalities[d.Code])
	return Place{Division: d, Path: divisionPath(d), Partial: partial}, true
}

// province finds a province by its pinyin, English name or a misspelling.
func (t *placeTable) province(key string) (int, bool) {
	if hasHan(key) {
		for _, d := range attract.LookupDivision(key) {
			if i, ok := t.byCode[d.Code]; ok && d.Level == attract.DivisionProvince {
				return i, true
			}
		}
		return 0, false
	}
	if code, ok := provinceNames[key]; ok {
		i, ok := t.byCode[code]
		return i, ok
	}
	for _, e := range t.keys[key] {
		if t.divisions[e.index].Level == attract.DivisionProvince {
			return e.index, true
		}
	}
	return 0, false
}

// within finds the division below scope (anywhere when scope is "") named
// by p: an exact reading first, preferring the level p hints at and the
// reading in context, then an alias, then one letter away if that is unique.
func (t *placeTable) within(scope string, p placePart) (int, bool) {
	under := func(i int) bool {
		if scope == "" {
			return t.divisions[i].Level != attract.DivisionProvince
		}
		d := t.divisions[i]
		for d.Code != scope {
			parent := placeParent(d)
			j, ok := t.byCode[parent]
			if !ok {
				return false
			}
			d = t.divisions[j]
		}
		return t.divisions[i].Code != scope
	}
	if hasHan(p.key) {
		var hits []int
		for _, d := range attract.LookupDivision(p.key) {
			if i, ok := t.byCode[d.Code]; ok && under(i) {
				hits = append(hits, i)
			}
		}
		if len(hits) == 1 {
			return hits[0], true
		}
		return 0, false
	}
	best, bestScore, tie := -1, -1, false
	for _, e := range t.keys[p.key] {
		if !under(e.index) {
			continue
		}
		score := 0
		if e.primary {
			score += 2
		}
		if lv := t.divisions[e.index].Level; lv == p.level || (p.level == attract.DivisionCity && lv == attract.DivisionCounty && strings.HasSuffix(t.divisions[e.index].Name, "市")) {
			score += 3
		}
		if lv := t.divisions[e.index].Level; lv == attract.DivisionCity {
			score++ // a prefecture city over a county of the same name
		}
		switch {
		case score > bestScore:
			best, bestScore, tie = e.index, score, false
		case score == bestScore && e.index != best:
			tie = true
		}
	}
	if best >= 0 && !tie {
		return best, true
	}
	if best >= 0 {
		return 0, false
	}
	if code, ok := placeAliases[p.key]; ok {
		if i, ok := t.byCode[code]; ok && (scope == "" || under(i)) {
			return i, true
		}
	}
	if scope == "" || len(p.key) < 5 {
		return 0, false
	}
	near := -1
	for key, entries := range t.keys {
		if !oneEditApart(key, p.key) {
			continue
		}
		for _, e := range entries {
			// Only the reading in context: a rare reading one letter
			// from a misspelling is no evidence (广 read ān: Tanzhou is
			// not Guangzhou).
			if !e.primary || !under(e.index) {
				continue
			}
			if near >= 0 && near != e.index {
				return 0, false
			}
			near = e.index
		}
	}
	return near, near >= 0
}

// divisionPath names d with the divisions above it, skipping placeholders.
func divisionPath(d attract.Division) string {
	names := []string{d.Name}
	for p, ok := attract.DivisionByCode(d.Parent); ok; p, ok = attract.DivisionByCode(p.Parent) {
		if !p.IsPlaceholder() {
			names = append([]string{p.Name}, names...)
		}
	}
	return strings.Join(names, " ")
}

// oneEditApart reports whether a and b differ by one insertion, deletion,
// substitution or swap of neighbouring letters.
func oneEditApart(a, b string) bool {
	if a == b {
		return false
	}
	la, lb := len(a), len(b)
	switch {
	case la == lb:
		diff := -1
		for i := 0; i < la; i++ {
			if a[i] != b[i] {
				if diff >= 0 {
					// a swap of neighbours: ab ↔ ba
					return i == diff+1 && a[diff] == b[i] && a[i] == b[diff] && a[i+1:] == b[i+1:]
				}
				diff = i
			}
		}
		return true
	case la == lb+1:
		a, b = b, a
		fallthrough
	case lb == la+1:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		return a[i:] == b[i+1:]
	}
	return false
}
