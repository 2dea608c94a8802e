package io.contactd.imports;

import com.fasterxml.jackson.core.type.TypeReference;
import io.contactd.contacts.ContactJobStore;
import io.contactd.contacts.JobStatus;
import io.contactd.db.WriteTransactions;
import io.contactd.files.BlobStore;
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
 * The SQL of imports: {@code contact_imports} (mapping, upload, checkpoint); the import's status
 * and counts, which GET /contacts/imports/{id} reports, go through the contacts feature's {@link
 * ContactJobStore}, in the same transactions. Every state change names the state it expects; a
 * change that finds no such row returns false or throws, it never passes silently.
 */
final class ImportStore {
  static final String JOB_TYPE = "upsert_contacts";

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  /**
   * What the job needs to run; {@code pinned} is the object a direct upload was pinned to, null for
   * a file that contactd received itself.
   */
  record Import(
      String jobId,
      long accountId,
      List<String> mappings,
      List<String> listIds,
      UploadState upload,
      long rowsDone,
      BlobStore.BlobInfo pinned) {}

  /** An import whose upload has not arrived yet, and when its URL expires. */
  record Waiting(String jobId, long expiresAt) {}

  /** One failed row, as it goes into the errors file. */
  record RowError(long line, String reason, String cells) {}

  private final Jdbi jdbi;
  private final ContactJobStore jobs;

  ImportStore(Jdbi jdbi, ContactJobStore jobs) {
    this.jdbi = jdbi;
    this.jobs = jobs;
  }

  Jdbi jdbi() {
    return jdbi;
  }

  /** The job (pending) and its import (waiting for the upload), in one transaction. */
  void create(String jobId, long accountId, ImportRequest request, long uploadExpiresAt, long now) {
    jdbi.useTransaction(
        h -> {
          jobs.create(h, jobId, accountId, JOB_TYPE, 0, null, now);
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
                    "SELECT job_id, account_id, field_mappings, list_ids, upload_state, rows_done,"
                        + " upload_bytes, upload_etag, upload_version"
                        + " FROM contact_imports WHERE job_id = :id")
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
                            rs.getString(8) == null
                                ? null
                                : new BlobStore.BlobInfo(
                                    ImportJob.uploadKey(rs.getString(1)),
                                    rs.getLong(7),
                                    rs.getString(8),
                                    rs.getString(9))))
                .findOne());
  }

  /** The imports still waiting for their upload (few: the index on upload_state finds them). */
  List<Waiting> waitingUploads() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT job_id, upload_expires_at FROM contact_imports"
                        + " WHERE upload_state = :waiting ORDER BY created_at")
                .bind("waiting", UploadState.WAITING.wire())
                .map((rs, ctx) -> new Waiting(rs.getString(1), rs.getLong(2)))
                .list());
  }

  /**
   * A direct upload was found complete: {@code waiting → received} with the object it is pinned to,
   * in one UPDATE naming the state it expects, so of all the nodes that found it only one moves it
   * (and queues the job). False when it was no longer waiting.
   */
  boolean pinUpload(String jobId, BlobStore.BlobInfo blob) {
    UploadState.require(UploadState.WAITING, UploadState.RECEIVED);
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE contact_imports SET upload_state = :received, upload_bytes = :bytes,"
                            + " upload_etag = :etag, upload_version = :version"
                            + " WHERE job_id = :id AND upload_state = :waiting")
                    .bind("received", UploadState.RECEIVED.wire())
                    .bind("bytes", blob.size())
                    .bind("etag", blob.etag())
                    .bind("version", blob.version())
                    .bind("id", jobId)
                    .bind("waiting", UploadState.WAITING.wire())
                    .execute())
        == 1;
  }

  boolean isPending(String jobId) {
    return jobs.status(jobId).orElse(null) == JobStatus.PENDING;
  }

  /** Moves the upload from {@code from} to {@code to}; false when it was not in {@code from}. */
  boolean moveUpload(String jobId, UploadState from, UploadState to, Long bytes) {
    return jdbi.withHandle(h -> moveUpload(h, jobId, from, to, bytes));
  }

  private static boolean moveUpload(
      Handle h, String jobId, UploadState from, UploadState to, Long bytes) {
    UploadState.require(from, to);
    return h.createUpdate(
                "UPDATE contact_imports SET upload_state = :to,"
                    + " upload_bytes = COALESCE(:bytes, upload_bytes)"
                    + " WHERE job_id = :id AND upload_state = :from")
            .bind("to", to.wire())
            .bind("bytes", bytes)
            .bind("id", jobId)
            .bind("from", from.wire())
            .execute()
        == 1;
  }

  /** Claims a waiting upload for this node; false when it was not waiting (used or expired). */
  boolean claimUpload(String jobId, long now) {
    UploadState.require(UploadState.WAITING, UploadState.RECEIVING);
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE contact_imports SET upload_state = :receiving, upload_seen_at = :now"
                            + " WHERE job_id = :id AND upload_state = :waiting")
                    .bind("receiving", UploadState.RECEIVING.wire())
                    .bind("now", now)
                    .bind("id", jobId)
                    .bind("waiting", UploadState.WAITING.wire())
                    .execute())
        == 1;
  }

  /** The receiving node's sign of life for an upload it still streams. */
  void touchUpload(String jobId, long now) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE contact_imports SET upload_seen_at = :now"
                        + " WHERE job_id = :id AND upload_state = :receiving")
                .bind("now", now)
                .bind("id", jobId)
                .bind("receiving", UploadState.RECEIVING.wire())
                .execute());
  }

  /**
   * Uploads in {@code receiving} that no node said it received since {@code seenBefore} (or ever:
   * claimed before the column existed).
   */
  List<String> abandonedUploads(long seenBefore) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT job_id FROM contact_imports WHERE upload_state = :receiving"
                        + " AND (upload_seen_at IS NULL OR upload_seen_at < :before)")
                .bind("receiving", UploadState.RECEIVING.wire())
                .bind("before", seenBefore)
                .mapTo(String.class)
                .list());
  }

  /**
   * Fails an upload that no node receives any more, and its job, in one transaction; false when the
   * upload left {@code receiving} meanwhile (its node was alive after all).
   */
  boolean refuseAbandonedUpload(String jobId, String message, long now) {
    return jdbi.inTransaction(
        h -> {
          if (!moveUpload(h, jobId, UploadState.RECEIVING, UploadState.REFUSED, null)) {
            return false;
          }
          if (!jobs.finish(h, jobId, JobStatus.FAILED, jobs.counts(h, jobId), message, null, now)) {
            throw new IllegalStateException(
                "import " + jobId + " ended while its upload was still being received");
          }
          return true;
        });
  }

  /** Jobs whose file arrived but that have not finished: they are queued again at start. */
  List<String> receivedAndPending() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT i.job_id FROM contact_imports i JOIN contact_jobs j ON j.id = i.job_id"
                        + " WHERE i.upload_state = :received AND j.status = :pending")
                .bind("received", UploadState.RECEIVED.wire())
                .bind("pending", JobStatus.PENDING.wire())
                .mapTo(String.class)
                .list());
  }

  /** Up to {@code limit} imports that finished before {@code cutoff} and still have files. */
  List<String> finishedBefore(long cutoff, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT i.job_id FROM contact_imports i JOIN contact_jobs j ON j.id = i.job_id"
                        + " WHERE i.upload_state IN (:received, :refused) AND j.status <> :pending"
                        + " AND j.finished_at < :cutoff ORDER BY j.finished_at LIMIT :limit")
                .bind("received", UploadState.RECEIVED.wire())
                .bind("refused", UploadState.REFUSED.wire())
                .bind("pending", JobStatus.PENDING.wire())
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
          if (n == 1 && !jobs.dropErrorsFile(h, jobId)) {
            throw new IllegalStateException("import " + jobId + " was cleaned before it ended");
          }
          return n == 1;
        });
  }

  /** Sets {@code started_at} the first time the job runs; false when it is no longer pending. */
  boolean start(String jobId, long now) {
    return jdbi.withHandle(h -> jobs.start(h, jobId, now));
  }

  boolean setRequested(String jobId, long rows) {
    return jobs.setRequested(jobId, rows);
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
    if (!jobs.addCounts(h, jobId, created, updated, errors.size())) {
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

  ContactJobStore.Counts counts(String jobId) {
    return jobs.counts(jobId);
  }

  /**
   * Ends a pending job: status, message, errors file and finish time ({@code erroredCount}, when
   * given, replaces the rows counted as failed), and drops its row errors (they are in the errors
   * file now). False when the job had already ended.
   */
  boolean finish(
      String jobId,
      JobStatus status,
      String message,
      String errorsKey,
      Long erroredCount,
      long now) {
    return jdbi.inTransaction(
        h -> {
          ContactJobStore.Counts c = jobs.counts(h, jobId);
          if (erroredCount != null) {
            c =
                new ContactJobStore.Counts(
                    c.requested(), c.created(), c.updated(), c.deleted(), erroredCount);
          }
          if (!jobs.finish(h, jobId, status, c, message, errorsKey, now)) {
            return false;
          }
          h.createUpdate("DELETE FROM contact_import_errors WHERE job_id = :id")
              .bind("id", jobId)
              .execute();
          return true;
        });
  }

  /**
   * An upload that streamed in is refused (too large, interrupted) and its job, which never ran,
   * fails: both in one transaction, so a crash cannot leave a refused upload with a pending job.
   */
  void refuseUpload(String jobId, String message, long now) {
    jdbi.useTransaction(
        h -> {
          if (!moveUpload(h, jobId, UploadState.RECEIVING, UploadState.REFUSED, null)) {
            throw new IllegalStateException(
                "import " + jobId + " left 'receiving' during its own upload");
          }
          if (!jobs.finish(h, jobId, JobStatus.FAILED, jobs.counts(h, jobId), message, null, now)) {
            throw new IllegalStateException(
                "import " + jobId + " ended before its upload was complete");
          }
        });
  }

  /**
   * Fails the imports whose upload URL expired before any file arrived, each in one transaction:
   * the upload moves from {@code waiting} to {@code refused} (a PUT can no longer claim it), then
   * its job ends. An upload a PUT claimed meanwhile is left to that PUT. Returns the jobs failed.
   */
  int refuseExpiredUploads(long now, String message) {
    List<String> expired =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT job_id FROM contact_imports"
                            + " WHERE upload_state = :waiting AND upload_expires_at <= :now")
                    .bind("waiting", UploadState.WAITING.wire())
                    .bind("now", now)
                    .mapTo(String.class)
                    .list());
    int failed = 0;
    for (String jobId : expired) {
      if (refuseWaiting(jobId, message, now)) {
        failed++;
      }
    }
    return failed;
  }

  /**
   * {@code waiting → refused} and the job failed, in one transaction; false when the upload was no
   * longer waiting (a PUT claimed it, or another node moved it first).
   */
  boolean refuseWaiting(String jobId, String message, long now) {
    return jdbi.inTransaction(
        h -> {
          if (!moveUpload(h, jobId, UploadState.WAITING, UploadState.REFUSED, null)) {
            return false;
          }
          if (!jobs.finish(h, jobId, JobStatus.FAILED, jobs.counts(h, jobId), message, null, now)) {
            throw new IllegalStateException(
                "import " + jobId + " ended while its upload was still waiting");
          }
          return true;
        });
  }

  private static List<String> strings(String json) {
    try {
      return new ArrayList<>(Json.MAPPER.readValue(json, STRINGS));
    } catch (IOException e) {
      throw new UncheckedIOException("contact_imports holds a malformed JSON array", e);
    }
  }
}
