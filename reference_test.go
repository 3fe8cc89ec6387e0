package attract

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReferenceCounts(t *testing.T) {
	levels := func(n int, f func(i int) string) map[string]int {
		m := make(map[string]int)
		for i := range n {
			m[f(i)]++
		}
		return m
	}
	sectors, divisions := Sectors(), divisionData().list
	for _, tt := range []struct {
		name      string
		got, want any
	}{
		{"countries", len(Countries()), 249},
		{"currencies", len(Currencies()), 165},
		{"sectors", levels(len(sectors), func(i int) string { return sectors[i].Level }),
			map[string]int{SectorSection: 21, SectorDivision: 88, SectorGroup: 238, SectorClass: 419}},
		{"divisions", levels(len(divisions), func(i int) string { return divisions[i].Level }),
			map[string]int{DivisionProvince: 31, DivisionCity: 342, DivisionCounty: 2978}},
		{"provinces", len(DivisionChildren("")), 31},
		{"sections", len(SectorChildren("")), 21},
	} {
		if diff := cmp.Diff(tt.want, tt.got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestCountryList(t *testing.T) {
	list := Countries()
	if !slices.IsSortedFunc(list, func(a, b Country) int { return strings.Compare(a.Alpha2, b.Alpha2) }) {
		t.Error("Countries() is not sorted by Alpha2")
	}
	seen := make(map[string]bool)
	for _, c := range list {
		if len(c.Alpha2) != 2 || len(c.Alpha3) != 3 || len(c.Numeric) != 3 || c.NameEN == "" || c.NameZH == "" {
			t.Errorf("incomplete country %+v", c)
		}
		if seen[c.Alpha2] || seen[c.Alpha3] {
			t.Errorf("duplicate code in %+v", c)
		}
		seen[c.Alpha2], seen[c.Alpha3] = true, true
		if c.Currency != "" {
			if _, ok := CurrencyByCode(c.Currency); !ok {
				t.Errorf("%s: currency %q is not a current currency", c.Alpha2, c.Currency)
			}
		}
	}
	list[0].NameEN = "changed"
	if Countries()[0].NameEN == "changed" {
		t.Error("Countries() returns the shared table, not a copy")
	}
}

func TestCountryByCode(t *testing.T) {
	for _, tt := range []struct {
		code string
		want Country
		ok   bool
	}{
		{"CN", Country{"CN", "CHN", "156", "China", "中国", "CNY"}, true},
		{"chn", Country{"CN", "CHN", "156", "China", "中国", "CNY"}, true},
		{"HK", Country{"HK", "HKG", "344", "Hong Kong, China", "中国香港", "HKD"}, true},
		{"mac", Country{"MO", "MAC", "446", "Macao, China", "中国澳门", "MOP"}, true},
		{" TW ", Country{"TW", "TWN", "158", "Taiwan, China", "中国台湾", "TWD"}, true},
		{"VG", Country{"VG", "VGB", "092", "British Virgin Islands", "英属维尔京群岛", "USD"}, true},
		{"DE", Country{"DE", "DEU", "276", "Germany", "德国", "EUR"}, true},
		{"KR", Country{"KR", "KOR", "410", "South Korea", "韩国", "KRW"}, true},
		{"GB", Country{"GB", "GBR", "826", "United Kingdom", "英国", "GBP"}, true},
		{"US", Country{"US", "USA", "840", "United States", "美国", "USD"}, true},
		{"NA", Country{"NA", "NAM", "516", "Namibia", "纳米比亚", "NAD"}, true},
		{"UK", Country{}, false},
		{"XX", Country{}, false},
		{"", Country{}, false},
	} {
		got, ok := CountryByCode(tt.code)
		if ok != tt.ok || got != tt.want {
			t.Errorf("CountryByCode(%q) = %+v, %v; want %+v, %v", tt.code, got, ok, tt.want, tt.ok)
		}
	}
}

func TestLookupCountry(t *testing.T) {
	for _, tt := range []struct {
		in, want string
	}{
		{"Hong Kong, China", "HK"}, {"Hong Kong SAR", "HK"}, {"hong kong", "HK"}, {"香港", "HK"}, {"中国香港", "HK"},
		{"HK", "HK"}, {"China, Hong Kong Special Administrative Region", "HK"}, {"中国香港特别行政区", "HK"},
		{"Macau", "MO"}, {"Macao", "MO"}, {"Macao, China", "MO"}, {"澳门", "MO"}, {"中国澳门", "MO"},
		{"Germany", "DE"}, {"GERMANY", "DE"}, {"德国", "DE"}, {"Federal Republic of Germany", "DE"}, {"德意志联邦共和国", "DE"},
		{"USA", "US"}, {"United States", "US"}, {"United States of America", "US"}, {"U.S.", "US"}, {"美国", "US"}, {"美利坚合众国", "US"},
		{"UK", "GB"}, {"United Kingdom", "GB"}, {"英国", "GB"}, {"United Kingdom of Great Britain and Northern Ireland", "GB"},
		{"Korea", "KR"}, {"South Korea", "KR"}, {"Republic of Korea", "KR"}, {"韩国", "KR"}, {"大韩民国", "KR"}, {"North Korea", "KP"},
		{"BVI", "VG"}, {"British Virgin Islands", "VG"}, {"英属维尔京群岛", "VG"},
		{"Cayman Islands", "KY"}, {"cayman  islands", "KY"}, {"开曼群岛", "KY"},
		{"Taiwan", "TW"}, {"Taiwan, China", "TW"}, {"台湾", "TW"}, {"中国台湾", "TW"},
		{"China", "CN"}, {"中国", "CN"}, {"中华人民共和国", "CN"}, {"People's Republic of China", "CN"},
		{"Singapore", "SG"}, {"新加坡", "SG"}, {"Japan", "JP"}, {"日本", "JP"}, {"France", "FR"}, {"法国", "FR"},
		{"Viet Nam", "VN"}, {"Vietnam", "VN"}, {"Russia", "RU"}, {"Russian Federation", "RU"},
		{"Côte d’Ivoire", "CI"}, {"Cote d'Ivoire", "CI"}, {"Türkiye", "TR"}, {"Turkey", "TR"},
		{"Netherlands", "NL"}, {"the Netherlands", "NL"}, {"荷兰", "NL"},
		{"ＵＳＡ", "US"}, {"  germany ", "DE"},
	} {
		got, ok := LookupCountry(tt.in)
		if !ok || got.Alpha2 != tt.want {
			t.Errorf("LookupCountry(%q) = %s, %v; want %s", tt.in, got.Alpha2, ok, tt.want)
		}
	}
	for _, in := range []string{"", "Atlantis", "Hong", "中", "XYZ", "Europe"} {
		if got, ok := LookupCountry(in); ok {
			t.Errorf("LookupCountry(%q) = %s; want no match", in, got.Alpha2)
		}
	}
}

// Every name of every country must find that country, or the index has
// silently dropped a name two countries share.
func TestLookupCountryOwnNames(t *testing.T) {
	for _, c := range Countries() {
		for _, s := range []string{c.Alpha2, c.Alpha3, c.NameEN, c.NameZH, strings.ToLower(c.NameEN)} {
			if got, ok := LookupCountry(s); !ok || got.Alpha2 != c.Alpha2 {
				t.Errorf("LookupCountry(%q) = %s, %v; want %s", s, got.Alpha2, ok, c.Alpha2)
			}
		}
	}
}

func TestCurrencyByCode(t *testing.T) {
	for _, tt := range []struct {
		code string
		want Currency
		ok   bool
	}{
		{"CNY", Currency{"CNY", "Yuan Renminbi", "156", 2}, true},
		{"cny", Currency{"CNY", "Yuan Renminbi", "156", 2}, true},
		{"JPY", Currency{"JPY", "Yen", "392", 0}, true},
		{"KWD", Currency{"KWD", "Kuwaiti Dinar", "414", 3}, true},
		{"CLF", Currency{"CLF", "Unidad de Fomento", "990", 4}, true},
		{"EUR", Currency{"EUR", "Euro", "978", 2}, true},
		{"HRK", Currency{}, false}, // withdrawn in 2023
		{"XAU", Currency{}, false}, // gold has no minor unit
		{"XXX", Currency{}, false},
		{"", Currency{}, false},
	} {
		got, ok := CurrencyByCode(tt.code)
		if ok != tt.ok || got != tt.want {
			t.Errorf("CurrencyByCode(%q) = %+v, %v; want %+v, %v", tt.code, got, ok, tt.want, tt.ok)
		}
	}
	list := Currencies()
	if !slices.IsSortedFunc(list, func(a, b Currency) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("Currencies() is not sorted by code")
	}
}

func TestSectors(t *testing.T) {
	for _, tt := range []struct {
		code string
		want Sector
	}{
		{"C", Sector{Code: "C", Level: "section", Section: "C", NameEN: "Manufacturing", NameZH: "制造业"}},
		{"c", Sector{Code: "C", Level: "section", Section: "C", NameEN: "Manufacturing", NameZH: "制造业"}},
		{"29", Sector{Code: "29", Level: "division", Section: "C", Parent: "C",
			NameEN: "Manufacture of motor vehicles, trailers and semi-trailers", NameZH: "汽车、挂车和半挂车的制造"}},
		{"291", Sector{Code: "291", Level: "group", Section: "C", Parent: "29", NameEN: "Manufacture of motor vehicles"}},
		{"2910", Sector{Code: "2910", Level: "class", Section: "C", Parent: "291", NameEN: "Manufacture of motor vehicles"}},
		{"0111", Sector{Code: "0111", Level: "class", Section: "A", Parent: "011",
			NameEN: "Growing of cereals (except rice), leguminous crops and oil seeds"}},
		{"99", Sector{Code: "99", Level: "division", Section: "U", Parent: "U",
			NameEN: "Activities of extraterritorial organizations and bodies", NameZH: "域外组织和机构的活动"}},
	} {
		got, ok := SectorByCode(tt.code)
		if !ok {
			t.Errorf("SectorByCode(%q) found nothing", tt.code)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("SectorByCode(%q) (-want +got):\n%s", tt.code, diff)
		}
	}
	for _, code := range []string{"", "Z", "00", "2911", "29100"} {
		if _, ok := SectorByCode(code); ok {
			t.Errorf("SectorByCode(%q) found an entry", code)
		}
	}

	// The chain of parents of every entry ends at its own section, and only
	// sections and divisions carry Chinese names.
	for _, s := range Sectors() {
		p := s
		for p.Parent != "" {
			var ok bool
			if p, ok = SectorByCode(p.Parent); !ok {
				t.Fatalf("%s: parent %s not found", s.Code, s.Parent)
			}
		}
		if p.Code != s.Section || p.Level != SectorSection {
			t.Errorf("%s: chain of parents ends at %s, want section %s", s.Code, p.Code, s.Section)
		}
		hasZH := s.Level == SectorSection || s.Level == SectorDivision
		if (s.NameZH != "") != hasZH {
			t.Errorf("%s (%s): NameZH = %q", s.Code, s.Level, s.NameZH)
		}
	}

	c2910, _ := SectorByCode("2910")
	if got := c2910.Name("zh"); got != "Manufacture of motor vehicles" {
		t.Errorf("class 2910 Name(zh) = %q, want the English fallback", got)
	}
	c, _ := SectorByCode("C")
	if c.Name("zh") != "制造业" || c.Name("en") != "Manufacturing" {
		t.Errorf("section C names: %q, %q", c.Name("zh"), c.Name("en"))
	}
	var groups []string
	for _, s := range SectorChildren("29") {
		groups = append(groups, s.Code)
	}
	if diff := cmp.Diff([]string{"291", "292", "293"}, groups); diff != "" {
		t.Errorf("SectorChildren(29) (-want +got):\n%s", diff)
	}
}

func TestDivisions(t *testing.T) {
	d, ok := DivisionByCode("4412")
	if want := (Division{"4412", "肇庆市", DivisionCity, "44"}); !ok || d != want {
		t.Errorf("DivisionByCode(4412) = %+v, %v; want %+v", d, ok, want)
	}
	p, ok := DivisionByCode(d.Parent)
	if want := (Division{"44", "广东省", DivisionProvince, ""}); !ok || p != want {
		t.Errorf("parent of 4412 = %+v, %v; want %+v", p, ok, want)
	}
	var counties []string
	for _, c := range DivisionChildren("4412") {
		counties = append(counties, c.Code+" "+c.Name)
	}
	if diff := cmp.Diff([]string{"441202 端州区", "441203 鼎湖区", "441204 高要区", "441223 广宁县", "441224 怀集县",
		"441225 封开县", "441226 德庆县", "441284 四会市"}, counties); diff != "" {
		t.Errorf("DivisionChildren(4412) (-want +got):\n%s", diff)
	}
	if !slices.Contains(DivisionChildren("44"), d) {
		t.Error("DivisionChildren(44) lacks 4412")
	}
	for _, code := range []string{"", "4499", "441299", "81", "abc"} {
		if _, ok := DivisionByCode(code); ok {
			t.Errorf("DivisionByCode(%q) found a division", code)
		}
	}

	for _, dv := range divisionData().list {
		if dv.Level == DivisionProvince {
			continue
		}
		parent, ok := DivisionByCode(dv.Parent)
		if !ok || !strings.HasPrefix(dv.Code, parent.Code) || len(dv.Code) != len(parent.Code)+2 {
			t.Errorf("%s %s: bad parent %q", dv.Code, dv.Name, dv.Parent)
		}
	}
}

func TestDivisionPlaceholders(t *testing.T) {
	for _, tt := range []struct {
		code string
		want bool
	}{
		{"1101", true}, {"5001", true}, {"5002", true}, {"4190", true}, {"6590", true},
		{"4412", false}, {"11", false}, {"110101", false},
	} {
		d, _ := DivisionByCode(tt.code)
		if got := d.IsPlaceholder(); got != tt.want {
			t.Errorf("%s %s: IsPlaceholder() = %v, want %v", tt.code, d.Name, got, tt.want)
		}
	}
}

func TestLookupDivision(t *testing.T) {
	for _, tt := range []struct {
		name string
		want []string
	}{
		{"肇庆", []string{"4412"}},
		{"肇庆市", []string{"4412"}},
		{" 端州区 ", []string{"441202"}},
		{"端州", []string{"441202"}},
		{"广东", []string{"44"}},
		{"广东省", []string{"44"}},
		{"北京", []string{"11"}},
		{"广西", []string{"45"}},
		{"内蒙古", []string{"15"}},
		{"新疆", []string{"65"}},
		{"延边", []string{"2224"}},
		{"恩施", []string{"4228", "422801"}},
		{"长阳", []string{"420528"}},
		{"朝阳", []string{"2113", "110105", "211321", "220104"}},
		{"朝阳区", []string{"110105", "220104"}},
		{"市辖区", nil},
		{"县", nil},
		{"", nil},
		{"Zhaoqing", nil},
	} {
		var got []string
		for _, d := range LookupDivision(tt.name) {
			got = append(got, d.Code)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("LookupDivision(%q) (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestShortDivisionName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"肇庆市", "肇庆"}, {"广西壮族自治区", "广西"}, {"宁夏回族自治区", "宁夏"}, {"新疆维吾尔自治区", "新疆"},
		{"恩施土家族苗族自治州", "恩施"}, {"互助土族自治县", "互助"}, {"大理白族自治州", "大理"},
		{"积石山保安族东乡族撒拉族自治县", "积石山"}, {"香港特别行政区", "香港"}, {"锡林郭勒盟", "锡林郭勒"},
		{"沛县", "沛"}, {"神农架林区", "神农架"}, {"大兴安岭地区", "大兴安岭"},
	} {
		if got := shortDivisionName(tt.in); got != tt.want {
			t.Errorf("shortDivisionName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDivisionsHKMOTW(t *testing.T) {
	m := HKMOTWDistricts()
	if len(m) != 3 || !slices.Contains(m["香港特别行政区"]["九龙"], "油尖旺区") || len(m["台湾省"]) != 20 {
		t.Errorf("HKMOTWDistricts() = %v", m)
	}
	m["香港特别行政区"]["九龙"][0] = "changed"
	if HKMOTWDistricts()["香港特别行政区"]["九龙"][0] == "changed" {
		t.Error("HKMOTWDistricts() returns the shared table, not a copy")
	}
}

// BenchmarkReferenceLoad measures the one-time cost of parsing the embedded
// tables, which the first lookup of each kind pays.
func BenchmarkReferenceLoad(b *testing.B) {
	for _, bb := range []struct {
		name string
		load func()
	}{
		{"countries", func() { loadCountries() }},
		{"currencies", func() { loadCurrencies() }},
		{"sectors", func() { loadSectors() }},
		{"divisions", func() { loadDivisions() }},
	} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				bb.load()
			}
		})
	}
}
