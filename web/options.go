package web

import (
	"slices"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"attract"
)

// The choices of the selects several pages share — countries and economies,
// ISIC sectors, currencies — and the names of their codes. Each list is built
// once per language, on first use, and shared by every request: callers must
// not change the slices they get (append to a copy, as withNone does).

// perLanguage returns build's result for a language, computed once per
// language: "zh", or "en" for any other.
func perLanguage[T any](build func(lang string) T) func(lang string) T {
	zh := sync.OnceValue(func() T { return build("zh") })
	en := sync.OnceValue(func() T { return build("en") })
	return func(lang string) T {
		if lang == "zh" {
			return zh()
		}
		return en()
	}
}

// collator orders names the way readers of lang expect: pinyin for Chinese.
// Each call makes a new one, since a Collator may not be shared between
// goroutines.
func collator(lang string) *collate.Collator {
	if lang == "zh" {
		return collate.New(language.SimplifiedChinese)
	}
	return collate.New(language.English)
}

// ---- Countries and economies ----

// commonEconomies come first in every country select: the economies most
// foreign investment into China comes from or through, and China itself
// (round-tripping investment, and where most companies are registered).
var commonEconomies = []string{"HK", "MO", "TW", "SG", "JP", "KR", "US", "DE", "GB", "FR", "NL", "VG", "KY", "CN"}

// countryChoices are the countries and economies of one language as options.
// Common holds the common economies in the order of commonEconomies, Rest every
// other one by name in the language's own order (pinyin for Chinese), and All
// the two one after the other.
type countryChoices struct {
	Common, Rest, All []option
}

// countryOptions returns the country options of lang, labelled by name
// ("德国"), or with withCode by name and code ("德国 (DE)").
func countryOptions(lang string, withCode bool) countryChoices {
	if withCode {
		return countriesByName(lang)[1]
	}
	return countriesByName(lang)[0]
}

var countriesByName = perLanguage(func(lang string) [2]countryChoices {
	var common, rest []attract.Country
	for _, code := range commonEconomies {
		if c, ok := attract.CountryByCode(code); ok {
			common = append(common, c)
		}
	}
	coll := collator(lang)
	for _, c := range attract.Countries() {
		if !slices.Contains(commonEconomies, c.Alpha2) {
			rest = append(rest, c)
		}
	}
	slices.SortFunc(rest, func(a, b attract.Country) int { return coll.CompareString(a.Name(lang), b.Name(lang)) })
	var out [2]countryChoices
	for i, label := range []func(attract.Country) string{
		func(c attract.Country) string { return c.Name(lang) },
		func(c attract.Country) string { return c.Name(lang) + " (" + c.Alpha2 + ")" },
	} {
		opts := make([]option, 0, len(common)+len(rest))
		for _, c := range append(slices.Clip(common), rest...) {
			opts = append(opts, option{c.Alpha2, label(c)})
		}
		// Full slices, so that appending to one group never writes into
		// the other.
		out[i] = countryChoices{Common: opts[:len(common):len(common)], Rest: slices.Clip(opts[len(common):]), All: opts}
	}
	return out
})

// countryOptionsByCode lists every country and economy in code order,
// labelled "DE 德国", without the common group: the project list's economy
// filter.
var countryOptionsByCode = perLanguage(func(lang string) []option {
	var out []option
	for _, c := range attract.Countries() {
		out = append(out, option{c.Alpha2, c.Alpha2 + " " + c.Name(lang)})
	}
	return slices.Clip(out)
})

// countryName names a country or economy by its code in lang; an unknown
// code is shown as it is, and "" stays "".
func countryName(code, lang string) string {
	if c, ok := attract.CountryByCode(code); ok {
		return c.Name(lang)
	}
	return code
}

// ---- ISIC Rev.4 sectors ----

// sectorLevels are the levels of ISIC Rev.4, from the top.
var sectorLevels = [4]string{attract.SectorSection, attract.SectorDivision, attract.SectorGroup, attract.SectorClass}

// sectorStyle says which levels of ISIC Rev.4 a sector select offers and how
// it writes them: indent[i] before the code of an entry of sectorLevels[i],
// or "-" to leave that level out, and sep between code and name.
type sectorStyle struct {
	indent [4]string
	sep    string
}

func (st sectorStyle) label(s attract.Sector, lang string) (string, bool) {
	i := slices.Index(sectorLevels[:], s.Level)
	if i < 0 || st.indent[i] == "-" {
		return "", false
	}
	return st.indent[i] + s.Code + st.sep + s.Name(lang), true
}

// optGroup is an <optgroup> of a select.
type optGroup struct {
	Label   string
	Options []option
}

// sectorOptions returns the options of style, section by section in the
// classification's order, built once per language.
func sectorOptions(st sectorStyle) func(lang string) []option {
	return perLanguage(func(lang string) []option {
		var out []option
		for _, s := range attract.Sectors() {
			if label, ok := st.label(s, lang); ok {
				out = append(out, option{s.Code, label})
			}
		}
		return slices.Clip(out)
	})
}

// sectorGroups returns the options of style grouped by ISIC section, each
// group labelled "C 制造业", built once per language. The style's section
// level is the groups themselves.
func sectorGroups(st sectorStyle) func(lang string) []optGroup {
	st.indent[0] = "-"
	return perLanguage(func(lang string) []optGroup {
		var out []optGroup
		for _, s := range attract.Sectors() {
			if s.Level == attract.SectorSection {
				out = append(out, optGroup{Label: s.Code + " " + s.Name(lang)})
				continue
			}
			if label, ok := st.label(s, lang); ok && len(out) > 0 {
				g := &out[len(out)-1]
				g.Options = append(g.Options, option{s.Code, label})
			}
		}
		for i := range out {
			out[i].Options = slices.Clip(out[i].Options)
		}
		return out
	})
}

// sectorName names an ISIC entry as "2910 Manufacture of motor vehicles",
// in lang where it has a title in lang; an unknown code is shown as it is.
func sectorName(code, lang string) string {
	if s, ok := attract.SectorByCode(code); ok {
		return s.Code + " " + s.Name(lang)
	}
	return code
}

// sectorTitle is an ISIC entry's title alone, "" for an unknown code.
// Chinese titles exist down to divisions only: for a finer code, a Chinese
// page gets the title of the nearest level above that has one, rather than
// English.
func sectorTitle(code, lang string) string {
	s, ok := attract.SectorByCode(code)
	for ok && lang == "zh" && s.NameZH == "" && s.Parent != "" {
		s, ok = attract.SectorByCode(s.Parent)
	}
	if !ok {
		return ""
	}
	return s.Name(lang)
}

// sectorPath is sectorName, preceded on a Chinese page, for a code below the
// levels with Chinese titles, by the Chinese title it falls under:
// "汽车制造 › 2910 Manufacture of motor vehicles".
func sectorPath(code, lang string) string {
	name := sectorName(code, lang)
	if s, ok := attract.SectorByCode(code); ok && lang == "zh" && s.NameZH == "" {
		if above := sectorTitle(code, lang); above != "" && above != s.NameEN {
			name = above + " › " + name
		}
	}
	return name
}

// ---- Currencies ----

// commonCurrencies come first in currency selects, and are the reporting
// currencies the board offers: the ones Chinese agencies report in and those
// of their main sources of investment.
var commonCurrencies = []string{"CNY", "USD", "HKD", "EUR", "JPY", "GBP", "KRW", "SGD", "MOP", "TWD", "AUD", "CHF"}

// currencyNamesZH are the Chinese names of the common currencies.
var currencyNamesZH = map[string]string{
	"CNY": "人民币", "USD": "美元", "HKD": "港元", "EUR": "欧元", "JPY": "日元", "GBP": "英镑",
	"KRW": "韩元", "SGD": "新加坡元", "MOP": "澳门元", "TWD": "新台币", "AUD": "澳大利亚元", "CHF": "瑞士法郎",
}

// currencyLabel names a currency for a select in lang: "USD · 美元". Names
// other than of the common currencies are in English, as ISO 4217 has them.
func currencyLabel(code, lang string) string {
	if lang == "zh" {
		if n, ok := currencyNamesZH[code]; ok {
			return code + " · " + n
		}
	}
	if c, ok := attract.CurrencyByCode(code); ok {
		return code + " · " + c.Name
	}
	return code
}

// commonCurrencyOptions lists the common currencies, labelled in lang.
var commonCurrencyOptions = perLanguage(func(lang string) []option {
	out := make([]option, 0, len(commonCurrencies))
	for _, code := range commonCurrencies {
		out = append(out, option{code, currencyLabel(code, lang)})
	}
	return out
})

// currencyOptions lists every current currency, the common ones first, as
// "USD — US Dollar": the ISO 4217 code and English name, as the agency's rate
// tables write them.
var currencyOptions = sync.OnceValue(func() []option {
	var out []option
	add := func(c attract.Currency) { out = append(out, option{c.Code, c.Code + " — " + c.Name}) }
	for _, code := range commonCurrencies {
		if c, ok := attract.CurrencyByCode(code); ok {
			add(c)
		}
	}
	for _, c := range attract.Currencies() {
		if !slices.Contains(commonCurrencies, c.Code) {
			add(c)
		}
	}
	return slices.Clip(out)
})
