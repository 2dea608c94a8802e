package io.contactd.cli;

import io.contactd.logging.Logging;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The command line: {@code contactd serve | keys … | subusers … | completion | version | help}.
 *
 * <p>Every option {@code --name} also reads {@code CONTACTD_NAME} from the environment ({@link
 * Defaults}). A problem prints one line, {@code contactd: …}, and exits non-zero (2 for a bad
 * option or value, 1 for a failed start); {@code --debug} or {@code CONTACTD_LOG_LEVEL=debug} adds
 * the stack trace.
 */
@Command(
    name = "contactd",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "A self-hosted server that speaks SendGrid's v3 Marketing Contacts API.",
    subcommands = {
      ServeCommand.class,
      KeysCommand.class,
      SubusersCommand.class,
      ExportCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      CompletionCommand.class,
      VersionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Contactd extends CommandGroup {
  /** Exit code of a bad option or value: the command never ran. */
  static final int USAGE = 2;

  /** Exit code of a start or command that failed. */
  static final int FAILED = 1;

  Contactd() {}

  /** Runs the command line with the given environment; returns the exit code. */
  public static int execute(String[] args, Map<String, String> env) {
    CommandLine cli = new CommandLine(new Contactd());
    cli.setDefaultValueProvider(new Defaults(env));
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    // Key ids are base64url and one in 64 starts with '-': take it as the id, not as an option.
    cli.getSubcommands()
        .get("keys")
        .getSubcommands()
        .get("delete")
        .setUnmatchedOptionsArePositionalParams(true);
    cli.setParameterExceptionHandler(
        (e, argv) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println(
              "contactd: "
                  + Failures.firstLine(String.valueOf(e.getMessage()))
                  + " (see '"
                  + e.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help')");
          return USAGE;
        });
    cli.setExecutionStrategy(
        parsed -> {
          Logging.configure(logLevel(parsed, env), logFormat(parsed));
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

  /** {@code --debug} wins, then {@code --log-level}, then {@code CONTACTD_LOG_LEVEL}, then info. */
  private static String logLevel(ParseResult parsed, Map<String, String> env) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--debug")
          && Boolean.TRUE.equals(p.matchedOptionValue("--debug", false))) {
        return "debug";
      }
    }
    OptionSpec level = last(parsed).commandSpec().findOption("--log-level");
    if (level != null) {
      return level.<String>getValue().toLowerCase(Locale.ROOT);
    }
    String fromEnv = env.get("CONTACTD_LOG_LEVEL");
    return fromEnv == null || fromEnv.isBlank() ? "info" : fromEnv.toLowerCase(Locale.ROOT);
  }

  private static Logging.Format logFormat(ParseResult parsed) {
    OptionSpec format = last(parsed).commandSpec().findOption("--log-format");
    return format == null ? Logging.Format.TEXT : format.getValue();
  }

  private static ParseResult last(ParseResult parsed) {
    ParseResult p = parsed;
    while (p.subcommand() != null) {
      p = p.subcommand();
    }
    return p;
  }
}
