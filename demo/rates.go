package demo

import (
	"errors"
	"fmt"
	"math"
	"strconv"

	"attract"
)

// monthRate is the demo's exchange rates for one month: CNY per unit of
// each currency, as the table the agency keeps for its reports.
type monthRate struct {
	date               attract.Date
	usd, hkd, eur, jpy float64
	usdText, hkdText   string
	eurText, jpyText   string
	entered            bool // scheduled for the table (months before the three years only convert)
}

// rateSource marks every demo rate as what it is.
const rateSource = "演示数据：模拟汇率，非官方 / Demo data: simulated, not official rates"

// planRates draws a month-by-month walk of the rates around the levels of
// recent years (about 7 yuan to the dollar, the Hong Kong dollar pegged
// near 7.8 to it, the euro near 1.10 dollars, the yen between 105 and 160),
// pulled back towards them so that three years never drift into the absurd,
// and schedules one row per currency on the first working day of each month
// of the three years, entered by a director.
func (g *generator) planRates() {
	usdcny, eurusd, usdjpy := 6.9+g.r.NormFloat64()*0.1, 1.1+g.r.NormFloat64()*0.03, 135+g.r.NormFloat64()*8
	d := attract.Date{Year: g.start.Year, Month: g.start.Month, Day: 1}
	for !g.last.Before(d) {
		usdcny = clamp(usdcny+0.15*(7.0-usdcny)+g.r.NormFloat64()*0.06, 6.3, 7.35)
		eurusd = clamp(eurusd+0.15*(1.10-eurusd)+g.r.NormFloat64()*0.018, 0.98, 1.22)
		usdjpy = clamp(usdjpy+0.12*(140-usdjpy)+g.r.NormFloat64()*3, 105, 160)
		usdhkd := clamp(7.80+g.r.NormFloat64()*0.015, 7.75, 7.85)
		m := monthRate{date: g.workday(d), usd: round(usdcny, 4), eur: round(usdcny*eurusd, 4),
			hkd: round(usdcny/usdhkd, 4), jpy: round(usdcny/usdjpy, 6)}
		m.usdText, m.eurText = strconv.FormatFloat(m.usd, 'f', 4, 64), strconv.FormatFloat(m.eur, 'f', 4, 64)
		m.hkdText, m.jpyText = strconv.FormatFloat(m.hkd, 'f', 4, 64), strconv.FormatFloat(m.jpy, 'f', 6, 64)
		m.entered = !m.date.Before(g.start)
		g.rates = append(g.rates, m)
		if m.entered {
			g.scheduleRates(m)
		}
		d = attract.DateOf(d.Time().AddDate(0, 1, 0))
	}
}

func clamp(v, lo, hi float64) float64 { return math.Min(hi, math.Max(lo, v)) }

func round(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}

// scheduleRates enters a month's rates. A rate the agency already keeps
// for that date and pair is left as it is: real rates win over the demo's.
func (g *generator) scheduleRates(m monthRate) {
	by := g.directors[int(m.date.Month)%len(g.directors)]
	g.at(timeOn(m.date, 9*60+15), func() error {
		for _, r := range []struct{ base, rate string }{
			{"USD", m.usdText}, {"HKD", m.hkdText}, {"EUR", m.eurText}, {"JPY", m.jpyText},
		} {
			er := &attract.ExchangeRate{Date: m.date, Base: r.base, Quote: "CNY", Rate: r.rate, Source: rateSource}
			err := g.db.CreateExchangeRate(by.ctx, er)
			var ae *attract.Error
			switch {
			case err == nil:
				g.sum.Rates++
			case errors.As(err, &ae) && ae.Code == attract.ECONFLICT:
			default:
				return wrap(fmt.Sprintf("exchange rate %s/CNY on %s", r.base, m.date), err)
			}
		}
		return nil
	})
}

// rateOn returns CNY per unit of currency in the month of d.
func (g *generator) rateOn(d attract.Date, currency string) float64 {
	m := g.rates[0]
	for _, r := range g.rates {
		if d.Before(r.date) {
			break
		}
		m = r
	}
	switch currency {
	case "USD":
		return m.usd
	case "HKD":
		return m.hkd
	case "EUR":
		return m.eur
	case "JPY":
		return m.jpy
	}
	return 1
}
