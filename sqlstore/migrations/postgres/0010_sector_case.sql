-- A sector is stored as the ISIC table writes it: trimmed, the section
-- letter in upper case. Before, " c " or "C\n" passed validation as typed,
-- and neither the sector filter nor the dashboard's drill-down found it.
-- The rollups' triggers move such projects' counts to the code's own row.
UPDATE projects SET sector = UPPER(BTRIM(sector, E' \t\n\v\f\r'))
WHERE sector <> UPPER(BTRIM(sector, E' \t\n\v\f\r'));
UPDATE companies SET sector = UPPER(BTRIM(sector, E' \t\n\v\f\r'))
WHERE sector <> UPPER(BTRIM(sector, E' \t\n\v\f\r'));
