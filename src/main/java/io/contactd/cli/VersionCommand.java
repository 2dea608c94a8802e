package io.contactd.cli;

import io.contactd.BuildInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code contactd version}, and what {@code --version} of every command prints. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version.")
final class VersionCommand implements Runnable {
  @Override
  public void run() {
    System.out.println(line());
  }

  private static String line() {
    return "contactd " + BuildInfo.current().describe();
  }

  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {line()};
    }
  }
}
