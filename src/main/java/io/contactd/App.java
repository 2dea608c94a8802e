package io.contactd;

import io.contactd.auth.Account;
import io.contactd.auth.AccountStore;
import io.contactd.auth.ApiKeySecret;
import io.contactd.auth.ApiKeyStore;
import io.contactd.auth.Authenticator;
import io.contactd.auth.KeyCache;
import io.contactd.contacts.ContactRoutes;
import io.contactd.contacts.ContactService;
import io.contactd.control.BusinessClock;
import io.contactd.control.Control;
import io.contactd.db.Database;
import io.contactd.exports.Exports;
import io.contactd.fields.FieldRoutes;
import io.contactd.fields.FieldStore;
import io.contactd.files.BlobStore;
import io.contactd.files.FileRoutes;
import io.contactd.files.LocalBlobStore;
import io.contactd.files.S3BlobStore;
import io.contactd.files.S3Location;
import io.contactd.files.SigningSecret;
import io.contactd.files.UploadUrls;
import io.contactd.files.UrlSigner;
import io.contactd.http.Api;
import io.contactd.http.ErrorMapper;
import io.contactd.http.Links;
import io.contactd.http.RateLimiter;
import io.contactd.http.RateLimits;
import io.contactd.http.RequestJournal;
import io.contactd.http.RequestLog;
import io.contactd.http.SharedRateLimits;
import io.contactd.imports.ImportLimits;
import io.contactd.imports.Imports;
import io.contactd.jobs.JobHooks;
import io.contactd.jobs.JobQueue;
import io.contactd.json.Json;
import io.contactd.keys.ApiKeyRoutes;
import io.contactd.lists.ListRoutes;
import io.contactd.lists.ListStore;
import io.contactd.mail.Mailer;
import io.contactd.mail.SmtpMailer;
import io.contactd.metrics.Metrics;
import io.contactd.metrics.MetricsRoutes;
import io.contactd.segments.LegacySegmentRoutes;
import io.contactd.segments.SearchRoutes;
import io.contactd.segments.SearchService;
import io.contactd.segments.SegmentRoutes;
import io.contactd.segments.SegmentService;
import io.contactd.subusers.SubuserRoutes;
import io.contactd.ui.UiRoutes;
import io.contactd.webhooks.Webhooks;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: builds every part with {@code new}, in one readable place, and returns a
 * running server. Tests start this very app on port 0.
 */
public final class App implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(App.class);

  /**
   * Requests larger than this are refused with 413 before they are read (SendGrid caps bodies at 6
   * MB).
   */
  static final long MAX_REQUEST_BYTES = 8L * 1024 * 1024;

  /**
   * The longest a signed download URL lives: export files and import error files are kept 72 h; one
   * hour more for clocks that differ between nodes. Anything longer is refused.
   */
  static final Duration MAX_DOWNLOAD_URL_LIFETIME = Duration.ofHours(73);

  /**
   * How often the background round looks for segments whose sample is due (at most the sample
   * interval): a sample is then at most this late. A round with nothing due is one indexed query.
   */
  static final Duration SEGMENT_ROUND_EVERY = Duration.ofMinutes(1);

  /** An upload URL works for one hour; five minutes more for clocks that differ between nodes. */
  static final Duration UPLOAD_URL_VALIDITY = Duration.ofHours(1);

  private static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);

  /**
   * How long a node trusts a key it looked up: the bound within which a key deleted or changed on
   * another node (or by the command line) is refused here too.
   */
  public static final Duration KEY_CACHE_TTL = Duration.ofSeconds(1);

  private final Config config;
  private final Database database;
  private final JobQueue jobs;
  private final Exports exports;
  private final Imports imports;
  private final Javalin http;
  private final Optional<String> generatedKey;
  private final FirstKey firstKey;
  private final String publicUrl;
  private final Metrics metrics;
  private final SegmentService segments;
  private final BusinessClock businessClock;
  private final Webhooks webhooks;
  private final BlobStore blobs;

  private App(
      Config config,
      Database database,
      JobQueue jobs,
      Exports exports,
      Imports imports,
      Javalin http,
      Optional<String> generatedKey,
      FirstKey firstKey,
      String publicUrl,
      Metrics metrics,
      SegmentService segments,
      BusinessClock businessClock,
      Webhooks webhooks,
      BlobStore blobs) {
    this.config = config;
    this.database = database;
    this.jobs = jobs;
    this.exports = exports;
    this.imports = imports;
    this.http = http;
    this.generatedKey = generatedKey;
    this.firstKey = firstKey;
    this.publicUrl = publicUrl;
    this.metrics = metrics;
    this.segments = segments;
    this.businessClock = businessClock;
    this.webhooks = webhooks;
    this.blobs = blobs;
  }

  /**
   * Starts the app with two clocks. {@code clock} is the business clock: expiry of exports and
   * URLs, sweeps, segment samples, refresh limits, timestamps shown to clients; tests and the
   * emulator may move it. {@code infraClock} drives the job infrastructure (db-scheduler's
   * heartbeats, polling and due times) and is never moved, so moving business time cannot make a
   * live node look dead or park a queued job in the future.
   */
  public static App start(Config config, Clock clock, Clock infraClock) {
    Database database = Database.open(config.jdbcUrl());
    BusinessClock businessClock;
    try {
      // Dev mode: the business clock of the whole cluster, movable through /_contactd/clock.
      businessClock = config.dev() ? BusinessClock.start(clock, database.jdbi()) : null;
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
    return start(
        config, businessClock != null ? businessClock : clock, infraClock, database, businessClock);
  }

  private static App start(
      Config config,
      Clock clock,
      Clock infraClock,
      Database database,
      BusinessClock businessClock) {
    Metrics metrics = new Metrics();
    try {
      AccountStore accounts = new AccountStore(database.jdbi(), clock);
      ApiKeyStore keys = new ApiKeyStore(database.jdbi(), clock);
      Account owner = accounts.ensureOwner("contactd", "owner@contactd.local");
      registerKeyFromEnvironment(config, keys, owner);

      KeyCache keyCache = new KeyCache(keys, infraClock, KEY_CACHE_TTL);
      Authenticator authenticator =
          new Authenticator(keyCache, accounts, config.dev() ? owner.id() : null);
      // Rate-limit windows follow the infrastructure clock: a limit protects the server in real
      // time, and business time moved by hours must neither refill nor freeze an account's budget.
      // One node (SQLite) counts in memory; nodes sharing a server database share each budget.
      RateLimits rateLimiter =
          database.dialect().sharedByNodes()
              ? new SharedRateLimits(config.rateLimitPerMinute(), infraClock, database.jdbi())
              : new RateLimiter(config.rateLimitPerMinute(), infraClock);
      JobQueue jobs = new JobQueue(infraClock);
      Links links = new Links();
      FieldStore fields = new FieldStore(database.jdbi(), database.dialect(), clock);
      ListStore lists = new ListStore(database.jdbi(), database.dialect(), clock);
      SegmentService segments =
          new SegmentService(
              database.jdbi(),
              database.dialect(),
              fields,
              lists,
              clock,
              config.maxSegments(),
              config.segmentSampleInterval(),
              config.segmentRefreshLimits());
      ContactService contacts =
          new ContactService(
              database.jdbi(),
              database.dialect(),
              clock,
              jobs,
              fields,
              lists,
              links,
              config.maxListsPerContact(),
              segments);
      UrlSigner signer =
          new UrlSigner(SigningSecret.resolve(config.signingSecret(), database.jdbi()));
      BlobStore blobs =
          config.blobStore() == null
              ? new LocalBlobStore(config.dataDir().resolve("files"), signer, links)
              : S3BlobStore.open(S3Location.parse(config.blobStore()), clock);
      Mailer mailer =
          config.smtpUrl() != null
              ? new SmtpMailer(config.smtpUrl(), config.smtpFrom())
              : Mailer.disabled();
      Exports exports =
          new Exports(
              database,
              jobs,
              blobs,
              mailer,
              accounts,
              links,
              clock,
              config.exportGzipLevel(),
              config.csvFormulaGuard(),
              config.exportPartPause(),
              segments,
              config.exportShardSize(),
              config.exportWarmup());
      Imports imports =
          new Imports(
              database,
              jobs,
              fields,
              lists,
              contacts.writer(),
              contacts.jobStore(),
              blobs,
              new UploadUrls(signer, links, UPLOAD_URL_VALIDITY.plus(CLOCK_MARGIN)),
              clock,
              infraClock,
              new ImportLimits(
                  config.importMaxRows(),
                  config.importMaxBytes(),
                  5_000,
                  UPLOAD_URL_VALIDITY,
                  Duration.ofHours(72)),
              config.csvFormulaGuard());

      Webhooks webhooks =
          new Webhooks(
              database.jdbi(), clock, infraClock, config.webhookSecret(), config.webhookRetry());
      RequestJournal journal = config.dev() ? new RequestJournal() : null;
      Control control =
          config.dev()
              ? new Control(
                  database,
                  businessClock,
                  accounts,
                  blobs,
                  journal,
                  owner.id(),
                  exports::resume,
                  () -> {
                    exports.forgetFinished();
                    keyCache.clear();
                  })
              : null;
      JobHooks hooks =
          control != null ? JobHooks.both(control.hooks(), webhooks.hooks()) : webhooks.hooks();
      exports.hooks(hooks);
      imports.hooks(hooks);
      ContactRoutes contactRoutes = new ContactRoutes(contacts, imports::errorsUrl);
      webhooks.bodies(
          (kind, account, id) ->
              kind.equals("export")
                  ? exports.status(account, id).map(b -> (Object) b)
                  : contactRoutes.jobStatus(account, id).map(b -> (Object) b));

      Javalin http =
          Javalin.create(
              c -> {
                c.startup.showJavalinBanner = false;
                c.startup.showOldJavalinVersionWarning = false;
                c.concurrency.useVirtualThreads = true;
                c.http.maxRequestSize = MAX_REQUEST_BYTES;
                c.http.generateEtags = false;
                c.router.ignoreTrailingSlashes = false;
                c.jsonMapper(new JavalinJackson(Json.MAPPER, false));
                c.jetty.host = config.host();
                c.jetty.port = config.port();
                ErrorMapper.install(c);
                RequestLog.install(
                    c, config.accessLog(), metrics::request, journal, clock, Control.PATHS);
                if (control != null) {
                  control.install(c);
                }
                HomePage home = new HomePage(links, BuildInfo.current());
                // The browser uploads CSV files straight to the object store's presigned URLs.
                String uploadOrigin =
                    S3Location.isS3(config.blobStore())
                        ? S3Location.parse(config.blobStore()).urlOrigin().orElse(null)
                        : null;
                String connectSrc =
                    uploadOrigin == null
                        ? config.dashboardConnectSrc()
                        : config.dashboardConnectSrc() == null
                            ? uploadOrigin
                            : config.dashboardConnectSrc() + " " + uploadOrigin;
                new UiRoutes(UiRoutes.connectOrigins(config.publicUrl(), connectSrc))
                    .register(c.routes, home::handle);
                new MetricsRoutes(
                        metrics, config.metricsToken(), MetricsRoutes.loopback(config.host()))
                    .register(c.routes);
                c.routes.get("/readme", home::readme);
                c.routes.get("/healthz", ctx -> ctx.result("ok"));
                c.routes.get(
                    "/readyz",
                    ctx -> {
                      if (database.answers()) {
                        ctx.result("ok");
                      } else {
                        ctx.status(503).result("database unavailable");
                      }
                    });
                Api api = new Api(c.routes, authenticator, rateLimiter);
                new ApiKeyRoutes(keys).register(api);
                new SubuserRoutes(accounts).register(api);
                new FieldRoutes(fields, links, config.maxCustomFields()).register(api);
                new ListRoutes(lists, contacts, links, config.maxLists()).register(api);
                new SegmentRoutes(segments, contacts::renderByIds).register(api);
                new LegacySegmentRoutes(segments, contacts::renderByIds).register(api);
                new SearchRoutes(
                        new SearchService(segments, config.searchTimeout()),
                        contacts::renderByIds,
                        links)
                    .register(api);
                // Javalin matches routes in registration order: the fixed paths under
                // /v3/marketing/contacts/ (exports, imports) must come before /contacts/{id}.
                exports.registerRoutes(api);
                imports.registerRoutes(api);
                contactRoutes.register(api);
                if (control != null) {
                  control.registerRoutes(api);
                  webhooks.registerRoutes(api, owner.id());
                }
                new FileRoutes(blobs, signer, clock, MAX_DOWNLOAD_URL_LIFETIME, exports::sha256)
                    .register(c.routes);
                imports.registerUploads(c.routes);
              });
      jobs.listen(metrics::jobEnded);
      exports.observe(metrics::exported);
      imports.observe(metrics::imported);
      metrics.jobs(jobs.kinds(), jobs::waitingByKind, jobs::runningByKind);
      metrics.pool(database.dataSource());
      exports.scheduleSweeps(jobs, config.sweepInterval());
      imports.scheduleSweeps(jobs, config.sweepInterval());
      jobs.recurring(
          "segment-sample",
          SEGMENT_ROUND_EVERY.compareTo(config.segmentSampleInterval()) < 0
              ? SEGMENT_ROUND_EVERY
              : config.segmentSampleInterval(),
          segments::sampleRound);
      webhooks.schedule(jobs);
      imports.scheduleUploadPoll(jobs, config.pollingInterval());
      jobs.start(
          database.dataSource(),
          database.dialect(),
          new JobQueue.Settings(
              config.jobThreads(),
              config.pollingInterval(),
              config.heartbeatInterval(),
              config.workers()));
      contacts.requeuePendingJobs();
      try {
        http.start();
      } catch (RuntimeException e) {
        jobs.close(); // e.g. the port is taken: leave no worker threads behind
        throw e;
      }
      int port = http.port();
      String publicUrl =
          config.publicUrl() != null ? config.publicUrl() : "http://" + config.host() + ":" + port;
      links.setBase(publicUrl);
      exports.start();
      imports.start(config.heartbeatInterval());
      // Only now that the server listens: a start that failed earlier must not have used up the
      // one-time key.
      FirstKey firstKey = new FirstKey(keys, owner);
      Optional<String> generatedKey =
          config.apiKey() == null ? firstKey.createIfNoKeys() : Optional.empty();
      log.info(
          "contactd {} listening on http://{}:{} (public URL {}), database {}, node {}; ready {} ms after JVM start",
          BuildInfo.current().describe(),
          config.host(),
          port,
          publicUrl,
          database.describe(),
          jobs.node(),
          java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
      if (config.dev()) {
        log.warn(
            "DEV MODE IS ON: any well-formed SG.<22>.<43> key is a full-access key of the owner"
                + " account, and the control API /_contactd/ can reset all data, move the clock"
                + " and inject faults. Never expose this server.");
      }
      return new App(
          config,
          database,
          jobs,
          exports,
          imports,
          http,
          generatedKey,
          firstKey,
          publicUrl,
          metrics,
          segments,
          businessClock,
          webhooks,
          blobs);
    } catch (RuntimeException e) {
      metrics.close();
      if (businessClock != null) {
        businessClock.close();
      }
      database.close();
      throw e;
    }
  }

  /** Registers CONTACTD_API_KEY when given (idempotent: the same key on every start). */
  private static void registerKeyFromEnvironment(Config config, ApiKeyStore keys, Account owner) {
    if (config.apiKey() == null) {
      return;
    }
    ApiKeySecret given = ApiKeySecret.parse(config.apiKey());
    if (given == null) {
      throw new IllegalArgumentException(
          "CONTACTD_API_KEY must look like SG.<22 characters>.<43 characters>");
    }
    var existing = keys.byId(given.id());
    if (existing.isEmpty()) {
      keys.insert(given, owner.id(), "CONTACTD_API_KEY", null);
    } else if (!given.matches(existing.get().secretHash())) {
      throw new IllegalArgumentException(
          "CONTACTD_API_KEY has the id of a stored key but another secret");
    }
  }

  public int port() {
    return http.port();
  }

  public String publicUrl() {
    return publicUrl;
  }

  public Database database() {
    return database;
  }

  public Config config() {
    return config;
  }

  /** Deletes expired exports and their files now (the sweeper also runs on its own). */
  public int sweepExpiredExports() throws Exception {
    return exports.sweepExpired();
  }

  /** Runs the background segment round now (counts and samples that are due); returns how many. */
  public int sampleSegments() {
    return segments.sampleRound();
  }

  /** Looks for direct (S3) uploads of waiting imports now; returns how many it moved. */
  public int pollUploads() throws java.io.IOException {
    return imports.pollUploads();
  }

  /** Sweeps imports now (expired upload URLs, files of long-finished imports); returns how many. */
  public int sweepImports() throws java.io.IOException {
    return imports.sweep();
  }

  /**
   * The full-access key created on a first start, to be shown once; then call {@link #keyShown}.
   */
  public Optional<String> generatedKey() {
    return generatedKey;
  }

  /** Records that {@link #generatedKey} was shown to a person. */
  public void keyShown() {
    generatedKey.ifPresent(firstKey::shown);
  }

  /** True when keys exist but none was ever shown (a first key whose printing never happened). */
  public boolean noKeyShownYet() {
    return config.apiKey() == null && generatedKey.isEmpty() && firstKey.noneShown();
  }

  /** This node's name in the job queue ({@code scheduled_tasks.picked_by}). */
  public String node() {
    return jobs.node();
  }

  /** How many jobs of each kind run on this node right now. */
  public java.util.Map<String, Integer> runningJobs() {
    return jobs.runningByKind();
  }

  @Override
  public void close() {
    http.stop();
    jobs.stopping();
    exports.stopping();
    jobs.close();
    exports.close();
    imports.close();
    metrics.close();
    if (businessClock != null) {
      businessClock.close();
    }
    blobs.close();
    database.close();
  }

  /** Sends the webhook deliveries that are due now (the recurring round also does). */
  public int deliverWebhooks() throws InterruptedException {
    return webhooks.deliverDue();
  }
}
