/**
 * CSV imports ({@code PUT /v3/marketing/contacts/imports}): the request and its field mapping, the
 * signed single-use upload URL, the streaming CSV reader (gzip, BOM, limits) and the job that
 * applies rows in checkpointed batches through the contacts feature's writer and writes the errors
 * file. The job's status is a row of {@code contact_jobs}, which only the contacts feature's {@code
 * ContactJobStore} writes and which that feature reports.
 */
package io.contactd.imports;
