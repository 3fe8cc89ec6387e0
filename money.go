package attract

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// Money is an exact amount of one currency: Amount counts the currency's
// minor units (fen for CNY, yen for JPY, fils for KWD) and Currency is its
// ISO 4217 code. Amounts are never floats, so sums in reports add up to the
// fen. A negative amount is allowed, because a capital inflow may be a
// correction of an earlier one; fields that must not be negative check that
// themselves.
type Money struct {
	Amount   int64
	Currency string
}

// moneyUnits are the multipliers people write after a number, as powers of
// ten, longest first so that 千万 is tried before 千 and "mn" before "m".
var moneyUnits = []struct {
	word string
	exp  int
}{
	{"thousand", 3}, {"million", 6}, {"billion", 9}, {"trillion", 12},
	{"万亿", 12}, {"千万", 7}, {"百万", 6},
	{"mio", 6}, {"mln", 6}, {"bn", 9}, {"mn", 6}, {"tn", 12},
	{"万", 4}, {"亿", 8}, {"千", 3},
	{"k", 3}, {"m", 6}, {"b", 9},
}

// moneyWords maps what people write for a currency, lower case and without
// spaces, to its ISO 4217 code. A bare "$" is taken as USD and a bare "¥" as
// CNY, the readings an agency in China means.
var moneyWords = map[string]string{
	"¥": "CNY", "￥": "CNY", "cn¥": "CNY", "rmb": "CNY", "rmb¥": "CNY", "元": "CNY", "人民币": "CNY",
	"人民币元": "CNY", "元人民币": "CNY", "yuan": "CNY", "renminbi": "CNY",
	"$": "USD", "us$": "USD", "美元": "USD", "美金": "USD", "usdollar": "USD", "usdollars": "USD",
	"hk$": "HKD", "港元": "HKD", "港币": "HKD", "港幣": "HKD",
	"mop$": "MOP", "澳门元": "MOP", "澳门币": "MOP", "澳門幣": "MOP",
	"nt$": "TWD", "新台币": "TWD", "新台币元": "TWD", "台币": "TWD",
	"€": "EUR", "欧元": "EUR", "euro": "EUR", "euros": "EUR",
	"£": "GBP", "￡": "GBP", "英镑": "GBP",
	"jp¥": "JPY", "円": "JPY", "日元": "JPY", "日圆": "JPY", "yen": "JPY",
	"₩": "KRW", "￦": "KRW", "韩元": "KRW",
	"s$": "SGD", "新加坡元": "SGD", "新元": "SGD",
	"a$": "AUD", "au$": "AUD", "澳元": "AUD", "澳大利亚元": "AUD",
	"c$": "CAD", "ca$": "CAD", "加元": "CAD", "加拿大元": "CAD",
	"nz$": "NZD", "新西兰元": "NZD",
	"瑞士法郎": "CHF", "瑞郎": "CHF", "₹": "INR", "印度卢比": "INR", "₽": "RUB", "卢布": "RUB",
	"฿": "THB", "泰铢": "THB", "林吉特": "MYR", "瑞典克朗": "SEK", "丹麦克朗": "DKK", "挪威克朗": "NOK",
}

// zhCurrencyNames are the Chinese names Format writes after 万 and 亿.
var zhCurrencyNames = map[string]string{
	"CNY": "元", "USD": "美元", "HKD": "港元", "MOP": "澳门元", "TWD": "新台币", "EUR": "欧元",
	"GBP": "英镑", "JPY": "日元", "KRW": "韩元", "SGD": "新加坡元", "AUD": "澳元", "CAD": "加元",
	"CHF": "瑞士法郎",
}

// moneyExampleEN and moneyExampleZH end the message of an amount that cannot
// be read, so that the user sees what would work.
const (
	moneyExampleEN = `; write an amount like "1.2亿元", "3500万美元", "USD 12.5m" or "HK$80,000,000"`
	moneyExampleZH = "；请写成“1.2亿元”“3500万美元”“USD 12.5m”或“HK$80,000,000”这样的金额"
)

// NewMoney returns the amount major (a decimal such as "1234.5" or "-20")
// of currency (an ISO 4217 code, any case). It fails when the amount has
// more decimal places than the currency's minor unit or does not fit.
func NewMoney(major string, currency string) (Money, error) {
	cur, err := moneyCurrency(currency)
	if err != nil {
		return Money{}, err
	}
	d, ok := parseDecimal(strings.TrimSpace(major), false)
	if !ok {
		return Money{}, Errorf(EINVALID, "%q is not a decimal number", "%q 不是十进制数", major)
	}
	amount, err := d.minor(cur, major)
	if err != nil {
		return Money{}, err
	}
	return Money{Amount: amount, Currency: cur.Code}, nil
}

// moneyCurrency finds the currency of a Money by code.
func moneyCurrency(code string) (Currency, error) {
	if strings.TrimSpace(code) == "" {
		return Currency{}, Errorf(EINVALID, "the currency is missing", "缺少币种")
	}
	cur, ok := CurrencyByCode(code)
	if !ok {
		return Currency{}, Errorf(EINVALID, "%q is not a current ISO 4217 currency code (such as CNY, USD, HKD)",
			"%q 不是现行的 ISO 4217 货币代码（如 CNY、USD、HKD）", code)
	}
	return cur, nil
}

// moneyDecimal is a parsed decimal number: its digits before and after the
// point, a power of ten to multiply it by, and its sign.
type moneyDecimal struct {
	intPart, frac string
	shift         int
	neg           bool
}

// parseDecimal reads [+-]digits[.digits], and an exponent when exp is set (a
// JSON number). At least one digit is required.
func parseDecimal(s string, exp bool) (moneyDecimal, bool) {
	var d moneyDecimal
	if s != "" && (s[0] == '-' || s[0] == '+') {
		d.neg = s[0] == '-'
		s = s[1:]
	}
	if exp {
		if i := strings.IndexAny(s, "eE"); i >= 0 {
			e, err := strconv.Atoi(s[i+1:])
			if err != nil || e > 1_000_000 || e < -1_000_000 {
				return d, false
			}
			d.shift, s = e, s[:i]
		}
	}
	d.intPart, d.frac, _ = strings.Cut(s, ".")
	if d.intPart == "" && d.frac == "" || !digitsOnly(d.intPart) || !digitsOnly(d.frac) {
		return d, false
	}
	return d, true
}

func digitsOnly(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// minor converts d to minor units of cur exactly; input is what the user
// wrote, for the error message.
func (d moneyDecimal) minor(cur Currency, input string) (int64, error) {
	digits := strings.TrimLeft(d.intPart+d.frac, "0")
	point := len(d.intPart) + d.shift + cur.MinorUnit - (len(d.intPart+d.frac) - len(digits))
	digits = strings.TrimRight(digits, "0")
	if digits == "" {
		return 0, nil
	}
	if point < len(digits) {
		return 0, Errorf(EINVALID, "%q has too many decimal places for %s (%d)",
			"%q 的小数位数超过 %s 允许的位数（%d）", input, cur.Code, cur.MinorUnit)
	}
	if point > 19 {
		return 0, moneyOverflow(input)
	}
	u, err := strconv.ParseUint(digits+strings.Repeat("0", point-len(digits)), 10, 64)
	if err != nil || u > math.MaxInt64 {
		return 0, moneyOverflow(input)
	}
	if d.neg {
		return -int64(u), nil
	}
	return int64(u), nil
}

func moneyOverflow(input string) error {
	return Errorf(EINVALID, "%q is too large an amount to store", "%q 金额过大，无法存储", input)
}

// ParseMoney reads an amount as people type it in China and abroad:
// "1.2亿元", "3,500万元", "人民币5000万元", "5000万美元", "12.5 亿港元", "USD 12.5m",
// "US$ 12.5 million", "HK$80,000,000", "€ 3.4 million", "JPY 3 billion",
// "1.5bn EUR", "£2k", with full-width digits and commas too. The units are
// 千, 万, 百万, 千万, 亿, 万亿, k/thousand, m/mn/mio/million, b/bn/billion and
// tn/trillion; the currency is a code, a symbol ($ is USD, ¥ is CNY) or a
// Chinese name, before or after the number. An amount that names no currency
// is in defaultCurrency, and an error when that is "". A leading minus is
// allowed (a correction); more decimal places than the currency has after
// the unit is applied, amounts beyond int64 and anything else unread are
// EINVALID errors that say what is wrong.
func ParseMoney(s, defaultCurrency string) (Money, error) {
	input := s
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		switch r = foldWidth(r); {
		case unicode.IsSpace(r):
			return ' '
		case r == '−':
			return '-'
		}
		return r
	}, s))
	if s == "" {
		return Money{}, Errorf(EINVALID, "the amount is empty", "金额为空")
	}
	neg := false
	if s[0] == '-' || s[0] == '+' {
		neg = s[0] == '-'
		s = strings.TrimSpace(s[1:])
	}

	start := -1
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' || s[i] == '.' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			start = i
			break
		}
	}
	if start < 0 {
		return Money{}, Errorf(EINVALID, "%q has no number in it"+moneyExampleEN, "%q 中没有数字"+moneyExampleZH, input)
	}
	prefix := strings.TrimSpace(s[:start])
	if p, ok := strings.CutSuffix(prefix, "-"); ok && !neg {
		neg, prefix = true, strings.TrimSpace(p)
	} else if p, ok := strings.CutSuffix(prefix, "+"); ok {
		prefix = strings.TrimSpace(p)
	}
	end := start
	for end < len(s) && (s[end] >= '0' && s[end] <= '9' || s[end] == ',' || s[end] == '.') {
		end++
	}
	number, rest := s[start:end], strings.TrimSpace(s[end:])

	d, err := parseGroupedNumber(number, input)
	if err != nil {
		return Money{}, err
	}
	d.neg = neg

	var code string
	if prefix != "" {
		c, known, err := currencyWord(prefix, input)
		if err != nil {
			return Money{}, err
		}
		if !known {
			return Money{}, Errorf(EINVALID, "%q: cannot understand %q"+moneyExampleEN, "%q：无法识别 %q"+moneyExampleZH, input, prefix)
		}
		code = c
	}
	shift, suffixCode, err := parseMoneySuffix(rest, input)
	if err != nil {
		return Money{}, err
	}
	d.shift = shift
	switch {
	case code != "" && suffixCode != "" && code != suffixCode:
		return Money{}, Errorf(EINVALID, "%q names two currencies, %s and %s", "%q 中有两种货币：%s 和 %s", input, code, suffixCode)
	case code == "":
		code = suffixCode
	}
	if code == "" {
		if strings.TrimSpace(defaultCurrency) == "" {
			return Money{}, Errorf(EINVALID, "%q names no currency; write it with one, such as \"CNY %s\" or \"%s美元\"",
				"%q 未注明币种；请写明币种，如“CNY %s”或“%s美元”", input, number, number)
		}
		code = defaultCurrency
	}
	cur, err := moneyCurrency(code)
	if err != nil {
		return Money{}, err
	}
	amount, err := d.minor(cur, input)
	if err != nil {
		return Money{}, err
	}
	if amount > MaxAmount || amount < -MaxAmount {
		return Money{}, Errorf(EINVALID, "%q is too large: at most 10^15 minor units (10 trillion yuan)", "%q 金额过大：不能超过 10 万亿元", input)
	}
	return Money{Amount: amount, Currency: cur.Code}, nil
}

// parseGroupedNumber reads digits with an optional decimal point and commas
// between groups of three. Other groupings are refused rather than guessed:
// "1,5" may be a European 1.5.
func parseGroupedNumber(number, input string) (moneyDecimal, error) {
	intPart, frac, _ := strings.Cut(number, ".")
	if strings.Contains(frac, ".") {
		return moneyDecimal{}, Errorf(EINVALID, "%q has more than one decimal point", "%q 中有多个小数点", input)
	}
	if strings.Contains(frac, ",") {
		return moneyDecimal{}, Errorf(EINVALID, "%q has a thousands separator after the decimal point", "%q 的小数点后有千位分隔符", input)
	}
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		for i, g := range groups {
			if len(g) != 3 && (i > 0 || len(g) == 0 || len(g) > 3) {
				return moneyDecimal{}, Errorf(EINVALID, "%q has a misplaced thousands separator; commas must separate groups of three digits",
					"%q 中的千位分隔符位置不对；逗号应每三位数字分隔一次", input)
			}
		}
		intPart = strings.Join(groups, "")
	}
	if intPart == "" && frac == "" {
		return moneyDecimal{}, Errorf(EINVALID, "%q has no number in it"+moneyExampleEN, "%q 中没有数字"+moneyExampleZH, input)
	}
	return moneyDecimal{intPart: intPart, frac: frac}, nil
}

// currencyWord reads a currency written as a word, symbol or code. known is
// false when w is none of these; err is set for a three-letter code that is
// not a current currency, so that the user learns which code is wrong.
func currencyWord(w, input string) (code string, known bool, err error) {
	key := strings.ToLower(strings.ReplaceAll(w, " ", ""))
	if c, ok := moneyWords[key]; ok {
		return c, true, nil
	}
	if len(key) == 3 && key[0] >= 'a' && key[0] <= 'z' && key[1] >= 'a' && key[1] <= 'z' && key[2] >= 'a' && key[2] <= 'z' {
		if c, ok := CurrencyByCode(key); ok {
			return c.Code, true, nil
		}
		return "", false, Errorf(EINVALID, "%q: %q is not a current ISO 4217 currency code", "%q：%q 不是现行的 ISO 4217 货币代码", input, strings.ToUpper(key))
	}
	return "", false, nil
}

// parseMoneySuffix reads what follows the number: a unit, a currency, both,
// or nothing.
func parseMoneySuffix(rest, input string) (shift int, code string, err error) {
	if rest == "" {
		return 0, "", nil
	}
	code, known, codeErr := currencyWord(rest, input)
	if known {
		return 0, code, nil
	}
	for _, u := range moneyUnits {
		if len(rest) < len(u.word) || !strings.EqualFold(rest[:len(u.word)], u.word) {
			continue
		}
		after := strings.TrimSpace(rest[len(u.word):])
		if after == "" {
			return u.exp, "", nil
		}
		if code, known, _ := currencyWord(after, input); known {
			return u.exp, code, nil
		}
	}
	if codeErr != nil {
		return 0, "", codeErr
	}
	return 0, "", Errorf(EINVALID, "%q: cannot understand %q"+moneyExampleEN, "%q：无法识别 %q"+moneyExampleZH, input, rest)
}

// minorUnit is the number of decimals of m's currency; 2 for an unknown
// currency, so that an invalid Money still prints.
func (m Money) minorUnit() int {
	if c, ok := CurrencyByCode(m.Currency); ok {
		return c.MinorUnit
	}
	return 2
}

// Decimal returns the amount in major units with all the currency's
// decimals and no grouping: "120000000.00", "-5.00", "3000" for JPY.
func (m Money) Decimal() string {
	return formatMinor(m.Amount, m.minorUnit(), false)
}

// formatMinor writes amount with minor decimals, grouping thousands with
// commas when group is set.
func formatMinor(amount int64, minor int, group bool) string {
	if amount < 0 {
		return "-" + formatMinorUnits(-uint64(amount), minor, group) // exact even for math.MinInt64
	}
	return formatMinorUnits(uint64(amount), minor, group)
}

func formatMinorUnits(u uint64, minor int, group bool) string {
	digits := strconv.FormatUint(u, 10)
	if len(digits) <= minor {
		digits = strings.Repeat("0", minor-len(digits)+1) + digits
	}
	intPart, frac := digits[:len(digits)-minor], digits[len(digits)-minor:]
	if group {
		intPart = groupThousands(intPart)
	}
	if minor == 0 {
		return intPart
	}
	return intPart + "." + frac
}

func groupThousands(s string) string {
	var b strings.Builder
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// String returns the code and the grouped amount: "CNY 120,000,000.00".
func (m Money) String() string {
	s := formatMinor(m.Amount, m.minorUnit(), true)
	if m.Currency == "" {
		return s
	}
	return m.Currency + " " + s
}

// Format returns m for display in lang, the way reports in that language
// write large amounts, when that is exact; otherwise the full amount, so
// that no digit is ever dropped. In Chinese, in 万 and 亿 ("1.2亿元",
// "3500万美元") with at most four decimals of 亿 or two of 万, else
// "¥1,234.56". In English (and any other lang), in millions and billions
// ("CNY 120 million", "USD 1.25 billion") with at most two decimals of a
// million or three of a billion, else String. The result reads back with
// ParseMoney.
func (m Money) Format(lang string) string {
	if lang == "zh" {
		return m.formatZH()
	}
	return m.formatEN()
}

// magnitude returns the absolute amount, its sign and one major unit, in
// minor units.
func (m Money) magnitude() (u uint64, sign string, one uint64) {
	u = uint64(m.Amount)
	if m.Amount < 0 {
		u, sign = -u, "-" // exact even for math.MinInt64
	}
	one = 1
	for range m.minorUnit() {
		one *= 10
	}
	return u, sign, one
}

func (m Money) formatEN() string {
	if m.Currency == "" {
		return m.String()
	}
	u, sign, one := m.magnitude()
	million, billion := 1_000_000*one, 1_000_000_000*one
	switch {
	case u >= billion && u%million == 0:
		return m.Currency + " " + sign + groupScaled(scaledDecimal(u/million, 3)) + " billion"
	case u >= million && u%(10_000*one) == 0:
		return m.Currency + " " + sign + groupScaled(scaledDecimal(u/(10_000*one), 2)) + " million"
	}
	return m.String()
}

func (m Money) formatZH() string {
	name, ok := zhCurrencyNames[m.Currency]
	if !ok {
		return m.String()
	}
	u, sign, one := m.magnitude()
	wan, yi := 10_000*one, 100_000_000*one
	switch {
	case u >= yi && u%wan == 0:
		return sign + scaledDecimal(u/wan, 4) + "亿" + name
	case u >= wan && u%(one*100) == 0:
		return sign + scaledDecimal(u/(one*100), 2) + "万" + name
	case m.Currency == "CNY":
		return sign + "¥" + formatMinorUnits(u, m.minorUnit(), true)
	}
	return sign + formatMinorUnits(u, m.minorUnit(), true) + name
}

// groupScaled groups the thousands of a scaled decimal's whole part:
// "1495.1" is "1,495.1".
func groupScaled(n string) string {
	whole, frac, ok := strings.Cut(n, ".")
	if whole = groupThousands(whole); ok {
		return whole + "." + frac
	}
	return whole
}

// scaledDecimal writes n with decimals implied decimal places, dropping trailing
// zeros: scaledDecimal(12000, 4) is "1.2".
func scaledDecimal(n uint64, decimals int) string {
	s := strconv.FormatUint(n, 10)
	if len(s) <= decimals {
		s = strings.Repeat("0", decimals-len(s)+1) + s
	}
	intPart, frac := s[:len(s)-decimals], strings.TrimRight(s[len(s)-decimals:], "0")
	if frac == "" {
		return intPart
	}
	return intPart + "." + frac
}

// Add returns the sum of m and o, which must be in the same currency. The
// zero Money adds as nothing, so that a total can start from it.
func (m Money) Add(o Money) (Money, error) {
	switch {
	case m == Money{}:
		return o, nil
	case o == Money{}:
		return m, nil
	case m.Currency != o.Currency:
		return Money{}, Errorf(EINVALID, "cannot add %s to %s: convert them to one currency first", "不能将 %s 与 %s 直接相加：请先换算为同一币种", o.Currency, m.Currency)
	}
	sum := m.Amount + o.Amount
	if (o.Amount > 0 && sum < m.Amount) || (o.Amount < 0 && sum > m.Amount) {
		return Money{}, Errorf(EINVALID, "the sum of %s and %s is too large to store", "%s 与 %s 之和过大，无法存储", m, o)
	}
	return Money{Amount: sum, Currency: m.Currency}, nil
}

// IsZero reports whether the amount is zero, whatever its currency.
func (m Money) IsZero() bool { return m.Amount == 0 }

// Validate checks that m's currency is a current ISO 4217 code, written in
// upper case as it is stored.
func (m Money) Validate() error {
	var p Problems
	if m.Amount > MaxAmount || m.Amount < -MaxAmount {
		p.Add("amount", "is too large: at most 10^15 minor units (10 trillion yuan)", "金额过大：不能超过 10 万亿元")
	}
	if m.Currency == "" {
		p.Required("currency")
	} else if c, ok := CurrencyByCode(m.Currency); !ok || c.Code != m.Currency {
		p.Add("currency", "%q is not a current ISO 4217 currency code (such as CNY, USD, HKD)",
			"%q 不是现行的 ISO 4217 货币代码（如 CNY、USD、HKD）", m.Currency)
	}
	return p.Err()
}

// MaxAmount bounds an amount in minor units, so that the sums reports take
// over many records stay far inside int64.
const MaxAmount = 1_000_000_000_000_000

// moneyJSON is the JSON form of a Money. The amount is a decimal string so
// that no JSON reader turns it into a float.
type moneyJSON struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// MarshalJSON writes {"amount":"120000000.00","currency":"CNY"}, or null for
// the zero Money, which stands for no amount.
func (m Money) MarshalJSON() ([]byte, error) {
	if m == (Money{}) {
		return []byte("null"), nil
	}
	return json.Marshal(moneyJSON{Amount: m.Decimal(), Currency: m.Currency})
}

// UnmarshalJSON reads the object MarshalJSON writes, with the amount as a
// decimal string or a JSON number (read exactly from its digits, never as a
// float), or a string in any form ParseMoney reads ("1.2亿元", "USD 12.5m")
// that names its currency. null leaves m unchanged. Errors are EINVALID.
func (m *Money) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return moneyJSONError()
		}
		v, err := ParseMoney(s, "")
		if err != nil {
			return err
		}
		*m = v
		return nil
	case len(b) > 0 && b[0] == '{':
		var obj struct {
			Amount   json.RawMessage `json:"amount"`
			Currency *string         `json:"currency"`
		}
		if err := json.Unmarshal(b, &obj); err != nil {
			return moneyJSONError()
		}
		amount := bytes.TrimSpace(obj.Amount)
		if len(amount) == 0 || bytes.Equal(amount, []byte("null")) {
			return Errorf(EINVALID, "the amount is missing", "缺少金额")
		}
		if obj.Currency == nil {
			return Errorf(EINVALID, "the currency is missing", "缺少币种")
		}
		cur, err := moneyCurrency(*obj.Currency)
		if err != nil {
			return err
		}
		text, isNumber := string(amount), amount[0] != '"'
		if !isNumber {
			if err := json.Unmarshal(amount, &text); err != nil {
				return moneyJSONError()
			}
			text = strings.TrimSpace(text)
		}
		d, ok := parseDecimal(text, isNumber)
		if !ok {
			return Errorf(EINVALID, "the amount %q is not a decimal number", "金额 %q 不是十进制数", text)
		}
		v, err := d.minor(cur, text)
		if err != nil {
			return err
		}
		*m = Money{Amount: v, Currency: cur.Code}
		return nil
	}
	return moneyJSONError()
}

func moneyJSONError() error {
	return Errorf(EINVALID, `an amount must be an object such as {"amount": "1234.50", "currency": "CNY"} or a string such as "USD 12.5m"`,
		`金额须为 {"amount": "1234.50", "currency": "CNY"} 这样的对象或“USD 12.5m”这样的字符串`)
}
