-- contactd schema, SQLite flavour. Keep in step with ../postgresql/V1__init.sql
-- (MigrationsDriftTest compares them). Timestamps are epoch milliseconds.

CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES accounts (id),
  username TEXT NOT NULL UNIQUE,
  email TEXT NOT NULL,
  next_field_number INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  name TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  scopes TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX api_keys_account ON api_keys (account_id);

CREATE TABLE settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE field_definitions (
  account_id INTEGER NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL,
  field_type TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, id)
);
CREATE UNIQUE INDEX field_definitions_name ON field_definitions (account_id, name_key);

CREATE TABLE contacts (
  seq INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL,
  id TEXT NOT NULL,
  email TEXT,
  phone_number_id TEXT,
  external_id TEXT,
  anonymous_id TEXT,
  first_name TEXT,
  last_name TEXT,
  unique_name TEXT,
  alternate_emails TEXT,
  address_line_1 TEXT,
  address_line_2 TEXT,
  city TEXT,
  state_province_region TEXT,
  postal_code TEXT,
  country TEXT,
  phone_number TEXT,
  whatsapp TEXT,
  line TEXT,
  facebook TEXT,
  custom_fields TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX contacts_id ON contacts (account_id, id);
CREATE INDEX contacts_account_seq ON contacts (account_id, seq);
CREATE UNIQUE INDEX contacts_email ON contacts (account_id, email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX contacts_phone_number_id ON contacts (account_id, phone_number_id) WHERE phone_number_id IS NOT NULL;
CREATE UNIQUE INDEX contacts_external_id ON contacts (account_id, external_id) WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX contacts_anonymous_id ON contacts (account_id, anonymous_id) WHERE anonymous_id IS NOT NULL;

CREATE TABLE lists (
  seq INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX lists_id ON lists (account_id, id);

-- An export of a list walks this primary key, then fetches each contact by its seq.
CREATE TABLE list_members (
  list_seq INTEGER NOT NULL,
  contact_seq INTEGER NOT NULL,
  PRIMARY KEY (list_seq, contact_seq)
) WITHOUT ROWID;
CREATE INDEX list_members_contact ON list_members (contact_seq, list_seq);

-- Asynchronous contact writes (upserts, deletes, CSV imports): what GET /contacts/imports/{id} reports.
CREATE TABLE contact_jobs (
  id TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL,
  job_type TEXT NOT NULL,
  status TEXT NOT NULL,
  requested_count INTEGER NOT NULL DEFAULT 0,
  created_count INTEGER NOT NULL DEFAULT 0,
  updated_count INTEGER NOT NULL DEFAULT 0,
  deleted_count INTEGER NOT NULL DEFAULT 0,
  errored_count INTEGER NOT NULL DEFAULT 0,
  errors_key TEXT,
  message TEXT,
  payload BLOB,
  created_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER
);
CREATE INDEX contact_jobs_account ON contact_jobs (account_id, created_at);

CREATE TABLE exports (
  id TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL,
  status TEXT NOT NULL,
  export_type TEXT NOT NULL,
  list_ids TEXT NOT NULL,
  segment_ids TEXT NOT NULL,
  file_type TEXT NOT NULL,
  max_file_size INTEGER NOT NULL,
  notify_email INTEGER NOT NULL,
  contact_count INTEGER,
  file_keys TEXT,
  message TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  completed_at INTEGER,
  expires_at INTEGER NOT NULL
);
CREATE INDEX exports_account ON exports (account_id, created_at);
CREATE INDEX exports_expires ON exports (expires_at);

-- db-scheduler's table (durable job queue, claimed by any node).
CREATE TABLE scheduled_tasks (
  task_name TEXT NOT NULL,
  task_instance TEXT NOT NULL,
  task_data BLOB,
  execution_time TIMESTAMP NOT NULL,
  picked BOOLEAN NOT NULL,
  picked_by TEXT,
  last_success TIMESTAMP,
  last_failure TIMESTAMP,
  consecutive_failures INTEGER,
  last_heartbeat TIMESTAMP,
  version INTEGER NOT NULL,
  priority INTEGER,
  PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time ON scheduled_tasks (priority, execution_time);
