package io.contactd.exports;

import io.contactd.files.BlobStore;
import io.contactd.http.ApiException;
import io.contactd.jobs.JobQueue;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The rules of exports: what may be exported, when it expires, and that every export gets a job.
 */
final class ExportService {
  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(ExportService.class);

  /** Files stay downloadable for 72 hours after the export is initialized (contract §2.1). */
  static final Duration LIFETIME = Duration.ofHours(72);

  private final ExportStore store;
  private final JobQueue jobs;
  private final Clock clock;
  private final ExportSegments segments;

  /** The message of a canceled export (DELETE while pending). */
  static final String CANCELED = "canceled";

  private final BlobStore blobs;

  ExportService(
      ExportStore store, JobQueue jobs, Clock clock, ExportSegments segments, BlobStore blobs) {
    this.blobs = blobs;
    this.store = store;
    this.jobs = jobs;
    this.clock = clock;
    this.segments = segments;
  }

  /** Validates everything first, so that a refused request creates nothing. */
  Export create(long accountId, ExportRequest request) {
    Map<String, String> known = store.listNames(accountId, request.listIds());
    for (String id : request.listIds()) {
      if (!known.containsKey(id)) {
        throw new ApiException(404, "list_ids", "list " + id + " does not exist");
      }
    }
    for (String id : request.segmentIds()) {
      ExportSegments.Resolved segment =
          segments
              .resolve(accountId, id)
              .orElseThrow(
                  () -> new ApiException(404, "segment_ids", "segment " + id + " does not exist"));
      if (segment.contacts() == null) {
        throw ApiException.badRequest(
            "segment_ids", "segment " + id + " has an invalid query (" + segment.problem() + ")");
      }
    }
    long now = clock.millis();
    Export export =
        new Export(
            UUID.randomUUID().toString(),
            accountId,
            ExportStatus.PENDING,
            request.exportType(),
            request.listIds(),
            request.segmentIds(),
            request.fileType(),
            request.maxFileSizeMb(),
            request.notifyEmail(),
            null,
            List.of(),
            null,
            now,
            now,
            null,
            now + LIFETIME.toMillis(),
            request.updatedSince(),
            null,
            List.of());
    store.insert(export);
    // Not in the insert's transaction (db-scheduler has its own connection): a crash in between
    // leaves a pending export without a job, which resumePending() queues at the next start.
    jobs.enqueue(ExportJob.KIND, export.id());
    return export;
  }

  Export get(long accountId, String id) {
    return store.byId(accountId, id).orElseThrow(ApiException::notFound);
  }

  /**
   * {@code DELETE /exports/{id}}. A pending export is canceled: it becomes {@code failure} with the
   * message {@code canceled} (kept until it expires, so a client polling it learns what happened
   * instead of meeting a 404 it cannot tell from a typo), its files are deleted, and its running
   * shards, on whatever node, see the status between batches and stop within a second, deleting
   * what they wrote. A ready or failed export (a canceled one included) is removed at once: files
   * first, then the row, so its URLs and its status answer 404.
   */
  void delete(long accountId, String id) throws IOException {
    Export export = get(accountId, id);
    if (export.status() == ExportStatus.PENDING && store.markFailed(id, CANCELED, clock.millis())) {
      try {
        blobs.deletePrefix(ExportJob.folder(id));
      } catch (IOException e) {
        // A shard published a file while the folder went: the canceled export stands, and each
        // running shard deletes its own files when it sees the status.
        log.info("export {} canceled; its shards remove the files they are writing", id);
      }
      return;
    }
    blobs.deletePrefix(ExportJob.folder(id));
    store.delete(accountId, id);
  }

  /** Contacts and files written so far; only meaningful while the export is pending. */
  ExportStore.Progress progress(String id) {
    return store.progress(id);
  }

  List<Export> list(long accountId) {
    return store.listed(accountId, clock.millis());
  }

  Map<String, String> listNames(long accountId, List<String> ids) {
    return store.listNames(accountId, ids);
  }

  /** The name of each segment that still exists, by id. */
  Map<String, String> segmentNames(long accountId, List<String> ids) {
    Map<String, String> names = new java.util.HashMap<>();
    for (String id : ids) {
      segments.resolve(accountId, id).ifPresent(s -> names.put(id, s.name()));
    }
    return names;
  }

  /** Queues every pending export that has no job (idempotent: a queued job is left alone). */
  int resumePending() {
    List<String> pending = store.pendingIds();
    for (String id : pending) {
      jobs.enqueue(ExportJob.KIND, id);
    }
    return pending.size();
  }
}
