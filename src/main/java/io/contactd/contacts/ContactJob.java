package io.contactd.contacts;

/**
 * A row of {@code contact_jobs} without its payload; {@code errorsKey} names a CSV import's errors
 * file.
 */
record ContactJob(
    String id,
    long accountId,
    String jobType,
    JobStatus status,
    long requested,
    long created,
    long updated,
    long deleted,
    long errored,
    String message,
    long createdAt,
    Long startedAt,
    Long finishedAt,
    String errorsKey) {}
