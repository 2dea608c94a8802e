package io.contactd;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Every setting of a running contactd, validated once at start. {@link #describe()} is what the
 * server logs (secrets masked).
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
    int exportGzipLevel,
    String smtpUrl,
    String smtpFrom,
    Duration sweepInterval,
    long importMaxRows,
    long importMaxBytes,
    boolean csvFormulaGuard,
    String signingSecret,
    Duration exportPartPause) {

  public static final int DEFAULT_RATE_LIMIT = 600;

  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  public Config {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    if (rateLimitPerMinute < 0) {
      throw new IllegalArgumentException(
          "rate limit must be >= 0 (0 = off), was " + rateLimitPerMinute);
    }
    if (jobThreads < 1) {
      throw new IllegalArgumentException("job threads must be >= 1");
    }
    if (maxCustomFields < 0 || maxLists < 0 || maxListsPerContact < 1) {
      throw new IllegalArgumentException(
          "custom field and list limits must be >= 0 (lists per contact >= 1)");
    }
    if (exportGzipLevel < 1 || exportGzipLevel > 9) {
      throw new IllegalArgumentException("export gzip level must be 1..9, was " + exportGzipLevel);
    }
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException(
          "job heartbeat must be positive, was " + heartbeatInterval);
    }
    if (importMaxRows < 1 || importMaxBytes < 1) {
      throw new IllegalArgumentException("import limits must be >= 1");
    }
    if (sweepInterval.isNegative() || sweepInterval.isZero()) {
      throw new IllegalArgumentException("sweep interval must be positive, was " + sweepInterval);
    }
    if (exportPartPause.isNegative()) {
      throw new IllegalArgumentException("export part pause must be >= 0, was " + exportPartPause);
    }
    if (signingSecret != null && signingSecret.isBlank()) {
      signingSecret = null;
    }
    if (smtpUrl != null && smtpUrl.isBlank()) {
      smtpUrl = null;
    }
    if (publicUrl != null && publicUrl.endsWith("/")) {
      publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
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
    b.exportGzipLevel = exportGzipLevel;
    b.smtpUrl = smtpUrl;
    b.smtpFrom = smtpFrom;
    b.sweepInterval = sweepInterval;
    b.importMaxRows = importMaxRows;
    b.importMaxBytes = importMaxBytes;
    b.csvFormulaGuard = csvFormulaGuard;
    b.signingSecret = signingSecret;
    b.exportPartPause = exportPartPause;
    return b;
  }

  /** Defaults for every option; the CLI and tests override what they need. */
  public static final class Builder {
    private final Path dataDir;
    private String host = "127.0.0.1";
    private int port = 8080;
    private String dbUrl;
    private String publicUrl;
    private int rateLimitPerMinute = DEFAULT_RATE_LIMIT;
    private String apiKey;
    private int jobThreads = 2;
    private Duration pollingInterval = Duration.ofSeconds(1);
    private Duration heartbeatInterval = Duration.ofSeconds(5);
    private boolean workers = true;
    private int maxCustomFields = 500;
    private int maxLists = 1000;
    private int maxListsPerContact = 250;
    private int exportGzipLevel = 1;
    private String smtpUrl;
    private String smtpFrom = "contactd@localhost";
    private Duration sweepInterval = Duration.ofMinutes(5);
    private long importMaxRows = 1_000_000;
    private long importMaxBytes = 5L * 1024 * 1024 * 1024;
    private boolean csvFormulaGuard;
    private String signingSecret;
    private Duration exportPartPause = Duration.ZERO;

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

    public Builder sweepInterval(Duration sweepInterval) {
      this.sweepInterval = sweepInterval;
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
          exportGzipLevel,
          smtpUrl,
          smtpFrom,
          sweepInterval,
          importMaxRows,
          importMaxBytes,
          csvFormulaGuard,
          signingSecret,
          exportPartPause);
    }
  }

  public String describe() {
    return "host="
        + host
        + " port="
        + port
        + " dataDir="
        + dataDir
        + " db="
        + jdbcUrl().replaceAll("(?i)(password=)[^&;]*", "$1***")
        + " publicUrl="
        + publicUrl
        + " rateLimit="
        + (rateLimitPerMinute == 0 ? "off" : rateLimitPerMinute + "/min")
        + " apiKey="
        + (apiKey == null ? "none" : "***")
        + " jobThreads="
        + jobThreads
        + " workers="
        + workers
        + " maxCustomFields="
        + maxCustomFields
        + " maxLists="
        + maxLists
        + " maxListsPerContact="
        + maxListsPerContact
        + " jobHeartbeat="
        + heartbeatInterval
        + " exportGzipLevel="
        + exportGzipLevel
        + " smtp="
        + (smtpUrl == null ? "none" : smtpUrl.replaceAll("//[^@/]*@", "//***@"))
        + " sweepInterval="
        + sweepInterval
        + " importMaxRows="
        + importMaxRows
        + " importMaxBytes="
        + importMaxBytes
        + " csvFormulaGuard="
        + csvFormulaGuard
        + " signingSecret="
        + (signingSecret == null
            ? "database"
            : signingSecret.startsWith("file:") ? signingSecret : "***");
  }
}
