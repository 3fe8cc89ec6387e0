-- A project counts in the month and year of the day it was created in the
-- agency's zone, China Standard Time (attract.AgencyZone), as the project
-- list's created_from/created_to and every page read it: one created at
-- 03:00 on 1 January counted in the old year while created_at, which is
-- UTC, still read 31 December. (The seconds are cut before the shift:
-- SQLite would round 23:59:59.9996 up into the next day.) The triggers
-- read the view by name; the rollups are rebuilt through it.
DROP VIEW project_rollup_keys;

CREATE VIEW project_rollup_keys AS
SELECT id AS project_id, CAST(strftime('%Y', substr(created_at, 1, 19), '+8 hours') AS INTEGER) AS year, COALESCE(team_id, 0) AS team_id,
	'created' AS kind, CAST(strftime('%m', substr(created_at, 1, 19), '+8 hours') AS INTEGER) AS month,
	stage, '' AS sector, '' AS source,
	COALESCE(total_investment_currency, '') AS currency, COALESCE(total_investment_amount, 0) AS amount
FROM projects WHERE archived_at IS NULL
UNION ALL
SELECT id, CAST(substr(contract_actual, 1, 4) AS INTEGER), COALESCE(team_id, 0),
	'signed_sector', CAST(substr(contract_actual, 6, 2) AS INTEGER),
	'', CASE WHEN length(sector) > 2 THEN substr(sector, 1, 2) ELSE sector END, '',
	COALESCE(total_investment_currency, ''), COALESCE(total_investment_amount, 0)
FROM projects WHERE archived_at IS NULL AND contract_actual IS NOT NULL
UNION ALL
SELECT id, CAST(substr(contract_actual, 1, 4) AS INTEGER), COALESCE(team_id, 0),
	'signed_source', CAST(substr(contract_actual, 6, 2) AS INTEGER),
	'', '', source,
	COALESCE(total_investment_currency, ''), COALESCE(total_investment_amount, 0)
FROM projects WHERE archived_at IS NULL AND contract_actual IS NOT NULL;

DELETE FROM project_rollups;

INSERT INTO project_rollups (year, team_id, kind, month, stage, sector, source, currency, projects, amount)
SELECT year, team_id, kind, month, stage, sector, source, currency, COUNT(*), SUM(amount)
FROM project_rollup_keys
GROUP BY year, team_id, kind, month, stage, sector, source, currency;
