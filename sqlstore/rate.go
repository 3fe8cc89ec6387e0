package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"attract"
)

const rateColumns = `id, date, base, quote, rate, source, version, created_at`

func scanRate(s interface{ Scan(...any) error }) (*attract.ExchangeRate, error) {
	r := &attract.ExchangeRate{}
	err := s.Scan(&r.ID, reqDateCol{&r.Date}, &r.Base, &r.Quote, &r.Rate, &r.Source, &r.Version, timeCol{&r.CreatedAt})
	return r, err
}

// CreateExchangeRate adds a dated rate to the table.
func (db *DB) CreateExchangeRate(ctx context.Context, r *attract.ExchangeRate) error {
	if err := attract.Authorize(ctx, attract.PermRateWrite); err != nil {
		return err
	}
	r.Base, r.Quote = strings.ToUpper(strings.TrimSpace(r.Base)), strings.ToUpper(strings.TrimSpace(r.Quote))
	if err := r.Validate(); err != nil {
		return err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	r.CreatedAt, r.Version = tx.now, 1
	id, err := tx.insert(`INSERT INTO exchange_rates (date, base, quote, rate, source, version, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)`,
		r.Date.String(), r.Base, r.Quote, r.Rate, r.Source, tx.ts(r.CreatedAt))
	if err != nil {
		return storeError(err, "rate")
	}
	r.ID = id
	if err := tx.audit("create", "rate", id, nil, r); err != nil {
		return err
	}
	return tx.Commit()
}

var rateSorts = map[string]sortKey[*attract.ExchangeRate]{
	"date": {col: "date", kind: keyText, val: func(r *attract.ExchangeRate) any { return r.Date.String() }},
}

// FindExchangeRates lists rates, newest first.
func (db *DB) FindExchangeRates(ctx context.Context, f attract.ExchangeRateFilter) ([]*attract.ExchangeRate, string, error) {
	if err := attract.Authorize(ctx, attract.PermRateRead); err != nil {
		return nil, "", err
	}
	var q listQuery
	if f.Base != "" {
		q.add("base = ?", strings.ToUpper(f.Base))
	}
	if f.Quote != "" {
		q.add("quote = ?", strings.ToUpper(f.Quote))
	}
	if f.From != nil {
		q.add("date >= ?", f.From.String())
	}
	if f.To != nil {
		q.add("date <= ?", f.To.String())
	}
	// Dates compare as text in SQLite and as dates in PostgreSQL; the cursor
	// value is the date's text, which PostgreSQL casts.
	pg, order, err := paginate(db.dialect, &q, "", rateSorts, "-date", "-date", f.Cursor, f.Limit)
	if err != nil {
		return nil, "", err
	}
	rows, err := db.reader(ctx).query(`SELECT `+rateColumns+` FROM exchange_rates`+q.whereSQL()+order+pg.limitSQL(), q.args...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	out := []*attract.ExchangeRate{}
	for rows.Next() {
		r, err := scanRate(rows)
		if err != nil {
			return nil, "", err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, "", err
	}
	out, next := pg.next(out, func(r *attract.ExchangeRate) int64 { return r.ID })
	return out, next, nil
}

// DeleteExchangeRate removes a rate.
func (db *DB) DeleteExchangeRate(ctx context.Context, id int64) error {
	if err := attract.Authorize(ctx, attract.PermRateWrite); err != nil {
		return err
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	r, err := scanRate(tx.queryRow(`SELECT `+rateColumns+` FROM exchange_rates WHERE id = ?`, id))
	if err == sql.ErrNoRows {
		return notFound("rate", id)
	} else if err != nil {
		return err
	}
	if _, err := tx.exec(`DELETE FROM exchange_rates WHERE id = ?`, id); err != nil {
		return err
	}
	if err := tx.audit("delete", "rate", id, r, nil); err != nil {
		return err
	}
	return tx.Commit()
}

// FindRate returns the latest rate on or before the date between two
// currencies, in either direction.
func (db *DB) FindRate(ctx context.Context, base, quote string, on attract.Date) (*attract.ExchangeRate, error) {
	if err := attract.Authorize(ctx, attract.PermRateRead); err != nil {
		return nil, err
	}
	base, quote = strings.ToUpper(base), strings.ToUpper(quote)
	r, err := scanRate(db.reader(ctx).queryRow(`SELECT `+rateColumns+` FROM exchange_rates
		WHERE ((base = ? AND quote = ?) OR (base = ? AND quote = ?)) AND date <= ?
		ORDER BY date DESC, id DESC LIMIT 1`, base, quote, quote, base, on.String()))
	if err == sql.ErrNoRows {
		return nil, attract.Errorf(attract.ENOTFOUND,
			"There is no exchange rate between %[1]s and %[2]s on or before %[3]s; add one to the exchange-rate table.",
			"汇率表中没有 %[3]s 或之前 %[1]s 与 %[2]s 之间的汇率，请先添加。", base, quote, on)
	}
	return r, err
}

// ConvertMoney converts m into currency to at the rate in force on the date.
func (db *DB) ConvertMoney(ctx context.Context, m attract.Money, to string, on attract.Date) (attract.Conversion, error) {
	if strings.EqualFold(m.Currency, to) {
		return attract.Conversion{From: m, To: m}, nil
	}
	r, err := db.FindRate(ctx, m.Currency, to, on)
	if err != nil {
		return attract.Conversion{}, err
	}
	return attract.Convert(m, strings.ToUpper(to), *r)
}
