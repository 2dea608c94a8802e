package io.contactd.cli;

import picocli.CommandLine.Option;

/** {@code --debug}: a failure prints its stack trace too. */
final class DebugOption {
  @Option(
      names = "--debug",
      description = "Print the stack trace of a failure and log at debug level.")
  boolean debug;
}
