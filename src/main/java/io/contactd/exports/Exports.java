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
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exports feature as the composition root sees it: builds its parts, registers the job kind and
 * the routes, resumes pending exports at start and runs the expiry sweeper.
 */
public final class Exports implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Exports.class);

  private final ExportStore store;
  private final ExportWarmup warmup;
  private final ExportService service;
  private final ExportRoutes routes;
  private final ExportJob job;

  /** Set when the node shuts down: running exports stop and stay pending for the next run. */
  private final java.util.concurrent.atomic.AtomicBoolean stopping =
      new java.util.concurrent.atomic.AtomicBoolean();

  private final ExportSweeper sweeper;
  private ScheduledExecutorService sweeperThread;

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
        new ExportPublisher(store, new ExportNotifier(mailer, accounts, blobs), clock);
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
            stopping::get);
    this.job =
        new ExportJob(
            store, contacts, shards, publisher, jobs, blobs, clock, shardSize, stopping::get);
    this.sweeper = new ExportSweeper(store, blobs, clock);
    jobs.register(ExportJob.KIND, job::run);
    jobs.register(ExportShardJob.KIND, shards::run);
  }

  /**
   * The SHA-256 of a published export file, for the download's {@code Repr-Digest}; empty for other
   * blobs and files of exports that are not ready.
   */
  public Optional<byte[]> sha256(String key) {
    return store.sha256(key);
  }

  public void registerRoutes(Api api) {
    routes.register(api);
  }

  /**
   * After the queue started: gives every pending export a job, then sweeps every {@code interval}.
   */
  public void start(Duration sweepInterval) {
    if (warmup != null) {
      warmup.start();
    }
    int resumed = service.resumePending();
    if (resumed > 0) {
      log.info("{} pending export(s) queued again after start", resumed);
    }
    sweeperThread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "export-sweeper");
              t.setDaemon(true);
              return t;
            });
    long millis = sweepInterval.toMillis();
    sweeperThread.scheduleWithFixedDelay(this::sweepQuietly, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** Deletes expired exports and their files now; returns how many. Tests call it directly. */
  public int sweepExpired() throws Exception {
    return sweeper.sweep();
  }

  private void sweepQuietly() {
    try {
      sweeper.sweep();
    } catch (Exception e) {
      // A background loop must survive a bad round (database restarting, disk hiccup).
      log.warn("export sweep failed; trying again at the next interval", e);
    }
  }

  /** Before the job queue stops: running exports stop and stay pending. */
  public void stopping() {
    stopping.set(true);
  }

  @Override
  public void close() {
    stopping.set(true);
    if (sweeperThread != null) {
      sweeperThread.shutdownNow();
    }
  }
}
