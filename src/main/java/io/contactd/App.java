package io.contactd;

import io.contactd.auth.Account;
import io.contactd.auth.AccountStore;
import io.contactd.auth.ApiKeySecret;
import io.contactd.auth.ApiKeyStore;
import io.contactd.auth.Authenticator;
import io.contactd.contacts.ContactRoutes;
import io.contactd.contacts.ContactService;
import io.contactd.db.Database;
import io.contactd.exports.Exports;
import io.contactd.fields.FieldRoutes;
import io.contactd.fields.FieldStore;
import io.contactd.files.FileRoutes;
import io.contactd.files.LocalBlobStore;
import io.contactd.files.SigningSecret;
import io.contactd.files.UploadUrls;
import io.contactd.files.UrlSigner;
import io.contactd.http.Api;
import io.contactd.http.ErrorMapper;
import io.contactd.http.Links;
import io.contactd.http.RateLimiter;
import io.contactd.http.RequestLog;
import io.contactd.imports.ImportLimits;
import io.contactd.imports.Imports;
import io.contactd.jobs.JobQueue;
import io.contactd.json.Json;
import io.contactd.keys.ApiKeyRoutes;
import io.contactd.lists.ListRoutes;
import io.contactd.lists.ListStore;
import io.contactd.mail.Mailer;
import io.contactd.mail.SmtpMailer;
import io.contactd.segments.SegmentRoutes;
import io.contactd.segments.SegmentService;
import io.contactd.subusers.SubuserRoutes;
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
   * A segment's count and sample are computed again when read this long after (SendGrid: hourly).
   */
  static final Duration SEGMENT_SAMPLE_INTERVAL = Duration.ofHours(1);

  /** An upload URL works for one hour; five minutes more for clocks that differ between nodes. */
  static final Duration UPLOAD_URL_VALIDITY = Duration.ofHours(1);

  private static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);

  private final Config config;
  private final Database database;
  private final JobQueue jobs;
  private final Exports exports;
  private final Imports imports;
  private final Javalin http;
  private final Optional<String> generatedKey;
  private final FirstKey firstKey;
  private final String publicUrl;

  private App(
      Config config,
      Database database,
      JobQueue jobs,
      Exports exports,
      Imports imports,
      Javalin http,
      Optional<String> generatedKey,
      FirstKey firstKey,
      String publicUrl) {
    this.config = config;
    this.database = database;
    this.jobs = jobs;
    this.exports = exports;
    this.imports = imports;
    this.http = http;
    this.generatedKey = generatedKey;
    this.firstKey = firstKey;
    this.publicUrl = publicUrl;
  }

  public static App start(Config config, Clock clock) {
    Database database = Database.open(config.jdbcUrl());
    try {
      AccountStore accounts = new AccountStore(database.jdbi(), clock);
      ApiKeyStore keys = new ApiKeyStore(database.jdbi(), clock);
      Account owner = accounts.ensureOwner("contactd", "owner@contactd.local");
      registerKeyFromEnvironment(config, keys, owner);

      Authenticator authenticator = new Authenticator(keys, accounts);
      RateLimiter rateLimiter = new RateLimiter(config.rateLimitPerMinute(), clock);
      JobQueue jobs = new JobQueue(clock);
      Links links = new Links();
      FieldStore fields = new FieldStore(database.jdbi(), database.dialect(), clock);
      ListStore lists = new ListStore(database.jdbi(), database.dialect(), clock);
      ContactService contacts =
          new ContactService(
              database.jdbi(),
              database.dialect(),
              clock,
              jobs,
              fields,
              lists,
              links,
              config.maxListsPerContact());
      UrlSigner signer =
          new UrlSigner(SigningSecret.resolve(config.signingSecret(), database.jdbi()));
      LocalBlobStore blobs = new LocalBlobStore(config.dataDir().resolve("files"), signer, links);
      Mailer mailer =
          config.smtpUrl() != null
              ? new SmtpMailer(config.smtpUrl(), config.smtpFrom())
              : Mailer.disabled();
      SegmentService segments =
          new SegmentService(
              database.jdbi(),
              database.dialect(),
              fields,
              lists,
              clock,
              config.maxSegments(),
              SEGMENT_SAMPLE_INTERVAL);
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
              new ImportLimits(
                  config.importMaxRows(),
                  config.importMaxBytes(),
                  5_000,
                  UPLOAD_URL_VALIDITY,
                  Duration.ofHours(72)),
              config.csvFormulaGuard());

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
                RequestLog.install(c, config.accessLog());
                HomePage home = new HomePage(links, BuildInfo.current());
                c.routes.get("/", home::handle);
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
                // Javalin matches routes in registration order: the fixed paths under
                // /v3/marketing/contacts/ (exports, imports) must come before /contacts/{id}.
                exports.registerRoutes(api);
                imports.registerRoutes(api);
                new ContactRoutes(contacts, imports::errorsUrl).register(api);
                new FileRoutes(blobs, signer, clock, MAX_DOWNLOAD_URL_LIFETIME, exports::sha256)
                    .register(c.routes);
                imports.registerUploads(c.routes);
              });
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
      exports.start(config.sweepInterval());
      imports.start(config.sweepInterval(), config.heartbeatInterval());
      // Only now that the server listens: a start that failed earlier must not have used up the
      // one-time key.
      FirstKey firstKey = new FirstKey(keys, owner);
      Optional<String> generatedKey =
          config.apiKey() == null ? firstKey.createIfNoKeys() : Optional.empty();
      log.info(
          "contactd {} listening on http://{}:{} (public URL {}), database {}; ready {} ms after JVM start",
          BuildInfo.current().describe(),
          config.host(),
          port,
          publicUrl,
          database.describe(),
          java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
      return new App(
          config, database, jobs, exports, imports, http, generatedKey, firstKey, publicUrl);
    } catch (RuntimeException e) {
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
    database.close();
  }
}
