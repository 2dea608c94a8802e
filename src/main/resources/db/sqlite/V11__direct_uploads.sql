-- An upload sent straight to the object store (an S3 presigned PUT, which contactd never sees) is
-- pinned when a node first finds it complete: its ETag, and its version id where the bucket keeps
-- versions. The job reads exactly that object, so a second PUT with the same URL (S3 accepts one
-- until the URL expires) is never imported.
ALTER TABLE contact_imports ADD COLUMN upload_etag TEXT;
ALTER TABLE contact_imports ADD COLUMN upload_version TEXT;
