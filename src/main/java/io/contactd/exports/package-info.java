/**
 * Contact exports: {@code POST/GET /v3/marketing/contacts/exports[/{id}]}, the durable job that
 * streams contacts into gzip-compressed CSV or NDJSON files (split by {@code max_file_size}), the
 * notification mail, and the sweeper that removes expired exports and their files.
 */
package io.contactd.exports;
