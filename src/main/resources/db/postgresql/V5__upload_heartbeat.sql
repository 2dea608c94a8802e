-- When the node receiving an upload last said it still was. An upload left in 'receiving' by a node
-- that was killed (or lost) stops being refreshed, and any node then fails it and deletes the
-- partial file. The index finds the few uploads in 'receiving' among every import ever made.
ALTER TABLE contact_imports ADD COLUMN upload_seen_at BIGINT;
CREATE INDEX contact_imports_upload_state ON contact_imports (upload_state);
