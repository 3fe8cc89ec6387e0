package sqlstore

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"attract"
)

// Lists page by keyset: the cursor holds the sort value and id of the last
// row sent, and the next page starts after it, so a page deep in the results
// costs what the first one does.

const (
	defaultLimit = 50
	maxLimit     = 500
)

// keyKind is the type of a sort column, which decides how its cursor value
// is read back.
type keyKind int

const (
	keyText keyKind = iota
	keyTime
	keyInt
)

// sortKey is one sort a list offers: its column and how to read the sort
// value of an item for the next cursor.
type sortKey[T any] struct {
	col  string
	kind keyKind
	val  func(T) any // string, time.Time or int64
}

// listQuery is a list's WHERE clause, grown condition by condition.
type listQuery struct {
	// from, when set, is what the table's rows are joined to and drawn
	// from first, written before the table, with its arguments ahead of
	// the WHERE clause's (projectWhere's company filter).
	from     string
	fromArgs []any
	where    []string
	args     []any
	// replan runs the query unprepared on PostgreSQL, so that it is
	// planned for its values every time: a text search's best plan depends
	// on the words (a prepared statement soon gets one generic plan).
	replan bool
}

// params returns the arguments to run the query with.
func (q *listQuery) params() []any {
	args := q.args
	if len(q.fromArgs) > 0 {
		args = append(slices.Clone(q.fromArgs), args...)
	}
	if q.replan {
		return append([]any{pgx.QueryExecModeExec}, args...)
	}
	return args
}

func (q *listQuery) add(cond string, args ...any) {
	q.where = append(q.where, cond)
	q.args = append(q.args, args...)
}

// fromWhere is the query's FROM and WHERE clauses over table ("projects
// p"), with what it is joined to first, if anything.
func (q *listQuery) fromWhere(table string) string {
	return " FROM " + q.from + table + q.whereSQL()
}

func (q *listQuery) whereSQL() string {
	if len(q.where) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(q.where, " AND ")
}

// cursor is the decoded form of a page cursor.
type cursor struct {
	Sort  string `json:"s"`
	Value any    `json:"v"`
	ID    int64  `json:"id"`
}

// page holds what a list needs to run one page.
type page[T any] struct {
	key   sortKey[T]
	name  string // the sort as asked, with "-" for descending
	desc  bool
	limit int
}

// paginate resolves the sort and cursor of a list into ORDER BY and LIMIT,
// adding the keyset condition to q. EINVALID for an unknown sort, a bad
// cursor or a limit out of range.
func paginate[T any](d dialect, q *listQuery, alias string, sorts map[string]sortKey[T], sortParam, defaultSort, cur string, limit int) (page[T], string, error) {
	if sortParam == "" {
		sortParam = defaultSort
	}
	name := strings.TrimPrefix(sortParam, "-")
	key, ok := sorts[name]
	if !ok {
		names := make([]string, 0, len(sorts))
		for n := range sorts {
			names = append(names, n)
		}
		var p attract.Problems
		p.Add("sort", "must be one of %s, optionally prefixed with '-'", "须为以下之一（可加前缀 '-' 表示降序）：%s", strings.Join(sortedStrings(names), ", "))
		return page[T]{}, "", p.Err()
	}
	pg := page[T]{key: key, name: sortParam, desc: strings.HasPrefix(sortParam, "-"), limit: limit}
	switch {
	case limit == 0:
		pg.limit = defaultLimit
	case limit < 0 || limit > maxLimit:
		var p attract.Problems
		p.Add("limit", "must be between 1 and %d", "须在 1 与 %d 之间", maxLimit)
		return pg, "", p.Err()
	}
	col := alias + key.col
	if cur != "" {
		c, err := decodeCursor(cur)
		if err != nil || c.Sort != sortParam {
			var p attract.Problems
			p.Add("cursor", "is not a cursor of this list and sort; start again from the first page", "不是本列表和排序的分页游标，请从第一页重新开始")
			return pg, "", p.Err()
		}
		v, err := cursorValue(d, key.kind, c.Value)
		if err != nil {
			var p attract.Problems
			p.Add("cursor", "is damaged; start again from the first page", "已损坏，请从第一页重新开始")
			return pg, "", p.Err()
		}
		op := ">"
		if pg.desc {
			op = "<"
		}
		q.add("("+col+", "+alias+"id) "+op+" (?, ?)", v, c.ID)
	}
	dir := ""
	if pg.desc {
		dir = " DESC"
	}
	return pg, " ORDER BY " + col + dir + ", " + alias + "id" + dir, nil
}

// next trims the extra row fetched past the page and returns the cursor of
// the next page, or "" on the last page.
func (pg page[T]) next(items []T, id func(T) int64) ([]T, string) {
	if len(items) <= pg.limit {
		return items, ""
	}
	items = items[:pg.limit]
	last := items[len(items)-1]
	v := pg.key.val(last)
	if t, ok := v.(time.Time); ok {
		v = t.UTC().Format(time.RFC3339Nano)
	}
	b, _ := json.Marshal(cursor{Sort: pg.name, Value: v, ID: id(last)})
	return items, base64.RawURLEncoding.EncodeToString(b)
}

// limitSQL fetches one row more than the page, to know whether another follows.
func (pg page[T]) limitSQL() string { return " LIMIT " + itoa(int64(pg.limit+1)) }

func decodeCursor(s string) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return c, err
	}
	d := json.NewDecoder(strings.NewReader(string(b)))
	d.UseNumber()
	err = d.Decode(&c)
	return c, err
}

func cursorValue(d dialect, kind keyKind, v any) (any, error) {
	switch kind {
	case keyTime:
		s, _ := v.(string)
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return nil, err
		}
		return d.timeValue(t), nil
	case keyInt:
		n, ok := v.(json.Number)
		if !ok {
			return nil, errBadCursor
		}
		return n.Int64()
	default:
		s, ok := v.(string)
		if !ok {
			return nil, errBadCursor
		}
		return s, nil
	}
}

var errBadCursor = attract.Errorf(attract.EINVALID, "bad cursor", "游标无效")
