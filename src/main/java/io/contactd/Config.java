package io.contactd;

import io.contactd.auth.ApiKeySecret;
import io.contactd.segments.RefreshLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every setting of a running contactd, validated once at start. The {@link Builder}'s field values
 * are the only place each default is spelled: the command line takes its defaults from {@link
 * #settings()} of {@link #defaults()}. {@link #describe()} is what the server logs at start
 * (secrets masked). Messages of invalid values name the command-line option, since that is what
 * people type.
 *
 * @param host interface to listen on
 * @param port TCP port; 0 picks a free one (tests)
 * @param dataDir folder for the SQLite file and the local file store
 * @param dbUrl JDBC URL; null means SQLite in {@code dataDir}
 * @param publicUrl base of the URLs contactd hands out; null means {@code http://host:port}
 * @param rateLimitPerMinute requests per minute per account and route; 0 switches limiting off
 * @param apiKey a full-access key registered at start (CI, containers); may be null
 * @param jobThreads workers per node
 * @param pollingInterval how often a node looks for due jobs
 * @param heartbeatInterval how often a node proves it is alive; a job is taken over after 4 missed
 * @param workers whether this node runs jobs; false = it only serves the API and queues work
 * @param maxCustomFields custom fields per account (SendGrid: 500)
 * @param maxLists lists per account (SendGrid: 1000)
 * @param maxListsPerContact lists one contact may belong to (SendGrid: 250)
 * @param maxSegments segments per account (SendGrid: 200)
 * @param exportGzipLevel gzip level of export files, 1 (fastest, default) to 9 (smallest)
 * @param smtpUrl {@code smtp://host:port} for export notification mail; null means no mail
 * @param smtpFrom sender address of contactd's mail
 * @param sweepInterval how often expired exports and their files are deleted
 * @param importMaxRows data rows one CSV import may have (SendGrid: 1,000,000)
 * @param importMaxBytes bytes one CSV import upload may have (SendGrid: 5 GB)
 * @param csvFormulaGuard prefix CSV cells a spreadsheet would run as formulas with {@code '}
 * @param signingSecret URL-signing secret (≥ 32 characters) or {@code file:<path>}; null means one
 *     generated and kept in the database
 * @param exportPartPause for tests only: a pause after each export file is published, so a test can
 *     kill the process at a known point mid-export; zero (no pause) otherwise
 * @param accessLog whether each request is logged in one line
 * @param exportShardSize matching contacts per export shard: a larger export is cut into shards of
 *     about this many, each its own job that any node's worker takes; a smaller one is one shard
 * @param exportWarmup run made-up contacts through the export path once at start, so that the first
 *     export is as fast as the next (tests switch it off: it only costs them time)
 * @param metricsToken bearer token {@code /metrics} requires; null means open on a loopback bind
 *     and refused on any other
 * @param dashboardConnectSrc origins besides contactd's own that the dashboard may send requests to
 *     (uploads to an object store), space-separated; null means none
 * @param searchTimeout how long a contact search may run before it answers 408 (SendGrid: 20 s)
 * @param segmentSampleInterval how often segments' counts and samples are computed again in the
 *     background (SendGrid: about hourly)
 * @param segmentRefreshLimits manual segment refreshes allowed (SendGrid's by default), or none
 *     checked
 * @param dev dev mode: any well-formed key is a full-access key of the owner account, and the
 *     emulator's control API under {@code /_contactd/} is on (404 otherwise)
 * @param webhookSecret signs deliveries to {@code notifications.webhook_url}; null means one
 *     generated and kept in the database
 * @param webhookRetry the first retry of a failed webhook delivery (then doubling, for 24 h)
 * @param blobStore where export and import files live: null for the {@code files} folder of the
 *     data dir, or {@code s3://BUCKET?endpoint=…&region=…&path-style=…} (see {@link
 *     io.contactd.files.S3Location})
 */
public record Config(
    String host,
    int port,
    Path dataDir,
    String dbUrl,
    String publicUrl,
    int rateLimitPerMinute,
    String apiKey,
    int jobThreads,
    Duration pollingInterval,
    Duration heartbeatInterval,
    boolean workers,
    int maxCustomFields,
    int maxLists,
    int maxListsPerContact,
    int maxSegments,
    int exportGzipLevel,
    String smtpUrl,
    String smtpFrom,
    Duration sweepInterval,
    long importMaxRows,
    long importMaxBytes,
    boolean csvFormulaGuard,
    String signingSecret,
    boolean accessLog,
    Duration exportPartPause,
    long exportShardSize,
    boolean exportWarmup,
    String metricsToken,
    String dashboardConnectSrc,
    Duration searchTimeout,
    Duration segmentSampleInterval,
    RefreshLimits segmentRefreshLimits,
    boolean dev,
    String webhookSecret,
    Duration webhookRetry,
    String blobStore) {

  public static final Path DEFAULT_DATA_DIR = Path.of("./contactd-data");

  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  /** Every setting at its default. */
  public static Config defaults() {
    return builder(DEFAULT_DATA_DIR).build();
  }

  public Config {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be 0..65535, was " + port);
    }
    if (rateLimitPerMinute < 0) {
      throw new IllegalArgumentException(
          "--rate-limit must be a number >= 0 or 'off', was " + rateLimitPerMinute);
    }
    if (jobThreads < 1) {
      throw new IllegalArgumentException("job threads must be >= 1, was " + jobThreads);
    }
    atLeast("--max-custom-fields", maxCustomFields, 0);
    atLeast("--max-lists", maxLists, 0);
    atLeast("--max-lists-per-contact", maxListsPerContact, 1);
    atLeast("--max-segments", maxSegments, 0);
    if (exportGzipLevel < 1 || exportGzipLevel > 9) {
      throw new IllegalArgumentException(
          "--export-gzip-level must be 1..9, was " + exportGzipLevel);
    }
    positive("polling interval", pollingInterval);
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException(
          "--job-heartbeat must be positive, was " + Durations.format(heartbeatInterval));
    }
    atLeast("--import-max-rows", importMaxRows, 1);
    atLeast("--import-max-bytes", importMaxBytes, 1);
    positive("sweep interval", sweepInterval);
    atLeast("--export-shard-size", exportShardSize, 1);
    if (dbUrl != null && dbUrl.isBlank()) {
      dbUrl = null;
    }
    if (dbUrl != null
        && !dbUrl.startsWith("jdbc:sqlite:")
        && !dbUrl.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "--db must be jdbc:postgresql://HOST[:PORT]/DATABASE or jdbc:sqlite:FILE, was "
              + masked(dbUrl));
    }
    if (apiKey != null && apiKey.isBlank()) {
      apiKey = null;
    }
    if (apiKey != null && ApiKeySecret.parse(apiKey) == null) {
      // Never echo the value: it is meant to be a secret.
      throw new IllegalArgumentException(
          "CONTACTD_API_KEY must look like SG.<22 characters>.<43 characters> (letters, digits,"
              + " - and _); the value given does not");
    }
    positive("--search-timeout", searchTimeout);
    positive("--segment-sample-interval", segmentSampleInterval);
    if (exportPartPause.isNegative()) {
      throw new IllegalArgumentException("export part pause must be >= 0, was " + exportPartPause);
    }
    positive("webhook retry", webhookRetry);
    if (webhookSecret != null && webhookSecret.isBlank()) {
      webhookSecret = null;
    }
    if (signingSecret != null && signingSecret.isBlank()) {
      signingSecret = null;
    }
    if (smtpUrl != null && smtpUrl.isBlank()) {
      smtpUrl = null;
    }
    if (publicUrl != null && publicUrl.isBlank()) {
      publicUrl = null;
    }
    if (metricsToken != null && metricsToken.isBlank()) {
      metricsToken = null;
    }
    if (dashboardConnectSrc != null && dashboardConnectSrc.isBlank()) {
      dashboardConnectSrc = null;
    }
    if (dashboardConnectSrc != null) {
      for (String origin : dashboardConnectSrc.trim().split("[\\s,]+")) {
        // Checked strictly: the value goes into the Content-Security-Policy header.
        if (!origin.matches("https?://(\\*\\.)?[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
          throw new IllegalArgumentException(
              "--dashboard-connect-src takes origins like https://bucket.s3.example.com, was "
                  + origin);
        }
      }
    }
    if (blobStore != null && blobStore.isBlank()) {
      blobStore = null;
    }
    if (blobStore != null) {
      io.contactd.files.S3Location.parse(blobStore); // the message names --blob-store
    }
    if (publicUrl != null && publicUrl.endsWith("/")) {
      publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
    }
  }

  private static void atLeast(String option, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(option + " must be >= " + min + ", was " + value);
    }
  }

  private static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  public String jdbcUrl() {
    return dbUrl != null ? dbUrl : "jdbc:sqlite:" + dataDir.resolve("contactd.db");
  }

  public Builder toBuilder() {
    Builder b = new Builder(dataDir);
    b.host = host;
    b.port = port;
    b.dbUrl = dbUrl;
    b.publicUrl = publicUrl;
    b.rateLimitPerMinute = rateLimitPerMinute;
    b.apiKey = apiKey;
    b.jobThreads = jobThreads;
    b.pollingInterval = pollingInterval;
    b.heartbeatInterval = heartbeatInterval;
    b.workers = workers;
    b.maxCustomFields = maxCustomFields;
    b.maxLists = maxLists;
    b.maxListsPerContact = maxListsPerContact;
    b.maxSegments = maxSegments;
    b.exportGzipLevel = exportGzipLevel;
    b.smtpUrl = smtpUrl;
    b.smtpFrom = smtpFrom;
    b.sweepInterval = sweepInterval;
    b.importMaxRows = importMaxRows;
    b.importMaxBytes = importMaxBytes;
    b.csvFormulaGuard = csvFormulaGuard;
    b.signingSecret = signingSecret;
    b.accessLog = accessLog;
    b.exportPartPause = exportPartPause;
    b.exportShardSize = exportShardSize;
    b.exportWarmup = exportWarmup;
    b.metricsToken = metricsToken;
    b.dashboardConnectSrc = dashboardConnectSrc;
    b.searchTimeout = searchTimeout;
    b.segmentSampleInterval = segmentSampleInterval;
    b.segmentRefreshLimits = segmentRefreshLimits;
    b.dev = dev;
    b.webhookSecret = webhookSecret;
    b.webhookRetry = webhookRetry;
    b.blobStore = blobStore;
    return b;
  }

  /** Defaults for every option; the CLI and tests override what they need. */
  public static final class Builder {
    private final Path dataDir;
    private String host = "127.0.0.1";
    private int port = 8080;
    private String dbUrl;
    private String publicUrl;
    private int rateLimitPerMinute = 600;
    private String apiKey;
    private int jobThreads = 2;
    private Duration pollingInterval = Duration.ofSeconds(1);
    private Duration heartbeatInterval = Duration.ofSeconds(5);
    private boolean workers = true;
    private int maxCustomFields = 500;
    private int maxLists = 1000;
    private int maxListsPerContact = 250;
    private int maxSegments = 200;
    private int exportGzipLevel = 1;
    private String smtpUrl;
    private String smtpFrom = "contactd@localhost";
    private Duration sweepInterval = Duration.ofMinutes(5);
    private long importMaxRows = 1_000_000;
    private long importMaxBytes = 5L * 1024 * 1024 * 1024;
    private boolean csvFormulaGuard = false;
    private String signingSecret;
    private boolean accessLog = true;
    private Duration exportPartPause = Duration.ZERO;
    private long exportShardSize = 500_000;
    private boolean exportWarmup = true;
    private String metricsToken;
    private String dashboardConnectSrc;
    private Duration searchTimeout = Duration.ofSeconds(20);
    private Duration segmentSampleInterval = Duration.ofMinutes(60);
    private RefreshLimits segmentRefreshLimits = RefreshLimits.SENDGRID;
    private boolean dev = false;
    private String webhookSecret;
    private Duration webhookRetry = Duration.ofSeconds(10);
    private String blobStore;

    private Builder(Path dataDir) {
      this.dataDir = dataDir;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder dbUrl(String dbUrl) {
      this.dbUrl = dbUrl;
      return this;
    }

    public Builder publicUrl(String publicUrl) {
      this.publicUrl = publicUrl;
      return this;
    }

    public Builder rateLimitPerMinute(int rateLimitPerMinute) {
      this.rateLimitPerMinute = rateLimitPerMinute;
      return this;
    }

    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    public Builder jobThreads(int jobThreads) {
      this.jobThreads = jobThreads;
      return this;
    }

    public Builder jobTiming(Duration pollingInterval, Duration heartbeatInterval) {
      this.pollingInterval = pollingInterval;
      this.heartbeatInterval = heartbeatInterval;
      return this;
    }

    public Builder heartbeat(Duration heartbeatInterval) {
      this.heartbeatInterval = heartbeatInterval;
      return this;
    }

    public Builder accessLog(boolean accessLog) {
      this.accessLog = accessLog;
      return this;
    }

    public Builder workers(boolean workers) {
      this.workers = workers;
      return this;
    }

    public Builder maxCustomFields(int maxCustomFields) {
      this.maxCustomFields = maxCustomFields;
      return this;
    }

    public Builder maxLists(int maxLists) {
      this.maxLists = maxLists;
      return this;
    }

    public Builder maxListsPerContact(int maxListsPerContact) {
      this.maxListsPerContact = maxListsPerContact;
      return this;
    }

    public Builder maxSegments(int maxSegments) {
      this.maxSegments = maxSegments;
      return this;
    }

    public Builder exportGzipLevel(int exportGzipLevel) {
      this.exportGzipLevel = exportGzipLevel;
      return this;
    }

    public Builder smtp(String smtpUrl, String smtpFrom) {
      this.smtpUrl = smtpUrl;
      if (smtpFrom != null) {
        this.smtpFrom = smtpFrom;
      }
      return this;
    }

    public Builder importLimits(long maxRows, long maxBytes) {
      this.importMaxRows = maxRows;
      this.importMaxBytes = maxBytes;
      return this;
    }

    public Builder csvFormulaGuard(boolean csvFormulaGuard) {
      this.csvFormulaGuard = csvFormulaGuard;
      return this;
    }

    public Builder signingSecret(String signingSecret) {
      this.signingSecret = signingSecret;
      return this;
    }

    /** For tests only: see {@link Config#exportPartPause()}. */
    public Builder exportPartPause(Duration exportPartPause) {
      this.exportPartPause = exportPartPause;
      return this;
    }

    public Builder exportShardSize(long exportShardSize) {
      this.exportShardSize = exportShardSize;
      return this;
    }

    public Builder exportWarmup(boolean exportWarmup) {
      this.exportWarmup = exportWarmup;
      return this;
    }

    public Builder metricsToken(String metricsToken) {
      this.metricsToken = metricsToken;
      return this;
    }

    public Builder dashboardConnectSrc(String dashboardConnectSrc) {
      this.dashboardConnectSrc = dashboardConnectSrc;
      return this;
    }

    public Builder dev(boolean dev) {
      this.dev = dev;
      return this;
    }

    public Builder webhookSecret(String webhookSecret) {
      this.webhookSecret = webhookSecret;
      return this;
    }

    /** The first retry of a failed webhook delivery; tests shorten it. */
    public Builder webhookRetry(Duration webhookRetry) {
      this.webhookRetry = webhookRetry;
      return this;
    }

    /** {@code s3://BUCKET?…}, or null for the local folder. */
    public Builder blobStore(String blobStore) {
      this.blobStore = blobStore;
      return this;
    }

    public Builder sweepInterval(Duration sweepInterval) {
      this.sweepInterval = sweepInterval;
      return this;
    }

    public Builder searchTimeout(Duration searchTimeout) {
      this.searchTimeout = searchTimeout;
      return this;
    }

    public Builder segmentSampleInterval(Duration segmentSampleInterval) {
      this.segmentSampleInterval = segmentSampleInterval;
      return this;
    }

    public Builder segmentRefreshLimits(RefreshLimits segmentRefreshLimits) {
      this.segmentRefreshLimits = segmentRefreshLimits;
      return this;
    }

    public Config build() {
      return new Config(
          host,
          port,
          dataDir,
          dbUrl,
          publicUrl,
          rateLimitPerMinute,
          apiKey,
          jobThreads,
          pollingInterval,
          heartbeatInterval,
          workers,
          maxCustomFields,
          maxLists,
          maxListsPerContact,
          maxSegments,
          exportGzipLevel,
          smtpUrl,
          smtpFrom,
          sweepInterval,
          importMaxRows,
          importMaxBytes,
          csvFormulaGuard,
          signingSecret,
          accessLog,
          exportPartPause,
          exportShardSize,
          exportWarmup,
          metricsToken,
          dashboardConnectSrc,
          searchTimeout,
          segmentSampleInterval,
          segmentRefreshLimits,
          dev,
          webhookSecret,
          webhookRetry,
          blobStore);
    }
  }

  /**
   * Each setting under its command-line name, in the form the command line accepts, secrets masked;
   * null where a setting is unset (it then means what the option's help says).
   */
  public Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put("host", host);
    s.put("port", Integer.toString(port));
    s.put("data-dir", dataDir.toString());
    s.put("db", dbUrl == null ? null : masked(dbUrl));
    s.put("public-url", publicUrl);
    s.put("rate-limit", rateLimitPerMinute == 0 ? "off" : Integer.toString(rateLimitPerMinute));
    s.put("workers", Boolean.toString(workers));
    s.put("max-custom-fields", Integer.toString(maxCustomFields));
    s.put("max-lists", Integer.toString(maxLists));
    s.put("max-lists-per-contact", Integer.toString(maxListsPerContact));
    s.put("max-segments", Integer.toString(maxSegments));
    s.put("job-heartbeat", Durations.format(heartbeatInterval));
    s.put("export-gzip-level", Integer.toString(exportGzipLevel));
    s.put("export-shard-size", Long.toString(exportShardSize));
    s.put("import-max-rows", Long.toString(importMaxRows));
    s.put("import-max-bytes", Long.toString(importMaxBytes));
    s.put("smtp-url", smtpUrl == null ? null : masked(smtpUrl));
    s.put("smtp-from", smtpFrom);
    s.put("csv-formula-guard", Boolean.toString(csvFormulaGuard));
    s.put("metrics-token", metricsToken == null ? null : "****");
    s.put("dashboard-connect-src", dashboardConnectSrc);
    s.put("search-timeout", Durations.format(searchTimeout));
    s.put("segment-sample-interval", Durations.format(segmentSampleInterval));
    s.put("segment-refresh-limits", segmentRefreshLimits.toString());
    s.put("dev", Boolean.toString(dev));
    s.put("blob-store", blobStore);
    return s;
  }

  /** One line for the start-up log: every setting, secrets masked. */
  public String describe() {
    StringBuilder line = new StringBuilder();
    settings()
        .forEach(
            (name, value) -> {
              if (name.equals("db")) {
                value = masked(jdbcUrl());
              } else if (name.equals("public-url") && value == null) {
                value = "auto";
              } else if (name.equals("blob-store") && value == null) {
                value = "local";
              }
              line.append(name).append('=').append(value == null ? "none" : value).append(' ');
            });
    line.append("api-key=").append(apiKey == null ? "none" : "***");
    line.append(" job-threads=").append(jobThreads);
    line.append(" sweep-interval=").append(Durations.format(sweepInterval));
    line.append(" signing-secret=")
        .append(
            signingSecret == null
                ? "database"
                : signingSecret.startsWith("file:") ? signingSecret : "***");
    line.append(" access-log=").append(accessLog);
    line.append(" export-warmup=").append(exportWarmup);
    line.append(" webhook-secret=").append(webhookSecret == null ? "database" : "***");
    return line.toString();
  }

  /** A URL with its password masked: {@code password=…} parameters and {@code user:pass@}. */
  public static String masked(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***")
        .replaceAll("//([^:@/]*):[^@/]*@", "//$1:***@");
  }
}
