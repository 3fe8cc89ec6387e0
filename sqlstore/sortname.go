package sqlstore

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// SortName is the key a project, company or contact sorts by in the lists'
// "name" order: Chinese names in pinyin order, as a Chinese reader looks
// for them (陈 before 联 before 张), Latin names before them in alphabetical
// order, letter case and width ignored. It is the name's collation key in
// Simplified Chinese at the primary level (golang.org/x/text/collate,
// Loose) written in hex, so that both databases order it byte by byte
// whatever their collation. Records whose names differ only in case or
// width have the same key and are ordered by id. The bulk generator fills
// sort_name with it too.
func SortName(name string) string {
	c := sortCollators.Get().(*sortCollator)
	defer sortCollators.Put(c)
	c.buf.Reset()
	return hex.EncodeToString(c.col.KeyFromString(&c.buf, normalize(name)))
}

// A collate.Collator may not be shared between goroutines.
type sortCollator struct {
	col *collate.Collator
	buf collate.Buffer
}

var sortCollators = sync.Pool{New: func() any {
	return &sortCollator{col: collate.New(language.SimplifiedChinese, collate.Loose)}
}}

// sortNamesMigration is the migration that fills sort_name with SortName's
// keys, replacing the folded names the earlier versions kept (which sorted
// Chinese names by code point).
const sortNamesMigration = "0011_sort_names.go"

// rekeySortNames fills the sort_name of every project, company and contact
// with SortName of its display name (the Chinese name, else the English).
// The update touches no column a trigger watches, no version and no time:
// the records do not change, only how they sort. Rows are read 5,000 at a
// time, and only those whose key differs are written.
func rekeySortNames(ctx context.Context, tx *sql.Tx, d dialect) error {
	for _, table := range []string{"projects", "companies", "contacts"} {
		if err := rekeyTable(ctx, tx, d, table); err != nil {
			return fmt.Errorf("sort names of %s: %w", table, err)
		}
	}
	return nil
}

func rekeyTable(ctx context.Context, tx *sql.Tx, d dialect, table string) error {
	const batchSize = 5000
	write := func(ids []int64, keys []string) error {
		// PostgreSQL takes the batch in one statement, from arrays: a
		// statement a row is a round trip a row.
		_, err := tx.ExecContext(ctx, `UPDATE `+table+` t SET sort_name = v.key
			FROM unnest($1::bigint[], $2::text[]) AS v (id, key) WHERE t.id = v.id`, ids, keys)
		return err
	}
	if d.name() == "sqlite" {
		update, err := tx.PrepareContext(ctx, `UPDATE `+table+` SET sort_name = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		defer update.Close()
		write = func(ids []int64, keys []string) error {
			for i, id := range ids {
				if _, err := update.ExecContext(ctx, keys[i], id); err != nil {
					return err
				}
			}
			return nil
		}
	}
	for after := int64(0); ; {
		rows, err := tx.QueryContext(ctx, d.rebind(`SELECT id, CASE WHEN name_zh <> '' THEN name_zh ELSE name_en END, sort_name
			FROM `+table+` WHERE id > ? ORDER BY id LIMIT `+fmt.Sprint(batchSize)), after)
		if err != nil {
			return err
		}
		var ids []int64
		var keys []string
		n := 0
		for rows.Next() {
			var id int64
			var name, old string
			if err := rows.Scan(&id, &name, &old); err != nil {
				rows.Close()
				return err
			}
			n, after = n+1, id
			if key := SortName(name); key != old {
				ids, keys = append(ids, id), append(keys, key)
			}
		}
		if err := rows.Err(); err != nil { // Next has closed rows
			return err
		}
		if len(ids) > 0 {
			if err := write(ids, keys); err != nil {
				return err
			}
		}
		if n < batchSize {
			return nil
		}
	}
}
