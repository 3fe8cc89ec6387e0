package attract

import (
	"context"
	"math/big"
	"strings"
	"time"
)

// ExchangeRate is one row of the dated exchange-rate table the agency keeps
// for its reports: on Date, 1 unit of Base is worth Rate units of Quote. Rate
// is a decimal string (at most 10 decimal places) so that the rate a report
// states is the rate it used, digit for digit.
type ExchangeRate struct {
	ID        int64     `json:"id"`
	Date      Date      `json:"date"`
	Base      string    `json:"base"`
	Quote     string    `json:"quote"`
	Rate      string    `json:"rate"`
	Source    string    `json:"source,omitempty"`
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
}

// Limits of ExchangeRate.Rate. Ten decimals hold any published rate (the
// PBOC publishes four, central banks at most six); fifteen integer digits
// leave room for rates between the strongest and weakest currencies while
// keeping the value within a NUMERIC(25,10) column.
const (
	maxRateDecimals = 10
	maxRateDigits   = 15
)

// Validate checks the rate and reports every problem by field: date, base,
// quote, rate and source.
func (r *ExchangeRate) Validate() error {
	var p Problems
	if r.Date.IsZero() {
		p.Required("date")
	}
	checkRateCurrency(&p, "base", r.Base)
	checkRateCurrency(&p, "quote", r.Quote)
	if r.Base != "" && r.Base == r.Quote {
		p.Add("quote", "must differ from the base currency", "须与基准货币不同")
	}
	if r.Rate == "" {
		p.Required("rate")
	} else if _, err := parseRate(r.Rate); err != nil {
		p.Merge("rate", err)
	}
	checkLen(&p, "source", r.Source, 200)
	return p.Err()
}

func checkRateCurrency(p *Problems, field, code string) {
	if code == "" {
		p.Required(field)
	} else if c, ok := CurrencyByCode(code); !ok || c.Code != code {
		p.Add(field, "%q is not a current ISO 4217 currency code (such as CNY, USD, HKD)",
			"%q 不是现行的 ISO 4217 货币代码（如 CNY、USD、HKD）", code)
	}
}

// parseRate reads a rate exactly: a positive decimal without sign, grouping
// or exponent.
func parseRate(s string) (*big.Rat, error) {
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" || !digitsOnly(intPart) || !digitsOnly(frac) || strings.Contains(s, ".") && frac == "" {
		return nil, Errorf(EINVALID, "%q is not a decimal number such as 7.1234", "%q 不是 7.1234 这样的十进制数", s)
	}
	if len(frac) > maxRateDecimals {
		return nil, Errorf(EINVALID, "%q has more than %d decimal places", "%q 的小数超过 %d 位", s, maxRateDecimals)
	}
	if len(strings.TrimLeft(intPart, "0")) > maxRateDigits {
		return nil, Errorf(EINVALID, "%q is too large for an exchange rate", "%q 作为汇率过大", s)
	}
	q, ok := new(big.Rat).SetString(s)
	if !ok || q.Sign() <= 0 {
		return nil, Errorf(EINVALID, "must be greater than zero", "须大于零")
	}
	return q, nil
}

// Conversion is the result of converting an amount, with the rate used, so
// that a report can state which rates it applied. Inverse is set when the
// rate was applied from Quote to Base (divided by).
type Conversion struct {
	From    Money         `json:"from"`
	To      Money         `json:"to"`
	Rate    *ExchangeRate `json:"rate"` // nil when no conversion was needed
	Inverse bool          `json:"inverse"`
}

// Convert converts m into currency to at rate r, directly (m in r.Base, to
// r.Quote) or inversely (m in r.Quote, to r.Base). The arithmetic is exact
// and the result is rounded once, half to even, to the minor unit of to, so
// that large sums carry no drift. It is EINVALID when r is not valid, does
// not join the two currencies, or the result does not fit.
func Convert(m Money, to string, r ExchangeRate) (Conversion, error) {
	from, err := moneyCurrency(m.Currency)
	if err != nil {
		return Conversion{}, err
	}
	target, err := moneyCurrency(to)
	if err != nil {
		return Conversion{}, err
	}
	if err := r.Validate(); err != nil {
		return Conversion{}, err
	}
	rate, _ := parseRate(r.Rate)
	var inverse bool
	switch {
	case from.Code == r.Base && target.Code == r.Quote:
	case from.Code == r.Quote && target.Code == r.Base:
		inverse = true
		rate.Inv(rate)
	default:
		return Conversion{}, Errorf(EINVALID, "a %s/%s rate cannot convert %s to %s", "%s/%s 汇率不能用于将 %s 换算为 %s",
			r.Base, r.Quote, from.Code, target.Code)
	}
	// major(to) = major(from) × rate, so minor(to) = minor(from) × rate × 10^(to.minor − from.minor).
	v := new(big.Rat).SetFrac(big.NewInt(m.Amount), big.NewInt(1))
	v.Mul(v, rate)
	if d := target.MinorUnit - from.MinorUnit; d >= 0 {
		v.Mul(v, new(big.Rat).SetInt(bigPow10(d)))
	} else {
		v.Quo(v, new(big.Rat).SetInt(bigPow10(-d)))
	}
	n := roundHalfEven(v)
	if !n.IsInt64() {
		return Conversion{}, Errorf(EINVALID, "%s converted to %s is too large to store", "%s 换算为 %s 后金额过大，无法存储", m, target.Code)
	}
	return Conversion{From: m, To: Money{Amount: n.Int64(), Currency: target.Code}, Rate: &r, Inverse: inverse}, nil
}

func bigPow10(n int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }

// roundHalfEven rounds q to the nearest integer, ties to even (banker's
// rounding), which keeps sums of many converted amounts unbiased.
func roundHalfEven(q *big.Rat) *big.Int {
	num, den := q.Num(), q.Denom() // den > 0
	quo, rem := new(big.Int).DivMod(num, den, new(big.Int))
	// DivMod is Euclidean: 0 <= rem < den, so quo is the floor of q.
	switch new(big.Int).Lsh(rem, 1).Cmp(den) {
	case 1:
		quo.Add(quo, big.NewInt(1))
	case 0:
		if quo.Bit(0) == 1 {
			quo.Add(quo, big.NewInt(1))
		}
	}
	return quo
}

// ExchangeRateFilter selects exchange rates. Base and Quote match either way
// round when both are set; From and To bound the date, inclusive. Cursor is
// the opaque value a previous page returned; Limit caps the page size.
type ExchangeRateFilter struct {
	Base, Quote string
	From, To    *Date
	Cursor      string
	Limit       int
}

// ExchangeRateService keeps the agency's dated exchange-rate table and
// converts with it.
type ExchangeRateService interface {
	// CreateExchangeRate stores r and sets its ID, Version and CreatedAt.
	// EINVALID (r.Validate), ECONFLICT (a rate for the same date, base and
	// quote exists), EFORBIDDEN.
	CreateExchangeRate(ctx context.Context, r *ExchangeRate) error

	// FindExchangeRates returns the rates f selects, newest date first, and
	// the cursor of the next page ("" on the last). EINVALID (bad cursor or
	// filter), EFORBIDDEN.
	FindExchangeRates(ctx context.Context, f ExchangeRateFilter) ([]*ExchangeRate, string, error)

	// DeleteExchangeRate removes a rate. ENOTFOUND, EFORBIDDEN.
	DeleteExchangeRate(ctx context.Context, id int64) error

	// FindRate returns the most recent rate on or before the date, for
	// base→quote or quote→base; ENOTFOUND names the pair and date.
	FindRate(ctx context.Context, base, quote string, on Date) (*ExchangeRate, error)

	// ConvertMoney converts m into currency to at the rate FindRate gives
	// for the date. EINVALID (see Convert), ENOTFOUND (no rate on or before
	// the date).
	ConvertMoney(ctx context.Context, m Money, to string, on Date) (Conversion, error)
}
