-- A sector is stored as the ISIC table writes it: trimmed, the section
-- letter in upper case. Before, " c " or "C\n" passed validation as typed,
-- and neither the sector filter nor the dashboard's drill-down found it.
-- The rollups' triggers move such projects' counts to the code's own row.
UPDATE projects SET sector = UPPER(TRIM(sector, ' ' || char(9, 10, 11, 12, 13)))
WHERE sector <> UPPER(TRIM(sector, ' ' || char(9, 10, 11, 12, 13)));
UPDATE companies SET sector = UPPER(TRIM(sector, ' ' || char(9, 10, 11, 12, 13)))
WHERE sector <> UPPER(TRIM(sector, ' ' || char(9, 10, 11, 12, 13)));
