-- Gram indexes for text search (sqlstore/search.go, docs/search.md):
-- attract_grams returns the pairs of adjacent characters of a search text,
-- neither of them a space; a GIN index over it finds the records holding a
-- query's grams, then LIKE decides. The trigram indexes of 0001 serve
-- queries of three characters or more; these serve the two-character ones
-- — most Chinese words — that have no trigram.
--
-- A loop over the characters: of the ways tried, the quickest to build the
-- index with (60 µs a record; an SQL function over generate_series took
-- 270). A gram that repeats is kept once by GIN itself.
CREATE FUNCTION attract_grams(t text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
	c text[] := string_to_array(t, NULL);
	out text[] := '{}';
BEGIN
	FOR i IN 1 .. cardinality(c) - 1 LOOP
		IF c[i] NOT IN (' ', E'\n') AND c[i + 1] NOT IN (' ', E'\n') THEN
			out := out || (c[i] || c[i + 1]);
		END IF;
	END LOOP;
	RETURN out;
END
$$;

CREATE INDEX projects_grams ON projects USING gin (attract_grams(search_text));
CREATE INDEX companies_grams ON companies USING gin (attract_grams(search_text));
CREATE INDEX contacts_grams ON contacts USING gin (attract_grams(search_text));
