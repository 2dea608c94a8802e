-- Segments 2.0. Keep in step with ../sqlite/V6__segments.sql (MigrationsDriftTest).
-- The query is stored as written and compiled again whenever it runs, so a field renamed or
-- deleted since shows as INVALID instead of matching by a stale plan.
CREATE TABLE segments (
  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id BIGINT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  query_dsl TEXT NOT NULL,
  parent_list_id TEXT,
  contacts_count BIGINT NOT NULL DEFAULT 0,
  sample_ids TEXT NOT NULL,
  sample_updated_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX segments_id ON segments (account_id, id);
CREATE UNIQUE INDEX segments_name ON segments (account_id, name);
