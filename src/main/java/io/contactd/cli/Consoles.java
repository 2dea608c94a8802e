package io.contactd.cli;

import io.contactd.backup.Progress;
import java.io.Console;
import java.io.PrintStream;
import java.time.Clock;

/** How a client command shows its progress: bars on a terminal, plain lines otherwise. */
final class Consoles {
  private Consoles() {}

  /** Progress on standard output, as it is when the command starts. */
  static Progress progress() {
    PrintStream out = System.out;
    return isTerminal() ? new BarProgress(out) : new LineProgress(out, Clock.systemUTC());
  }

  /**
   * Whether standard output is a terminal. JDK 21 has a console only then; JDK 22 to 24 have one
   * even when output is piped and tell with {@code Console.isTerminal()} (JDK 22), which a JDK 21
   * build can only ask for by name.
   */
  static boolean isTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // JDK 21: a console exists only on a terminal
    }
  }
}
