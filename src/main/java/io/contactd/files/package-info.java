/**
 * Files that contactd hands out or takes in (export files, later import uploads and error files):
 * the {@link io.contactd.files.BlobStore} interface, its local-folder implementation under the data
 * dir, HMAC-signed expiring URLs and the unauthenticated route that serves them. An S3
 * implementation belongs here too once contactd scales out.
 */
package io.contactd.files;
