/**
 * Webhooks: an account's endpoints ({@code /_contactd/webhooks} in dev mode) and the {@code
 * notifications.webhook_url} of an export or import request (always). When an export or import
 * ends, an event with the job's status body is written to an outbox table (one row per event and
 * endpoint, unique), and a recurring round of the cluster's job queue delivers it: claimed with a
 * guarded UPDATE, signed (HMAC-SHA256 over {@code timestamp.body}), retried with exponential
 * backoff for 24 hours, every attempt logged.
 */
package io.contactd.webhooks;
