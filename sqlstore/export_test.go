package sqlstore

import "context"

// SetGramCap sets (when n > 0) the number of gram candidates above which db's paged lists
// search without the gram index, and on PostgreSQL the number of matches of
// a trigram query above which they walk the list's order, so that tests
// reach every way.
func SetGramCap(db *DB, n int) { db.gramCap = n }

// Grams exposes grams to the tests.
var Grams = grams

// GramText exposes gramText to the tests.
var GramText = gramText

// RebuildRollupsBeside exposes rebuildRollupsBeside to the tests.
func RebuildRollupsBeside(db *DB, ctx context.Context, write func(context.Context) error) error {
	return db.rebuildRollupsBeside(ctx, write)
}
