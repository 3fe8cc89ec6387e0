-- A sector is stored as the ISIC table writes it: trimmed, the section
-- letter in upper case. Before, " c " passed validation as it was typed,
-- and neither the sector filter nor the dashboard's drill-down found it.
-- The rollups' triggers move such projects' counts to the code's own row.
UPDATE projects SET sector = UPPER(TRIM(sector)) WHERE sector <> UPPER(TRIM(sector));
UPDATE companies SET sector = UPPER(TRIM(sector)) WHERE sector <> UPPER(TRIM(sector));
