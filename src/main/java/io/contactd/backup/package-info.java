/**
 * {@code contactd export}, {@code backup} and {@code restore} as a client of any server that speaks
 * SendGrid's v3 Marketing API: an export downloaded, verified (gzip, rows, SHA-256) and described
 * by a manifest; a dated backup folder of fields, lists, segments and exports, written under a
 * temporary name and renamed when complete; a restore that maps old ids to new by name. Progress
 * goes through {@link io.contactd.backup.Progress}, drawn by the command line.
 */
package io.contactd.backup;
