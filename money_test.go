package attract

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// checkBilingual fails unless err is an EINVALID *Error whose English
// message contains en and whose Chinese message contains zh.
func checkBilingual(t *testing.T, what string, err error, en, zh string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) || e.Code != EINVALID {
		t.Errorf("%s: error %v; want an EINVALID *Error", what, err)
		return
	}
	if e.Message == "" || e.MessageZH == "" || e.Message == e.MessageZH {
		t.Errorf("%s: messages %q / %q are not bilingual", what, e.Message, e.MessageZH)
	}
	if !strings.Contains(e.Message, en) || !strings.Contains(e.MessageZH, zh) {
		t.Errorf("%s: error %q / %q; want it to contain %q / %q", what, e.Message, e.MessageZH, en, zh)
	}
	if strings.Contains(e.Message+e.MessageZH, "%!") {
		t.Errorf("%s: bad format in %q / %q", what, e.Message, e.MessageZH)
	}
}

func TestParseMoney(t *testing.T) {
	for _, tt := range []struct {
		in, def string
		want    Money
	}{
		{"1.2亿元", "", Money{12_000_000_000, "CNY"}},
		{"3,500万元", "", Money{3_500_000_000, "CNY"}},
		{"3500万", "CNY", Money{3_500_000_000, "CNY"}},
		{"1.2亿", "CNY", Money{12_000_000_000, "CNY"}},
		{"USD 12.5m", "", Money{1_250_000_000, "USD"}},
		{"US$ 12.5 million", "", Money{1_250_000_000, "USD"}},
		{"HK$80,000,000", "", Money{8_000_000_000, "HKD"}},
		{"€ 3.4 million", "", Money{340_000_000, "EUR"}},
		{"$1,740 ", "", Money{174_000, "USD"}},
		{"¥1,000", "", Money{100_000, "CNY"}},
		{"￥1,000", "", Money{100_000, "CNY"}},
		{"RMB 5000", "", Money{500_000, "CNY"}},
		{"人民币5000万元", "", Money{5_000_000_000, "CNY"}},
		{"5000万元人民币", "", Money{5_000_000_000, "CNY"}},
		{"5000万美元", "", Money{5_000_000_000, "USD"}},
		{"12.5 亿港元", "", Money{125_000_000_000, "HKD"}},
		{"JPY 3 billion", "", Money{3_000_000_000, "JPY"}},
		{"1.5bn EUR", "", Money{150_000_000_000, "EUR"}},
		{"£2k", "", Money{200_000, "GBP"}},
		{"１２３，４５６", "CNY", Money{12_345_600, "CNY"}},
		{"１２３，４５６．７８ 元", "", Money{12_345_678, "CNY"}},
		{"  12.5  ", "CNY", Money{1250, "CNY"}},
		{"12.5", "usd", Money{1250, "USD"}},
		{"0.5", "USD", Money{50, "USD"}},
		{".5m USD", "", Money{50_000_000, "USD"}},
		{"-12.5 USD", "", Money{-1250, "USD"}},
		{"USD -12.5", "", Money{-1250, "USD"}},
		{"-$12.50", "", Money{-1250, "USD"}},
		{"−3万元", "", Money{-3_000_000, "CNY"}},
		{"+7 USD", "", Money{700, "USD"}},
		{"usd 5", "", Money{500, "USD"}},
		{"5 MUSD", "", Money{500_000_000, "USD"}},
		{"12.5 MOP", "", Money{1250, "MOP"}},
		{"KWD 1.234", "", Money{1234, "KWD"}},
		{"JPY 1,000", "", Money{1000, "JPY"}},
		{"1.230 CNY", "", Money{123, "CNY"}},
		{"1.2345678亿元", "", Money{12_345_678_000, "CNY"}},
		{"3 千万元", "", Money{3_000_000_000, "CNY"}},
		{"2百万美元", "", Money{200_000_000, "USD"}},
		{"1万亿元", "", Money{100_000_000_000_000, "CNY"}},
		{"8千元", "", Money{800_000, "CNY"}},
		{"250 thousand GBP", "", Money{25_000_000, "GBP"}},
		{"3 Mn USD", "", Money{300_000_000, "USD"}},
		{"NT$ 100", "", Money{10_000, "TWD"}},
		{"100 新台币", "", Money{10_000, "TWD"}},
		{"2亿日元", "", Money{200_000_000, "JPY"}},
		{"0", "CNY", Money{0, "CNY"}},
		{"-0 CNY", "", Money{0, "CNY"}},
		{"000012.50 USD", "", Money{1250, "USD"}},
		{"10000000000000.00 CNY", "", Money{MaxAmount, "CNY"}},
		{"-10000000000000 CNY", "", Money{-MaxAmount, "CNY"}},
		{"1000000000000000 JPY", "", Money{MaxAmount, "JPY"}},
	} {
		got, err := ParseMoney(tt.in, tt.def)
		if err != nil || got != tt.want {
			t.Errorf("ParseMoney(%q, %q) = %+v, %v; want %+v", tt.in, tt.def, got, err, tt.want)
		}
	}
}

func TestParseMoneyErrors(t *testing.T) {
	for _, tt := range []struct {
		in, def string
		en, zh  string
	}{
		{"", "CNY", "the amount is empty", "金额为空"},
		{"10000000000000.01 CNY", "", "is too large", "金额过大"},
		{"-200000亿元", "", "is too large", "金额过大"},
		{"  ", "CNY", "the amount is empty", "金额为空"},
		{"abc", "CNY", `"abc" has no number in it`, "中没有数字"},
		{"万元", "", "has no number in it", "中没有数字"},
		{"1.234 CNY", "", "too many decimal places for CNY (2)", "CNY 允许的位数（2）"},
		{"1.5 JPY", "", "too many decimal places for JPY (0)", "JPY"},
		{"1.2345678万元", "", "too many decimal places for CNY (2)", "小数位数超过"},
		{"0.0001 KWD", "", "too many decimal places for KWD (3)", "KWD"},
		{"92233720368547758.08 CNY", "", "too large", "金额过大"},
		{"99999999999亿元", "", "too large", "金额过大"},
		{"1" + strings.Repeat("0", 40) + " USD", "", "too large", "金额过大"},
		{"12.5 XYZ", "", `"XYZ" is not a current ISO 4217 currency code`, "不是现行的 ISO 4217 货币代码"},
		{"XYZ 12.5", "", `"XYZ" is not a current ISO 4217 currency code`, "货币代码"},
		{"12.5 xau", "", `"XAU" is not a current ISO 4217 currency code`, "货币代码"},
		{"12.5", "", "names no currency", "未注明币种"},
		{"3500万", "", "names no currency", "未注明币种"},
		{"12.5", "XYZ", `"XYZ" is not a current ISO 4217 currency code`, "货币代码"},
		{"1,5 EUR", "", "misplaced thousands separator", "千位分隔符位置不对"},
		{"1,2345 CNY", "", "misplaced thousands separator", "千位分隔符"},
		{",123 CNY", "", `cannot understand ","`, "无法识别"},
		{"1,234,56 CNY", "", "misplaced thousands separator", "千位分隔符"},
		{"1.2.3 CNY", "", "more than one decimal point", "多个小数点"},
		{"1.234,5 EUR", "", "thousands separator after the decimal point", "小数点后"},
		{"12.5 apples", "", `cannot understand "apples"`, `无法识别 "apples"`},
		{"about 5 USD", "", `cannot understand "about"`, "无法识别"},
		{"5 USD 6", "", `cannot understand "USD 6"`, "无法识别"},
		{"5万万元", "", "cannot understand", "无法识别"},
		{"--5 USD", "", `cannot understand "-"`, "无法识别"},
		{"USD 5 EUR", "", "names two currencies, USD and EUR", "两种货币：USD 和 EUR"},
		{"¥5美元", "", "names two currencies, CNY and USD", "两种货币"},
	} {
		got, err := ParseMoney(tt.in, tt.def)
		if err == nil {
			t.Errorf("ParseMoney(%q, %q) = %+v; want an error", tt.in, tt.def, got)
			continue
		}
		checkBilingual(t, "ParseMoney("+tt.in+")", err, tt.en, tt.zh)
	}
}

func TestNewMoney(t *testing.T) {
	for _, tt := range []struct {
		major, currency string
		want            Money
		err             string
	}{
		{"1234.5", "CNY", Money{123_450, "CNY"}, ""},
		{"1234.50", "cny", Money{123_450, "CNY"}, ""},
		{"-20", "USD", Money{-2000, "USD"}, ""},
		{"3000", "JPY", Money{3000, "JPY"}, ""},
		{"1.234", "KWD", Money{1234, "KWD"}, ""},
		{".5", "EUR", Money{50, "EUR"}, ""},
		{"7.", "EUR", Money{700, "EUR"}, ""},
		{"1.234", "CNY", Money{}, "too many decimal places for CNY (2)"},
		{"1,234", "CNY", Money{}, "not a decimal number"},
		{"1e3", "CNY", Money{}, "not a decimal number"},
		{"", "CNY", Money{}, "not a decimal number"},
		{"-", "CNY", Money{}, "not a decimal number"},
		{".", "CNY", Money{}, "not a decimal number"},
		{"12", "", Money{}, "the currency is missing"},
		{"12", "RMB", Money{}, "not a current ISO 4217 currency code"},
		{"100000000000000000", "CNY", Money{}, "too large"},
	} {
		got, err := NewMoney(tt.major, tt.currency)
		if tt.err == "" {
			if err != nil || got != tt.want {
				t.Errorf("NewMoney(%q, %q) = %+v, %v; want %+v", tt.major, tt.currency, got, err, tt.want)
			}
			continue
		}
		checkBilingual(t, "NewMoney("+tt.major+", "+tt.currency+")", err, tt.err, "")
	}
}

func TestMoneyFormat(t *testing.T) {
	for _, tt := range []struct {
		m                    Money
		decimal, str, en, zh string
	}{
		{Money{12_000_000_000, "CNY"}, "120000000.00", "CNY 120,000,000.00", "CNY 120 million", "1.2亿元"},
		{Money{3_500_000_000, "CNY"}, "35000000.00", "CNY 35,000,000.00", "CNY 35 million", "3500万元"},
		{Money{12_345_670_000, "CNY"}, "123456700.00", "CNY 123,456,700.00", "CNY 123,456,700.00", "12345.67万元"},
		{Money{12_345_678_900, "CNY"}, "123456789.00", "CNY 123,456,789.00", "CNY 123,456,789.00", "¥123,456,789.00"},
		{Money{12_345_600_000, "CNY"}, "123456000.00", "CNY 123,456,000.00", "CNY 123,456,000.00", "12345.6万元"},
		{Money{12_345_000_000, "CNY"}, "123450000.00", "CNY 123,450,000.00", "CNY 123.45 million", "1.2345亿元"},
		{Money{149_500_000_000, "CNY"}, "1495000000.00", "CNY 1,495,000,000.00", "CNY 1.495 billion", "14.95亿元"},
		{Money{149_510_000_000, "CNY"}, "1495100000.00", "CNY 1,495,100,000.00", "CNY 1,495.1 million", "14.951亿元"},
		{Money{100_000, "CNY"}, "1000.00", "CNY 1,000.00", "CNY 1,000.00", "¥1,000.00"},
		{Money{99_999_000_000, "CNY"}, "999990000.00", "CNY 999,990,000.00", "CNY 999.99 million", "9.9999亿元"},
		{Money{100_001_000_000, "CNY"}, "1000010000.00", "CNY 1,000,010,000.00", "CNY 1,000.01 million", "10.0001亿元"},
		{Money{100_000_000_000_000, "CNY"}, "1000000000000.00", "CNY 1,000,000,000,000.00", "CNY 1,000 billion", "10000亿元"},
		{Money{3_000_000_000_000, "JPY"}, "3000000000000", "JPY 3,000,000,000,000", "JPY 3,000 billion", "30000亿日元"},
		{Money{1_000_000_000, "KWD"}, "1000000.000", "KWD 1,000,000.000", "KWD 1 million", "KWD 1,000,000.000"},
		{Money{1_000_000, "CNY"}, "10000.00", "CNY 10,000.00", "CNY 10,000.00", "1万元"},
		{Money{1_000_050, "CNY"}, "10000.50", "CNY 10,000.50", "CNY 10,000.50", "¥10,000.50"},
		{Money{123_456, "CNY"}, "1234.56", "CNY 1,234.56", "CNY 1,234.56", "¥1,234.56"},
		{Money{100, "CNY"}, "1.00", "CNY 1.00", "CNY 1.00", "¥1.00"},
		{Money{5, "CNY"}, "0.05", "CNY 0.05", "CNY 0.05", "¥0.05"},
		{Money{0, "CNY"}, "0.00", "CNY 0.00", "CNY 0.00", "¥0.00"},
		{Money{-12_000_000_000, "CNY"}, "-120000000.00", "CNY -120,000,000.00", "CNY -120 million", "-1.2亿元"},
		{Money{-123_456, "CNY"}, "-1234.56", "CNY -1,234.56", "CNY -1,234.56", "-¥1,234.56"},
		{Money{500_000_000, "USD"}, "5000000.00", "USD 5,000,000.00", "USD 5 million", "500万美元"},
		{Money{123_456, "USD"}, "1234.56", "USD 1,234.56", "USD 1,234.56", "1,234.56美元"},
		{Money{3_000_000_000, "JPY"}, "3000000000", "JPY 3,000,000,000", "JPY 3 billion", "30亿日元"},
		{Money{123, "JPY"}, "123", "JPY 123", "JPY 123", "123日元"},
		{Money{1234, "KWD"}, "1.234", "KWD 1.234", "KWD 1.234", "KWD 1.234"},
		{Money{math.MaxInt64, "CNY"}, "92233720368547758.07", "CNY 92,233,720,368,547,758.07", "CNY 92,233,720,368,547,758.07", "¥92,233,720,368,547,758.07"},
		{Money{math.MinInt64, "CNY"}, "-92233720368547758.08", "CNY -92,233,720,368,547,758.08", "CNY -92,233,720,368,547,758.08", "-¥92,233,720,368,547,758.08"},
		{Money{5, "XXX"}, "0.05", "XXX 0.05", "XXX 0.05", "XXX 0.05"},
		{Money{}, "0.00", "0.00", "0.00", "0.00"},
	} {
		if got := tt.m.Decimal(); got != tt.decimal {
			t.Errorf("%+v.Decimal() = %q, want %q", tt.m, got, tt.decimal)
		}
		if got := tt.m.String(); got != tt.str {
			t.Errorf("%+v.String() = %q, want %q", tt.m, got, tt.str)
		}
		if got := tt.m.Format("en"); got != tt.en {
			t.Errorf("%+v.Format(en) = %q, want %q", tt.m, got, tt.en)
		}
		if got := tt.m.Format("zh"); got != tt.zh {
			t.Errorf("%+v.Format(zh) = %q, want %q", tt.m, got, tt.zh)
		}
		if tt.m.Validate() != nil || tt.m.Amount == math.MinInt64 {
			continue
		}
		// What is displayed reads back as the same amount.
		for _, s := range []string{tt.m.String(), tt.m.Format("en"), tt.m.Format("zh"), tt.m.Decimal() + " " + tt.m.Currency} {
			if got, err := ParseMoney(s, ""); err != nil || got != tt.m {
				t.Errorf("ParseMoney(%q) = %+v, %v; want %+v", s, got, err, tt.m)
			}
		}
	}
}

func TestMoneyAdd(t *testing.T) {
	for _, tt := range []struct {
		a, b Money
		want Money
		err  string
	}{
		{Money{150, "CNY"}, Money{250, "CNY"}, Money{400, "CNY"}, ""},
		{Money{150, "CNY"}, Money{-250, "CNY"}, Money{-100, "CNY"}, ""},
		{Money{}, Money{250, "USD"}, Money{250, "USD"}, ""},
		{Money{250, "USD"}, Money{}, Money{250, "USD"}, ""},
		{Money{0, "CNY"}, Money{250, "USD"}, Money{}, "cannot add USD to CNY"},
		{Money{150, "CNY"}, Money{250, "USD"}, Money{}, "cannot add USD to CNY"},
		{Money{math.MaxInt64, "CNY"}, Money{1, "CNY"}, Money{}, "too large"},
		{Money{math.MinInt64, "CNY"}, Money{-1, "CNY"}, Money{}, "too large"},
		{Money{math.MaxInt64, "CNY"}, Money{math.MinInt64, "CNY"}, Money{-1, "CNY"}, ""},
	} {
		got, err := tt.a.Add(tt.b)
		if tt.err == "" {
			if err != nil || got != tt.want {
				t.Errorf("%+v.Add(%+v) = %+v, %v; want %+v", tt.a, tt.b, got, err, tt.want)
			}
			continue
		}
		checkBilingual(t, "Add", err, tt.err, "")
	}
	if !(Money{0, "CNY"}).IsZero() || !(Money{}).IsZero() || (Money{1, "CNY"}).IsZero() {
		t.Error("IsZero is wrong")
	}
}

func TestMoneyValidate(t *testing.T) {
	for _, tt := range []struct {
		m    Money
		want []FieldError
	}{
		{Money{100, "CNY"}, nil},
		{Money{-100, "KWD"}, nil},
		{Money{100, ""}, []FieldError{{"currency", "is required", "为必填项"}}},
		{Money{100, "cny"}, []FieldError{{"currency", `"cny" is not a current ISO 4217 currency code (such as CNY, USD, HKD)`,
			`"cny" 不是现行的 ISO 4217 货币代码（如 CNY、USD、HKD）`}}},
		{Money{100, "XAU"}, []FieldError{{"currency", `"XAU" is not a current ISO 4217 currency code (such as CNY, USD, HKD)`,
			`"XAU" 不是现行的 ISO 4217 货币代码（如 CNY、USD、HKD）`}}},
	} {
		err := tt.m.Validate()
		wantCode := ""
		if tt.want != nil {
			wantCode = EINVALID
		}
		if ErrorCode(err) != wantCode {
			t.Errorf("%+v.Validate() = %v; want code %q", tt.m, err, wantCode)
		}
		if diff := cmp.Diff(tt.want, ErrorFields(err)); diff != "" {
			t.Errorf("%+v.Validate() fields (-want +got):\n%s", tt.m, diff)
		}
	}
}

func TestMoneyJSON(t *testing.T) {
	for _, tt := range []struct {
		m    Money
		want string
	}{
		{Money{12_000_000_000, "CNY"}, `{"amount":"120000000.00","currency":"CNY"}`},
		{Money{-5, "USD"}, `{"amount":"-0.05","currency":"USD"}`},
		{Money{3000, "JPY"}, `{"amount":"3000","currency":"JPY"}`},
		{Money{0, "CNY"}, `{"amount":"0.00","currency":"CNY"}`},
		{Money{}, `null`},
	} {
		b, err := json.Marshal(tt.m)
		if err != nil || string(b) != tt.want {
			t.Errorf("json.Marshal(%+v) = %s, %v; want %s", tt.m, b, err, tt.want)
		}
		var back Money
		if err := json.Unmarshal(b, &back); err != nil || back != tt.m {
			t.Errorf("json.Unmarshal(%s) = %+v, %v; want %+v", b, back, err, tt.m)
		}
	}

	type holder struct {
		Total *Money `json:"total"`
		Paid  Money  `json:"paid"`
	}
	b, err := json.Marshal(holder{Total: &Money{100, "EUR"}})
	if want := `{"total":{"amount":"1.00","currency":"EUR"},"paid":null}`; err != nil || string(b) != want {
		t.Errorf("json.Marshal(holder) = %s, %v; want %s", b, err, want)
	}
}

func TestMoneyUnmarshalJSON(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Money
	}{
		{`{"amount":"120000000.00","currency":"CNY"}`, Money{12_000_000_000, "CNY"}},
		{`{"currency":"CNY","amount":"120000000"}`, Money{12_000_000_000, "CNY"}},
		{`{"amount":120000000.00,"currency":"CNY"}`, Money{12_000_000_000, "CNY"}},
		{`{"amount":1.2e8,"currency":"CNY"}`, Money{12_000_000_000, "CNY"}},
		{`{"amount":125E-2,"currency":"usd"}`, Money{125, "USD"}},
		{`{"amount":0.1,"currency":"USD"}`, Money{10, "USD"}},
		{`{"amount":-0.29,"currency":"USD"}`, Money{-29, "USD"}},
		{`{"amount":92233720368547758.07,"currency":"CNY"}`, Money{math.MaxInt64, "CNY"}},
		{`{"amount":"92233720368547758.07","currency":"CNY"}`, Money{math.MaxInt64, "CNY"}},
		{`{"amount":0e999999,"currency":"CNY"}`, Money{0, "CNY"}},
		{` {"amount": " 7 ", "currency": "JPY", "note": "ignored"} `, Money{7, "JPY"}},
		{`"1.2亿元"`, Money{12_000_000_000, "CNY"}},
		{`"USD 12.5m"`, Money{1_250_000_000, "USD"}},
		{`"\u00a512"`, Money{1200, "CNY"}},
	} {
		var got Money
		if err := json.Unmarshal([]byte(tt.in), &got); err != nil || got != tt.want {
			t.Errorf("json.Unmarshal(%s) = %+v, %v; want %+v", tt.in, got, err, tt.want)
		}
	}

	m := Money{5, "CNY"}
	if err := json.Unmarshal([]byte(`null`), &m); err != nil || m != (Money{5, "CNY"}) {
		t.Errorf("json.Unmarshal(null) = %+v, %v; want it unchanged", m, err)
	}

	for _, tt := range []struct {
		in, en, zh string
	}{
		{`"12.5"`, "names no currency", "未注明币种"},
		{`"garbage"`, "has no number", "没有数字"},
		{`""`, "the amount is empty", "金额为空"},
		{`{"amount":"1.234","currency":"CNY"}`, "too many decimal places for CNY (2)", "CNY"},
		{`{"amount":1.234,"currency":"CNY"}`, "too many decimal places for CNY (2)", "CNY"},
		{`{"amount":1e-999,"currency":"CNY"}`, "too many decimal places", "小数位数"},
		{`{"amount":1e999,"currency":"CNY"}`, "too large", "过大"},
		{`{"amount":1e99999999,"currency":"CNY"}`, "not a decimal number", "不是十进制数"},
		{`{"amount":92233720368547758.08,"currency":"CNY"}`, "too large", "过大"},
		{`{"amount":"abc","currency":"CNY"}`, `the amount "abc" is not a decimal number`, `金额 "abc" 不是十进制数`},
		{`{"amount":"1,234.00","currency":"CNY"}`, "not a decimal number", "不是十进制数"},
		{`{"amount":"1亿","currency":"CNY"}`, "not a decimal number", "不是十进制数"},
		{`{"amount":true,"currency":"CNY"}`, "not a decimal number", "不是十进制数"},
		{`{"amount":"1","currency":"XYZ"}`, `"XYZ" is not a current ISO 4217 currency code`, "货币代码"},
		{`{"amount":"1","currency":""}`, "the currency is missing", "缺少币种"},
		{`{"amount":"1"}`, "the currency is missing", "缺少币种"},
		{`{"amount":"1","currency":5}`, "must be an object", "须为"},
		{`{"currency":"CNY"}`, "the amount is missing", "缺少金额"},
		{`{"amount":null,"currency":"CNY"}`, "the amount is missing", "缺少金额"},
		{`42`, "must be an object", "须为"},
		{`true`, "must be an object", "须为"},
		{`[]`, "must be an object", "须为"},
	} {
		var got Money
		err := json.Unmarshal([]byte(tt.in), &got)
		if err == nil {
			t.Errorf("json.Unmarshal(%s) = %+v; want an error", tt.in, got)
			continue
		}
		checkBilingual(t, "json.Unmarshal("+tt.in+")", err, tt.en, tt.zh)
	}

	// The error keeps its code through a struct being decoded.
	var h struct{ Total Money }
	err := json.Unmarshal([]byte(`{"Total":{"amount":"x","currency":"CNY"}}`), &h)
	if ErrorCode(err) != EINVALID {
		t.Errorf("decoding a struct: %v; want EINVALID", err)
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{
		"1.2亿元", "3,500万元", "USD 12.5m", "US$ 12.5 million", "HK$80,000,000", "€ 3.4 million", "$1,740 ",
		"¥1,000", "RMB 5000", "人民币5000万元", "5000万美元", "12.5 亿港元", "JPY 3 billion", "1.5bn EUR", "£2k",
		"１２３，４５６", "12.5", "-0.05 KWD", "92233720368547758.07 CNY", "1.234 CNY", "1,5 EUR", ".5m",
	} {
		f.Add(s, "CNY")
	}
	f.Add("12.5", "")
	f.Fuzz(func(t *testing.T, s, def string) {
		m, err := ParseMoney(s, def)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != EINVALID || e.Message == "" || e.MessageZH == "" {
				t.Fatalf("ParseMoney(%q, %q): error %#v is not a bilingual EINVALID *Error", s, def, err)
			}
			return
		}
		if err := m.Validate(); err != nil {
			t.Fatalf("ParseMoney(%q, %q) = %+v, which is invalid: %v", s, def, m, err)
		}
		for _, text := range []string{m.Decimal() + " " + m.Currency, m.String(), m.Format("zh")} {
			back, err := ParseMoney(text, "")
			if err != nil || back != m {
				t.Fatalf("ParseMoney(%q, %q) = %+v, but %q reads back as %+v, %v", s, def, m, text, back, err)
			}
		}
		if back, err := NewMoney(m.Decimal(), m.Currency); err != nil || back != m {
			t.Fatalf("NewMoney(%q, %q) = %+v, %v; want %+v", m.Decimal(), m.Currency, back, err, m)
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var back Money
		if err := json.Unmarshal(b, &back); err != nil || back != m {
			t.Fatalf("JSON %s reads back as %+v, %v; want %+v", b, back, err, m)
		}
	})
}
