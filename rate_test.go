package attract

import (
	"encoding/json"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var rateDate = Date{2025, 1, 2}

func TestExchangeRateValidate(t *testing.T) {
	for _, tt := range []struct {
		name   string
		r      ExchangeRate
		fields []string // the fields with problems, in order
		msg    string   // a substring of the messages
	}{
		{"valid", ExchangeRate{Date: rateDate, Base: "USD", Quote: "CNY", Rate: "7.1234"}, nil, ""},
		{"ten decimals", ExchangeRate{Date: rateDate, Base: "JPY", Quote: "CNY", Rate: "0.0481234567"}, nil, ""},
		{"leading zeros", ExchangeRate{Date: rateDate, Base: "USD", Quote: "VND", Rate: "00025400"}, nil, ""},
		{"empty", ExchangeRate{}, []string{"date", "base", "quote", "rate"}, "is required"},
		{"same currency", ExchangeRate{Date: rateDate, Base: "USD", Quote: "USD", Rate: "1"}, []string{"quote"}, "must differ from the base currency"},
		{"lower case", ExchangeRate{Date: rateDate, Base: "usd", Quote: "CNY", Rate: "7"}, []string{"base"}, `"usd" is not a current ISO 4217 currency code`},
		{"unknown", ExchangeRate{Date: rateDate, Base: "USD", Quote: "RMB", Rate: "7"}, []string{"quote"}, `"RMB" is not a current`},
		{"zero", ExchangeRate{Date: rateDate, Base: "USD", Quote: "CNY", Rate: "0.000"}, []string{"rate"}, "must be greater than zero"},
		{"negative", ExchangeRate{Date: rateDate, Base: "USD", Quote: "CNY", Rate: "-7.1"}, []string{"rate"}, "not a decimal number"},
		{"eleven decimals", ExchangeRate{Date: rateDate, Base: "USD", Quote: "CNY", Rate: "7.12345678901"}, []string{"rate"}, "more than 10 decimal places"},
		{"exponent", ExchangeRate{Date: rateDate, Base: "USD", Quote: "CNY", Rate: "7e0"}, []string{"rate"}, "not a decimal number"},
		{"comma", ExchangeRate{Date: rateDate, Base: "USD", Quote: "CNY", Rate: "7,1234"}, []string{"rate"}, "not a decimal number"},
		{"trailing point", ExchangeRate{Date: rateDate, Base: "USD", Quote: "CNY", Rate: "7."}, []string{"rate"}, "not a decimal number"},
		{"no integer part", ExchangeRate{Date: rateDate, Base: "USD", Quote: "CNY", Rate: ".5"}, []string{"rate"}, "not a decimal number"},
		{"spaces", ExchangeRate{Date: rateDate, Base: "USD", Quote: "CNY", Rate: " 7.1"}, []string{"rate"}, "not a decimal number"},
		{"too large", ExchangeRate{Date: rateDate, Base: "USD", Quote: "CNY", Rate: "1234567890123456"}, []string{"rate"}, "too large"},
		{"long source", ExchangeRate{Date: rateDate, Base: "USD", Quote: "CNY", Rate: "7", Source: strings.Repeat("x", 201)}, []string{"source"}, "at most 200"},
	} {
		err := tt.r.Validate()
		var got []string
		for _, f := range ErrorFields(err) {
			got = append(got, f.Field)
			if !strings.Contains(f.Message, tt.msg) || f.MessageZH == "" || f.MessageZH == f.Message {
				t.Errorf("%s: field %s: %q / %q; want %q in both languages", tt.name, f.Field, f.Message, f.MessageZH, tt.msg)
			}
		}
		if diff := cmp.Diff(tt.fields, got); diff != "" {
			t.Errorf("%s: Validate() = %v, fields (-want +got):\n%s", tt.name, err, diff)
		}
		if (err != nil) != (tt.fields != nil) || (err != nil && ErrorCode(err) != EINVALID) {
			t.Errorf("%s: Validate() = %v", tt.name, err)
		}
	}
}

func TestConvert(t *testing.T) {
	rate := func(base, quote, r string) ExchangeRate {
		return ExchangeRate{ID: 7, Date: rateDate, Base: base, Quote: quote, Rate: r, Source: "PBOC"}
	}
	for _, tt := range []struct {
		name    string
		m       Money
		to      string
		r       ExchangeRate
		want    Money
		inverse bool
	}{
		{"USD 12.50 at 7.1234 is 89.0425, rounded down", Money{1250, "USD"}, "CNY", rate("USD", "CNY", "7.1234"), Money{8904, "CNY"}, false},
		{"a tie rounds to the even 89.04", Money{1250, "USD"}, "CNY", rate("USD", "CNY", "7.1236"), Money{8904, "CNY"}, false},
		{"a tie rounds to the even 89.06", Money{1250, "USD"}, "CNY", rate("USD", "CNY", "7.1244"), Money{8906, "CNY"}, false},
		{"above a half rounds up", Money{1250, "USD"}, "CNY", rate("USD", "CNY", "7.12361"), Money{8905, "CNY"}, false},
		{"lower case target", Money{100, "USD"}, "cny", rate("USD", "CNY", "7.1234"), Money{712, "CNY"}, false},
		{"negative amounts round half to even too", Money{-25, "USD"}, "EUR", rate("USD", "EUR", "0.1"), Money{-2, "EUR"}, false},
		{"negative, odd tie", Money{-35, "USD"}, "EUR", rate("USD", "EUR", "0.1"), Money{-4, "EUR"}, false},
		{"JPY 1,000,000 to CNY", Money{1_000_000, "JPY"}, "CNY", rate("JPY", "CNY", "0.048"), Money{4_800_000, "CNY"}, false},
		{"JPY 333 to CNY is 16.0173", Money{333, "JPY"}, "CNY", rate("JPY", "CNY", "0.0481"), Money{1602, "CNY"}, false},
		{"CNY to JPY, inversely", Money{10_000, "CNY"}, "JPY", rate("JPY", "CNY", "0.048"), Money{2083, "JPY"}, true},
		{"CNY 89.04 to USD, inversely", Money{8904, "CNY"}, "USD", rate("USD", "CNY", "7.1234"), Money{1250, "USD"}, true},
		{"CNY 1 billion to USD", Money{100_000_000_000, "CNY"}, "USD", rate("USD", "CNY", "7.1234"), Money{14_038_240_166, "USD"}, true},
		{"USD to KWD, tie to even 308", Money{100, "USD"}, "KWD", rate("USD", "KWD", "0.3075"), Money{308, "KWD"}, false},
		{"USD to KWD, tie to even 306", Money{100, "USD"}, "KWD", rate("USD", "KWD", "0.3065"), Money{306, "KWD"}, false},
		{"KWD to JPY", Money{1234, "KWD"}, "JPY", rate("KWD", "JPY", "487.5"), Money{602, "JPY"}, false},
		{"zero", Money{0, "USD"}, "CNY", rate("USD", "CNY", "7.1234"), Money{0, "CNY"}, false},
		{"largest amount", Money{math.MaxInt64, "CNY"}, "USD", rate("USD", "CNY", "7.1234"), Money{1_294_799_117_956_983_436, "USD"}, true},
	} {
		got, err := Convert(tt.m, tt.to, tt.r)
		want := Conversion{From: tt.m, To: tt.want, Rate: &tt.r, Inverse: tt.inverse}
		if err != nil {
			t.Errorf("%s: Convert = %v", tt.name, err)
			continue
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: Convert (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestConvertErrors(t *testing.T) {
	usdcny := ExchangeRate{Date: rateDate, Base: "USD", Quote: "CNY", Rate: "7.1234"}
	for _, tt := range []struct {
		name string
		m    Money
		to   string
		r    ExchangeRate
		en   string
	}{
		{"other currency", Money{100, "EUR"}, "CNY", usdcny, "a USD/CNY rate cannot convert EUR to CNY"},
		{"other target", Money{100, "USD"}, "EUR", usdcny, "a USD/CNY rate cannot convert USD to EUR"},
		{"same currency", Money{100, "USD"}, "USD", usdcny, "a USD/CNY rate cannot convert USD to USD"},
		{"unknown target", Money{100, "USD"}, "RMB", usdcny, `"RMB" is not a current ISO 4217 currency code`},
		{"no target", Money{100, "USD"}, "", usdcny, "the currency is missing"},
		{"no currency", Money{100, ""}, "CNY", usdcny, "the currency is missing"},
		{"bad rate", Money{100, "USD"}, "CNY", ExchangeRate{Date: rateDate, Base: "USD", Quote: "CNY", Rate: "seven"}, "The input has errors."},
		{"too large", Money{math.MaxInt64, "USD"}, "CNY", usdcny, "too large"},
		{"too large in JPY", Money{math.MaxInt64 / 100, "USD"}, "JPY", ExchangeRate{Date: rateDate, Base: "USD", Quote: "JPY", Rate: "15000"}, "too large"},
	} {
		_, err := Convert(tt.m, tt.to, tt.r)
		if err == nil {
			t.Errorf("%s: Convert succeeded", tt.name)
			continue
		}
		checkBilingual(t, tt.name, err, tt.en, "")
	}
}

func TestConvertJSON(t *testing.T) {
	c, err := Convert(Money{8904, "CNY"}, "USD", ExchangeRate{ID: 3, Date: rateDate, Base: "USD", Quote: "CNY", Rate: "7.1234", Version: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"from":{"amount":"89.04","currency":"CNY"},"to":{"amount":"12.50","currency":"USD"},` +
		`"rate":{"id":3,"date":"2025-01-02","base":"USD","quote":"CNY","rate":"7.1234","version":1,"created_at":"0001-01-01T00:00:00Z"},"inverse":true}`
	if string(b) != want {
		t.Errorf("json.Marshal(conversion) =\n%s\nwant\n%s", b, want)
	}
}

func TestConvertRoundHalfEven(t *testing.T) {
	for _, tt := range []struct {
		num, den int64
		want     int64
	}{
		{5, 2, 2}, {7, 2, 4}, {-5, 2, -2}, {-7, 2, -4}, {1, 3, 0}, {2, 3, 1}, {-1, 3, 0}, {-2, 3, -1},
		{0, 1, 0}, {10, 1, 10}, {1, 2, 0}, {-1, 2, 0}, {3, 2, 2}, {-3, 2, -2},
	} {
		q := big.NewRat(tt.num, tt.den)
		if got := roundHalfEven(q); got.Int64() != tt.want {
			t.Errorf("roundHalfEven(%d/%d) = %d, want %d", tt.num, tt.den, got, tt.want)
		}
	}
}
