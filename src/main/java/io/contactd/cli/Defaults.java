package io.contactd.cli;

import io.contactd.Config;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults of every option: {@code CONTACTD_NAME} from the environment ({@code CONTACTD_DB_URL} for
 * {@code --db}), else {@link Config#defaults()}, else the option's own default. So each default is
 * spelled once, in {@link Config}.
 */
final class Defaults implements CommandLine.IDefaultValueProvider {
  private static final Map<String, String> CONFIG_DEFAULTS = Config.defaults().settings();
  private static final Set<String> LOG_OPTIONS = Set.of("log-level", "log-format", "access-log");
  private final Map<String, String> env;

  Defaults(Map<String, String> env) {
    this.env = env;
  }

  /** A variable of the environment the command line runs with. */
  String env(String name) {
    return env.get(name);
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
