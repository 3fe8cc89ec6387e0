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
--
-- amount is NUMERIC: one project's amount is at most 10^15 minor units, but
-- a sum of many may pass BIGINT's 9.2 × 10^18, and a trigger that overflowed
-- would refuse the project's write. The dashboard reads the sums into int64
-- and reports a sum beyond it as an error instead.
CREATE TABLE project_rollups (
	year     INTEGER NOT NULL,
	team_id  BIGINT NOT NULL,  -- 0: no team
	kind     TEXT NOT NULL,
	month    INTEGER NOT NULL, -- 1 to 12
	stage    TEXT NOT NULL,    -- created: the project's stage now
	sector   TEXT NOT NULL,    -- signed_sector: the ISIC division (or the section letter, or '')
	source   TEXT NOT NULL,    -- signed_source: the lead source, or ''
	currency TEXT NOT NULL,    -- of the total investment; '' for projects without one
	projects BIGINT NOT NULL,  -- may reach 0 once its projects have gone; such rows are kept
	amount   NUMERIC NOT NULL, -- the sum of total_investment_amount, in minor units
	-- The agency's figures of a year read the key's range of the year in the
	-- order they are grouped in, with no sort; one team's read the same
	-- range and skip the other teams' rows.
	PRIMARY KEY (year, kind, month, stage, sector, source, currency, team_id)
);

-- What a project adds to the rollups: one row per kind it counts in, none
-- for NULL (what a trigger has as OLD on INSERT and as NEW on DELETE).
CREATE FUNCTION project_rollup_keys(p projects)
RETURNS TABLE (year integer, team_id bigint, kind text, month integer, stage text, sector text, source text, currency text, amount numeric)
LANGUAGE sql STABLE AS $$
	SELECT EXTRACT(YEAR FROM p.created_at AT TIME ZONE 'UTC')::integer, COALESCE(p.team_id, 0),
		'created', EXTRACT(MONTH FROM p.created_at AT TIME ZONE 'UTC')::integer,
		p.stage, '', '',
		COALESCE(p.total_investment_currency, ''), COALESCE(p.total_investment_amount, 0)
	WHERE p.id IS NOT NULL AND p.archived_at IS NULL
	UNION ALL
	SELECT EXTRACT(YEAR FROM p.contract_actual)::integer, COALESCE(p.team_id, 0),
		'signed_sector', EXTRACT(MONTH FROM p.contract_actual)::integer,
		'', CASE WHEN length(p.sector) > 2 THEN substr(p.sector, 1, 2) ELSE p.sector END, '',
		COALESCE(p.total_investment_currency, ''), COALESCE(p.total_investment_amount, 0)
	WHERE p.id IS NOT NULL AND p.archived_at IS NULL AND p.contract_actual IS NOT NULL
	UNION ALL
	SELECT EXTRACT(YEAR FROM p.contract_actual)::integer, COALESCE(p.team_id, 0),
		'signed_source', EXTRACT(MONTH FROM p.contract_actual)::integer,
		'', '', p.source,
		COALESCE(p.total_investment_currency, ''), COALESCE(p.total_investment_amount, 0)
	WHERE p.id IS NOT NULL AND p.archived_at IS NULL AND p.contract_actual IS NOT NULL
$$;

INSERT INTO project_rollups (year, team_id, kind, month, stage, sector, source, currency, projects, amount)
SELECT k.year, k.team_id, k.kind, k.month, k.stage, k.sector, k.source, k.currency, COUNT(*), SUM(k.amount)
FROM projects p CROSS JOIN LATERAL project_rollup_keys(p) k
GROUP BY k.year, k.team_id, k.kind, k.month, k.stage, k.sector, k.source, k.currency;

-- One statement takes the project out as it was and puts it back in as it
-- is; rows that cancel out are not touched. The rows are locked in key
-- order, so that two writers never wait for each other in a circle.
CREATE FUNCTION project_rollups_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO project_rollups AS r (year, team_id, kind, month, stage, sector, source, currency, projects, amount)
	SELECT d.year, d.team_id, d.kind, d.month, d.stage, d.sector, d.source, d.currency, SUM(d.n), SUM(d.amount)
	FROM (
		SELECT o.year, o.team_id, o.kind, o.month, o.stage, o.sector, o.source, o.currency, -1 AS n, -o.amount AS amount
		FROM project_rollup_keys(OLD) o
		UNION ALL
		SELECT n.year, n.team_id, n.kind, n.month, n.stage, n.sector, n.source, n.currency, 1, n.amount
		FROM project_rollup_keys(NEW) n
	) d
	GROUP BY d.year, d.team_id, d.kind, d.month, d.stage, d.sector, d.source, d.currency
	HAVING SUM(d.n) <> 0 OR SUM(d.amount) <> 0
	ORDER BY d.year, d.team_id, d.kind, d.month, d.stage, d.sector, d.source, d.currency
	ON CONFLICT (year, team_id, kind, month, stage, sector, source, currency)
	DO UPDATE SET projects = r.projects + EXCLUDED.projects, amount = r.amount + EXCLUDED.amount;
	RETURN NULL;
END
$$;

CREATE TRIGGER project_rollups_insert_delete AFTER INSERT OR DELETE ON projects
FOR EACH ROW EXECUTE FUNCTION project_rollups_apply();

CREATE TRIGGER project_rollups_update AFTER UPDATE OF
	created_at, team_id, stage, sector, source, total_investment_amount, total_investment_currency, contract_actual, archived_at
ON projects FOR EACH ROW
WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.team_id IS DISTINCT FROM NEW.team_id
	OR OLD.stage IS DISTINCT FROM NEW.stage OR OLD.sector IS DISTINCT FROM NEW.sector
	OR OLD.source IS DISTINCT FROM NEW.source
	OR OLD.total_investment_amount IS DISTINCT FROM NEW.total_investment_amount
	OR OLD.total_investment_currency IS DISTINCT FROM NEW.total_investment_currency
	OR OLD.contract_actual IS DISTINCT FROM NEW.contract_actual
	OR OLD.archived_at IS DISTINCT FROM NEW.archived_at)
EXECUTE FUNCTION project_rollups_apply();
