package io.contactd;

import io.contactd.cli.Contactd;
import java.util.Map;

/**
 * The entry point of the jar and the container. The command line itself lives in {@link
 * io.contactd.cli}; {@link Contactd} says what it offers.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(execute(args, System.getenv()));
  }

  /** Runs the command line as {@link #main} does, with the given environment; returns the code. */
  public static int execute(String[] args, Map<String, String> env) {
    return Contactd.execute(args, env);
  }
}
