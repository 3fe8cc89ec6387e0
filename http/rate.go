package http

import (
	"net/http"
	"strings"

	"attract"
)

var rateParams = append([]param{
	{"base", "string", "ISO 4217"}, {"quote", "string", "ISO 4217"},
	{"from", "string", "YYYY-MM-DD"}, {"to", "string", "YYYY-MM-DD"},
}, pagingParams...)

var convertParams = []param{
	{"amount", "string", `what to convert, as people write it: "USD 12.5m", "1.2亿元"`},
	{"to", "string", "ISO 4217 code of the result"},
	{"date", "string", "YYYY-MM-DD; the latest rate on or before it is used (default today)"},
}

// rateCreate is the body of a new exchange rate.
type rateCreate struct {
	Date   attract.Date `json:"date"`
	Base   string       `json:"base"`
	Quote  string       `json:"quote"`
	Rate   string       `json:"rate"`
	Source string       `json:"source"`
}

func (s *Server) listRates(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := attract.ExchangeRateFilter{Base: q.str("base"), Quote: q.str("quote"), From: q.date("from"), To: q.date("to"),
		Cursor: q.str("cursor"), Limit: q.int("limit")}
	if err := q.err(); err != nil {
		return err
	}
	items, next, err := s.DB.FindExchangeRates(r.Context(), f)
	if err != nil {
		return err
	}
	return writeList(w, items, next)
}

func (s *Server) createRate(w http.ResponseWriter, r *http.Request) error {
	var in rateCreate
	if err := decodeCreate(r, &in); err != nil {
		return err
	}
	rate := &attract.ExchangeRate{Date: in.Date, Base: in.Base, Quote: in.Quote, Rate: in.Rate, Source: in.Source}
	if err := s.DB.CreateExchangeRate(r.Context(), rate); err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, rate)
}

func (s *Server) convert(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	var m attract.Money
	if a := q.str("amount"); a == "" {
		q.probs.Required("amount")
	} else if v, err := attract.ParseMoney(a, ""); err != nil {
		q.probs.Merge("amount", err)
	} else {
		m = v
	}
	to := strings.ToUpper(q.str("to"))
	if to == "" {
		q.probs.Required("to")
	} else if _, ok := attract.CurrencyByCode(to); !ok {
		q.probs.Add("to", "%q is not an ISO 4217 currency code", "%q 不是 ISO 4217 货币代码", to)
	}
	on := q.date("date")
	if err := q.err(); err != nil {
		return err
	}
	if on == nil {
		today := attract.AgencyDate(s.DB.Now())
		on = &today
	}
	c, err := s.DB.ConvertMoney(r.Context(), m, to, *on)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, c)
}
