package io.contactd.imports;

import io.contactd.contacts.ContactJobStore;
import io.contactd.contacts.ContactWriter;
import io.contactd.db.Database;
import io.contactd.fields.FieldStore;
import io.contactd.files.BlobStore;
import io.contactd.files.UploadUrls;
import io.contactd.http.Api;
import io.contactd.jobs.JobQueue;
import io.contactd.lists.ListStore;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CSV imports feature as the composition root sees it: builds its parts, registers the job kind
 * and the routes, and queues again at start the imports a stop interrupted.
 */
public final class Imports implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Imports.class);

  /** How long the errors_url of a finished import works, counted from each status read. */
  private static final Duration ERRORS_URL_VALIDITY = Duration.ofHours(24);

  private final ImportService service;
  private final ImportRoutes routes;
  private final BlobStore blobs;
  private final Clock clock;
  private ScheduledExecutorService sweeperThread;
  private final ImportJob job;

  /** Beats an upload's node may miss before its upload counts as abandoned, as for jobs. */
  private static final int MISSED_BEATS = 4;

  private Duration staleUploadAfter = Duration.ofSeconds(20);

  /** Told when an import ended (metrics); must be quick and must not throw. */
  @FunctionalInterface
  public interface Observer {
    void ended(long created, long updated, long errored);
  }

  /**
   * Registers the import job kind on {@code jobs}; call before the queue starts. {@code clock} is
   * the business clock (URL lifetimes, timestamps); {@code infraClock} times the uploads' sign of
   * life, which nodes compare to find a dead one.
   */
  public Imports(
      Database database,
      JobQueue jobs,
      FieldStore fields,
      ListStore lists,
      ContactWriter writer,
      ContactJobStore contactJobs,
      BlobStore blobs,
      UploadUrls uploads,
      Clock clock,
      Clock infraClock,
      ImportLimits limits,
      boolean csvFormulaGuard) {
    ImportStore store = new ImportStore(database.jdbi(), contactJobs);
    this.service =
        new ImportService(store, fields, lists, blobs, uploads, jobs, clock, infraClock, limits);
    this.routes = new ImportRoutes(service);
    this.blobs = blobs;
    this.clock = clock;
    this.job =
        new ImportJob(
            store,
            fields,
            writer,
            blobs,
            clock,
            limits,
            csvFormulaGuard,
            () -> database.dialect().afterBulkWrite(database.jdbi()));
    jobs.register(ImportJob.KIND, job::run);
  }

  /** Sets who hears of each import that ended. */
  public void observe(Observer observer) {
    job.observe(observer);
  }

  /** Who hears of import starts and outcomes (faults, webhooks); before the queue starts. */
  public void hooks(io.contactd.jobs.JobHooks hooks) {
    service.hooks(hooks);
    job.hooks(hooks);
  }

  /** {@code PUT /v3/marketing/contacts/imports}; register before {@code /contacts/{id}}. */
  public void registerRoutes(Api api) {
    routes.register(api);
  }

  /** The unauthenticated upload route. */
  public void registerUploads(RoutesConfig routesConfig) {
    routes.registerUploads(routesConfig);
  }

  /**
   * Registers, as recurring work of the cluster (one node each round), the sweep that fails imports
   * whose upload URL expired unused and deletes the files of long-finished ones; call before the
   * queue starts.
   */
  public void scheduleSweeps(JobQueue jobs, Duration interval) {
    jobs.recurring(
        "import-sweep",
        interval,
        () -> {
          sweep();
          // An import whose file arrived on a node that died before queueing its job.
          service.requeue();
        });
  }

  /**
   * After the queue started: queues interrupted imports, then every {@code heartbeat} proves this
   * node's uploads alive and fails those of nodes gone for 4 beats (as the job queue takes over a
   * node's jobs). The heartbeat stays per node: each node vouches for its own uploads.
   */
  public void start(Duration heartbeat) {
    int queued = service.requeue();
    if (queued > 0) {
      log.info("{} import(s) queued again after start", queued);
    }
    sweeperThread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "upload-heartbeat");
              t.setDaemon(true);
              return t;
            });
    this.staleUploadAfter = heartbeat.multipliedBy(MISSED_BEATS);
    sweeperThread.scheduleWithFixedDelay(
        this::watchUploadsQuietly, 0, heartbeat.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * With a store that takes uploads itself (S3), registers the look for the files of waiting
   * imports ({@link #pollUploads}) as recurring work of the cluster, every {@code every}: one node
   * per round, not every node; call before the queue starts. Nothing to register for the local
   * store, whose uploads arrive through contactd's own route.
   */
  public void scheduleUploadPoll(JobQueue jobs, Duration every) {
    if (blobs.takesDirectUploads()) {
      jobs.recurring("import-upload-poll", every, this::pollUploads);
    }
  }

  /**
   * Looks once for the uploads that waiting imports sent straight to the store, queues the jobs of
   * those that arrived and fails those too large or expired; returns how many it moved. The state
   * moves in an UPDATE naming 'waiting', so a round that overlaps another (a test calling this, a
   * round taken over from a dead node) still moves each upload once.
   */
  public int pollUploads() throws IOException {
    return service.pollDirectUploads();
  }

  /**
   * Proves this node's uploads alive and fails the uploads of nodes gone for 4 beats, deleting
   * their partial files; returns how many it failed. Tests call it directly.
   */
  public int watchUploads() throws IOException {
    return service.failAbandonedUploads(staleUploadAfter);
  }

  private void watchUploadsQuietly() {
    try {
      watchUploads();
    } catch (IOException | RuntimeException e) {
      log.warn("upload heartbeat failed; trying again at the next beat", e);
    }
  }

  /** One sweep now; returns how many imports it failed or cleaned. Tests call it directly. */
  public int sweep() throws IOException {
    return service.refuseExpiredUploads() + service.cleanFinished();
  }

  @Override
  public void close() {
    if (sweeperThread != null) {
      sweeperThread.shutdownNow();
    }
  }

  /** A signed download of a job's errors file, for the job status. */
  public String errorsUrl(String errorsKey) {
    return blobs.signedUrl(errorsKey, clock.instant().plus(ERRORS_URL_VALIDITY));
  }
}
