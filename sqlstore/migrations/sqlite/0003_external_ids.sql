-- Imports: each imported record keeps its id in the system it came from, so
-- that importing the same file again updates it instead of duplicating it;
-- and the column mappings agencies save by name.

ALTER TABLE companies ADD COLUMN external_id TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN external_id TEXT NOT NULL DEFAULT '';
ALTER TABLE projects ADD COLUMN external_id TEXT NOT NULL DEFAULT '';
ALTER TABLE activities ADD COLUMN external_id TEXT NOT NULL DEFAULT '';
ALTER TABLE capital_inflows ADD COLUMN external_id TEXT NOT NULL DEFAULT '';
-- Partial: most records were typed in and have none. The importer looks a
-- row's record up by these with the same condition.
CREATE UNIQUE INDEX companies_external_id ON companies (external_id) WHERE external_id <> '';
CREATE UNIQUE INDEX contacts_external_id ON contacts (external_id) WHERE external_id <> '';
CREATE UNIQUE INDEX projects_external_id ON projects (external_id) WHERE external_id <> '';
CREATE UNIQUE INDEX activities_external_id ON activities (external_id) WHERE external_id <> '';
CREATE UNIQUE INDEX capital_inflows_external_id ON capital_inflows (external_id) WHERE external_id <> '';

CREATE TABLE import_mappings (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	kind       TEXT NOT NULL,
	body       TEXT NOT NULL, -- the mapping's columns and options as JSON (attract.MappingFields)
	version    INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	created_by INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX import_mappings_kind ON import_mappings (kind, name);
