package io.contactd.exports;

import io.contactd.db.ContactFilter;
import io.contactd.files.BlobStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one shard of an export: the matching contacts of its seq range, into one or more files
 * ({@code max_file_size} bounds each; CSV parts repeat the header). Any node's worker may run it,
 * as its own durable job ({@link #KIND}, id {@code <export id>/<shard no>}), or the plan job runs
 * it inline when the export has one shard.
 *
 * <p>Safe to run again: a run first deletes the folder of the run before it, then claims the shard
 * under a new run id and writes into a folder of that id. Only the run holding the claim may mark
 * the shard done, and only while the export is pending, so a run taken over (its node thought dead)
 * can never add files, and a shard's files are those of exactly one run.
 *
 * <p>Between batches it looks at the export's status about every {@link #CHECK} (a cancel or
 * another shard's failure stops it within a second; it then deletes its own files) and records its
 * progress at each file and every {@link #PROGRESS}. The contacts are read on a thread of their own
 * ({@link ContactReadAhead}) while this one formats and compresses them into the parts.
 */
final class ExportShardJob {
  static final String KIND = "contact-export-shard";
  private static final Logger log = LoggerFactory.getLogger(ExportShardJob.class);

  /** MB as SendGrid's max_file_size counts it; the smaller reading of "MB" keeps us under both. */
  private static final long MB = 1_000_000L;

  static final Duration CHECK = Duration.ofMillis(250);
  static final Duration PROGRESS = Duration.ofSeconds(2);

  private final ExportStore store;
  private final ExportContacts contacts;
  private final ExportPublisher publisher;
  private final io.contactd.jobs.JobQueue jobs;
  private final BlobStore blobs;
  private final Clock clock;
  private final int gzipLevel;
  private final boolean formulaGuard;
  private final Duration partPause;
  private final BooleanSupplier stopping;
  private final ExportEvents events;

  /** {@code partPause}: zero, or for crash tests a pause after each published file. */
  ExportShardJob(
      ExportStore store,
      ExportContacts contacts,
      ExportPublisher publisher,
      io.contactd.jobs.JobQueue jobs,
      BlobStore blobs,
      Clock clock,
      int gzipLevel,
      boolean formulaGuard,
      Duration partPause,
      BooleanSupplier stopping,
      ExportEvents events) {
    this.events = events;
    this.store = store;
    this.contacts = contacts;
    this.publisher = publisher;
    this.jobs = jobs;
    this.blobs = blobs;
    this.clock = clock;
    this.gzipLevel = gzipLevel;
    this.formulaGuard = formulaGuard;
    this.partPause = partPause;
    this.stopping = stopping;
  }

  static String jobId(String exportId, int shardNo) {
    return exportId + "/" + shardNo;
  }

  static String runFolder(String exportId, int shardNo, String runId) {
    return ExportJob.folder(exportId) + shardNo + "-" + runId + "/";
  }

  /** The queued job: {@code <export id>/<shard no>}. */
  void run(String jobId) throws Exception {
    int slash = jobId.lastIndexOf('/');
    String id = jobId.substring(0, slash);
    int no = Integer.parseInt(jobId.substring(slash + 1));
    Optional<Export> export = store.byId(id);
    if (export.isEmpty() || export.get().status() != ExportStatus.PENDING) {
      log.debug("export {} is gone or no longer pending; shard {} has nothing to do", id, no);
      return;
    }
    Optional<ExportStore.Shard> shard = store.shard(id, no);
    if (shard.isEmpty()) {
      log.warn("export {} has no shard {}; nothing to do", id, no);
      return;
    }
    run(export.get(), shard.get(), store.shards(id).size());
  }

  /** Writes the shard (unless done) and publishes the export if it was the last one. */
  void run(Export export, ExportStore.Shard shard, int shards) throws Exception {
    String id = export.id();
    if (shard.status() == ShardStatus.DONE) {
      finished(id, shard.no(), shards); // a run that died between "done" and publishing
      return;
    }
    if (shard.status() != ShardStatus.PENDING) {
      return;
    }
    if (shard.runId() != null) {
      blobs.deletePrefix(runFolder(id, shard.no(), shard.runId())); // a run that died mid-way
    }
    String runId = UUID.randomUUID().toString().substring(0, 8);
    if (!store.claimShard(id, shard.no(), shard.runId(), runId, clock.millis())) {
      log.info("export {} shard {} was taken by another run; leaving it", id, shard.no());
      return;
    }
    String folder = runFolder(id, shard.no(), runId);
    Written written;
    try {
      written = write(export, shard, shards, runId, folder);
    } catch (Stopped e) {
      blobs.deletePrefix(folder);
      log.info("export {} shard {} stopped: {}; its files removed", id, shard.no(), e.getMessage());
      return;
    } catch (Exception e) {
      if (stopping.getAsBoolean()) {
        log.debug("export {} interrupted by shutdown; it stays pending and runs again", id);
        throw e;
      }
      fail(export, shard.no(), runId, folder, e);
      return;
    }
    if (!store.markShardDone(
        id,
        shard.no(),
        runId,
        written.keys(),
        written.checksums(),
        written.count(),
        clock.millis())) {
      blobs.deletePrefix(folder);
      log.warn(
          "export {} shard {} finished but the export was no longer pending (canceled, failed or"
              + " expired) or the shard was taken over; its files removed",
          id,
          shard.no());
      return;
    }
    finished(id, shard.no(), shards);
  }

  /** After a shard is done: the next wave is queued, and the last shard publishes the export. */
  private void finished(String id, int no, int shards) throws IOException {
    for (int next : ShardWaves.children(no, shards)) {
      jobs.enqueue(KIND, jobId(id, next));
    }
    publisher.publishIfDone(id);
  }

  /**
   * Fails the whole export. The run's own files go before the status flips, so a client that sees
   * failure finds none of them; the whole export folder (other shards' files) goes once the flip
   * succeeded, and shards still running see the failure within {@link #CHECK} and remove theirs.
   */
  private void fail(Export export, int no, String runId, String folder, Exception e)
      throws IOException {
    String id = export.id();
    blobs.deletePrefix(folder);
    store.markShardFailed(id, no, runId, clock.millis());
    String message = message(e);
    if (store.markFailed(id, message, clock.millis())) {
      try {
        blobs.deletePrefix(ExportJob.folder(id));
      } catch (IOException raced) {
        // Another shard published a file meanwhile; it sees the failure and deletes its own.
        log.debug("export {}: a shard wrote while the files were removed", id, raced);
      }
      log.error("export {} failed: {}; files removed, status=failure", id, message, e);
      events.hooks.ended("export", export.accountId(), id, ExportStatus.FAILURE.wire());
    } else {
      log.warn("export {} failed but was no longer pending; files removed", id, e);
    }
  }

  private record Written(List<String> keys, List<String> checksums, long count) {}

  /** The run stops without failing the export: canceled, failed elsewhere, or taken over. */
  private static final class Stopped extends Exception {
    Stopped(String why) {
      super(why, null, false, false);
    }
  }

  private Written write(
      Export export, ExportStore.Shard shard, int shards, String runId, String folder)
      throws Exception {
    List<ExportStore.Field> fields = store.customFields(export.accountId());
    RecordFormat format =
        export.fileType() == Export.FileType.JSON
            ? new JsonFormat(fields)
            : new CsvFormat(fields, formulaGuard);
    ContactFilter filter = contacts.of(export).seqRange(shard.seqAfter(), shard.seqUpto());
    boolean withListIds = export.fileType() == Export.FileType.JSON;
    // One shard keeps the names exports always had (contacts-1, contacts-2…); shards number theirs.
    String names = shards == 1 ? "contacts-" : "contacts-" + (shard.no() + 1) + "-";
    long count = 0;
    int filesRecorded = 0;
    // An interval timer, not a time of day: the business clock may be moved by tests.
    long nextCheck = System.nanoTime() + CHECK.toNanos();
    long nextProgress = System.nanoTime() + PROGRESS.toNanos();
    // Closed in reverse order: the reader thread is stopped and joined before the parts close.
    try (PartWriter parts =
            new PartWriter(
                blobs,
                folder,
                names,
                format.extension(),
                format.header(),
                export.maxFileSizeMb() * MB,
                gzipLevel,
                partPause);
        ContactReadAhead rows =
            new ContactReadAhead(
                handler -> store.streamContacts(filter, withListIds, handler),
                stopping,
                "export-reader-" + export.id() + "-" + shard.no())) {
      RecordBuffer record = new RecordBuffer();
      for (RowBatch batch = rows.next(); batch != null; batch = rows.next()) {
        for (int row = 0; row < batch.size(); row++) {
          record.clear();
          format.record(batch, row, record);
          parts.write(record.data(), 0, record.length());
        }
        count += batch.size();
        rows.release(batch);
        long now = System.nanoTime();
        if (now - nextCheck >= 0) {
          nextCheck = now + CHECK.toNanos();
          ExportStatus status = store.status(export.id()).orElse(ExportStatus.FAILURE);
          if (status != ExportStatus.PENDING) {
            throw new Stopped("the export is " + status.wire());
          }
        }
        if (parts.filesWritten() != filesRecorded || now - nextProgress >= 0) {
          nextProgress = now + PROGRESS.toNanos();
          filesRecorded = parts.filesWritten();
          if (!store.progress(
              export.id(), shard.no(), runId, count, filesRecorded, clock.millis())) {
            throw new Stopped("the shard was taken over by another run");
          }
        }
      }
      List<String> keys = parts.finish();
      return new Written(keys, parts.checksums(), count);
    }
  }

  /** A message for the API user; internal details (SQL, paths) stay in the log. */
  static String message(Exception e) {
    if (e instanceof io.contactd.jobs.JobHooks.InjectedFailure) {
      return e.getMessage();
    }
    if (e instanceof IOException && e.getMessage() != null && !e.getMessage().contains("/")) {
      return "export failed: " + e.getMessage();
    }
    return "export failed: internal error; the server log has the details";
  }
}
