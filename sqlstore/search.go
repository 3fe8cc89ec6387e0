package sqlstore

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	msqlite "modernc.org/sqlite"
)

// Text search. Projects, companies and contacts keep search_text, the
// folded text they are found by (searchText), and a query finds the records
// whose search_text holds the folded query anywhere: LIKE '%q%'. No index
// serves such a LIKE, so at scale a query that matches little reads every
// record (7 s at a million projects). An index of grams — every two
// adjacent characters, and on SQLite every three adjacent ASCII ones —
// narrows it first: a record holding the query holds each of the query's
// grams. Two characters because most Chinese words are two characters
// long; the LIKE still decides, so the grams only ever narrow
// (docs/search.md).
//
// SQLite: an FTS5 table per searchable table (projects_grams, …), kept by
// triggers, holding attract_grams(search_text): the grams of letters and
// digits (gramText), separated by spaces. A query MATCHes the grams that
// cover it.
//
// PostgreSQL: the trigram index (pg_trgm) serves queries of three letters
// or more; for shorter ones, a GIN index on attract_grams(search_text), a
// PL/pgSQL function returning the array of grams (of any characters but
// spaces), finds the records whose array contains all of the query's.

// A paged SQLite list reads a page in the list's order (newest first) and
// has three ways to a query's page, chosen by how many candidates the gram
// index has for it, counted up to a bound:
//
//   - few: fetch the candidates and sort them (cost ∝ candidates);
//   - more: walk the list's order and keep the rows the candidates hold,
//     fetching a row only when its id is a candidate (cost ∝ candidates to
//     gather them, then a cheap index entry per row walked);
//   - very many: walk the list's order with LIKE alone, which stops after a
//     page of matches (cost ∝ rows walked ≈ page × records / matches).
//
// Fetching and sorting a candidate costs about five rows walked with LIKE
// (measured at 100,000 projects), so the first two ways meet at
// √(22 × records). Gathering a candidate costs a tenth to a fifth of a row
// walked with LIKE (at 1,000,000 projects: 0.8 µs for one gram, 2.7 µs for
// the four pairs of kallang, before the triples, against 13 µs), so the
// last two meet at about four times that. Measured at 1,000,000 projects:
// 鼎新 (7,500 matches) 18 ms by LIKE alone and 3.6 ms walked against its
// candidates; zq (every project) 0.2 ms and 840 ms. records is estimated
// by the largest id.
//
// GramCap returns the first bound; it is exported, as GramQuery is, for
// tools that run the store's search SQL themselves (the benchmark's floor).
func GramCap(records int64) int {
	return max(100, int(math.Sqrt(22*float64(records))))
}

// gramTables are the tables searched by text, each with a gram index
// (SQLite: the FTS5 table <table>_grams).
var gramTables = []string{"projects", "companies", "contacts"}

// rebuildGrams fills SQLite's gram indexes again from the records, for
// after a load with their triggers suspended (SuspendDerived). FTS5 builds
// an index quickest from one INSERT … SELECT and a large in-memory hash (64
// MB, not the 1 MB default): fewer, larger segments to merge. It then
// merges them into one ('optimize'), which FTS5 puts on a level above the
// small segments later writes add: left as the load made them, the first
// writes after it merged the load's segments (7.7 s at a million
// projects). A hash that holds the whole load (256 MB) is no quicker: its
// one segment stays on the lowest level, and the sixteenth write after the
// load merged it with theirs (8 s). At a million projects the fill takes
// 22 s and the merge 8 s.
func (db *DB) rebuildGrams(ctx context.Context) error {
	rebuild := func(t string) error {
		tx, err := db.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("rebuild the gram index of %s: %w", t, err)
		}
		defer tx.Rollback()
		for _, q := range []string{
			`INSERT INTO ` + t + `_grams (` + t + `_grams) VALUES ('delete-all')`,
			`INSERT INTO ` + t + `_grams (` + t + `_grams, rank) VALUES ('hashsize', 67108864)`,
			`INSERT INTO ` + t + `_grams (rowid, grams) SELECT id, attract_grams(search_text) FROM ` + t,
			`INSERT INTO ` + t + `_grams (` + t + `_grams) VALUES ('optimize')`,
			`INSERT INTO ` + t + `_grams (` + t + `_grams, rank) VALUES ('hashsize', 1048576)`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("rebuild the gram index of %s: %w", t, err)
			}
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("rebuild the gram index of %s: %w", t, err)
		}
		return nil
	}
	// Every table, even after one fails: the others are then right.
	var errs []error
	for _, t := range gramTables {
		errs = append(errs, rebuild(t))
	}
	return errors.Join(errs...)
}

func init() {
	msqlite.MustRegisterDeterministicScalarFunction("attract_grams", 1,
		func(_ *msqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			s, _ := args[0].(string)
			return gramText(s), nil
		})
}

// gramText is what the FTS5 tables index of a search text: its grams,
// separated by spaces — every pair of adjacent letters or digits and, where
// three or more ASCII letters and digits stand in a row, every three
// adjacent ones too. Latin text is made of few letters, so its pairs are
// common (ka, an, ng: most English names hold one); its triples are not,
// and a Latin word is narrowed by them (kallang by kal, lan and ang). A
// gram is two characters or three, so a pair and a triple never meet. A
// gram that repeats is kept once by FTS5 itself (detail = none).
func gramText(s string) string {
	var b strings.Builder
	b.Grow(len(s) * 3)
	add := func(g string) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(g)
	}
	var prev rune
	run, ascii := 0, 0 // letters and digits so far in this run; ASCII ones
	for i, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
			run, ascii = 0, 0
			continue
		}
		if run++; run > 1 {
			add(s[i-utf8.RuneLen(prev) : i+utf8.RuneLen(r)])
		}
		if ascii++; r >= utf8.RuneSelf {
			ascii = 0
		} else if ascii >= 3 {
			add(s[i-2 : i+1])
		}
		prev = r
	}
	return b.String()
}

// grams returns the grams a query is narrowed by, fewest that cover it (an
// AND of fewer lists is cheaper for FTS5): in each run of letters and
// digits, the triples that cover its stretches of three or more ASCII
// characters — every third from the first, and the last — and of the pairs
// not inside such a stretch every other from the first, and the last. Each
// character is in one of them. A record holding the query holds these as
// it holds all.
func grams(s string) []string {
	var out []string
	add := func(g string) {
		if !slices.Contains(out, g) {
			out = append(out, g)
		}
	}
	for run := range strings.FieldsFuncSeq(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) }) {
		rs := []rune(run)
		latin := make([]bool, len(rs)) // in a stretch of three ASCII or more
		for i := 0; i < len(rs); {
			j := i
			for j < len(rs) && rs[j] < utf8.RuneSelf {
				j++
			}
			if j-i >= 3 {
				for k := i; ; k += 3 {
					k = min(k, j-3)
					add(string(rs[k : k+3]))
					if k == j-3 {
						break
					}
				}
				for k := i; k < j; k++ {
					latin[k] = true
				}
			}
			i = j + 1
		}
		var pairs []string
		for k := 0; k+1 < len(rs); k++ {
			if !latin[k] || !latin[k+1] {
				pairs = append(pairs, string(rs[k:k+2]))
			}
		}
		for i, g := range pairs {
			if i%2 == 0 || i == len(pairs)-1 {
				add(g)
			}
		}
	}
	return out
}

// GramQuery returns the FTS5 query that finds the SQLite records holding
// every gram of the user's query q, or "" when q has no gram (a single
// character).
func GramQuery(q string) string {
	gs := grams(normalize(q))
	if len(gs) == 0 {
		return ""
	}
	return `"` + strings.Join(gs, `" AND "`) + `"`
}

// pgGrams tells how PostgreSQL's indexes can serve the folded query q:
// trigram when q has three letters or digits in a row (pg_trgm's index then
// serves the LIKE itself), gram when it has two characters in a row,
// neither a space (attract_grams finds a gram).
func pgGrams(q string) (trigram, gram bool) {
	var prev rune = ' '
	run := 0
	for _, r := range q {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			if run++; run >= 3 {
				trigram = true
			}
		} else {
			run = 0
		}
		if r != ' ' && r != '\n' && prev != ' ' && prev != '\n' {
			gram = true
		}
		prev = r
	}
	return trigram, gram
}

// addTextMatch adds to q the condition that finds text in the search_text
// of table (aliased a in the query). paged is true for a list read a page
// at a time in some order; false for an aggregate over every match.
func (r reader) addTextMatch(q *listQuery, table, a, text string, paged bool) error {
	folded := normalize(text)
	switch r.d.name() {
	case "postgres":
		// A query of three letters or more is served by the trigram index
		// through its LIKE, and PostgreSQL chooses between that index and
		// walking the list's order well. A shorter one (most Chinese words)
		// has no trigram: the gram index serves it when the planner
		// expects few records to hold its grams; a common word's page is
		// found sooner by walking the list's order with LIKE alone.
		q.replan = true
		trigram, gram := pgGrams(folded)
		if trigram && paged {
			many, err := r.pgManyMatches(q, table, a, text)
			if err != nil {
				return err
			}
			if many {
				// strpos, which no index serves, finds what the LIKE
				// finds and leaves PostgreSQL only the list's order.
				q.add("strpos("+a+".search_text, ?) > 0", folded)
				return nil
			}
		}
		if trigram || !gram {
			break
		}
		cond := "attract_grams(" + a + ".search_text) @> attract_grams(?)"
		if paged {
			few, err := r.fewCandidates(table)
			if err != nil {
				return err
			}
			// The estimate of the plan with the query's own value: run
			// unprepared, so that PostgreSQL plans for that value.
			var plan []byte
			if err := r.queryRow(`EXPLAIN (FORMAT JSON) SELECT 1 FROM `+table+` WHERE attract_grams(search_text) @> attract_grams(?)`,
				pgx.QueryExecModeExec, folded).Scan(&plan); err != nil {
				return err
			}
			var est []struct {
				Plan struct {
					Rows float64 `json:"Plan Rows"`
				}
			}
			if err := json.Unmarshal(plan, &est); err != nil || len(est) == 0 {
				return fmt.Errorf("estimate of a search: %v in %s", err, plan)
			}
			if est[0].Plan.Rows >= float64(few) {
				break
			}
		}
		q.add(cond, folded)
	default:
		if match := GramQuery(text); match != "" {
			candidates := a + ".id IN (SELECT rowid FROM " + table + "_grams WHERE " + table + "_grams MATCH ?)"
			if !paged {
				q.add(candidates, match)
				break
			}
			few, err := r.fewCandidates(table)
			if err != nil {
				return err
			}
			var n int
			err = r.queryRow(`SELECT COUNT(*) FROM (SELECT 1 FROM `+table+`_grams WHERE `+table+`_grams MATCH ? LIMIT ?)`, match, 4*few).Scan(&n)
			if err != nil {
				return err
			}
			switch {
			case n < few:
				q.add(candidates, match)
			case n < 4*few:
				// The unary + keeps SQLite from looking the candidates up
				// by id: it walks the list's order and tests each id.
				q.add("+"+candidates, match)
			}
		}
	}
	q.add(a+`.search_text LIKE ? ESCAPE '\'`, likePattern(text))
	return nil
}

// pgManyMatches tells whether a query of three letters or more matches
// many of the records the list's other conditions (q's) keep, by counting
// them through the trigram index up to PGManyMatches. PostgreSQL estimates
// a LIKE in the middle of the text at 100 rows whatever the word: for a
// common one (冷链仓储, 23,500 of a million projects) it then reads every
// match through the trigram index and sorts them (200–360 ms), where
// walking the list's order finds a page in 5 ms. The count costs about
// 20 ms at its bound; a word that reaches it is walked for.
func (r reader) pgManyMatches(q *listQuery, table, a, text string) (bool, error) {
	bound := r.gramCap // a test's
	if bound == 0 {
		var records int64
		if err := r.queryRow(`SELECT COALESCE(MAX(id), 0) FROM ` + table).Scan(&records); err != nil {
			return false, err
		}
		bound = PGManyMatches(records)
	}
	count := listQuery{from: q.from, fromArgs: q.fromArgs, where: slices.Clone(q.where), args: slices.Clone(q.args), replan: true}
	count.add(a+`.search_text LIKE ? ESCAPE '\'`, likePattern(text))
	var n int
	err := r.queryRow(`SELECT COUNT(*) FROM (SELECT 1`+count.fromWhere(table+" "+a)+` LIMIT ?) m`,
		append(count.params(), bound)...).Scan(&n)
	return n >= bound, err
}

// PGManyMatches is how many matches of a trigram query make walking the
// list's order the quicker way on PostgreSQL: reading a match through the
// trigram index costs about 8 µs, walking a row 2.3 µs, so the ways meet
// at √(14 × records) matches (3,700 at a million projects); the count stops
// at a third of that, beyond which walking costs at most some 100 ms and
// usually far less. Exported for the benchmark's floor, as GramCap is.
func PGManyMatches(records int64) int {
	return max(100, int(math.Sqrt(14*float64(records)))/3)
}

// fewCandidates returns GramCap for table's records, estimated by its
// largest id (or the cap a test set).
func (r reader) fewCandidates(table string) (int, error) {
	if r.gramCap != 0 {
		return r.gramCap, nil
	}
	var records int64
	err := r.queryRow(`SELECT COALESCE(MAX(id), 0) FROM ` + table).Scan(&records)
	return GramCap(records), err
}
