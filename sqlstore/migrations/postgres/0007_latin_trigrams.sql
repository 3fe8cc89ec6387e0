-- SQLite's gram indexes gained the triples of ASCII letters and digits in
-- this migration. PostgreSQL has nothing to change: its trigram indexes
-- (pg_trgm, 0001) serve every query of three letters or more, Latin words
-- among them, and attract_grams serves only shorter ones (docs/search.md).
SELECT 1;
