-- A project counts in the month and year of the day it was created in the
-- agency's zone, China Standard Time (attract.AgencyZone), as the project
-- list's created_from/created_to and every page read it: one created at
-- 03:00 on 1 January counted in the old year while it was read in UTC.
-- The triggers call the function by name; the rollups are rebuilt through
-- it.
CREATE OR REPLACE FUNCTION project_rollup_keys(p projects)
RETURNS TABLE (year integer, team_id bigint, kind text, month integer, stage text, sector text, source text, currency text, amount numeric)
LANGUAGE sql STABLE AS $$
	SELECT EXTRACT(YEAR FROM p.created_at AT TIME ZONE INTERVAL '+08:00')::integer, COALESCE(p.team_id, 0),
		'created', EXTRACT(MONTH FROM p.created_at AT TIME ZONE INTERVAL '+08:00')::integer,
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

DELETE FROM project_rollups;

INSERT INTO project_rollups (year, team_id, kind, month, stage, sector, source, currency, projects, amount)
SELECT k.year, k.team_id, k.kind, k.month, k.stage, k.sector, k.source, k.currency, COUNT(*), SUM(k.amount)
FROM projects p CROSS JOIN LATERAL project_rollup_keys(p) k
GROUP BY k.year, k.team_id, k.kind, k.month, k.stage, k.sector, k.source, k.currency;
