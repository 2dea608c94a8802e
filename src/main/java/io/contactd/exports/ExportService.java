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
import java.util.concurrent.ConcurrentHashMap;

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
  private volatile io.contactd.jobs.JobHooks hooks = io.contactd.jobs.JobHooks.NONE;

  /**
   * Finished exports as last read, by id, each trusted for {@link #FINISHED_TTL_NANOS}: a final
   * state never changes (ExportStatus), so polling a finished export costs one query per second per
   * node, not one per request. The only change left is the sweeper's delete after {@code
   * expires_at}: this node's sweeps forget the export at once, another node's within the second
   * (also when business time was moved back past the expiry). Pending exports are always read from
   * the database.
   */
  private final ConcurrentHashMap<String, Known> finished = new ConcurrentHashMap<>();

  private record Known(Export export, long readAtNanos) {}

  private static final long FINISHED_TTL_NANOS = 1_000_000_000L;

  /** Past this many finished exports the map starts again (they are cheap to read back). */
  private static final int MAX_FINISHED = 10_000;

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

  void hooks(io.contactd.jobs.JobHooks hooks) {
    this.hooks = hooks;
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
    // Before the insert: a crash in between leaves a watch of nothing, never an export unwatched.
    hooks.created("export", accountId, export.id(), request.webhookUrl());
    store.insert(export);
    // Not in the insert's transaction (db-scheduler has its own connection): a crash in between
    // leaves a pending export without a job, which resumePending() queues at the next start of
    // any node, or the next export sweep of the cluster (Exports.scheduleSweeps).
    jobs.enqueue(ExportJob.KIND, export.id());
    return export;
  }

  Export get(long accountId, String id) {
    long now = clock.millis();
    long nanos = System.nanoTime(); // the cache's age is infrastructure time, not business time
    Known known = finished.get(id);
    if (known != null
        && nanos - known.readAtNanos() < FINISHED_TTL_NANOS
        && known.export().accountId() == accountId
        && now < known.export().expiresAt()) {
      return known.export();
    }
    Export e = store.byId(accountId, id).orElseThrow(ApiException::notFound);
    if (e.status().isFinal() && now < e.expiresAt()) {
      if (finished.size() >= MAX_FINISHED) {
        finished.clear();
      }
      finished.put(id, new Known(e, nanos));
    }
    return e;
  }

  /** The sweeper deleted this export: answer 404 from now on. */
  void forgetAll() {
    finished.clear();
  }

  void forget(String id) {
    finished.remove(id);
  }

  java.util.Optional<Export> find(long accountId, String id) {
    return store.byId(accountId, id);
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
      hooks.ended("export", accountId, id, ExportStatus.FAILURE.wire());
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
    forget(id);
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
