-- Saved views of the project list: a name and the list's query string
-- (filters, sort, columns), private to their owner or shared with everyone.

CREATE TABLE saved_views (
	id         INTEGER PRIMARY KEY,
	owner_id   INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	query      TEXT NOT NULL DEFAULT '',
	shared     INTEGER NOT NULL DEFAULT 0,
	version    INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
-- One name per owner; the index also serves "my views".
CREATE UNIQUE INDEX saved_views_owner ON saved_views (owner_id, name);
CREATE INDEX saved_views_shared ON saved_views (shared, name);
