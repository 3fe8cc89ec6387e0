package importer_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"attract"
	"attract/importer"
)

func TestParseAmount(t *testing.T) {
	for _, tc := range []struct {
		in, unit, want string // want "" means an error
	}{
		{"3,500万元", "", "CNY 35,000,000.00"},
		{"1.2亿", "", "CNY 120,000,000.00"},
		{"$1,740 ", "", "USD 1,740.00"},
		{"US$ 12.5 million", "", "USD 12,500,000.00"},
		{"3500", "万元", "CNY 35,000,000.00"},
		{"3,500万元", "万元", "CNY 35,000,000.00"}, // the cell's own unit wins
		{"1.5", "亿元", "CNY 150,000,000.00"},
		{"800", "万美元", "USD 8,000,000.00"},
		{"12.5", "US$ million", "USD 12,500,000.00"},
		{"12.5", "US$ m", "USD 12,500,000.00"},
		{"10.8", "US$ millions", "USD 10,800,000.00"},
		{"$1,740", "US$ million", "USD 1,740,000,000.00"}, // a currency in the cell, the multiplier from the header
		{"3500美元", "万元", "USD 35,000,000.00"},
		{"250", "", "CNY 250.00"},
		{"２５０万元", "", "CNY 2,500,000.00"},
		{"EUR 3.4m", "万元", "EUR 3,400,000.00"},
		{"abc", "", ""},
		{"1,5", "", ""},
		{"99999999999999999999", "", ""},
		{"", "万元", ""},
	} {
		unit, err := importer.ParseUnit(tc.unit)
		if err != nil {
			t.Fatalf("unit %q: %v", tc.unit, err)
		}
		m, err := importer.ParseAmount(tc.in, unit, "CNY")
		switch {
		case tc.want == "" && err == nil:
			t.Errorf("ParseAmount(%q, %q) = %v, want an error", tc.in, tc.unit, m)
		case tc.want != "" && err != nil:
			t.Errorf("ParseAmount(%q, %q): %v", tc.in, tc.unit, err)
		case tc.want != "" && m.String() != tc.want:
			t.Errorf("ParseAmount(%q, %q) = %v, want %s", tc.in, tc.unit, m, tc.want)
		case err != nil:
			checkBilingual(t, err)
		}
	}
}

func TestParseUnit(t *testing.T) {
	for _, tc := range []struct {
		in       string
		exp      int
		currency string
		ok       bool
	}{
		{"万元", 4, "CNY", true}, {"亿元", 8, "CNY", true}, {"万美元", 4, "USD", true}, {"百万美元", 6, "USD", true},
		{"US$ million", 6, "USD", true}, {"USD m", 6, "USD", true}, {"(万元)", 4, "CNY", true}, {"万", 4, "", true},
		{"美元", 0, "USD", true}, {"EUR", 0, "EUR", true}, {"", 0, "", true}, {"furlongs", 0, "", false},
	} {
		u, err := importer.ParseUnit(tc.in)
		if (err == nil) != tc.ok || (tc.ok && (u.Exp != tc.exp || u.Currency != tc.currency)) {
			t.Errorf("ParseUnit(%q) = %+v, %v; want %d %s", tc.in, u, err, tc.exp, tc.currency)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"2023-10-19", "2023-10-19"}, {"2023/10/19", "2023-10-19"}, {"2023年10月19日", "2023-10-19"},
		{"2023.10.19", "2023-10-19"}, {"Oct 2023", "2023-10-01"}, {"October 2023", "2023-10-01"},
		{"19 Oct 2023", "2023-10-19"}, {"Oct 19, 2023", "2023-10-19"}, {"45218", "2023-10-19"},
		{"45218.5", "2023-10-19"}, {"2023年10月", "2023-10-01"}, {"2023-10", "2023-10-01"}, {"2023", "2023-01-01"},
		{"20231019", "2023-10-19"}, {"19/10/2023", "2023-10-19"}, {"10/19/2023", "2023-10-19"},
		{"2023-10-19 14:30", "2023-10-19"}, {"２０２３年１０月１９日", "2023-10-19"},
		{"03/04/2023", ""}, {"2023-02-30", ""}, {"0023-10-19", ""}, {"tomorrow", ""}, {"", ""}, {"Foo 2023", ""},
		{"99999999", ""},
	} {
		d, err := importer.ParseDate(tc.in)
		switch {
		case tc.want == "" && err == nil:
			t.Errorf("ParseDate(%q) = %v, want an error", tc.in, d)
		case tc.want != "" && err != nil:
			t.Errorf("ParseDate(%q): %v", tc.in, err)
		case tc.want != "" && d.String() != tc.want:
			t.Errorf("ParseDate(%q) = %v, want %s", tc.in, d, tc.want)
		case err != nil:
			checkBilingual(t, err)
		}
	}
}

func TestParseDateTime(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"2023-10-19 14:30", time.Date(2023, 10, 19, 14, 30, 0, 0, cst)},
		{"2023/10/19", time.Date(2023, 10, 19, 0, 0, 0, 0, cst)},
		{"2023-10-19T06:30:00Z", time.Date(2023, 10, 19, 6, 30, 0, 0, time.UTC)},
		{"45218.5", time.Date(2023, 10, 19, 12, 0, 0, 0, cst)},
	} {
		got, err := importer.ParseDateTime(tc.in)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("ParseDateTime(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
	if _, err := importer.ParseDateTime("2023-10-19 25:00"); err == nil {
		t.Error("25 o'clock was read")
	}
}

func TestParsePercent(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64 // -1: an error
	}{
		{"45%", 45}, {"0.45", 45}, {"45", 45}, {"45 ％", 45}, {"24.6", 25}, {"1.0", 100}, {"100%", 100}, {"0", 0},
		{"101", -1}, {"-5%", -1}, {"abc", -1}, {"NaN", -1}, {"1e2", -1},
	} {
		got, err := importer.ParsePercent(tc.in)
		if (err != nil) != (tc.want < 0) || (err == nil && got != tc.want) {
			t.Errorf("ParsePercent(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
}

func TestParseCountry(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Hong Kong, China", "HK"}, {"香港", "HK"}, {"HK", "HK"}, {"France", "FR"}, {"德国", "DE"}, {"Korea, Rep.", "KR"},
		{"China", "CN"}, {"中国", "CN"}, {"Singapore", "SG"}, {"usa", "US"}, {"Atlantis", ""},
	} {
		c, err := importer.ParseCountry(tc.in)
		if (err != nil) != (tc.want == "") || c.Alpha2 != tc.want {
			t.Errorf("ParseCountry(%q) = %s, %v; want %s", tc.in, c.Alpha2, err, tc.want)
		}
	}
}

func TestParseStage(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want attract.Stage
	}{
		{"signed", attract.StageSigned}, {"Signed", attract.StageSigned}, {"签约", attract.StageSigned}, {"已签约", attract.StageSigned},
		{"在谈", attract.StageNegotiating}, {"On hold", attract.StageOnHold}, {"on_hold", attract.StageOnHold},
		{"投产", attract.StageOperating}, {"Operational", attract.StageOperating}, {"流失", attract.StageLost}, {"maybe", ""},
	} {
		got, err := importer.ParseStage(tc.in)
		if (err != nil) != (tc.want == "") || got != tc.want {
			t.Errorf("ParseStage(%q) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

func TestParseSponsors(t *testing.T) {
	sps, err := importer.ParseSponsors("NWS Holdings Limited (29% / Hong Kong, China), \r\rSUEZ (29% / France)")
	if err != nil || len(sps) != 2 {
		t.Fatalf("%+v, %v", sps, err)
	}
	if sps[0].Name != "NWS Holdings Limited" || *sps[0].Stake != 29 || sps[0].Country != "HK" || sps[1].Name != "SUEZ" || sps[1].Country != "FR" {
		t.Errorf("%+v %+v", sps[0], sps[1])
	}
	sps, _ = importer.ParseSponsors("Protection (Asia) Water Treatment Holding (.. / Hong Kong, China), \r\rHatlen Investment Pty Ltd (.. / Australia)")
	if len(sps) != 2 || sps[0].Name != "Protection (Asia) Water Treatment Holding" || sps[0].Stake != nil || sps[1].Country != "AU" {
		t.Errorf("names with brackets: %+v", sps)
	}
	sps, _ = importer.ParseSponsors("Chongqing Kangda Environmental Protection Co. Ltd. (100% / ..)")
	if len(sps) != 1 || sps[0].Country != "" || *sps[0].Stake != 100 {
		t.Errorf("unknown economy: %+v", sps)
	}
	if _, err := importer.ParseSponsors("X (140% / France)"); err == nil {
		t.Error("a stake of 140% was read")
	}
}

func TestResolvePlace(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		partial  bool
	}{
		{"Jiangmen City, Guangdong Province", "广东省 江门市", false},
		{"Baoying County, Yangzhou City, Jiangsu Province", "江苏省 扬州市 宝应县", false},
		{"Shenyang City, Lioaning Province", "辽宁省 沈阳市", false},
		{"Chang'an District, Xi'an City, Shannxi Province", "陕西省 西安市 长安区", false},
		{"Kuming city, Yunan Province", "云南省 昆明市", false},
		{"Henghsui City, Hebei Province", "河北省 衡水市", false},
		{"Lv Liang City, Shanxi Province, China", "山西省 吕梁市", false},
		{"Yanshan County, Jiangxi Province", "江西省 上饶市 铅山县", false},
		{"Fengxian District of Shanghai", "上海市 奉贤区", false},
		{"Beijing Municipality", "北京市", false},
		{"Urumqi, Xinjiang Uyghur Autonmous Region", "新疆维吾尔自治区 乌鲁木齐市", false},
		{"广东省江门市", "", false},
		{"肇庆", "广东省 肇庆市", false},
		{"Tanzhou City, Guangdong Province", "广东省", true},
		{"Hubei Province", "湖北省", true},
		{"Atlantis", "", false},
	} {
		p, ok := importer.ResolvePlace(tc.in)
		if ok != (tc.want != "") || p.Path != tc.want || (ok && p.Partial != tc.partial) {
			t.Errorf("ResolvePlace(%q) = %q (partial %v), %v; want %q (partial %v)", tc.in, p.Path, p.Partial, ok, tc.want, tc.partial)
		}
	}
}

func TestCompanyKey(t *testing.T) {
	same := [][]string{
		{"NWS Holdings Limited", "NWS HOLDINGS LTD.", "ＮＷＳ Holdings", "nws holdings co., ltd"},
		{"西银智慧产业园有限公司", "西银智慧产业园有限责任公司", "西银智慧产业园股份有限公司", "西银智慧产业园"},
		{"Fomento de Construcciones y Contratas S.A.", "Fomento de Construcciones y Contratas SA"},
		{"Berlinwasser International AG", "Berlinwasser International"},
		{"Paige Automotive Trim GmbH", "Paige Automotive Trim"},
		{"Hyflux Pte Ltd", "Hyflux"},
	}
	for _, group := range same {
		for _, n := range group[1:] {
			if a, b := importer.CompanyKey(group[0]), importer.CompanyKey(n); a != b {
				t.Errorf("CompanyKey(%q) = %q, CompanyKey(%q) = %q", group[0], a, n, b)
			}
		}
	}
	if importer.CompanyKey("SUEZ") == importer.CompanyKey("SUEZ Asia") {
		t.Error("SUEZ and SUEZ Asia have one key")
	}
	if importer.CompanyKey("Limited") == "" {
		t.Error("a name that is only a legal form has no key")
	}
}

func TestDetect(t *testing.T) {
	header := []string{"外部编号", "项目名称", "投资方", "总投资(万元)", "签约日期", "阶段", "来源地", "行业", "统一社会信用代码", "负责人", "备注", "实际到资（万美元）", "Something else"}
	m := importer.Detect(attract.ImportProjects, header)
	want := []struct{ field, unit string }{
		{"external_id", ""}, {"name", ""}, {"investor", ""}, {"total_investment", "万元"}, {"contract_actual", ""},
		{"stage", ""}, {"source_economy", ""}, {"sector", ""}, {"investor_uscc", ""}, {"owner", ""}, {"notes", ""},
		{"utilized", "万美元"}, {"", ""},
	}
	for i, w := range want {
		if c := m.Columns[i]; c.Field != w.field || c.Unit != w.unit {
			t.Errorf("%q → %q (%q), want %q (%q)", header[i], c.Field, c.Unit, w.field, w.unit)
		}
	}
	en := importer.Detect(attract.ImportProjects, []string{"ID", "Project name", "Investor", "Total investment (US$ m)", "Stage", "Source economy", "Financial closure year", "Financial closure Month"})
	wantEN := []string{"external_id", "name", "investor", "total_investment", "stage", "source_economy", "contract_actual", "contract_actual"}
	for i, w := range wantEN {
		if en.Columns[i].Field != w {
			t.Errorf("%q → %q, want %q", en.Columns[i].Column, en.Columns[i].Field, w)
		}
	}
	if en.Columns[3].Unit != "US$ m" || en.Columns[6].Format != "year" || en.Columns[7].Format != "month" {
		t.Errorf("units and formats: %+v", en.Columns)
	}
}

// checkBilingual fails unless err is an EINVALID *attract.Error with a
// message in each language.
func checkBilingual(t *testing.T, err error) {
	t.Helper()
	e, ok := err.(*attract.Error)
	if !ok || e.Code != attract.EINVALID || e.Message == "" || e.MessageZH == "" || e.Message == e.MessageZH {
		t.Errorf("not a bilingual EINVALID error: %#v", err)
	}
}

// The fuzz targets: no input makes a parser panic, every failure is a
// bilingual error, and what is read is well formed.

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"3,500万元", "1.2亿", "$1,740 ", "US$ 12.5 million", "3500", "-5", "1e9", "万万"} {
		f.Add(s, "万元")
		f.Add(s, "US$ million")
	}
	f.Fuzz(func(t *testing.T, s, unit string) {
		u, err := importer.ParseUnit(unit)
		if err != nil {
			checkBilingual(t, err)
			return
		}
		m, err := importer.ParseAmount(s, u, "CNY")
		if err != nil {
			if _, ok := err.(*attract.Error); !ok {
				t.Fatalf("%T %v", err, err)
			}
			return
		}
		if err := m.Validate(); err != nil {
			t.Fatalf("ParseAmount(%q, %q) = %v, invalid: %v", s, unit, m, err)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2023-10-19", "2023年10月19日", "Oct 2023", "45218", "19/10/2023", "2023-10-19 14:30:00+08:00", "20231019"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := importer.ParseDate(s)
		if err != nil {
			checkBilingual(t, err)
		} else if d.Year < 1900 || d.Year > 2200 || d.Time().Day() != d.Day {
			t.Fatalf("ParseDate(%q) = %v", s, d)
		}
		if tm, err := importer.ParseDateTime(s); err == nil && (tm.Year() < 1899 || tm.Year() > 2201) {
			t.Fatalf("ParseDateTime(%q) = %v", s, tm)
		}
		importer.ParseYear(s)
		importer.ParseMonth(s)
		importer.ParseDay(s)
	})
}

func FuzzParsePercent(f *testing.F) {
	for _, s := range []string{"45%", "0.45", "45", "100", "1.0", "-0", "Inf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := importer.ParsePercent(s)
		if err != nil {
			checkBilingual(t, err)
		} else if v < 0 || v > 100 {
			t.Fatalf("ParsePercent(%q) = %d", s, v)
		}
	})
}

func FuzzParseText(f *testing.F) {
	for _, s := range []string{"Hong Kong, China", "香港", "HK", "签约", "Signed", "是", "1,200人", "C2910", "a、b;c", "Jiangmen City, Guangdong Province"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if c, err := importer.ParseCountry(s); err != nil {
			checkBilingual(t, err)
		} else if len(c.Alpha2) != 2 {
			t.Fatalf("ParseCountry(%q) = %+v", s, c)
		}
		if st, err := importer.ParseStage(s); err != nil {
			checkBilingual(t, err)
		} else if !st.Valid() {
			t.Fatalf("ParseStage(%q) = %q", s, st)
		}
		if _, err := importer.ParseBool(s); err != nil {
			checkBilingual(t, err)
		}
		if _, err := importer.ParseInt(s); err != nil {
			checkBilingual(t, err)
		}
		if _, err := importer.ParseSector(s); err != nil {
			checkBilingual(t, err)
		}
		for _, tag := range importer.ParseTags(s) {
			if strings.TrimSpace(tag) == "" {
				t.Fatalf("empty tag from %q", s)
			}
		}
		if p, ok := importer.ResolvePlace(s); ok && !utf8.ValidString(p.Path) {
			t.Fatalf("ResolvePlace(%q) = %q", s, p.Path)
		}
		importer.CompanyKey(s)
	})
}

func FuzzParseSponsors(f *testing.F) {
	for _, s := range []string{"NWS Holdings Limited (29% / Hong Kong, China), SUEZ (29% / France)", "A (.. / ..)", "(/)", "X (1/2) (3% / 4)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sps, err := importer.ParseSponsors(s)
		if err != nil {
			checkBilingual(t, err)
			return
		}
		for _, sp := range sps {
			if sp.Name == "" || (sp.Stake != nil && (*sp.Stake < 0 || *sp.Stake > 100)) {
				t.Fatalf("ParseSponsors(%q): %+v", s, sp)
			}
		}
	})
}
