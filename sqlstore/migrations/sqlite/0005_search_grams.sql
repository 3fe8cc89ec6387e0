-- Gram indexes for text search (sqlstore/search.go, docs/search.md): an
-- FTS5 table per searchable table holding the grams of its search_text —
-- every two adjacent letters or digits, computed by the attract_grams
-- function Attract registers — kept by triggers in the same transaction as
-- every write. A search MATCHes the query's grams, then LIKE decides.
--
-- Contentless (the text is in the table itself) and without positions
-- (detail = none): only which records hold a gram is kept. A tool that
-- writes these tables without Attract's function (the sqlite3 shell) fails
-- with "no such function: attract_grams" rather than leave the index wrong.

CREATE VIRTUAL TABLE projects_grams USING fts5 (grams, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii');
CREATE TRIGGER projects_grams_insert AFTER INSERT ON projects BEGIN
	INSERT INTO projects_grams (rowid, grams) VALUES (new.id, attract_grams(new.search_text));
END;
CREATE TRIGGER projects_grams_update AFTER UPDATE OF search_text ON projects WHEN new.search_text IS NOT old.search_text BEGIN
	DELETE FROM projects_grams WHERE rowid = old.id;
	INSERT INTO projects_grams (rowid, grams) VALUES (new.id, attract_grams(new.search_text));
END;
CREATE TRIGGER projects_grams_delete AFTER DELETE ON projects BEGIN
	DELETE FROM projects_grams WHERE rowid = old.id;
END;
INSERT INTO projects_grams (rowid, grams) SELECT id, attract_grams(search_text) FROM projects;

CREATE VIRTUAL TABLE companies_grams USING fts5 (grams, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii');
CREATE TRIGGER companies_grams_insert AFTER INSERT ON companies BEGIN
	INSERT INTO companies_grams (rowid, grams) VALUES (new.id, attract_grams(new.search_text));
END;
CREATE TRIGGER companies_grams_update AFTER UPDATE OF search_text ON companies WHEN new.search_text IS NOT old.search_text BEGIN
	DELETE FROM companies_grams WHERE rowid = old.id;
	INSERT INTO companies_grams (rowid, grams) VALUES (new.id, attract_grams(new.search_text));
END;
CREATE TRIGGER companies_grams_delete AFTER DELETE ON companies BEGIN
	DELETE FROM companies_grams WHERE rowid = old.id;
END;
INSERT INTO companies_grams (rowid, grams) SELECT id, attract_grams(search_text) FROM companies;

CREATE VIRTUAL TABLE contacts_grams USING fts5 (grams, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii');
CREATE TRIGGER contacts_grams_insert AFTER INSERT ON contacts BEGIN
	INSERT INTO contacts_grams (rowid, grams) VALUES (new.id, attract_grams(new.search_text));
END;
CREATE TRIGGER contacts_grams_update AFTER UPDATE OF search_text ON contacts WHEN new.search_text IS NOT old.search_text BEGIN
	DELETE FROM contacts_grams WHERE rowid = old.id;
	INSERT INTO contacts_grams (rowid, grams) VALUES (new.id, attract_grams(new.search_text));
END;
CREATE TRIGGER contacts_grams_delete AFTER DELETE ON contacts BEGIN
	DELETE FROM contacts_grams WHERE rowid = old.id;
END;
INSERT INTO contacts_grams (rowid, grams) SELECT id, attract_grams(search_text) FROM contacts;

