-- CSV imports (PUT /v3/marketing/contacts/imports). The job itself is a row of contact_jobs
-- (status and counts, what GET /contacts/imports/{id} reports); this table holds what only an
-- import has: its column mapping, the single-use upload and the checkpoint of rows applied.
CREATE TABLE contact_imports (
  job_id TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL,
  field_mappings TEXT NOT NULL,
  list_ids TEXT NOT NULL,
  upload_state TEXT NOT NULL,
  upload_expires_at INTEGER NOT NULL,
  upload_bytes INTEGER,
  rows_done INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);

-- Rows that failed, written in the transaction of their batch, so a resumed job keeps them;
-- they become the errors CSV when the job finishes.
CREATE TABLE contact_import_errors (
  job_id TEXT NOT NULL,
  line INTEGER NOT NULL,
  reason TEXT NOT NULL,
  cells TEXT,
  PRIMARY KEY (job_id, line)
);
