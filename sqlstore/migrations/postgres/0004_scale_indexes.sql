-- Indexes for provincial scale, each measured to help at 100,000 and
-- 1,000,000 projects (docs/benchmarks.md, "Findings").
--
-- A team's projects in the list's default order (-updated_at): the list
-- page and the API filtered by team read one page from the index instead of
-- sorting every project of the team (projects_team has the stage between).
CREATE INDEX IF NOT EXISTS projects_team_updated ON projects (team_id, updated_at, id);
-- The board's counts and totals per stage for one team, from the index
-- alone. archived_at is a column as well as the condition so that SQLite
-- counts the index as covering.
CREATE INDEX IF NOT EXISTS projects_team_totals ON projects (team_id, stage, total_investment_currency, total_investment_amount, archived_at) WHERE archived_at IS NULL;
-- This year's new projects by creation date, and signed projects by
-- contract date, with what reports group and sum them by: a dashboard's
-- year-to-date figures read these indexes alone.
CREATE INDEX IF NOT EXISTS projects_created_totals ON projects (created_at, stage, total_investment_currency, total_investment_amount, archived_at) WHERE archived_at IS NULL;
CREATE INDEX IF NOT EXISTS projects_contract_totals ON projects (contract_actual, sector, source, total_investment_currency, total_investment_amount, archived_at) WHERE archived_at IS NULL;
