package io.contactd.exports;

import io.contactd.db.ContactFilter;
import io.contactd.files.BlobStore;
import io.contactd.jobs.JobQueue;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The export job: plan → shards → publish. The plan counts the contacts the export's filter matches
 * and cuts their seqs into ranges of about {@code shardSize} matching contacts each (by counting
 * the matches, so lists and segments whose members crowd one end of the seqs still give shards of
 * equal work). An export of up to {@code shardSize} contacts is one shard, written here at once: no
 * other job, no overhead. A larger one queues each shard as its own durable job ({@link
 * ExportShardJob}), which any node's workers take; the last shard to finish publishes the export.
 *
 * <p>Safe to run again after a crash: the plan is recorded once ({@link ExportStore#plan}), a run
 * that finds it planned queues the shards that are not done (queueing is idempotent), and publishes
 * when every shard is done.
 */
final class ExportJob {
  static final String KIND = "contact-export";
  private static final Logger log = LoggerFactory.getLogger(ExportJob.class);

  private final ExportStore store;
  private final ExportContacts contacts;
  private final ExportShardJob shards;
  private final ExportPublisher publisher;
  private final JobQueue jobs;
  private final BlobStore blobs;
  private final Clock clock;
  private final long shardSize;
  private final BooleanSupplier stopping;
  private final ExportEvents events;

  ExportJob(
      ExportStore store,
      ExportContacts contacts,
      ExportShardJob shards,
      ExportPublisher publisher,
      JobQueue jobs,
      BlobStore blobs,
      Clock clock,
      long shardSize,
      BooleanSupplier stopping,
      ExportEvents events) {
    this.stopping = stopping;
    this.events = events;
    this.store = store;
    this.contacts = contacts;
    this.shards = shards;
    this.publisher = publisher;
    this.jobs = jobs;
    this.blobs = blobs;
    this.clock = clock;
    this.shardSize = shardSize;
  }

  static String folder(String exportId) {
    return "exports/" + exportId + "/";
  }

  void run(String id) throws Exception {
    Optional<Export> found = store.byId(id);
    if (found.isEmpty()) {
      log.info("export {} no longer exists (expired, swept or deleted); nothing to do", id);
      return;
    }
    Export export = found.get();
    if (export.status() != ExportStatus.PENDING) {
      log.info("export {} is already {}; nothing to do", id, export.status().wire());
      // A run repeated after a crash right after the status changed: tell what the crash may have
      // kept untold (the hooks tell each outcome once).
      events.hooks.ended("export", export.accountId(), id, export.status().wire());
      return;
    }
    log.info("export {} runs on this node", id); // in a cluster it may move after a crash
    try {
      if (!events.hooks.starting("export", export.accountId(), id)) {
        log.info("export {} is stalled by an emulator fault; it stays pending until released", id);
        return;
      }
    } catch (io.contactd.jobs.JobHooks.InjectedFailure e) {
      fail(export, e);
      return;
    }
    List<ExportStore.Shard> planned = store.shards(id);
    if (planned.isEmpty()) {
      try {
        plan(export);
      } catch (Exception e) {
        if (stopping.getAsBoolean()) {
          throw e; // stays pending and is planned on the next run
        }
        fail(export, e);
        return;
      }
      planned = store.shards(id);
    }
    if (planned.size() == 1) {
      shards.run(export, planned.get(0), 1);
      return;
    }
    // The first wave, or after a crash every shard whose turn had come (queueing is idempotent).
    for (ExportStore.Shard shard : planned) {
      int parent = ShardWaves.parent(shard.no());
      if (shard.status() == ShardStatus.PENDING
          && (parent < 0 || planned.get(parent).status() == ShardStatus.DONE)) {
        jobs.enqueue(ExportShardJob.KIND, ExportShardJob.jobId(id, shard.no()));
      }
    }
    publisher.publishIfDone(id); // every shard may be done already (a run after a crash)
  }

  private void plan(Export export) throws IOException {
    ContactFilter filter = contacts.of(export);
    ExportStore.Count count = store.count(filter);
    List<ExportStore.Range> ranges = new ArrayList<>();
    long after = Long.MIN_VALUE;
    if (count.contacts() > shardSize) {
      for (long cut : store.cutPoints(filter, shardSize)) {
        if (cut < count.maxSeq()) {
          ranges.add(new ExportStore.Range(after, cut));
          after = cut;
        }
      }
    }
    // The last shard ends at the highest seq matching now: the export holds the contacts that
    // existed when it was planned (with their values when their shard is written).
    ranges.add(new ExportStore.Range(after, count.maxSeq()));
    if (store.plan(export.id(), count.contacts(), ranges, clock.millis())) {
      log.info(
          "export {} planned: {} contacts in {} shard(s)",
          export.id(),
          count.contacts(),
          ranges.size());
    }
  }

  private void fail(Export export, Exception e) throws IOException {
    String id = export.id();
    String message = ExportShardJob.message(e);
    if (store.markFailed(id, message, clock.millis())) {
      blobs.deletePrefix(folder(id));
      log.error("export {} failed while planning: {}; status=failure", id, message, e);
      events.hooks.ended("export", export.accountId(), id, ExportStatus.FAILURE.wire());
    }
  }
}
