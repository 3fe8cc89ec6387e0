package web

import (
	"encoding/json"
	"slices"
	"testing"

	"attract"
)

func optionValues(opts []option) []string {
	out := make([]string, len(opts))
	for i, o := range opts {
		out[i] = o.Value
	}
	return out
}

func TestCountryOptions(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		for _, withCode := range []bool{false, true} {
			c := countryOptions(lang, withCode)
			if got := optionValues(c.Common); !slices.Equal(got, commonEconomies) {
				t.Errorf("%s: common %v, want %v", lang, got, commonEconomies)
			}
			if len(c.All) != len(attract.Countries()) || len(c.Common)+len(c.Rest) != len(c.All) {
				t.Errorf("%s: %d common + %d rest, %d in all, want %d", lang, len(c.Common), len(c.Rest), len(c.All), len(attract.Countries()))
			}
			if !slices.Equal(optionValues(c.All), append(optionValues(c.Common), optionValues(c.Rest)...)) {
				t.Errorf("%s: All is not Common then Rest", lang)
			}
			for _, o := range c.Rest {
				if slices.Contains(commonEconomies, o.Value) {
					t.Errorf("%s: %s is both common and not", lang, o.Value)
				}
			}
			// Appending to a group must not write into the shared lists.
			_ = append(c.Common, option{"XX", "XX"})
			if c.Rest[0].Value == "XX" || c.All[len(c.Common)].Value == "XX" {
				t.Errorf("%s: appending to Common changed the shared lists", lang)
			}
			// Built once: the same backing array every time.
			if again := countryOptions(lang, withCode); &again.All[0] != &c.All[0] {
				t.Errorf("%s: built again", lang)
			}
		}
	}
	label := func(lang string, withCode bool, code string) string {
		for _, o := range countryOptions(lang, withCode).All {
			if o.Value == code {
				return o.Label
			}
		}
		return ""
	}
	for _, tc := range []struct {
		lang     string
		withCode bool
		code     string
		want     string
	}{
		{"zh", false, "DE", "德国"}, {"zh", true, "DE", "德国 (DE)"},
		{"en", false, "HK", "Hong Kong, China"}, {"en", true, "HK", "Hong Kong, China (HK)"},
	} {
		if got := label(tc.lang, tc.withCode, tc.code); got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.lang, tc.code, got, tc.want)
		}
	}
	// Chinese names sort by pinyin: 阿根廷 (a-), 埃及 (ai-), 巴西 (ba-), 南非
	// (nan-); 阿联酋 (a-) comes near the top, while the United Arab Emirates
	// is near the end in English.
	index := func(lang, code string) int {
		return slices.IndexFunc(countryOptions(lang, false).Rest, func(o option) bool { return o.Value == code })
	}
	for _, pair := range [][2]string{{"AR", "EG"}, {"EG", "BR"}, {"BR", "ZA"}} {
		if a, b := index("zh", pair[0]), index("zh", pair[1]); a < 0 || b < 0 || a > b {
			t.Errorf("zh: %s at %d, %s at %d", pair[0], a, pair[1], b)
		}
	}
	if zh, en := index("zh", "AE"), index("en", "AE"); zh > 5 || en < len(countryOptions("en", false).Rest)-20 {
		t.Errorf("AE at %d in Chinese, %d in English", zh, en)
	}
	if byCode := countryOptionsByCode("zh"); byCode[0].Label != "AD 安道尔" || len(byCode) != len(attract.Countries()) {
		t.Errorf("by code: %v…", byCode[:2])
	}
}

func TestCountryName(t *testing.T) {
	for _, tc := range []struct{ code, lang, want string }{
		{"DE", "zh", "德国"}, {"de", "en", "Germany"}, {"DEU", "en", "Germany"}, {"XX", "zh", "XX"}, {"", "zh", ""},
	} {
		if got := countryName(tc.code, tc.lang); got != tc.want {
			t.Errorf("countryName(%q, %s) = %q, want %q", tc.code, tc.lang, got, tc.want)
		}
	}
}

func TestSectorOptions(t *testing.T) {
	outline := sectorOptions(sectorStyle{indent: [4]string{"", ">", ">>", ">>>"}, sep: " "})
	if got, want := len(outline("en")), len(attract.Sectors()); got != want {
		t.Errorf("outline: %d entries, want %d", got, want)
	}
	top := sectorOptions(sectorStyle{indent: [4]string{"", "·", "-", "-"}, sep: " · "})("zh")
	if top[0] != (option{"A", "A · 农业、林业及渔业"}) || top[1].Value != "01" || top[1].Label[:len("·01 · ")] != "·01 · " {
		t.Errorf("sections and divisions: %v", top[:2])
	}
	for _, o := range top {
		if len(o.Value) > 2 {
			t.Errorf("a group or class among sections and divisions: %v", o)
		}
	}
	groups := sectorGroups(sectorStyle{indent: [4]string{"", "", "-", "+"}, sep: " "})("en")
	if len(groups) != len(attract.SectorChildren("")) || groups[2].Label != "C Manufacturing" {
		t.Fatalf("%d groups, the third %q", len(groups), groups[2].Label)
	}
	c := optionValues(groups[2].Options)
	if !slices.Contains(c, "29") || !slices.Contains(c, "2910") || slices.Contains(c, "291") || slices.Contains(c, "C") {
		t.Errorf("manufacturing: %v", c)
	}
}

func TestSectorNames(t *testing.T) {
	for _, tc := range []struct {
		f              func(code, lang string) string
		name           string
		code, lang, ok string
	}{
		{sectorName, "sectorName", "C", "zh", "C 制造业"},
		{sectorName, "sectorName", "2910", "zh", "2910 Manufacture of motor vehicles"},
		{sectorName, "sectorName", "ZZ", "zh", "ZZ"},
		{sectorName, "sectorName", "", "en", ""},
		{sectorTitle, "sectorTitle", "29", "zh", "汽车、挂车和半挂车的制造"},
		{sectorTitle, "sectorTitle", "2910", "zh", "汽车、挂车和半挂车的制造"},
		{sectorTitle, "sectorTitle", "2910", "en", "Manufacture of motor vehicles"},
		{sectorTitle, "sectorTitle", "ZZ", "zh", ""},
		{sectorPath, "sectorPath", "2910", "zh", "汽车、挂车和半挂车的制造 › 2910 Manufacture of motor vehicles"},
		{sectorPath, "sectorPath", "291", "zh", "汽车、挂车和半挂车的制造 › 291 Manufacture of motor vehicles"},
		{sectorPath, "sectorPath", "29", "zh", "29 汽车、挂车和半挂车的制造"},
		{sectorPath, "sectorPath", "2910", "en", "2910 Manufacture of motor vehicles"},
		{sectorPath, "sectorPath", "ZZ", "zh", "ZZ"},
		{sectorPath, "sectorPath", "", "zh", ""},
	} {
		if got := tc.f(tc.code, tc.lang); got != tc.ok {
			t.Errorf("%s(%q, %s) = %q, want %q", tc.name, tc.code, tc.lang, got, tc.ok)
		}
	}
}

func TestCurrencyOptions(t *testing.T) {
	for _, lang := range []string{"zh", "en"} {
		if got := optionValues(commonCurrencyOptions(lang)); !slices.Equal(got, commonCurrencies) {
			t.Errorf("%s: %v", lang, got)
		}
	}
	if got := commonCurrencyOptions("zh")[1].Label; got != "USD · 美元" {
		t.Errorf("zh: %q", got)
	}
	all := currencyOptions()
	if len(all) != len(attract.Currencies()) || !slices.Equal(optionValues(all[:len(commonCurrencies)]), commonCurrencies) {
		t.Errorf("%d currencies, first %v", len(all), optionValues(all[:len(commonCurrencies)]))
	}
	if all[1].Label != "USD — US Dollar" {
		t.Errorf("%q", all[1].Label)
	}
}

func TestSavedSince(t *testing.T) {
	entry := func(before, after string) *attract.AuditEntry {
		e := &attract.AuditEntry{ActorName: after}
		if before != "" {
			e.Before = json.RawMessage(before)
		}
		if after != "" {
			e.After = json.RawMessage(after)
		}
		return e
	}
	entries := []*attract.AuditEntry{ // newest first, as FindAudit lists them
		entry(`{"version":4}`, `{"version":5}`),
		entry(`{"version":3}`, `{"version":4}`),
		entry(`{"version":2}`, `{"version":3}`), // the save the user loaded
		entry(`{"version":1}`, `{"version":2}`),
		entry(``, `{"version":1}`), // created
	}
	got := savedSince(entries, 3)
	if len(got) != 2 || got[0] != entries[0] || got[1] != entries[1] {
		t.Errorf("saved since version 3: %d entries", len(got))
	}
	if got := savedSince(entries, 5); len(got) != 0 {
		t.Errorf("saved since the latest version: %d entries", len(got))
	}
	if got := savedSince([]*attract.AuditEntry{entry(`{"version":7}`, ``)}, 1); len(got) != 0 {
		t.Error("a deletion (no after) counts as a save since")
	}
}

func TestChangedKeys(t *testing.T) {
	for _, tc := range []struct {
		before, after string
		want          []string
	}{
		{`{"a":1,"b":"x","c":{"p":1,"q":2}}`, `{"a":1,"b":"y","c":{"q":2, "p":1}}`, []string{"b"}},
		{`{"a":1,"b":null}`, `{"a":1.0,"c":2}`, []string{"c"}},
		{`{"a":1,"b":"x"}`, `{"a":1}`, []string{"b"}},
		{``, `{"a":1}`, []string{"a"}},
		{`{"a":1}`, `null`, []string{"a"}},
	} {
		if got := changedKeys(json.RawMessage(tc.before), json.RawMessage(tc.after)); !slices.Equal(got, tc.want) {
			t.Errorf("%s → %s: %v, want %v", tc.before, tc.after, got, tc.want)
		}
	}
}
