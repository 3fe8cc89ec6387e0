-- The gram indexes of 0005 hold, from now on, every three adjacent ASCII
-- letters and digits as well as every two adjacent letters and digits
-- (attract_grams, sqlstore/search.go): the pairs of Latin text are common
-- to most records, its triples are not. The indexes are filled again from
-- the records, with the new function.

INSERT INTO projects_grams (projects_grams) VALUES ('delete-all');
INSERT INTO projects_grams (rowid, grams) SELECT id, attract_grams(search_text) FROM projects;

INSERT INTO companies_grams (companies_grams) VALUES ('delete-all');
INSERT INTO companies_grams (rowid, grams) SELECT id, attract_grams(search_text) FROM companies;

INSERT INTO contacts_grams (contacts_grams) VALUES ('delete-all');
INSERT INTO contacts_grams (rowid, grams) SELECT id, attract_grams(search_text) FROM contacts;
