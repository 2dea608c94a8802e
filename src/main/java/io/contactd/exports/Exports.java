package io.contactd.exports;

import io.contactd.auth.AccountStore;
import io.contactd.db.Database;
import io.contactd.files.BlobStore;
import io.contactd.http.Api;
import io.contactd.http.Links;
import io.contactd.jobs.JobQueue;
import io.contactd.mail.Mailer;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exports feature as the composition root sees it: builds its parts, registers the job kind and
 * the routes, resumes pending exports at start and runs the expiry sweeper.
 */
public final class Exports implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Exports.class);

  /** Told when an export became ready (metrics); must be quick and must not throw. */
  @FunctionalInterface
  public interface Observer {
    void ready(long contacts, long bytes);
  }

  private final ExportStore store;
  private final ExportService service;
  private final ExportRoutes routes;
  private final ExportJob job;
  private final ExportSweeper sweeper;
  private final JobQueue jobs;
  private final ExportWarmup warmup;
  private final ExportEvents events = new ExportEvents();

  /** Set when the node shuts down: running exports stop and stay pending for the next run. */
  private final java.util.concurrent.atomic.AtomicBoolean stopping =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** Registers the export job kind on {@code jobs}; call before the queue starts. */
  public Exports(
      Database database,
      JobQueue jobs,
      BlobStore blobs,
      Mailer mailer,
      AccountStore accounts,
      Links links,
      Clock clock,
      int gzipLevel,
      boolean csvFormulaGuard,
      Duration partPause,
      ExportSegments segments,
      long shardSize,
      boolean warmup) {
    ExportStore store = new ExportStore(database);
    this.store = store;
    this.warmup = warmup ? new ExportWarmup(store, gzipLevel) : null;
    this.service = new ExportService(store, jobs, clock, segments, blobs);
    this.routes = new ExportRoutes(service, blobs, links);
    ExportContacts contacts = new ExportContacts(store, segments);
    ExportPublisher publisher =
        new ExportPublisher(
            store, new ExportNotifier(mailer, accounts, blobs), clock, blobs, events);
    ExportShardJob shards =
        new ExportShardJob(
            store,
            contacts,
            publisher,
            jobs,
            blobs,
            clock,
            gzipLevel,
            csvFormulaGuard,
            partPause,
            stopping::get,
            events);
    this.job =
        new ExportJob(
            store,
            contacts,
            shards,
            publisher,
            jobs,
            blobs,
            clock,
            shardSize,
            stopping::get,
            events);
    this.sweeper = new ExportSweeper(store, blobs, clock, service::forget);
    this.jobs = jobs;
    jobs.register(ExportJob.KIND, job::run);
    jobs.register(ExportShardJob.KIND, shards::run);
  }

  /**
   * The SHA-256 of a published export file, for the download's {@code Repr-Digest}; empty for other
   * blobs and files of exports that are not ready.
   */
  public java.util.Optional<byte[]> sha256(String key) {
    return store.sha256(key);
  }

  /** Sets who hears of each export that became ready. */
  public void observe(Observer observer) {
    events.observer = observer;
  }

  /**
   * Registers the expiry sweep as recurring work of the cluster (one node sweeps each round); call
   * before the queue starts. Each round also queues the pending exports that have no job (a node
   * that died between the export's insert and its enqueue), so none stays pending forever even if
   * that node never starts again: the bound is one sweep interval.
   */
  public void scheduleSweeps(JobQueue jobs, Duration interval) {
    jobs.recurring(
        "export-sweep",
        interval,
        () -> {
          sweeper.sweep();
          service.resumePending();
        });
  }

  /** Who hears of export starts and outcomes (faults, webhooks); before the queue starts. */
  public void hooks(io.contactd.jobs.JobHooks hooks) {
    service.hooks(hooks);
    events.hooks = hooks;
  }

  /**
   * Forgets the finished exports this node answers from memory (after a reset deleted them, so this
   * node answers 404 at once; other nodes within their 1 s).
   */
  public void forgetFinished() {
    service.forgetAll();
  }

  /** Queues the export's job again (a stalled export released); idempotent. */
  public void resume(String exportId) {
    jobs.enqueue(ExportJob.KIND, exportId);
  }

  /** The export's status body as {@code GET …/exports/{id}} answers it; empty when unknown. */
  public java.util.Optional<com.fasterxml.jackson.databind.node.ObjectNode> status(
      long accountId, String id) {
    return routes.status(accountId, id);
  }

  public void registerRoutes(Api api) {
    routes.register(api);
  }

  /** After the queue started: gives every pending export a job. */
  public void start() {
    if (warmup != null) {
      warmup.start();
    }
    int resumed = service.resumePending();
    if (resumed > 0) {
      log.info("{} pending export(s) queued again after start", resumed);
    }
  }

  /** Deletes expired exports and their files now; returns how many. Tests call it directly. */
  public int sweepExpired() throws Exception {
    return sweeper.sweep();
  }

  /** Before the job queue stops: running exports stop and stay pending. */
  public void stopping() {
    stopping.set(true);
  }

  @Override
  public void close() {
    stopping.set(true);
  }
}
