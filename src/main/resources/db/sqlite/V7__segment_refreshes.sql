-- Manual segment refreshes and background sampling. Keep in step with
-- ../postgresql/V7__segment_refreshes.sql (MigrationsDriftTest).
-- One row per accepted POST /segments/2.0/refresh/{id}: the limits count them per segment per day
-- (in the time zone the request names), per segment per hour and per account per day. Rows older
-- than two days can no longer count and are swept.
CREATE TABLE segment_refreshes (
  account_id INTEGER NOT NULL,
  segment_id TEXT NOT NULL,
  job_id TEXT NOT NULL,
  refreshed_at INTEGER NOT NULL
);
CREATE INDEX segment_refreshes_account ON segment_refreshes (account_id, refreshed_at);

-- The zone of the last refresh request: refreshes_used counts from midnight there.
ALTER TABLE segments ADD COLUMN refresh_time_zone TEXT;
ALTER TABLE segments ADD COLUMN last_refreshed_at INTEGER;

-- The background round picks the segments whose sample is oldest.
CREATE INDEX segments_sample_due ON segments (sample_updated_at);
