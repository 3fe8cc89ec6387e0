package attract

import (
	"encoding/json"
	"time"
)

// Date is a civil date without time of day or zone, such as a contract date
// or a registration date. Its JSON and database form is "2006-01-02".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateLayout is the text form of a Date.
const DateLayout = "2006-01-02"

// ParseDate parses "2006-01-02".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, Errorf(EINVALID, "%q is not a date of the form YYYY-MM-DD", "%q 不是 YYYY-MM-DD 格式的日期", s)
	}
	if err := CheckYear(t); err != nil {
		return Date{}, err
	}
	return DateOf(t), nil
}

// CheckYear refuses times outside the years 1900 to 2200: a typing slip
// ("0023", "20233") rather than a date any record of Attract's can carry,
// and outside what every database stores.
func CheckYear(t time.Time) error {
	if y := t.Year(); y < 1900 || y > 2200 {
		return Errorf(EINVALID, "the year %d is out of range (1900 to 2200)", "年份 %d 超出范围（1900 至 2200）", y)
	}
	return nil
}

// AgencyZone is the zone the agency works in: China Standard Time, which
// has no daylight saving, so a fixed zone needs no time-zone database on the
// server. Pages show times in it and read them in it, and a day — "created
// on", "occurred on", the figures of a year or a month — is its day: a
// project created at 03:00 on 1 January counts in the new year, though it is
// still 31 December in UTC.
var AgencyZone = time.FixedZone("CST", 8*60*60)

// AgencyDate returns the agency's date at t.
func AgencyDate(t time.Time) Date { return DateOf(t.In(AgencyZone)) }

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Time returns midnight UTC at the start of d.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// In returns the start of d in loc: where a filter over days of the
// agency's meets a time column, In(AgencyZone).
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String returns d as "2006-01-02".
func (d Date) String() string { return d.Time().Format(DateLayout) }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Time().Before(e.Time()) }

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// MarshalJSON implements json.Marshaler.
func (d Date) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON implements json.Unmarshaler.
func (d *Date) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return Errorf(EINVALID, "must be a date string of the form YYYY-MM-DD", "必须是 YYYY-MM-DD 格式的日期字符串")
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}
