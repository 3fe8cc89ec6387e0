-- A counter of the changes to users and teams, kept by triggers, so that
-- UsersStamp reads one row instead of summing both tables on every page:
-- the web keeps the lists of users and teams and reads them again only
-- when the counter moved.

CREATE TABLE change_stamps (
	name TEXT PRIMARY KEY,
	n BIGINT NOT NULL
);
INSERT INTO change_stamps (name, n) VALUES ('people', 0);

CREATE FUNCTION bump_people_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE change_stamps SET n = n + 1 WHERE name = 'people';
	RETURN NULL;
END
$$;
CREATE TRIGGER users_stamp AFTER INSERT OR UPDATE OR DELETE ON users
	FOR EACH STATEMENT EXECUTE FUNCTION bump_people_stamp();
CREATE TRIGGER teams_stamp AFTER INSERT OR UPDATE OR DELETE ON teams
	FOR EACH STATEMENT EXECUTE FUNCTION bump_people_stamp();
