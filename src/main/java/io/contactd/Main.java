package io.contactd;

import io.contactd.auth.Account;
import io.contactd.auth.AccountStore;
import io.contactd.auth.ApiKey;
import io.contactd.auth.ApiKeySecret;
import io.contactd.auth.ApiKeyStore;
import io.contactd.auth.Scopes;
import io.contactd.db.Database;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The command line: {@code contactd serve | keys … | subusers … | completion | version | help}.
 *
 * <p>Every option {@code --name} also reads {@code CONTACTD_NAME} from the environment; its default
 * comes from {@link Config#defaults()}, so each default is spelled once. A problem prints one line,
 * {@code contactd: …}, and exits non-zero (2 for a bad option or value, 1 for a failed start);
 * {@code --debug} or {@code CONTACTD_LOG_LEVEL=debug} adds the stack trace.
 */
@Command(
    name = "contactd",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A self-hosted server that speaks SendGrid's v3 Marketing Contacts API.",
    subcommands = {
      Main.Serve.class,
      Main.Keys.class,
      Main.Subusers.class,
      Main.Completion.class,
      Main.VersionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  /** Exit code of a bad option or value: the command never ran. */
  static final int USAGE = 2;

  /** Exit code of a start or command that failed. */
  static final int FAILED = 1;

  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args, System.getenv()));
  }

  /** Runs the command line as {@link #main} does, with the given environment; returns the code. */
  public static int execute(String[] args, Map<String, String> env) {
    CommandLine cli = new CommandLine(new Main());
    cli.setDefaultValueProvider(new Defaults(env));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(
        (e, argv) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println(
              "contactd: "
                  + firstLine(e.getMessage())
                  + " (see '"
                  + e.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help')");
          return USAGE;
        });
    cli.setExecutionStrategy(
        parsed -> {
          io.contactd.logging.Logging.configure(logLevel(parsed, env), logFormat(parsed));
          return new CommandLine.RunLast().execute(parsed);
        });
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          PrintWriter err = command.getErr();
          err.println("contactd: " + Failures.oneLine(e));
          if ("debug".equals(logLevel(parsed, env)) || "trace".equals(logLevel(parsed, env))) {
            e.printStackTrace(err);
          }
          err.flush();
          return e instanceof IllegalArgumentException ? USAGE : FAILED;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  private static String firstLine(String message) {
    String m = String.valueOf(message).strip();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl).strip();
  }

  /** {@code --debug} wins, then {@code --log-level}, then {@code CONTACTD_LOG_LEVEL}, then info. */
  private static String logLevel(ParseResult parsed, Map<String, String> env) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")
          && Boolean.TRUE.equals(p.matchedOptionValue("--debug", false))) {
        return "debug";
      }
    }
    ParseResult last = last(parsed);
    if (last.commandSpec().findOption("--log-level") != null) {
      return last.commandSpec()
          .findOption("--log-level")
          .<String>getValue()
          .toLowerCase(Locale.ROOT);
    }
    String fromEnv = env.get("CONTACTD_LOG_LEVEL");
    return fromEnv == null || fromEnv.isBlank() ? "info" : fromEnv.toLowerCase(Locale.ROOT);
  }

  private static io.contactd.logging.Logging.Format logFormat(ParseResult parsed) {
    OptionSpec format = last(parsed).commandSpec().findOption("--log-format");
    return format == null ? io.contactd.logging.Logging.Format.TEXT : format.getValue();
  }

  private static ParseResult last(ParseResult parsed) {
    ParseResult p = parsed;
    while (p.subcommand() != null) {
      p = p.subcommand();
    }
    return p;
  }

  /**
   * Defaults of every option: {@code CONTACTD_NAME} from the environment ({@code CONTACTD_DB_URL}
   * for {@code --db}), else {@link Config#defaults()}, else the option's own default.
   */
  static final class Defaults implements CommandLine.IDefaultValueProvider {
    private static final Map<String, String> CONFIG_DEFAULTS = Config.defaults().settings();
    private static final java.util.Set<String> LOG_OPTIONS =
        java.util.Set.of("log-level", "log-format", "access-log");
    private final Map<String, String> env;

    Defaults(Map<String, String> env) {
      this.env = env;
    }

    static String envName(String option) {
      String name = option.replaceFirst("^--", "");
      return name.equals("db")
          ? "CONTACTD_DB_URL"
          : "CONTACTD_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    @Override
    public String defaultValue(ArgSpec arg) {
      if (!(arg instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
        return null;
      }
      String name = option.longestName().substring(2);
      // Only settings read the environment: `keys create --name` must not pick up a CONTACTD_NAME.
      if (CONFIG_DEFAULTS.containsKey(name) || LOG_OPTIONS.contains(name)) {
        String fromEnv = env.get(envName(option.longestName()));
        if (fromEnv != null && !fromEnv.isBlank()) {
          return fromEnv;
        }
      }
      return CONFIG_DEFAULTS.getOrDefault(name, option.defaultValue());
    }
  }

  /** {@code --debug}: a failure prints its stack trace too. */
  static final class Debug {
    @Option(
        names = "--debug",
        description = "Print the stack trace of a failure and log at debug level.")
    boolean debug;
  }

  /** Where the data lives; shared by every subcommand that opens the database. */
  static final class Storage {
    @Option(
        names = "--data-dir",
        description =
            "Data folder: SQLite file and local files (env CONTACTD_DATA_DIR, default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
        names = "--db",
        description =
            "JDBC URL; jdbc:postgresql://… selects PostgreSQL (env CONTACTD_DB_URL, default SQLite in the data dir).")
    String dbUrl;

    @Mixin Debug debug;

    Config.Builder builder() {
      return Config.builder(dataDir).dbUrl(dbUrl);
    }

    /** Opens the database of these options, after checking the data dir. */
    Database open() {
      Config config = builder().build();
      DataDir.prepare(config.dataDir());
      try {
        return Database.open(config.jdbcUrl());
      } catch (RuntimeException e) {
        throw new Failures.StartFailure(Failures.database(e, config), e);
      }
    }
  }

  @Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the API server.")
  static final class Serve implements Callable<Integer> {
    @Mixin Storage storage;

    @Option(
        names = "--host",
        description =
            "Interface to listen on; 0.0.0.0 = every interface (env CONTACTD_HOST, default ${DEFAULT-VALUE}).")
    String host;

    @Option(
        names = "--port",
        description = "TCP port (env CONTACTD_PORT, default ${DEFAULT-VALUE}).")
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
    io.contactd.logging.Logging.Format logFormat;

    @Option(
        names = "--access-log",
        arity = "0..1",
        fallbackValue = "true",
        description =
            "Log one line per request (env CONTACTD_ACCESS_LOG, default true with --log-format text, false with json).")
    Boolean accessLog;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      Config config =
          storage
              .builder()
              .host(host)
              .port(port)
              .publicUrl(publicUrl)
              .rateLimitPerMinute(parseRateLimit(rateLimit))
              .apiKey(fromEnvironment("CONTACTD_API_KEY"))
              .workers(workers)
              .maxCustomFields(maxCustomFields)
              .maxLists(maxLists)
              .maxListsPerContact(maxListsPerContact)
              .heartbeat(Durations.parse("--job-heartbeat", jobHeartbeat))
              .exportGzipLevel(exportGzipLevel)
              .smtp(smtpUrl, smtpFrom)
              .importLimits(importMaxRows, importMaxBytes)
              .csvFormulaGuard(csvFormulaGuard)
              .signingSecret(fromEnvironment("CONTACTD_SIGNING_SECRET"))
              .accessLog(
                  accessLog != null
                      ? accessLog
                      : logFormat == io.contactd.logging.Logging.Format.TEXT)
              .build();
      DataDir.prepare(config.dataDir());
      App app;
      try {
        app = App.start(config, Clock.systemUTC());
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
     * CONTACTD_API_KEY and CONTACTD_SIGNING_SECRET come from the environment only: a secret does
     * not belong in argv, where every user of the machine can read it.
     */
    private String fromEnvironment(String name) {
      return spec.root().defaultValueProvider() instanceof Defaults d
          ? d.env.get(name)
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

  @Command(
      name = "keys",
      mixinStandardHelpOptions = true,
      description = "Manage API keys.",
      subcommands = {Keys.Create.class, Keys.ListKeys.class, Keys.Delete.class})
  static final class Keys implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(System.out);
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
      List<String> scopes;

      @Option(
          names = "--subuser",
          description = "Create the key for this subuser instead of the parent account.")
      String subuser;

      @Override
      public Integer call() {
        try (Database db = storage.open()) {
          Clock clock = Clock.systemUTC();
          AccountStore accounts = new AccountStore(db.jdbi(), clock);
          Account target = accounts.ensureOwner("contactd", "owner@contactd.local");
          if (subuser != null) {
            target = subuser(accounts, subuser);
          }
          if (scopes != null) {
            for (String scope : scopes) {
              if (!Scopes.known(scope)) {
                throw new IllegalArgumentException(
                    "unknown scope " + scope + "; known: " + String.join(", ", Scopes.ALL));
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

    @Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List API keys (id, name, scopes); never their secrets.")
    static final class ListKeys implements Callable<Integer> {
      @Mixin Storage storage;

      @Option(names = "--subuser", description = "List the keys of this subuser.")
      String subuser;

      @Override
      public Integer call() {
        try (Database db = storage.open()) {
          Clock clock = Clock.systemUTC();
          AccountStore accounts = new AccountStore(db.jdbi(), clock);
          Account target = accounts.ensureOwner("contactd", "owner@contactd.local");
          if (subuser != null) {
            target = subuser(accounts, subuser);
          }
          for (ApiKey key : new ApiKeyStore(db.jdbi(), clock).ofAccount(target.id(), 10_000)) {
            System.out.println(
                key.id()
                    + "  "
                    + key.name()
                    + "  "
                    + (key.scopes() == null ? "full access" : String.join(",", key.scopes())));
          }
          return 0;
        }
      }
    }

    @Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = "Delete an API key; requests with it are refused from then on.")
    static final class Delete implements Callable<Integer> {
      @Mixin Storage storage;

      @Parameters(
          index = "0",
          description = "Id of the key (the part between 'SG.' and the second '.').")
      String id;

      @Override
      public Integer call() {
        try (Database db = storage.open()) {
          ApiKeyStore keys = new ApiKeyStore(db.jdbi(), Clock.systemUTC());
          Optional<ApiKey> key = keys.byId(id);
          if (key.isEmpty() || !keys.delete(key.get().accountId(), id)) {
            throw new Failures.StartFailure("no API key with id " + id, null);
          }
          System.out.println("deleted API key " + id + " (" + key.get().name() + ")");
          return 0;
        }
      }
    }
  }

  private static Account subuser(AccountStore accounts, String username) {
    return accounts
        .byUsername(username)
        .filter(a -> a.parentId() != null)
        .orElseThrow(() -> new IllegalArgumentException("no subuser named " + username));
  }

  @Command(
      name = "subusers",
      mixinStandardHelpOptions = true,
      description = "Manage subusers.",
      subcommands = {Subusers.Create.class, Subusers.ListSubusers.class})
  static final class Subusers implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(System.out);
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
        io.contactd.auth.SubuserNames.usernameProblem(username)
            .or(() -> io.contactd.auth.SubuserNames.emailProblem(mail))
            .ifPresent(
                problem -> {
                  throw new IllegalArgumentException(problem);
                });
        try (Database db = storage.open()) {
          AccountStore accounts = new AccountStore(db.jdbi(), Clock.systemUTC());
          Account owner = accounts.ensureOwner("contactd", "owner@contactd.local");
          var created = accounts.createSubuser(owner.id(), username, mail);
          if (created.isEmpty()) {
            throw new IllegalArgumentException("username " + username + " is taken");
          }
          System.out.println(
              "created subuser " + username + " (user_id " + created.get().id() + ")");
          return 0;
        }
      }
    }

    @Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the subusers of the parent account.")
    static final class ListSubusers implements Callable<Integer> {
      @Mixin Storage storage;

      @Override
      public Integer call() {
        try (Database db = storage.open()) {
          AccountStore accounts = new AccountStore(db.jdbi(), Clock.systemUTC());
          Account owner = accounts.ensureOwner("contactd", "owner@contactd.local");
          for (Account sub : accounts.subusers(owner.id())) {
            System.out.println(sub.username() + "  user_id " + sub.id() + "  " + sub.email());
          }
          return 0;
        }
      }
    }
  }

  @Command(
      name = "completion",
      mixinStandardHelpOptions = true,
      description =
          "Print a shell completion script: source <(./contactd completion bash), or the same in zsh.")
  static final class Completion implements Callable<Integer> {
    @Parameters(index = "0", description = "bash or zsh.")
    String shell;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      String script = AutoComplete.bash("contactd", spec.root().commandLine());
      switch (shell.toLowerCase(Locale.ROOT)) {
        case "bash" -> System.out.print(script);
        // picocli's script is written for bash; zsh runs it through its bash compatibility layer.
        case "zsh" ->
            System.out.print(
                "autoload -U +X compinit && compinit\n"
                    + "autoload -U +X bashcompinit && bashcompinit\n"
                    + script);
        default ->
            throw new IllegalArgumentException(
                "completion: shell must be bash or zsh, was " + shell);
      }
      return 0;
    }
  }

  @Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version.")
  static final class VersionCommand implements Runnable {
    @Override
    public void run() {
      System.out.println("contactd " + BuildInfo.current().describe());
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"contactd " + BuildInfo.current().describe()};
    }
  }
}
