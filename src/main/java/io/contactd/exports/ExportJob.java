package io.contactd.exports;

import io.contactd.db.ContactFilter;
import io.contactd.files.BlobStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The export worker. Safe to run again after a crash: a run starts by deleting whatever an earlier
 * run of the same export left behind, writes into its own folder, publishes complete files only,
 * and then flips {@code pending → ready} in one statement. A failure removes the run's files and
 * records {@code failure} with a message. The contacts are read on a thread of their own ({@link
 * ContactReadAhead}) while this one formats and compresses them into the parts.
 */
final class ExportJob {
  static final String KIND = "contact-export";
  private static final Logger log = LoggerFactory.getLogger(ExportJob.class);

  /** MB as SendGrid's max_file_size counts it; the smaller reading of "MB" keeps us under both. */
  private static final long MB = 1_000_000L;

  private final ExportStore store;
  private final ExportSegments segments;
  private final BlobStore blobs;
  private final ExportNotifier notifier;
  private final Clock clock;
  private final int gzipLevel;
  private final boolean formulaGuard;
  private final Duration partPause;
  private volatile boolean stopping;
  private volatile Exports.Observer observer = (contacts, bytes) -> {};
  private volatile io.contactd.jobs.JobHooks hooks = io.contactd.jobs.JobHooks.NONE;

  /** {@code partPause}: zero, or for crash tests a pause after each published file. */
  ExportJob(
      ExportStore store,
      BlobStore blobs,
      ExportNotifier notifier,
      Clock clock,
      int gzipLevel,
      boolean formulaGuard,
      Duration partPause,
      ExportSegments segments) {
    this.segments = segments;
    this.store = store;
    this.blobs = blobs;
    this.notifier = notifier;
    this.clock = clock;
    this.gzipLevel = gzipLevel;
    this.formulaGuard = formulaGuard;
    this.partPause = partPause;
  }

  void observe(Exports.Observer observer) {
    this.observer = observer;
  }

  static String folder(String exportId) {
    return "exports/" + exportId + "/";
  }

  void hooks(io.contactd.jobs.JobHooks hooks) {
    this.hooks = hooks;
  }

  /** Called when the node shuts down: a running export stops and stays pending for the next run. */
  void stop() {
    stopping = true;
  }

  void run(String id) throws Exception {
    Optional<Export> found = store.byId(id);
    if (found.isEmpty()) {
      log.info("export {} no longer exists (expired and swept); nothing to do", id);
      return;
    }
    Export export = found.get();
    if (export.status() != ExportStatus.PENDING) {
      log.info("export {} is already {}; nothing to do", id, export.status().wire());
      // A run repeated after a crash right after the status changed: tell what the crash may have
      // kept untold (the hooks tell each outcome once).
      hooks.ended("export", export.accountId(), id, export.status().wire());
      return;
    }
    blobs.deletePrefix(folder(id)); // leftovers of a run that died mid-way
    log.info("export {} runs on this node", id); // in a cluster it may move after a crash
    String runFolder = folder(id) + UUID.randomUUID().toString().substring(0, 8) + "/";
    long started = System.nanoTime(); // a duration for the log, whatever business time does
    Written written;
    try {
      if (!hooks.starting("export", export.accountId(), id)) {
        log.info("export {} is stalled by an emulator fault; it stays pending until released", id);
        return;
      }
      written = write(export, runFolder);
    } catch (Exception e) {
      if (stopping) {
        log.debug("export {} interrupted by shutdown; it stays pending and runs again", id);
        throw e;
      }
      // Before the status flips: a client that sees failure must find no file left. Deleting the
      // run folder also removes the export's folder once it is empty; a ready export's files (of
      // another run) keep it, which is why the whole folder goes only after markFailed succeeded.
      blobs.deletePrefix(runFolder);
      String message = message(e);
      if (store.markFailed(id, message, clock.millis())) {
        blobs.deletePrefix(folder(id));
        log.error("export {} failed: {}; files removed, status=failure", id, message, e);
        hooks.ended("export", export.accountId(), id, ExportStatus.FAILURE.wire());
      } else {
        log.warn("export {} failed but was no longer pending; files removed", id, e);
      }
      return;
    }
    if (!store.markReady(id, written.keys(), written.count(), clock.millis())) {
      blobs.deletePrefix(runFolder);
      log.warn(
          "export {} finished but was no longer pending (expired or done elsewhere); files removed",
          id);
      return;
    }
    log.info(
        "export {} ready: {} contacts in {} file(s) in {} ms",
        id,
        written.count(),
        written.keys().size(),
        (System.nanoTime() - started) / 1_000_000);
    observer.ready(written.count(), bytes(written.keys()));
    hooks.ended("export", export.accountId(), id, ExportStatus.READY.wire());
    if (export.notifyEmail()) {
      notifier.exportReady(export, written.keys(), written.count());
    }
  }

  private record Written(List<String> keys, long count) {}

  /** The published files' sizes added up, for the metrics; 0 for a file that went missing. */
  private long bytes(List<String> keys) throws IOException {
    long total = 0;
    for (String key : keys) {
      total += blobs.stat(key).map(BlobStore.BlobInfo::size).orElse(0L);
    }
    return total;
  }

  /**
   * The contacts of the export's lists and segments, each once; segments are evaluated now, so the
   * file matches their queries at the moment it is written.
   */
  private ContactFilter contactsOf(Export export) throws IOException {
    if (export.segmentIds().isEmpty()) {
      return store
          .contactsOf(export)
          .orElseThrow(() -> new IOException("the exported lists were deleted"));
    }
    List<ContactFilter> filters = new java.util.ArrayList<>();
    if (!export.listIds().isEmpty()) {
      store.contactsOf(export).ifPresent(filters::add);
    }
    for (String id : export.segmentIds()) {
      ExportSegments.Resolved segment =
          segments
              .resolve(export.accountId(), id)
              .orElseThrow(() -> new IOException("segment " + id + " was deleted"));
      if (segment.contacts() == null) {
        throw new IOException("segment " + id + " has an invalid query: " + segment.problem());
      }
      filters.add(segment.contacts());
    }
    return ContactFilter.anyOf(filters);
  }

  private Written write(Export export, String runFolder) throws Exception {
    List<ExportStore.Field> fields = store.customFields(export.accountId());
    RecordFormat format =
        export.fileType() == Export.FileType.JSON
            ? new JsonFormat(fields)
            : new CsvFormat(fields, formulaGuard);
    ContactFilter filter = contactsOf(export);
    boolean withListIds = export.fileType() == Export.FileType.JSON;
    long count = 0;
    // Closed in reverse order: the reader thread is stopped and joined before the parts close.
    try (PartWriter parts =
            new PartWriter(
                blobs,
                runFolder,
                format.extension(),
                format.header(),
                export.maxFileSizeMb() * MB,
                gzipLevel,
                partPause);
        ContactReadAhead contacts =
            new ContactReadAhead(
                rows -> store.streamContacts(filter, withListIds, rows),
                () -> stopping,
                "export-reader-" + export.id())) {
      RecordBuffer record = new RecordBuffer();
      for (RowBatch batch = contacts.next(); batch != null; batch = contacts.next()) {
        for (int row = 0; row < batch.size(); row++) {
          record.clear();
          format.record(batch, row, record);
          parts.write(record.data(), 0, record.length());
        }
        count += batch.size();
        contacts.release(batch);
      }
      return new Written(parts.finish(), count);
    }
  }

  /** A message for the API user; internal details (SQL, paths) stay in the log. */
  private static String message(Exception e) {
    if (e instanceof io.contactd.jobs.JobHooks.InjectedFailure) {
      return e.getMessage();
    }
    if (e instanceof IOException && e.getMessage() != null && !e.getMessage().contains("/")) {
      return "export failed: " + e.getMessage();
    }
    return "export failed: internal error; the server log has the details";
  }
}
