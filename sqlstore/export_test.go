package sqlstore

// SetGramCap sets (when n > 0) the number of gram candidates above which db's paged lists
// search without the gram index, so that tests reach both ways.
func SetGramCap(db *DB, n int) { db.gramCap = n }

// Grams exposes grams to the tests.
var Grams = grams

// GramText exposes gramText to the tests.
var GramText = gramText
