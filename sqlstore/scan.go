package sqlstore

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"attract"

	"golang.org/x/text/width"
)

// timeCol scans a timestamp stored as text (SQLite) or timestamptz (PostgreSQL).
type timeCol struct{ t *time.Time }

func (c timeCol) Scan(v any) error {
	t, err := parseTimeValue(v)
	if err != nil {
		return err
	}
	if t != nil {
		*c.t = *t
	}
	return nil
}

// nullTimeCol scans an optional timestamp.
type nullTimeCol struct{ t **time.Time }

func (c nullTimeCol) Scan(v any) error {
	t, err := parseTimeValue(v)
	*c.t = t
	return err
}

func parseTimeValue(v any) (*time.Time, error) {
	switch v := v.(type) {
	case nil:
		return nil, nil
	case time.Time:
		t := v.UTC()
		return &t, nil
	case string:
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return nil, err
		}
		return &t, nil
	case []byte:
		return parseTimeValue(string(v))
	}
	return nil, fmt.Errorf("cannot scan %T into a time", v)
}

// dateCol scans an optional civil date stored as 'YYYY-MM-DD' text or date.
type dateCol struct{ d **attract.Date }

func (c dateCol) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*c.d = nil
	case time.Time:
		d := attract.DateOf(v.UTC())
		*c.d = &d
	case string:
		d, err := attract.ParseDate(v[:min(len(v), 10)])
		if err != nil {
			return err
		}
		*c.d = &d
	case []byte:
		return c.Scan(string(v))
	default:
		return fmt.Errorf("cannot scan %T into a date", v)
	}
	return nil
}

// reqDateCol scans a required civil date.
type reqDateCol struct{ d *attract.Date }

func (c reqDateCol) Scan(v any) error {
	var p *attract.Date
	if err := (dateCol{&p}).Scan(v); err != nil {
		return err
	}
	if p != nil {
		*c.d = *p
	}
	return nil
}

// dateArg converts an optional date for storage; both dialects take text.
func dateArg(d *attract.Date) any {
	if d == nil {
		return nil
	}
	return d.String()
}

// moneyCol scans an optional money value from its amount and currency columns.
type moneyCol struct {
	amount   sql.NullInt64
	currency sql.NullString
}

func (m *moneyCol) dest() []any { return []any{&m.amount, &m.currency} }

func (m *moneyCol) value() *attract.Money {
	if !m.amount.Valid || !m.currency.Valid {
		return nil
	}
	return &attract.Money{Amount: m.amount.Int64, Currency: m.currency.String}
}

// moneyArgs converts an optional money value into its two columns.
func moneyArgs(m *attract.Money) (any, any) {
	if m == nil {
		return nil, nil
	}
	return m.Amount, m.Currency
}

// jsonCol scans a JSON text column into v.
type jsonCol struct{ v any }

func (c jsonCol) Scan(src any) error {
	switch s := src.(type) {
	case nil:
		return nil
	case string:
		return json.Unmarshal([]byte(s), c.v)
	case []byte:
		return json.Unmarshal(s, c.v)
	}
	return fmt.Errorf("cannot scan %T as JSON", src)
}

// idPtr converts a nullable id column.
func idPtr(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	v := n.Int64
	return &v
}

// ptrValue returns *p, or 0 for nil.
func ptrValue(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// intArg converts an optional integer for storage.
func intArg(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// normalize folds text for search and sorting: full-width forms to
// half-width, letters to lower case, runs of space to one.
func normalize(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(width.Fold.String(s))), " ")
}

// searchText builds the text a record is found by.
func searchText(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		if p = normalize(p); p != "" {
			b.WriteString(p)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// likePattern turns a user's query into a LIKE pattern matching it anywhere,
// with LIKE's wildcards escaped (ESCAPE '\').
func likePattern(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(normalize(q)) + "%"
}
