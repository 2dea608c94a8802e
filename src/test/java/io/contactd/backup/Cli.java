package io.contactd.backup;

import io.contactd.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The command line run in this JVM, its output captured. */
final class Cli {
  record Result(int code, String out, String err) {
    /** Everything printed, for checks that the key never appears. */
    String all() {
      return out + err;
    }

    /** What the command printed to stderr, without the log lines of the server in this JVM. */
    java.util.List<String> errLines() {
      return err.lines().filter(l -> !l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d+ .*")).toList();
    }
  }

  private Cli() {}

  static synchronized Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.execute(args, Map.of());
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    Result r =
        new Result(
            code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    oldOut.println("contactd " + String.join(" ", args).replaceAll("SG\\.[\\w.-]+", "SG.***"));
    oldOut.print(r.out());
    oldOut.print(r.err());
    return r;
  }
}
