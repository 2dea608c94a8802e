package io.contactd;

import io.contactd.auth.Account;
import io.contactd.auth.AccountStore;
import io.contactd.auth.ApiKeySecret;
import io.contactd.auth.ApiKeyStore;
import io.contactd.db.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The command line: {@code contactd serve | keys create | subusers create | version}. */
@Command(
    name = "contactd",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A self-hosted server that speaks SendGrid's v3 Marketing Contacts API.",
    subcommands = {
      Main.Serve.class,
      Main.Keys.class,
      Main.Subusers.class,
      Main.VersionCommand.class
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Where the data lives; shared by every subcommand that opens the database. */
  static final class Storage {
    @Option(
        names = "--data-dir",
        defaultValue = "${env:CONTACTD_DATA_DIR:-./contactd-data}",
        description =
            "Data folder: SQLite file and local files (env CONTACTD_DATA_DIR, default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
        names = "--db",
        defaultValue = "${env:CONTACTD_DB_URL}",
        description =
            "JDBC URL; jdbc:postgresql://… selects PostgreSQL (env CONTACTD_DB_URL, default SQLite in the data dir).")
    String dbUrl;

    Config.Builder builder() {
      return Config.builder(dataDir).dbUrl(dbUrl);
    }
  }

  @Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the API server.")
  static final class Serve implements Callable<Integer> {
    @Mixin Storage storage;

    @Option(
        names = "--host",
        defaultValue = "${env:CONTACTD_HOST:-127.0.0.1}",
        description = "Interface to listen on (env CONTACTD_HOST, default ${DEFAULT-VALUE}).")
    String host;

    @Option(
        names = "--port",
        defaultValue = "${env:CONTACTD_PORT:-8080}",
        description = "TCP port (env CONTACTD_PORT, default ${DEFAULT-VALUE}).")
    int port;

    @Option(
        names = "--public-url",
        defaultValue = "${env:CONTACTD_PUBLIC_URL}",
        description =
            "Base URL for links contactd hands out (env CONTACTD_PUBLIC_URL, default http://HOST:PORT).")
    String publicUrl;

    @Option(
        names = "--rate-limit",
        defaultValue = "${env:CONTACTD_RATE_LIMIT:-600}",
        description =
            "Requests per minute per account and route; 'off' or 0 disables (env CONTACTD_RATE_LIMIT, default ${DEFAULT-VALUE}).")
    String rateLimit;

    @Option(
        names = "--workers",
        defaultValue = "${env:CONTACTD_WORKERS:-true}",
        description =
            "Run jobs on this node; false = serve the API and queue work for other nodes (env CONTACTD_WORKERS, default ${DEFAULT-VALUE}).")
    boolean workers;

    @Option(
        names = "--max-custom-fields",
        defaultValue = "${env:CONTACTD_MAX_CUSTOM_FIELDS:-500}",
        description =
            "Custom fields per account (env CONTACTD_MAX_CUSTOM_FIELDS, default ${DEFAULT-VALUE}).")
    int maxCustomFields;

    @Option(
        names = "--max-lists",
        defaultValue = "${env:CONTACTD_MAX_LISTS:-1000}",
        description = "Lists per account (env CONTACTD_MAX_LISTS, default ${DEFAULT-VALUE}).")
    int maxLists;

    @Option(
        names = "--max-lists-per-contact",
        defaultValue = "${env:CONTACTD_MAX_LISTS_PER_CONTACT:-250}",
        description =
            "Lists one contact may belong to (env CONTACTD_MAX_LISTS_PER_CONTACT, default ${DEFAULT-VALUE}).")
    int maxListsPerContact;

    @Option(
        names = "--job-heartbeat",
        defaultValue = "${env:CONTACTD_JOB_HEARTBEAT:-5s}",
        description =
            "How often a node proves it is alive; its jobs are taken over after 4 missed beats, e.g. 5s, 500ms (env CONTACTD_JOB_HEARTBEAT, default ${DEFAULT-VALUE}).")
    String jobHeartbeat;

    @Option(
        names = "--export-gzip-level",
        defaultValue = "${env:CONTACTD_EXPORT_GZIP_LEVEL:-1}",
        description =
            "gzip level of export files, 1 fastest .. 9 smallest (env CONTACTD_EXPORT_GZIP_LEVEL, default ${DEFAULT-VALUE}).")
    int exportGzipLevel;

    @Option(
        names = "--import-max-rows",
        defaultValue = "${env:CONTACTD_IMPORT_MAX_ROWS:-1000000}",
        description =
            "Data rows one CSV import may have (env CONTACTD_IMPORT_MAX_ROWS, default ${DEFAULT-VALUE}).")
    long importMaxRows;

    @Option(
        names = "--import-max-bytes",
        defaultValue = "${env:CONTACTD_IMPORT_MAX_BYTES:-5368709120}",
        description =
            "Bytes one CSV import upload may have, as sent (env CONTACTD_IMPORT_MAX_BYTES, default ${DEFAULT-VALUE} = 5 GB).")
    long importMaxBytes;

    @Option(
        names = "--csv-formula-guard",
        defaultValue = "${env:CONTACTD_CSV_FORMULA_GUARD:-false}",
        description =
            "Prefix CSV cells starting with = + - @ tab or CR with ' in export and import error files (env CONTACTD_CSV_FORMULA_GUARD, default ${DEFAULT-VALUE}: files stay byte-faithful).")
    boolean csvFormulaGuard;

    @Option(
        names = "--smtp-url",
        defaultValue = "${env:CONTACTD_SMTP_URL}",
        description =
            "SMTP server for export notification mail, smtp://host:port or smtps://user:password@host:port (env CONTACTD_SMTP_URL, default none: mail is skipped and logged).")
    String smtpUrl;

    @Option(
        names = "--smtp-from",
        defaultValue = "${env:CONTACTD_SMTP_FROM:-contactd@localhost}",
        description =
            "Sender address of contactd's mail (env CONTACTD_SMTP_FROM, default ${DEFAULT-VALUE}).")
    String smtpFrom;

    @Override
    public Integer call() throws InterruptedException {
      Config config =
          storage
              .builder()
              .host(host)
              .port(port)
              .publicUrl(publicUrl)
              .rateLimitPerMinute(parseRateLimit(rateLimit))
              .apiKey(System.getenv("CONTACTD_API_KEY"))
              .workers(workers)
              .maxCustomFields(maxCustomFields)
              .maxLists(maxLists)
              .maxListsPerContact(maxListsPerContact)
              .jobTiming(
                  java.time.Duration.ofSeconds(1), parseDuration("--job-heartbeat", jobHeartbeat))
              .exportGzipLevel(exportGzipLevel)
              .smtp(smtpUrl, smtpFrom)
              .importLimits(importMaxRows, importMaxBytes)
              .csvFormulaGuard(csvFormulaGuard)
              .signingSecret(System.getenv("CONTACTD_SIGNING_SECRET"))
              .build();
      App app = App.start(config, Clock.systemUTC());
      app.generatedKey()
          .ifPresent(
              key ->
                  System.out.println(
                      "First start: created a full-access API key (shown only once):\n  " + key));
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    app.close();
                    stopped.countDown();
                  }));
      stopped.await();
      return 0;
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}, or ISO-8601 ({@code PT5S}). */
    static java.time.Duration parseDuration(String option, String value) {
      String v = value.trim().toLowerCase(java.util.Locale.ROOT);
      try {
        if (v.startsWith("p")) {
          return java.time.Duration.parse(value.trim());
        }
        if (v.endsWith("ms")) {
          return java.time.Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        }
        if (v.endsWith("s")) {
          return java.time.Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        if (v.endsWith("m")) {
          return java.time.Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        }
        throw new IllegalArgumentException("no unit");
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            option + " must look like 500ms, 5s or 2m, was " + value);
      }
    }

    private static int parseRateLimit(String value) {
      if (value.equalsIgnoreCase("off")) {
        return 0;
      }
      try {
        return Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--rate-limit must be a number or 'off', was " + value);
      }
    }
  }

  @Command(
      name = "keys",
      mixinStandardHelpOptions = true,
      description = "Manage API keys.",
      subcommands = Keys.Create.class)
  static final class Keys implements Runnable {
    @Override
    public void run() {
      new CommandLine(this).usage(System.out);
    }

    @Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = "Create an API key and print it once.")
    static final class Create implements Callable<Integer> {
      @Mixin Storage storage;

      @Option(
          names = "--name",
          defaultValue = "cli",
          description = "Name of the key (default ${DEFAULT-VALUE}).")
      String name;

      @Option(
          names = "--scope",
          split = ",",
          description = "Scopes, comma-separated; none = full access.")
      java.util.List<String> scopes;

      @Option(
          names = "--subuser",
          description = "Create the key for this subuser instead of the parent account.")
      String subuser;

      @Override
      public Integer call() {
        Config config = storage.builder().build();
        try (Database db = Database.open(config.jdbcUrl())) {
          Clock clock = Clock.systemUTC();
          AccountStore accounts = new AccountStore(db.jdbi(), clock);
          Account owner = accounts.ensureOwner("contactd", "owner@contactd.local");
          Account target = owner;
          if (subuser != null) {
            target = accounts.byUsername(subuser).filter(a -> a.parentId() != null).orElse(null);
            if (target == null) {
              System.err.println("no subuser named " + subuser);
              return 2;
            }
          }
          if (scopes != null) {
            for (String scope : scopes) {
              if (!io.contactd.auth.Scopes.known(scope)) {
                System.err.println(
                    "unknown scope " + scope + "; known: " + io.contactd.auth.Scopes.ALL);
                return 2;
              }
            }
          }
          ApiKeySecret secret = ApiKeySecret.generate();
          new ApiKeyStore(db.jdbi(), clock).insert(secret, target.id(), name, scopes);
          System.out.println(secret);
          return 0;
        }
      }
    }
  }

  @Command(
      name = "subusers",
      mixinStandardHelpOptions = true,
      description = "Manage subusers.",
      subcommands = Subusers.Create.class)
  static final class Subusers implements Runnable {
    @Override
    public void run() {
      new CommandLine(this).usage(System.out);
    }

    @Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = "Create a subuser of the parent account.")
    static final class Create implements Callable<Integer> {
      @Mixin Storage storage;

      @Parameters(index = "0", description = "Username of the subuser.")
      String username;

      @Option(
          names = "--email",
          description = "Email of the subuser (default USERNAME@contactd.local).")
      String email;

      @Override
      public Integer call() {
        String mail = email != null ? email : username + "@contactd.local";
        var problem =
            io.contactd.auth.SubuserNames.usernameProblem(username)
                .or(() -> io.contactd.auth.SubuserNames.emailProblem(mail));
        if (problem.isPresent()) {
          System.err.println(problem.get());
          return 2;
        }
        Config config = storage.builder().build();
        try (Database db = Database.open(config.jdbcUrl())) {
          AccountStore accounts = new AccountStore(db.jdbi(), Clock.systemUTC());
          Account owner = accounts.ensureOwner("contactd", "owner@contactd.local");
          var created = accounts.createSubuser(owner.id(), username, mail);
          if (created.isEmpty()) {
            System.err.println("username " + username + " is taken");
            return 2;
          }
          System.out.println(
              "created subuser " + username + " (user_id " + created.get().id() + ")");
          return 0;
        }
      }
    }
  }

  @Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version.")
  static final class VersionCommand implements Runnable {
    @Override
    public void run() {
      System.out.println("contactd " + Version.text());
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    static String text() {
      String v = Main.class.getPackage().getImplementationVersion();
      return v != null ? v : "dev";
    }

    @Override
    public String[] getVersion() {
      return new String[] {"contactd " + text()};
    }
  }
}
