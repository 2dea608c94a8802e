/**
 * The durable job queue on db-scheduler: jobs are rows any node may claim, and a dead node's jobs
 * are taken over. Features register their workers; their own tables say what the API reports.
 */
package io.contactd.jobs;
