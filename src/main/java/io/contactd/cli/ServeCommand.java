package io.contactd.cli;

import io.contactd.App;
import io.contactd.Config;
import io.contactd.Durations;
import io.contactd.logging.Logging;
import io.contactd.segments.RefreshLimits;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code contactd serve}: the options of {@link Config}, then the server until SIGTERM/SIGINT. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the API server.")
final class ServeCommand implements Callable<Integer> {
  // The server's own lines (configuration, shutting down) keep the logger name they always had.
  private static final Logger log = LoggerFactory.getLogger("io.contactd.Main");

  @Mixin StorageOptions storage;

  @Option(
      names = "--host",
      description =
          "Interface to listen on; 0.0.0.0 = every interface (env CONTACTD_HOST, default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", description = "TCP port (env CONTACTD_PORT, default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--public-url",
      description =
          "Base URL for links contactd hands out (env CONTACTD_PUBLIC_URL, default http://HOST:PORT).")
  String publicUrl;

  @Option(
      names = "--rate-limit",
      description =
          "Requests per minute per account and route; 'off' or 0 disables (env CONTACTD_RATE_LIMIT, default ${DEFAULT-VALUE}).")
  String rateLimit;

  @Option(
      names = "--workers",
      arity = "0..1",
      fallbackValue = "true",
      description =
          "Run jobs on this node; false = serve the API and queue work for other nodes (env CONTACTD_WORKERS, default ${DEFAULT-VALUE}).")
  boolean workers;

  @Option(
      names = "--max-custom-fields",
      description =
          "Custom fields per account (env CONTACTD_MAX_CUSTOM_FIELDS, default ${DEFAULT-VALUE}).")
  int maxCustomFields;

  @Option(
      names = "--max-lists",
      description = "Lists per account (env CONTACTD_MAX_LISTS, default ${DEFAULT-VALUE}).")
  int maxLists;

  @Option(
      names = "--max-lists-per-contact",
      description =
          "Lists one contact may belong to (env CONTACTD_MAX_LISTS_PER_CONTACT, default ${DEFAULT-VALUE}).")
  int maxListsPerContact;

  @Option(
      names = "--max-segments",
      description = "Segments per account (env CONTACTD_MAX_SEGMENTS, default ${DEFAULT-VALUE}).")
  int maxSegments;

  @Option(
      names = "--job-heartbeat",
      description =
          "How often a node proves it is alive; its jobs are taken over after 4 missed beats, e.g. 5s, 500ms (env CONTACTD_JOB_HEARTBEAT, default ${DEFAULT-VALUE}).")
  String jobHeartbeat;

  @Option(
      names = "--export-gzip-level",
      description =
          "gzip level of export files, 1 fastest .. 9 smallest (env CONTACTD_EXPORT_GZIP_LEVEL, default ${DEFAULT-VALUE}).")
  int exportGzipLevel;

  @Option(
      names = "--export-shard-size",
      description =
          "Matching contacts per export shard; a larger export is cut into shards that any node's workers write in parallel (env CONTACTD_EXPORT_SHARD_SIZE, default ${DEFAULT-VALUE}).")
  long exportShardSize;

  @Option(
      names = "--import-max-rows",
      description =
          "Data rows one CSV import may have (env CONTACTD_IMPORT_MAX_ROWS, default ${DEFAULT-VALUE}).")
  long importMaxRows;

  @Option(
      names = "--import-max-bytes",
      description =
          "Bytes one CSV import upload may have, as sent (env CONTACTD_IMPORT_MAX_BYTES, default ${DEFAULT-VALUE} = 5 GB).")
  long importMaxBytes;

  @Option(
      names = "--csv-formula-guard",
      arity = "0..1",
      fallbackValue = "true",
      description =
          "Prefix CSV cells starting with = + - @ tab or CR with ' in export and import error files (env CONTACTD_CSV_FORMULA_GUARD, default ${DEFAULT-VALUE}: files stay byte-faithful).")
  boolean csvFormulaGuard;

  @Option(
      names = "--smtp-url",
      description =
          "SMTP server for export notification mail, smtp://host:port or smtps://user:password@host:port (env CONTACTD_SMTP_URL, default none: mail is skipped and logged).")
  String smtpUrl;

  @Option(
      names = "--smtp-from",
      description =
          "Sender address of contactd's mail (env CONTACTD_SMTP_FROM, default ${DEFAULT-VALUE}).")
  String smtpFrom;

  @Option(
      names = "--metrics-token",
      description =
          "Bearer token GET /metrics requires; prefer the env variable, argv is visible to every user (env CONTACTD_METRICS_TOKEN, default none: open on a loopback --host, refused on any other).")
  String metricsToken;

  @Option(
      names = "--dashboard-connect-src",
      description =
          "Origins besides contactd's own the dashboard may upload to, space-separated, e.g. an S3 bucket's https://BUCKET.s3.REGION.amazonaws.com (env CONTACTD_DASHBOARD_CONNECT_SRC, default none).")
  String dashboardConnectSrc;

  @Option(
      names = "--search-timeout",
      description =
          "How long POST /contacts/search may run before it answers 408, e.g. 20s, 500ms (env CONTACTD_SEARCH_TIMEOUT, default ${DEFAULT-VALUE}).")
  String searchTimeout;

  @Option(
      names = "--segment-sample-interval",
      description =
          "How often segments' contacts_count and contacts_sample are computed again in the background, e.g. 60m (env CONTACTD_SEGMENT_SAMPLE_INTERVAL, default ${DEFAULT-VALUE}).")
  String segmentSampleInterval;

  @Option(
      names = "--segment-refresh-limits",
      description =
          "Manual segment refreshes allowed per segment per day / per segment per hour / per account per day, or off (env CONTACTD_SEGMENT_REFRESH_LIMITS, default ${DEFAULT-VALUE}, SendGrid's).")
  String segmentRefreshLimits;

  @Option(
      names = "--blob-store",
      description =
          "Where export and import files live: s3://BUCKET?endpoint=URL&region=R&path-style=true|false, credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or the AWS chain (env CONTACTD_BLOB_STORE, default the data dir's files folder).")
  String blobStore;

  @Option(
      names = "--log-level",
      defaultValue = "info",
      description =
          "error, warn, info, debug or trace (env CONTACTD_LOG_LEVEL, default ${DEFAULT-VALUE}).")
  String logLevel;

  @Option(
      names = "--log-format",
      defaultValue = "text",
      description =
          "text, or json: one JSON object per line (env CONTACTD_LOG_FORMAT, default ${DEFAULT-VALUE}).")
  Logging.Format logFormat;

  @Option(
      names = "--access-log",
      arity = "0..1",
      fallbackValue = "true",
      description =
          "Log one line per request (env CONTACTD_ACCESS_LOG, default true with --log-format text, false with json).")
  Boolean accessLog;

  @Option(
      names = "--dev",
      arity = "0..1",
      fallbackValue = "true",
      description =
          "Dev mode, for tests and development only: any well-formed SG.<22>.<43> key is a full-access key of the owner account, rate limits off unless set, access log on, and the emulator's control API under /_contactd/ (env CONTACTD_DEV, default ${DEFAULT-VALUE}).")
  boolean dev;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    Config config =
        storage
            .builder()
            .host(host)
            .port(port)
            .publicUrl(publicUrl)
            .rateLimitPerMinute(dev && !rateLimitGiven() ? 0 : parseRateLimit(rateLimit))
            .apiKey(fromEnvironment("CONTACTD_API_KEY"))
            .workers(workers)
            .maxCustomFields(maxCustomFields)
            .maxLists(maxLists)
            .maxListsPerContact(maxListsPerContact)
            .maxSegments(maxSegments)
            .heartbeat(Durations.parse("--job-heartbeat", jobHeartbeat))
            .exportGzipLevel(exportGzipLevel)
            .exportShardSize(exportShardSize)
            .smtp(smtpUrl, smtpFrom)
            .importLimits(importMaxRows, importMaxBytes)
            .csvFormulaGuard(csvFormulaGuard)
            .blobStore(blobStore)
            .signingSecret(fromEnvironment("CONTACTD_SIGNING_SECRET"))
            .accessLog(accessLog != null ? accessLog : dev || logFormat == Logging.Format.TEXT)
            .metricsToken(metricsToken)
            .dashboardConnectSrc(dashboardConnectSrc)
            .searchTimeout(Durations.parse("--search-timeout", searchTimeout))
            .segmentSampleInterval(
                Durations.parse("--segment-sample-interval", segmentSampleInterval))
            .segmentRefreshLimits(
                RefreshLimits.parse("--segment-refresh-limits", segmentRefreshLimits))
            .dev(dev)
            .webhookSecret(fromEnvironment("CONTACTD_WEBHOOK_SECRET"))
            .build();
    DataDir.prepare(config.dataDir());
    App app;
    try {
      app = App.start(config, Clock.systemUTC(), Clock.systemUTC());
    } catch (RuntimeException e) {
      throw new Failures.StartFailure(Failures.start(e, config), e);
    }
    log.info("configuration: {}", config.describe());
    app.generatedKey()
        .ifPresent(
            key -> {
              System.out.println(
                  "First start: created a full-access API key (shown only once):\n  " + key);
              System.out.flush();
              app.keyShown();
            });
    if (app.noKeyShownYet()) {
      log.warn("no API key was shown yet: run ./contactd keys create");
    }
    awaitStopSignal();
    log.info("shutting down{}", Lifecycle.describeRunning(app.runningJobs()));
    app.close();
    return 0;
  }

  /**
   * CONTACTD_API_KEY and CONTACTD_SIGNING_SECRET come from the environment only: a secret does not
   * belong in argv, where every user of the machine can read it.
   */
  private String fromEnvironment(String name) {
    return spec.root().defaultValueProvider() instanceof Defaults d
        ? d.env(name)
        : System.getenv(name);
  }

  /**
   * Blocks until SIGTERM or SIGINT. Handling the signals ourselves (instead of a shutdown hook)
   * lets the server stop in order and exit 0, as a stop that was asked for should.
   */
  @SuppressWarnings("removal")
  private static void awaitStopSignal() throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    for (String name : List.of("TERM", "INT")) {
      sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stop.countDown());
    }
    stop.await();
  }

  /** Dev mode switches rate limits off unless the option or its variable was given. */
  private boolean rateLimitGiven() {
    String env = fromEnvironment("CONTACTD_RATE_LIMIT");
    return spec.commandLine().getParseResult().hasMatchedOption("--rate-limit")
        || (env != null && !env.isBlank());
  }

  private static int parseRateLimit(String value) {
    if (value.strip().equalsIgnoreCase("off")) {
      return 0;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--rate-limit must be a number of requests per minute or 'off', was " + value);
    }
  }
}
