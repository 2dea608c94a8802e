/**
 * Files that contactd hands out or takes in (export files, import uploads and error files): the
 * {@link io.contactd.files.BlobStore} interface and its two implementations, the local folder of
 * the data dir (HMAC-signed expiring URLs, served by contactd's own unauthenticated routes) and an
 * S3 bucket (SigV4 presigned URLs that S3 itself serves and checks, multipart uploads, SHA-256
 * checksums), chosen by {@code --blob-store}.
 */
package io.contactd.files;
