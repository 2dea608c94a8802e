package io.contactd.cli;

import java.util.Map;
import java.util.StringJoiner;

/** The words of the shutdown line: what was running and that it resumes on the next start. */
final class Lifecycle {
  private Lifecycle() {}

  /** Job kinds as people call them; an unknown kind is shown by its name. */
  private static final Map<String, String> NOUNS =
      Map.of(
          "contact-export",
          "export",
          "contact-export-shard",
          "export shard",
          "csv-import",
          "import",
          "contact-write",
          "contact job");

  /**
   * {@code "; 1 running export will resume on the next start"}, or {@code ""} when nothing runs.
   */
  static String describeRunning(Map<String, Integer> runningByKind) {
    int total = runningByKind.values().stream().mapToInt(Integer::intValue).sum();
    if (total == 0) {
      return "";
    }
    StringJoiner parts = new StringJoiner(", ");
    runningByKind.forEach(
        (kind, count) -> {
          String noun = NOUNS.getOrDefault(kind, kind + " job");
          parts.add(count + " running " + noun + (count == 1 ? "" : "s"));
        });
    return "; " + parts + " will" + " resume on the next start";
  }
}
