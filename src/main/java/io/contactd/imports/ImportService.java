package io.contactd.imports;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactd.fields.FieldStore;
import io.contactd.files.BlobStore;
import io.contactd.files.UploadUrls;
import io.contactd.http.ApiException;
import io.contactd.jobs.JobQueue;
import io.contactd.lists.ListStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of an import request and of its upload: a request is validated and stored with a signed
 * upload URL; the first PUT to that URL streams the file into the blob store (never into memory),
 * counting bytes, and only a complete file queues the job.
 */
final class ImportService {
  private static final Logger log = LoggerFactory.getLogger(ImportService.class);
  private static final Pattern UPLOAD_KEY = Pattern.compile("imports/([0-9a-f-]{36})/upload");
  private static final int BUFFER = 64 * 1024;

  /** The answer to PUT /imports. */
  record Created(String jobId, String uploadUri) {}

  /** What became of an upload. */
  enum Upload {
    ACCEPTED,
    FORBIDDEN,
    TOO_LARGE,
    INTERRUPTED
  }

  private final ImportStore store;
  private final FieldStore fields;
  private final ListStore lists;
  private final BlobStore blobs;
  private final UploadUrls uploads;
  private final JobQueue queue;
  private final Clock clock;
  private final ImportLimits limits;

  ImportService(
      ImportStore store,
      FieldStore fields,
      ListStore lists,
      BlobStore blobs,
      UploadUrls uploads,
      JobQueue queue,
      Clock clock,
      ImportLimits limits) {
    this.store = store;
    this.fields = fields;
    this.lists = lists;
    this.blobs = blobs;
    this.uploads = uploads;
    this.queue = queue;
    this.clock = clock;
    this.limits = limits;
  }

  Created create(long accountId, ObjectNode body) {
    ImportRequest request = ImportRequest.parse(body, fields.list(accountId));
    List<String> missing = lists.missing(accountId, request.listIds());
    if (!missing.isEmpty()) {
      throw new ApiException(404, "list_ids", "list ids not found - " + String.join(", ", missing));
    }
    String jobId = UUID.randomUUID().toString();
    Instant now = clock.instant();
    Instant expires = now.plus(limits.uploadValidity());
    store.create(jobId, accountId, request, expires.toEpochMilli(), now.toEpochMilli());
    log.info("import {} created for account {}; waiting for the upload", jobId, accountId);
    return new Created(jobId, uploads.signedUrl(ImportJob.uploadKey(jobId), expires));
  }

  /**
   * Takes the file sent to an upload URL. The URL is claimed before the first byte is read, so a
   * second PUT is refused even while the first one still streams.
   */
  Upload receive(String key, String expires, String signature, InputStream body)
      throws IOException {
    Matcher m = UPLOAD_KEY.matcher(key);
    if (!m.matches() || !uploads.allows(key, expires, signature, clock.instant())) {
      return Upload.FORBIDDEN;
    }
    String jobId = m.group(1);
    if (!store.moveUpload(jobId, UploadState.WAITING, UploadState.RECEIVING, null)) {
      return Upload.FORBIDDEN;
    }
    long bytes = 0;
    try (BlobStore.Pending pending = blobs.create(key)) {
      OutputStream out = pending.stream();
      byte[] buffer = new byte[BUFFER];
      int n;
      while ((n = body.read(buffer)) >= 0) {
        bytes += n;
        if (bytes > limits.maxBytes()) {
          refuse(
              jobId,
              "the file is larger than " + limits.maxBytes() + " bytes, the most one import takes");
          return Upload.TOO_LARGE;
        }
        out.write(buffer, 0, n);
      }
      pending.publish();
    } catch (IOException e) {
      refuse(jobId, "the upload was interrupted after " + bytes + " bytes; request a new import");
      log.info("upload of import {} interrupted after {} bytes: {}", jobId, bytes, e.toString());
      return Upload.INTERRUPTED;
    }
    if (!store.moveUpload(jobId, UploadState.RECEIVING, UploadState.RECEIVED, bytes)) {
      throw new IllegalStateException(
          "import " + jobId + " left 'receiving' during its own upload");
    }
    queue.enqueue(ImportJob.KIND, jobId);
    log.info("import {} received {} bytes; job queued", jobId, bytes);
    return Upload.ACCEPTED;
  }

  private void refuse(String jobId, String reason) {
    store.refuseUpload(jobId, reason, clock.millis());
  }

  /** Fails the imports whose upload URL expired unused; returns how many. */
  int refuseExpiredUploads() {
    int n =
        store.refuseExpiredUploads(
            clock.millis(),
            "no file was uploaded before the upload URL expired; request a new import");
    if (n > 0) {
      log.info("{} import(s) failed: their upload URL expired unused", n);
    }
    return n;
  }

  /**
   * Deletes the files (upload leftovers, errors CSV) of imports finished more than {@code
   * limits.filesKeptFor()} ago; returns how many imports were cleaned. Files go first, then the
   * record, so a crash in between only repeats the (idempotent) delete.
   */
  int cleanFinished() throws IOException {
    long cutoff = clock.instant().minus(limits.filesKeptFor()).toEpochMilli();
    int cleaned = 0;
    for (String jobId : store.finishedBefore(cutoff, 1000)) {
      blobs.deletePrefix("imports/" + jobId + "/");
      if (store.markCleaned(jobId)) {
        cleaned++;
      }
    }
    if (cleaned > 0) {
      log.info("files of {} finished import(s) deleted; their errors_url is gone", cleaned);
    }
    return cleaned;
  }

  /** Queues the imports whose file arrived but whose job had not finished at the last stop. */
  int requeue() {
    List<String> ids = store.receivedAndPending();
    for (String id : ids) {
      queue.enqueue(ImportJob.KIND, id);
    }
    return ids.size();
  }
}
