-- Exports as plan → shards → publish, with cancel, progress, checksums and updated_since.
-- Keep in step with ../postgresql/V9__export_shards.sql (MigrationsDriftTest).
-- updated_since: only contacts whose updated_at is at or after it (epoch millis; NULL = all).
-- contacts_total: the matching contacts counted when the export was planned (progress).
-- checksums: JSON array of "sha256:<hex>", one per file_keys entry, in the same order.
ALTER TABLE exports ADD COLUMN updated_since INTEGER;
ALTER TABLE exports ADD COLUMN contacts_total INTEGER;
ALTER TABLE exports ADD COLUMN checksums TEXT;

-- One row per shard: the contacts with seq_after < seq <= seq_upto that match the export's
-- filter. run_id names the run allowed to finish the shard; a run that finds another run_id
-- (it was taken over) may not mark it done. file_keys/checksums are set when the shard is done.
CREATE TABLE export_shards (
  export_id TEXT NOT NULL,
  shard_no INTEGER NOT NULL,
  status TEXT NOT NULL,
  seq_after INTEGER NOT NULL,
  seq_upto INTEGER NOT NULL,
  run_id TEXT,
  contacts_written INTEGER NOT NULL DEFAULT 0,
  files_written INTEGER NOT NULL DEFAULT 0,
  file_keys TEXT,
  checksums TEXT,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (export_id, shard_no)
);
