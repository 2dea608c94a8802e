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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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

  /** The answer to PUT /imports: where to PUT the file, and the headers to send with it. */
  record Created(String jobId, String uploadUri, List<BlobStore.Header> uploadHeaders) {}

  /** What contactd's own upload route asks clients to send (it reads the bytes as they come). */
  private static final List<BlobStore.Header> LOCAL_UPLOAD_HEADERS =
      List.of(new BlobStore.Header("Content-Type", "text/csv"));

  /**
   * How long after its URL expired a direct upload may still appear: S3 checks a presigned URL when
   * the PUT begins, and a large file may take minutes to arrive after that.
   */
  static final Duration DIRECT_UPLOAD_GRACE = Duration.ofMinutes(15);

  /** What became of an upload. */
  enum Upload {
    ACCEPTED,
    FORBIDDEN,
    TOO_LARGE,
    INTERRUPTED,
    /** The server's disk is full: 507, and the import fails with {@link #NO_SPACE}. */
    NO_SPACE,
    /** Any other failure to store the file on the server's side. */
    STORAGE_FAILED
  }

  static final String NO_SPACE = "no space left on the server";

  private final ImportStore store;
  private final FieldStore fields;
  private final ListStore lists;
  private final BlobStore blobs;
  private final UploadUrls uploads;
  private final JobQueue queue;
  private final Clock clock;

  /**
   * The infrastructure clock, for the uploads' sign of life only: it is compared across nodes to
   * find a dead one, so moving business time must not make a live upload look abandoned.
   */
  private final Clock infraClock;

  private final ImportLimits limits;
  private volatile io.contactd.jobs.JobHooks hooks = io.contactd.jobs.JobHooks.NONE;

  /** Uploads this node is receiving now; it proves they are alive (see failAbandonedUploads). */
  private final Set<String> receiving = ConcurrentHashMap.newKeySet();

  ImportService(
      ImportStore store,
      FieldStore fields,
      ListStore lists,
      BlobStore blobs,
      UploadUrls uploads,
      JobQueue queue,
      Clock clock,
      Clock infraClock,
      ImportLimits limits) {
    this.store = store;
    this.fields = fields;
    this.lists = lists;
    this.blobs = blobs;
    this.uploads = uploads;
    this.queue = queue;
    this.clock = clock;
    this.infraClock = infraClock;
    this.limits = limits;
  }

  void hooks(io.contactd.jobs.JobHooks hooks) {
    this.hooks = hooks;
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
    hooks.created("import", accountId, jobId, request.webhookUrl());
    store.create(jobId, accountId, request, expires.toEpochMilli(), now.toEpochMilli());
    log.info("import {} created for account {}; waiting for the upload", jobId, accountId);
    String key = ImportJob.uploadKey(jobId);
    return blobs
        .directUpload(key, expires)
        .map(direct -> new Created(jobId, direct.url(), direct.headers()))
        .orElseGet(() -> new Created(jobId, uploads.signedUrl(key, expires), LOCAL_UPLOAD_HEADERS));
  }

  /**
   * Looks for the files of the imports that wait for a direct upload (S3 presigned PUT, which
   * contactd never sees): a complete object that is too large fails its import, one within the
   * limit is pinned (its ETag, and version where the bucket keeps them) and its job queued. The
   * state moves in one UPDATE that names {@code waiting}, so however many nodes poll, each upload
   * is taken once and its job queued once. An import whose file has not come {@link
   * #DIRECT_UPLOAD_GRACE} after its URL expired fails. Returns how many uploads it moved.
   */
  int pollDirectUploads() throws IOException {
    if (!blobs.takesDirectUploads()) {
      return 0;
    }
    int moved = 0;
    for (ImportStore.Waiting w : store.waitingUploads()) {
      String jobId = w.jobId();
      Optional<BlobStore.BlobInfo> found = blobs.stat(ImportJob.uploadKey(jobId));
      long now = clock.millis();
      if (found.isEmpty()) {
        if (now >= w.expiresAt() + DIRECT_UPLOAD_GRACE.toMillis()
            && store.refuseWaiting(
                jobId,
                "no file was uploaded before the upload URL expired; request a new import",
                now)) {
          log.info("import {} failed: its upload URL expired unused", jobId);
          moved++;
        }
        continue;
      }
      BlobStore.BlobInfo blob = found.get();
      if (blob.size() > limits.maxBytes()) {
        if (store.refuseWaiting(
            jobId,
            "the file is larger than " + limits.maxBytes() + " bytes, the most one import takes",
            now)) {
          blobs.deletePrefix("imports/" + jobId + "/");
          log.info("import {} failed: its upload has {} bytes; file deleted", jobId, blob.size());
          moved++;
        }
        continue;
      }
      if (store.pinUpload(jobId, blob)) {
        queue.enqueue(ImportJob.KIND, jobId);
        log.info(
            "import {} found its upload in the store ({} bytes, ETag {}); job queued",
            jobId,
            blob.size(),
            blob.etag());
        moved++;
      }
    }
    return moved;
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
    if (!store.claimUpload(jobId, infraClock.millis())) {
      return Upload.FORBIDDEN;
    }
    receiving.add(jobId);
    try {
      return stream(key, jobId, body);
    } finally {
      receiving.remove(jobId);
    }
  }

  private Upload stream(String key, String jobId, InputStream body) throws IOException {
    long bytes = 0;
    try (BlobStore.Pending pending = blobs.create(key)) {
      OutputStream out = pending.stream();
      byte[] buffer = new byte[BUFFER];
      while (true) {
        int n;
        try {
          n = body.read(buffer);
        } catch (IOException e) {
          // Reading is the client's side: it hung up or sent a broken body.
          refuse(
              jobId, "the upload was interrupted after " + bytes + " bytes; request a new import");
          log.info(
              "upload of import {} interrupted after {} bytes: {}", jobId, bytes, e.toString());
          return Upload.INTERRUPTED;
        }
        if (n < 0) {
          break;
        }
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
      // Creating, writing or publishing the file is the server's side: not the client's mistake.
      return storageFailed(jobId, bytes, e);
    }
    if (!store.moveUpload(jobId, UploadState.RECEIVING, UploadState.RECEIVED, bytes)) {
      // Another node found no sign of life from this one for too long (a stalled database, a
      // frozen process) and failed the import; the file that arrived anyway is of no use.
      blobs.deletePrefix("imports/" + jobId + "/");
      log.warn("upload of import {} finished after the import was failed as abandoned", jobId);
      return Upload.INTERRUPTED;
    }
    queue.enqueue(ImportJob.KIND, jobId);
    log.info("import {} received {} bytes; job queued", jobId, bytes);
    return Upload.ACCEPTED;
  }

  private Upload storageFailed(String jobId, long bytes, IOException e) {
    boolean full = noSpace(e);
    String reason = full ? NO_SPACE : "the server could not store the file";
    refuse(jobId, reason);
    log.error(
        "upload of import {} failed after {} bytes: {}; import failed, partial file removed",
        jobId,
        bytes,
        reason,
        e);
    return full ? Upload.NO_SPACE : Upload.STORAGE_FAILED;
  }

  /** ENOSPC or EDQUOT, as the JDK reports them (a FileSystemException's reason, or a message). */
  static boolean noSpace(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String text =
          t instanceof java.nio.file.FileSystemException fs ? fs.getReason() : t.getMessage();
      if (text != null
          && (text.contains("No space left on device") || text.contains("Disk quota exceeded"))) {
        return true;
      }
    }
    return false;
  }

  private void refuse(String jobId, String reason) {
    store.refuseUpload(jobId, reason, clock.millis());
    store.find(jobId).ifPresent(i -> hooks.ended("import", i.accountId(), jobId, "failed"));
  }

  /**
   * Refreshes the sign of life of the uploads this node receives, then fails the uploads that no
   * node refreshed for {@code staleAfter}: the node receiving them was killed or lost, and no byte
   * will ever arrive. Their partial file is deleted. Returns how many were failed.
   */
  int failAbandonedUploads(Duration staleAfter) throws IOException {
    long seen = infraClock.millis();
    for (String jobId : receiving) {
      store.touchUpload(jobId, seen);
    }
    int failed = 0;
    for (String jobId : store.abandonedUploads(seen - staleAfter.toMillis())) {
      if (receiving.contains(jobId)
          || !store.refuseAbandonedUpload(
              jobId,
              "the upload stopped when the server receiving it went away; request a new import",
              clock.millis())) {
        continue; // ours and alive, or it ended meanwhile
      }
      blobs.deletePrefix("imports/" + jobId + "/");
      log.warn(
          "import {} failed: the server receiving its upload went away; partial file deleted",
          jobId);
      failed++;
    }
    return failed;
  }

  /**
   * Fails the imports whose upload URL expired unused; returns how many. Direct uploads are left to
   * {@link #pollDirectUploads}, which looks for the file before it gives up.
   */
  int refuseExpiredUploads() {
    if (blobs.takesDirectUploads()) {
      return 0;
    }
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
