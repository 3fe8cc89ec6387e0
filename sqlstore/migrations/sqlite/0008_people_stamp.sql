-- A counter of the changes to users and teams, kept by triggers, so that
-- UsersStamp reads one row instead of summing both tables on every page:
-- the web keeps the lists of users and teams and reads them again only
-- when the counter moved.

CREATE TABLE change_stamps (
	name TEXT PRIMARY KEY,
	n INTEGER NOT NULL
);
INSERT INTO change_stamps (name, n) VALUES ('people', 0);

CREATE TRIGGER users_stamp_insert AFTER INSERT ON users BEGIN
	UPDATE change_stamps SET n = n + 1 WHERE name = 'people';
END;
CREATE TRIGGER users_stamp_update AFTER UPDATE ON users BEGIN
	UPDATE change_stamps SET n = n + 1 WHERE name = 'people';
END;
CREATE TRIGGER users_stamp_delete AFTER DELETE ON users BEGIN
	UPDATE change_stamps SET n = n + 1 WHERE name = 'people';
END;
CREATE TRIGGER teams_stamp_insert AFTER INSERT ON teams BEGIN
	UPDATE change_stamps SET n = n + 1 WHERE name = 'people';
END;
CREATE TRIGGER teams_stamp_update AFTER UPDATE ON teams BEGIN
	UPDATE change_stamps SET n = n + 1 WHERE name = 'people';
END;
CREATE TRIGGER teams_stamp_delete AFTER DELETE ON teams BEGIN
	UPDATE change_stamps SET n = n + 1 WHERE name = 'people';
END;
