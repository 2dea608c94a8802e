package io.contactd.contacts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The SQL of {@code contact_jobs}, the one place that writes it: the contact writes of this feature
 * and the CSV imports (whose own table, {@code contact_imports}, holds their upload and checkpoint)
 * keep their status and counts here. Every change names the state it expects ({@link JobStatus}); a
 * change that finds the job elsewhere returns false or throws, it never passes silently. Methods
 * that take a {@link Handle} run inside the caller's transaction.
 */
public final class ContactJobStore {
  /** What a job reports: rows requested and what became of them. */
  public record Counts(long requested, long created, long updated, long deleted, long errored) {}

  /** What the worker needs of a contact write: its account and request. */
  record Queued(long accountId, JobStatus status, byte[] payload) {}

  private final Jdbi jdbi;

  ContactJobStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * A new pending job. Contact writes keep their request in {@code payload}; a CSV import has none
   * (its file is its request).
   */
  public void create(
      Handle h,
      String id,
      long accountId,
      String jobType,
      long requested,
      byte[] payload,
      long now) {
    h.createUpdate(
            "INSERT INTO contact_jobs"
                + " (id, account_id, job_type, status, requested_count, payload, created_at)"
                + " VALUES (:id, :account, :type, :pending, :requested, :payload, :now)")
        .bind("id", id)
        .bind("account", accountId)
        .bind("type", jobType)
        .bind("pending", JobStatus.PENDING.wire())
        .bind("requested", requested)
        .bind("payload", payload)
        .bind("now", now)
        .execute();
  }

  Optional<ContactJob> find(long accountId, String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, account_id, job_type, status, requested_count, created_count,"
                        + " updated_count, deleted_count, errored_count, message, created_at,"
                        + " started_at, finished_at, errors_key"
                        + " FROM contact_jobs WHERE account_id = :account AND id = :id")
                .bind("account", accountId)
                .bind("id", id)
                .map(
                    (rs, ctx) ->
                        new ContactJob(
                            rs.getString(1),
                            rs.getLong(2),
                            rs.getString(3),
                            JobStatus.of(rs.getString(4)),
                            rs.getLong(5),
                            rs.getLong(6),
                            rs.getLong(7),
                            rs.getLong(8),
                            rs.getLong(9),
                            rs.getString(10),
                            rs.getLong(11),
                            nullableLong(rs, 12),
                            nullableLong(rs, 13),
                            rs.getString(14)))
                .findOne());
  }

  Optional<Queued> queued(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT account_id, status, payload FROM contact_jobs WHERE id = :id")
                .bind("id", id)
                .map(
                    (rs, ctx) ->
                        new Queued(rs.getLong(1), JobStatus.of(rs.getString(2)), rs.getBytes(3)))
                .findOne());
  }

  /** Pending contact writes; CSV imports keep no payload here and are queued by their feature. */
  List<String> pendingWrites() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id FROM contact_jobs WHERE status = :pending AND payload IS NOT NULL")
                .bind("pending", JobStatus.PENDING.wire())
                .mapTo(String.class)
                .list());
  }

  public Optional<JobStatus> status(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT status FROM contact_jobs WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> JobStatus.of(rs.getString(1)))
                .findOne());
  }

  /**
   * Sets {@code started_at} the first time a pending job runs (a run after a crash keeps the first
   * time); false when the job is no longer pending.
   */
  public boolean start(Handle h, String id, long now) {
    return h.createUpdate(
                "UPDATE contact_jobs SET started_at = COALESCE(started_at, :now)"
                    + " WHERE id = :id AND status = :pending")
            .bind("now", now)
            .bind("id", id)
            .bind("pending", JobStatus.PENDING.wire())
            .execute()
        == 1;
  }

  /** The rows a pending job found to do; false when the job is no longer pending. */
  public boolean setRequested(String id, long rows) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE contact_jobs SET requested_count = :rows"
                            + " WHERE id = :id AND status = :pending")
                    .bind("rows", rows)
                    .bind("id", id)
                    .bind("pending", JobStatus.PENDING.wire())
                    .execute())
        == 1;
  }

  /** Adds one batch's counts to a pending job; false when the job is no longer pending. */
  public boolean addCounts(Handle h, String id, long created, long updated, long errored) {
    return h.createUpdate(
                "UPDATE contact_jobs SET created_count = created_count + :created,"
                    + " updated_count = updated_count + :updated,"
                    + " errored_count = errored_count + :errored"
                    + " WHERE id = :id AND status = :pending")
            .bind("created", created)
            .bind("updated", updated)
            .bind("errored", errored)
            .bind("id", id)
            .bind("pending", JobStatus.PENDING.wire())
            .execute()
        == 1;
  }

  public Counts counts(Handle h, String id) {
    return h.createQuery(
            "SELECT requested_count, created_count, updated_count, deleted_count, errored_count"
                + " FROM contact_jobs WHERE id = :id")
        .bind("id", id)
        .map(
            (rs, ctx) ->
                new Counts(
                    rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
        .one();
  }

  public Counts counts(String id) {
    return jdbi.withHandle(h -> counts(h, id));
  }

  /**
   * Ends a pending job with its counts, message and errors file; false when it had ended already.
   */
  public boolean finish(
      Handle h,
      String id,
      JobStatus to,
      Counts counts,
      String message,
      String errorsKey,
      long now) {
    JobStatus.require(JobStatus.PENDING, to);
    return h.createUpdate(
                "UPDATE contact_jobs SET status = :to, requested_count = :requested,"
                    + " created_count = :created, updated_count = :updated,"
                    + " deleted_count = :deleted, errored_count = :errored, message = :message,"
                    + " errors_key = :errors, finished_at = :now"
                    + " WHERE id = :id AND status = :from")
            .bind("to", to.wire())
            .bind("requested", counts.requested())
            .bind("created", counts.created())
            .bind("updated", counts.updated())
            .bind("deleted", counts.deleted())
            .bind("errored", counts.errored())
            .bind("message", message)
            .bind("errors", errorsKey)
            .bind("now", now)
            .bind("id", id)
            .bind("from", JobStatus.PENDING.wire())
            .execute()
        == 1;
  }

  /** A finished job's errors file was deleted; false when the job is not finished. */
  public boolean dropErrorsFile(Handle h, String id) {
    return h.createUpdate(
                "UPDATE contact_jobs SET errors_key = NULL"
                    + " WHERE id = :id AND status IN (:completed, :errored, :failed)")
            .bind("id", id)
            .bind("completed", JobStatus.COMPLETED.wire())
            .bind("errored", JobStatus.ERRORED.wire())
            .bind("failed", JobStatus.FAILED.wire())
            .execute()
        == 1;
  }

  private static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }
}
