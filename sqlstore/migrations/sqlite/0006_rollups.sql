-- Rollups for the year-to-date dashboard (docs/dashboard.md): counts and
-- sums of total investment per month, team and what the dashboard breaks
-- the figures down by, kept by triggers on projects in the same transaction
-- as every write, so that a year's figures read a few thousand rows rather
-- than every project of the year.
--
-- kind is what a row counts:
--   created        projects created in the month (created_at, UTC), by stage
--   signed_sector  projects whose contract was signed in the month
--                  (contract_actual), by ISIC division
--   signed_source  the same projects, by lead source
-- The columns a kind does not break down by hold ''. Archived projects are
-- left out, as the board and the project list leave them out.
CREATE TABLE project_rollups (
	year     INTEGER NOT NULL,
	team_id  INTEGER NOT NULL, -- 0: no team
	kind     TEXT NOT NULL,
	month    INTEGER NOT NULL, -- 1 to 12
	stage    TEXT NOT NULL,    -- created: the project's stage now
	sector   TEXT NOT NULL,    -- signed_sector: the ISIC division (or the section letter, or '')
	source   TEXT NOT NULL,    -- signed_source: the lead source, or ''
	currency TEXT NOT NULL,    -- of the total investment; '' for projects without one
	projects INTEGER NOT NULL, -- may reach 0 once its projects have gone; such rows are kept
	amount   INTEGER NOT NULL, -- the sum of total_investment_amount, in minor units
	-- The agency's figures of a year read the key's range of the year in the
	-- order they are grouped in, with no sort; one team's read the same
	-- range and skip the other teams' rows.
	PRIMARY KEY (year, kind, month, stage, sector, source, currency, team_id)
) WITHOUT ROWID;

-- What each project adds to the rollups: one row per kind it counts in.
-- The triggers read it for one project, the rebuild for all.
CREATE VIEW project_rollup_keys AS
SELECT id AS project_id, CAST(substr(created_at, 1, 4) AS INTEGER) AS year, COALESCE(team_id, 0) AS team_id,
	'created' AS kind, CAST(substr(created_at, 6, 2) AS INTEGER) AS month,
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

INSERT INTO project_rollups (year, team_id, kind, month, stage, sector, source, currency, projects, amount)
SELECT year, team_id, kind, month, stage, sector, source, currency, COUNT(*), SUM(amount)
FROM project_rollup_keys
GROUP BY year, team_id, kind, month, stage, sector, source, currency;

-- A new project adds itself.
CREATE TRIGGER project_rollups_insert AFTER INSERT ON projects
WHEN NEW.archived_at IS NULL
BEGIN
	INSERT INTO project_rollups (year, team_id, kind, month, stage, sector, source, currency, projects, amount)
	SELECT year, team_id, kind, month, stage, sector, source, currency, 1, amount
	FROM project_rollup_keys WHERE project_id = NEW.id
	ON CONFLICT (year, team_id, kind, month, stage, sector, source, currency)
	DO UPDATE SET projects = projects + excluded.projects, amount = amount + excluded.amount;
END;

-- A change to what the rollups count takes the project out as it was
-- (before the row changes) and puts it back in as it is (after). Archiving
-- only takes it out, restoring only puts it back.
CREATE TRIGGER project_rollups_update_old BEFORE UPDATE OF
	created_at, team_id, stage, sector, source, total_investment_amount, total_investment_currency, contract_actual, archived_at
ON projects
WHEN OLD.archived_at IS NULL AND (NEW.archived_at IS NOT NULL
	OR OLD.created_at IS NOT NEW.created_at OR OLD.team_id IS NOT NEW.team_id OR OLD.stage IS NOT NEW.stage
	OR OLD.sector IS NOT NEW.sector OR OLD.source IS NOT NEW.source
	OR OLD.total_investment_amount IS NOT NEW.total_investment_amount
	OR OLD.total_investment_currency IS NOT NEW.total_investment_currency
	OR OLD.contract_actual IS NOT NEW.contract_actual)
BEGIN
	INSERT INTO project_rollups (year, team_id, kind, month, stage, sector, source, currency, projects, amount)
	SELECT year, team_id, kind, month, stage, sector, source, currency, -1, -amount
	FROM project_rollup_keys WHERE project_id = OLD.id
	ON CONFLICT (year, team_id, kind, month, stage, sector, source, currency)
	DO UPDATE SET projects = projects + excluded.projects, amount = amount + excluded.amount;
END;

CREATE TRIGGER project_rollups_update_new AFTER UPDATE OF
	created_at, team_id, stage, sector, source, total_investment_amount, total_investment_currency, contract_actual, archived_at
ON projects
WHEN NEW.archived_at IS NULL AND (OLD.archived_at IS NOT NULL
	OR OLD.created_at IS NOT NEW.created_at OR OLD.team_id IS NOT NEW.team_id OR OLD.stage IS NOT NEW.stage
	OR OLD.sector IS NOT NEW.sector OR OLD.source IS NOT NEW.source
	OR OLD.total_investment_amount IS NOT NEW.total_investment_amount
	OR OLD.total_investment_currency IS NOT NEW.total_investment_currency
	OR OLD.contract_actual IS NOT NEW.contract_actual)
BEGIN
	INSERT INTO project_rollups (year, team_id, kind, month, stage, sector, source, currency, projects, amount)
	SELECT year, team_id, kind, month, stage, sector, source, currency, 1, amount
	FROM project_rollup_keys WHERE project_id = NEW.id
	ON CONFLICT (year, team_id, kind, month, stage, sector, source, currency)
	DO UPDATE SET projects = projects + excluded.projects, amount = amount + excluded.amount;
END;

-- A deleted project takes itself out while it can still be read.
CREATE TRIGGER project_rollups_delete BEFORE DELETE ON projects
WHEN OLD.archived_at IS NULL
BEGIN
	INSERT INTO project_rollups (year, team_id, kind, month, stage, sector, source, currency, projects, amount)
	SELECT year, team_id, kind, month, stage, sector, source, currency, -1, -amount
	FROM project_rollup_keys WHERE project_id = OLD.id
	ON CONFLICT (year, team_id, kind, month, stage, sector, source, currency)
	DO UPDATE SET projects = projects + excluded.projects, amount = amount + excluded.amount;
END;
