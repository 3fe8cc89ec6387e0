-- The gram indexes of 0005 hold, from now on, every three adjacent ASCII
-- letters and digits as well as every two adjacent letters and digits
-- (attract_grams, sqlstore/search.go): the pairs of Latin text are common
-- to most records, its triples are not. The indexes are filled again from
-- the records, with the new function, as rebuildGrams fills them after a
-- bulk load: a 64 MB in-memory hash, then one merged segment. About 30 s
-- at the first start on a database of a million projects.

INSERT INTO projects_grams (projects_grams) VALUES ('delete-all');
INSERT INTO projects_grams (projects_grams, rank) VALUES ('hashsize', 67108864);
INSERT INTO projects_grams (rowid, grams) SELECT id, attract_grams(search_text) FROM projects;
INSERT INTO projects_grams (projects_grams) VALUES ('optimize');
INSERT INTO projects_grams (projects_grams, rank) VALUES ('hashsize', 1048576);

INSERT INTO companies_grams (companies_grams) VALUES ('delete-all');
INSERT INTO companies_grams (companies_grams, rank) VALUES ('hashsize', 67108864);
INSERT INTO companies_grams (rowid, grams) SELECT id, attract_grams(search_text) FROM companies;
INSERT INTO companies_grams (companies_grams) VALUES ('optimize');
INSERT INTO companies_grams (companies_grams, rank) VALUES ('hashsize', 1048576);

INSERT INTO contacts_grams (contacts_grams) VALUES ('delete-all');
INSERT INTO contacts_grams (contacts_grams, rank) VALUES ('hashsize', 67108864);
INSERT INTO contacts_grams (rowid, grams) SELECT id, attract_grams(search_text) FROM contacts;
INSERT INTO contacts_grams (contacts_grams) VALUES ('optimize');
INSERT INTO contacts_grams (contacts_grams, rank) VALUES ('hashsize', 1048576);
