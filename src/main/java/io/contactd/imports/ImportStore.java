package io.contactd.imports;

import com.fasterxml.jackson.core.type.TypeReference;
import io.contactd.db.WriteTransactions;
import io.contactd.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The SQL of imports: {@code contact_imports} (mapping, upload, checkpoint) and the import's row of
 * {@code contact_jobs} (status and counts, which GET /contacts/imports/{id} reports). Every state
 * change names the state it expects; a change that finds no such row returns false or throws, it
 * never passes silently.
 */
final class ImportStore {
  static final String JOB_TYPE = "upsert_contacts";

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  /** What the job needs to run. */
  record Import(
      String jobId,
      long accountId,
      List<String> mappings,
      List<String> listIds,
      UploadState upload,
      long rowsDone,
      String status) {}

  /** One failed row, as it goes into the errors file. */
  record RowError(long line, String reason, String cells) {}

  private final Jdbi jdbi;

  ImportStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  Jdbi jdbi() {
    return jdbi;
  }

  /** The job (pending) and its import (waiting for the upload), in one transaction. */
  void create(String jobId, long accountId, ImportRequest request, long uploadExpiresAt, long now) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "INSERT INTO contact_jobs (id, account_id, job_type, status, created_at)"
                      + " VALUES (:id, :account, :type, 'pending', :now)")
              .bind("id", jobId)
              .bind("account", accountId)
              .bind("type", JOB_TYPE)
              .bind("now", now)
              .execute();
          h.createUpdate(
                  "INSERT INTO contact_imports (job_id, account_id, field_mappings, list_ids,"
                      + " upload_state, upload_expires_at, created_at)"
                      + " VALUES (:id, :account, :mappings, :lists, :state, :expires, :now)")
              .bind("id", jobId)
              .bind("account", accountId)
              .bind("mappings", Json.write(request.mappings()))
              .bind("lists", Json.write(request.listIds()))
              .bind("state", UploadState.WAITING.wire())
              .bind("expires", uploadExpiresAt)
              .bind("now", now)
              .execute();
        });
  }

  Optional<Import> find(String jobId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT i.job_id, i.account_id, i.field_mappings, i.list_ids, i.upload_state,"
                        + " i.rows_done, j.status FROM contact_imports i"
                        + " JOIN contact_jobs j ON j.id = i.job_id WHERE i.job_id = :id")
                .bind("id", jobId)
                .map(
                    (rs, ctx) ->
                        new Import(
                            rs.getString(1),
                            rs.getLong(2),
                            strings(rs.getString(3)),
                            strings(rs.getString(4)),
                            UploadState.of(rs.getString(5)),
                            rs.getLong(6),
                            rs.getString(7)))
                .findOne());
  }

  /** Moves the upload from {@code from} to {@code to}; false when it was not in {@code from}. */
  boolean moveUpload(String jobId, UploadState from, UploadState to, Long bytes) {
    UploadState.require(from, to);
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE contact_imports SET upload_state = :to,"
                            + " upload_bytes = COALESCE(:bytes, upload_bytes)"
                            + " WHERE job_id = :id AND upload_state = :from")
                    .bind("to", to.wire())
                    .bind("bytes", bytes)
                    .bind("id", jobId)
                    .bind("from", from.wire())
                    .execute())
        == 1;
  }

  /** Jobs whose file arrived but that have not finished: they are queued again at start. */
  List<String> receivedAndPending() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT i.job_id FROM contact_imports i JOIN contact_jobs j ON j.id = i.job_id"
                        + " WHERE i.upload_state = :received AND j.status = 'pending'")
                .bind("received", UploadState.RECEIVED.wire())
                .mapTo(String.class)
                .list());
  }

  /**
   * Fails the imports whose upload URL expired before any file arrived: first the uploads move from
   * {@code waiting} to {@code refused} (a PUT can no longer claim them), then their jobs end.
   */
  int refuseExpiredUploads(long now, String message) {
    return jdbi.inTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE contact_imports SET upload_state = :refused"
                      + " WHERE upload_state = :waiting AND upload_expires_at <= :now")
              .bind("refused", UploadState.REFUSED.wire())
              .bind("waiting", UploadState.WAITING.wire())
              .bind("now", now)
              .execute();
          return h.createUpdate(
                  "UPDATE contact_jobs SET status = 'failed', message = :message, finished_at = :now"
                      + " WHERE status = 'pending' AND id IN"
                      + " (SELECT job_id FROM contact_imports WHERE upload_state = :refused)")
              .bind("message", message)
              .bind("now", now)
              .bind("refused", UploadState.REFUSED.wire())
              .execute();
        });
  }

  /** Up to {@code limit} imports that finished before {@code cutoff} and still have files. */
  List<String> finishedBefore(long cutoff, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT i.job_id FROM contact_imports i JOIN contact_jobs j ON j.id = i.job_id"
                        + " WHERE i.upload_state IN (:received, :refused) AND j.status <> 'pending'"
                        + " AND j.finished_at < :cutoff ORDER BY j.finished_at LIMIT :limit")
                .bind("received", UploadState.RECEIVED.wire())
                .bind("refused", UploadState.REFUSED.wire())
                .bind("cutoff", cutoff)
                .bind("limit", limit)
                .mapTo(String.class)
                .list());
  }

  /** After its files were deleted: the import is {@code cleaned} and its job has no errors file. */
  boolean markCleaned(String jobId) {
    return jdbi.inTransaction(
        h -> {
          int n =
              h.createUpdate(
                      "UPDATE contact_imports SET upload_state = :cleaned"
                          + " WHERE job_id = :id AND upload_state IN (:received, :refused)")
                  .bind("cleaned", UploadState.CLEANED.wire())
                  .bind("id", jobId)
                  .bind("received", UploadState.RECEIVED.wire())
                  .bind("refused", UploadState.REFUSED.wire())
                  .execute();
          if (n == 1) {
            h.createUpdate(
                    "UPDATE contact_jobs SET errors_key = NULL WHERE id = :id AND status <> 'pending'")
                .bind("id", jobId)
                .execute();
          }
          return n == 1;
        });
  }

  /** Sets {@code started_at} the first time the job runs; false when it is no longer pending. */
  boolean start(String jobId, long now) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE contact_jobs SET started_at = COALESCE(started_at, :now)"
                            + " WHERE id = :id AND status = 'pending'")
                    .bind("now", now)
                    .bind("id", jobId)
                    .execute())
        == 1;
  }

  boolean setRequested(String jobId, long rows) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE contact_jobs SET requested_count = :rows"
                            + " WHERE id = :id AND status = 'pending'")
                    .bind("rows", rows)
                    .bind("id", jobId)
                    .execute())
        == 1;
  }

  /**
   * Inside the batch's transaction: adds its counts, records its failed rows and moves the
   * checkpoint from {@code rowsBefore} to {@code rowsAfter}. Throws (rolling the batch back) when
   * the job is no longer pending or another run moved the checkpoint.
   */
  void recordBatch(
      Handle h,
      String jobId,
      long rowsBefore,
      long rowsAfter,
      long created,
      long updated,
      List<RowError> errors) {
    int moved =
        h.createUpdate(
                "UPDATE contact_imports SET rows_done = :after"
                    + " WHERE job_id = :id AND rows_done = :before")
            .bind("after", rowsAfter)
            .bind("id", jobId)
            .bind("before", rowsBefore)
            .execute();
    if (moved != 1) {
      throw new IllegalStateException(
          "import " + jobId + " moved past row " + rowsBefore + " in another run");
    }
    int counted =
        h.createUpdate(
                "UPDATE contact_jobs SET created_count = created_count + :created,"
                    + " updated_count = updated_count + :updated,"
                    + " errored_count = errored_count + :errored"
                    + " WHERE id = :id AND status = 'pending'")
            .bind("created", created)
            .bind("updated", updated)
            .bind("errored", errors.size())
            .bind("id", jobId)
            .execute();
    if (counted != 1) {
      throw new IllegalStateException("import " + jobId + " is no longer pending");
    }
    if (!errors.isEmpty()) {
      var batch =
          h.prepareBatch(
              "INSERT INTO contact_import_errors (job_id, line, reason, cells)"
                  + " VALUES (:id, :line, :reason, :cells)");
      for (RowError e : errors) {
        batch
            .bind("id", jobId)
            .bind("line", e.line())
            .bind("reason", e.reason())
            .bind("cells", e.cells())
            .add();
      }
      batch.execute();
    }
  }

  /** The failed rows in line order, streamed (PostgreSQL needs a transaction for a cursor). */
  void eachError(String jobId, Consumer<RowError> sink) {
    WriteTransactions.reading(
        jdbi,
        h ->
            h.createQuery(
                    "SELECT line, reason, cells FROM contact_import_errors"
                        + " WHERE job_id = :id ORDER BY line")
                .bind("id", jobId)
                .setFetchSize(1000)
                .map((rs, ctx) -> new RowError(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .useStream(s -> s.forEach(sink)));
  }

  record Counts(long requested, long created, long updated, long errored) {}

  Counts counts(String jobId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT requested_count, created_count, updated_count, errored_count"
                        + " FROM contact_jobs WHERE id = :id")
                .bind("id", jobId)
                .map(
                    (rs, ctx) ->
                        new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .one());
  }

  /**
   * Ends a pending job: status, message, errors file and finish time, and drops its row errors
   * (they are in the errors file now). False when the job had already ended.
   */
  boolean finish(
      String jobId, String status, String message, String errorsKey, Long erroredCount, long now) {
    return jdbi.inTransaction(
        h -> {
          int n =
              h.createUpdate(
                      "UPDATE contact_jobs SET status = :status, message = :message,"
                          + " errors_key = :errors, errored_count = COALESCE(:errored, errored_count),"
                          + " finished_at = :now WHERE id = :id AND status = 'pending'")
                  .bind("status", status)
                  .bind("message", message)
                  .bind("errors", errorsKey)
                  .bind("errored", erroredCount)
                  .bind("now", now)
                  .bind("id", jobId)
                  .execute();
          if (n == 1) {
            h.createUpdate("DELETE FROM contact_import_errors WHERE job_id = :id")
                .bind("id", jobId)
                .execute();
          }
          return n == 1;
        });
  }

  /** A job that has not started yet fails at once (its upload was refused). */
  boolean failUnstarted(String jobId, String message, long now) {
    return finish(jobId, "failed", message, null, null, now);
  }

  private static List<String> strings(String json) {
    try {
      return new ArrayList<>(Json.MAPPER.readValue(json, STRINGS));
    } catch (IOException e) {
      throw new UncheckedIOException("contact_imports holds a malformed JSON array", e);
    }
  }
}
