-- Attract schema, SQLite dialect. Timestamps are UTC text of fixed width
-- ('2006-01-02T15:04:05.000000Z') so that text order is time order; dates
-- are 'YYYY-MM-DD'. Money is an integer amount of minor units and a currency.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

CREATE TABLE counters (
	name  TEXT PRIMARY KEY,
	value INTEGER NOT NULL
);

CREATE TABLE teams (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	version    INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL
);

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	username      TEXT NOT NULL UNIQUE,
	name          TEXT NOT NULL,
	email         TEXT NOT NULL DEFAULT '',
	role          TEXT NOT NULL,
	team_id       INTEGER REFERENCES teams (id),
	language      TEXT NOT NULL DEFAULT 'zh',
	disabled      INTEGER NOT NULL DEFAULT 0,
	password_hash TEXT NOT NULL,
	demo          INTEGER NOT NULL DEFAULT 0,
	version       INTEGER NOT NULL DEFAULT 1,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL
);
CREATE INDEX users_team ON users (team_id);

CREATE TABLE sessions (
	secret_hash TEXT PRIMARY KEY,
	user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at  TEXT NOT NULL,
	expires_at  TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
	id           INTEGER PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	name         TEXT NOT NULL,
	secret_hash  TEXT NOT NULL UNIQUE,
	created_at   TEXT NOT NULL,
	last_used_at TEXT,
	revoked_at   TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE companies (
	id                          INTEGER PRIMARY KEY,
	name_zh                     TEXT NOT NULL DEFAULT '',
	name_en                     TEXT NOT NULL DEFAULT '',
	uscc                        TEXT NOT NULL DEFAULT '',
	foreign_reg_no              TEXT NOT NULL DEFAULT '',
	country                     TEXT NOT NULL DEFAULT '',
	ultimate_parent_id          INTEGER REFERENCES companies (id),
	sector                      TEXT NOT NULL DEFAULT '',
	foreign_invested            INTEGER NOT NULL DEFAULT 0,
	investment_mode             TEXT NOT NULL DEFAULT '',
	registration_date           TEXT,
	registered_capital_amount   INTEGER,
	registered_capital_currency TEXT,
	website                     TEXT NOT NULL DEFAULT '',
	notes                       TEXT NOT NULL DEFAULT '',
	owner_id                    INTEGER REFERENCES users (id),
	team_id                     INTEGER REFERENCES teams (id),
	archived_at                 TEXT,
	demo                        INTEGER NOT NULL DEFAULT 0,
	version                     INTEGER NOT NULL DEFAULT 1,
	created_at                  TEXT NOT NULL,
	updated_at                  TEXT NOT NULL,
	sort_name                   TEXT NOT NULL,
	search_text                 TEXT NOT NULL
);
CREATE UNIQUE INDEX companies_uscc ON companies (uscc) WHERE uscc <> '';
CREATE INDEX companies_name ON companies (sort_name, id);
CREATE INDEX companies_updated ON companies (updated_at, id);
CREATE INDEX companies_country ON companies (country, sort_name, id);
CREATE INDEX companies_sector ON companies (sector, sort_name, id);
CREATE INDEX companies_owner ON companies (owner_id, sort_name, id);
CREATE INDEX companies_parent ON companies (ultimate_parent_id);

CREATE TABLE contacts (
	id          INTEGER PRIMARY KEY,
	company_id  INTEGER REFERENCES companies (id),
	name_zh     TEXT NOT NULL DEFAULT '',
	name_en     TEXT NOT NULL DEFAULT '',
	title       TEXT NOT NULL DEFAULT '',
	email       TEXT NOT NULL DEFAULT '',
	phone       TEXT NOT NULL DEFAULT '',
	wechat      TEXT NOT NULL DEFAULT '',
	language    TEXT NOT NULL DEFAULT '',
	notes       TEXT NOT NULL DEFAULT '',
	owner_id    INTEGER REFERENCES users (id),
	team_id     INTEGER REFERENCES teams (id),
	archived_at TEXT,
	demo        INTEGER NOT NULL DEFAULT 0,
	version     INTEGER NOT NULL DEFAULT 1,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	sort_name   TEXT NOT NULL,
	search_text TEXT NOT NULL
);
CREATE INDEX contacts_company ON contacts (company_id, sort_name, id);
CREATE INDEX contacts_name ON contacts (sort_name, id);
CREATE INDEX contacts_owner ON contacts (owner_id, sort_name, id);

CREATE TABLE projects (
	id                         INTEGER PRIMARY KEY,
	code                       TEXT NOT NULL UNIQUE,
	name_zh                    TEXT NOT NULL DEFAULT '',
	name_en                    TEXT NOT NULL DEFAULT '',
	type                       TEXT NOT NULL,
	investment_mode            TEXT NOT NULL DEFAULT '',
	source                     TEXT NOT NULL DEFAULT '',
	investor_id                INTEGER REFERENCES companies (id),
	enterprise_id              INTEGER REFERENCES companies (id),
	source_economy             TEXT NOT NULL DEFAULT '',
	ultimate_source_economy    TEXT NOT NULL DEFAULT '',
	sector                     TEXT NOT NULL DEFAULT '',
	sector_gb                  TEXT NOT NULL DEFAULT '',
	business_activity          TEXT NOT NULL DEFAULT '',
	technology_level           TEXT NOT NULL DEFAULT '',
	tags                       TEXT NOT NULL DEFAULT '[]',
	total_investment_amount    INTEGER,
	total_investment_currency  TEXT,
	registered_capital_amount  INTEGER,
	registered_capital_currency TEXT,
	contracted_fdi_amount      INTEGER,
	contracted_fdi_currency    TEXT,
	foreign_share_pct          INTEGER,
	amounts_confirmed          INTEGER NOT NULL DEFAULT 0,
	expected_jobs              INTEGER,
	jobs_confirmed             INTEGER NOT NULL DEFAULT 0,
	expected_output_amount     INTEGER,
	expected_output_currency   TEXT,
	expected_tax_amount        INTEGER,
	expected_tax_currency      TEXT,
	land_area_sqm              INTEGER,
	energy_use_tce             INTEGER,
	park                       TEXT NOT NULL DEFAULT '',
	site                       TEXT NOT NULL DEFAULT '',
	owner_id                   INTEGER REFERENCES users (id),
	team_id                    INTEGER REFERENCES teams (id),
	key_project                INTEGER NOT NULL DEFAULT 0,
	priority                   TEXT NOT NULL DEFAULT 'normal',
	probability                INTEGER,
	next_action                TEXT NOT NULL DEFAULT '',
	next_action_due            TEXT,
	notes                      TEXT NOT NULL DEFAULT '',
	mou_planned                TEXT,
	mou_actual                 TEXT,
	contract_planned           TEXT,
	contract_actual            TEXT,
	licence_planned            TEXT,
	licence_actual             TEXT,
	land_planned               TEXT,
	land_actual                TEXT,
	construction_planned       TEXT,
	construction_actual        TEXT,
	operation_planned          TEXT,
	operation_actual           TEXT,
	stage                      TEXT NOT NULL,
	line_stage                 TEXT NOT NULL,
	stage_changed_at           TEXT NOT NULL,
	lost_reason                TEXT NOT NULL DEFAULT '',
	archived_at                TEXT,
	demo                       INTEGER NOT NULL DEFAULT 0,
	version                    INTEGER NOT NULL DEFAULT 1,
	created_at                 TEXT NOT NULL,
	updated_at                 TEXT NOT NULL,
	created_by                 INTEGER REFERENCES users (id),
	sort_name                  TEXT NOT NULL,
	search_text                TEXT NOT NULL
);
CREATE INDEX projects_updated ON projects (updated_at, id);
CREATE INDEX projects_created ON projects (created_at, id);
CREATE INDEX projects_name ON projects (sort_name, id);
CREATE INDEX projects_stage ON projects (stage, updated_at, id);
CREATE INDEX projects_stage_changed ON projects (stage_changed_at, id);
-- The board's counts and totals per stage read this index alone (archived_at is
-- a column as well as the condition, so that SQLite counts it as covering).
CREATE INDEX projects_stage_totals ON projects (stage, total_investment_currency, total_investment_amount, archived_at) WHERE archived_at IS NULL;
CREATE INDEX projects_owner ON projects (owner_id, updated_at, id);
CREATE INDEX projects_team ON projects (team_id, stage, updated_at, id);
CREATE INDEX projects_sector ON projects (sector, updated_at, id);
CREATE INDEX projects_source ON projects (source_economy, updated_at, id);
CREATE INDEX projects_type ON projects (type, updated_at, id);
CREATE INDEX projects_key ON projects (key_project, updated_at, id);
CREATE INDEX projects_investor ON projects (investor_id);
CREATE INDEX projects_enterprise ON projects (enterprise_id);
CREATE INDEX projects_contract ON projects (contract_actual);
CREATE INDEX projects_next_action ON projects (owner_id, next_action_due);

CREATE TABLE stage_changes (
	id          INTEGER PRIMARY KEY,
	project_id  INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	from_stage  TEXT,
	to_stage    TEXT NOT NULL,
	at          TEXT NOT NULL,
	actor_id    INTEGER REFERENCES users (id),
	actor_name  TEXT NOT NULL,
	note        TEXT NOT NULL DEFAULT '',
	lost_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX stage_changes_project ON stage_changes (project_id, at);

CREATE TABLE capital_inflows (
	id         INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
	date       TEXT NOT NULL,
	amount     INTEGER NOT NULL,
	currency   TEXT NOT NULL,
	note       TEXT NOT NULL DEFAULT '',
	demo       INTEGER NOT NULL DEFAULT 0,
	version    INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	created_by INTEGER REFERENCES users (id)
);
CREATE INDEX capital_inflows_project ON capital_inflows (project_id, date);
CREATE INDEX capital_inflows_date ON capital_inflows (date);

CREATE TABLE activities (
	id          INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL,
	subject     TEXT NOT NULL,
	notes       TEXT NOT NULL DEFAULT '',
	occurred_at TEXT NOT NULL,
	project_id  INTEGER REFERENCES projects (id) ON DELETE CASCADE,
	company_id  INTEGER REFERENCES companies (id),
	demo        INTEGER NOT NULL DEFAULT 0,
	version     INTEGER NOT NULL DEFAULT 1,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	created_by  INTEGER REFERENCES users (id)
);
CREATE INDEX activities_project ON activities (project_id, occurred_at, id);
CREATE INDEX activities_company ON activities (company_id, occurred_at, id);
CREATE INDEX activities_creator ON activities (created_by, occurred_at, id);
CREATE INDEX activities_occurred ON activities (occurred_at, id);

CREATE TABLE activity_contacts (
	activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
	contact_id  INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
	PRIMARY KEY (activity_id, contact_id)
);
CREATE INDEX activity_contacts_contact ON activity_contacts (contact_id);

CREATE TABLE activity_users (
	activity_id INTEGER NOT NULL REFERENCES activities (id) ON DELETE CASCADE,
	user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	PRIMARY KEY (activity_id, user_id)
);
CREATE INDEX activity_users_user ON activity_users (user_id);

CREATE TABLE tasks (
	id          INTEGER PRIMARY KEY,
	title       TEXT NOT NULL,
	notes       TEXT NOT NULL DEFAULT '',
	assignee_id INTEGER NOT NULL REFERENCES users (id),
	due_date    TEXT,
	status      TEXT NOT NULL,
	project_id  INTEGER REFERENCES projects (id) ON DELETE CASCADE,
	company_id  INTEGER REFERENCES companies (id),
	done_at     TEXT,
	demo        INTEGER NOT NULL DEFAULT 0,
	version     INTEGER NOT NULL DEFAULT 1,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	created_by  INTEGER REFERENCES users (id)
);
CREATE INDEX tasks_assignee ON tasks (assignee_id, status, due_date, id);
CREATE INDEX tasks_project ON tasks (project_id, due_date, id);
CREATE INDEX tasks_company ON tasks (company_id);

CREATE TABLE exchange_rates (
	id         INTEGER PRIMARY KEY,
	date       TEXT NOT NULL,
	base       TEXT NOT NULL,
	quote      TEXT NOT NULL,
	rate       TEXT NOT NULL,
	source     TEXT NOT NULL DEFAULT '',
	version    INTEGER NOT NULL DEFAULT 1,
	created_at TEXT NOT NULL,
	UNIQUE (base, quote, date)
);
CREATE INDEX exchange_rates_date ON exchange_rates (date, id);

CREATE TABLE audit_log (
	id          INTEGER PRIMARY KEY,
	at          TEXT NOT NULL,
	actor_id    INTEGER,
	actor_name  TEXT NOT NULL,
	action      TEXT NOT NULL,
	entity      TEXT NOT NULL,
	entity_id   INTEGER NOT NULL,
	before_json TEXT,
	after_json  TEXT
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);
CREATE INDEX audit_log_at ON audit_log (at, id);
