package io.contactd;

import java.time.Duration;
import java.util.Locale;

/** Durations as people type them on the command line: {@code 500ms}, {@code 5s}, {@code 2m}. */
public final class Durations {
  private Durations() {}

  /** {@code 500ms}, {@code 5s}, {@code 2m}, or ISO-8601 ({@code PT5S}). */
  public static Duration parse(String option, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("p")) {
        return Duration.parse(value.trim());
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      if (v.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
      }
      if (v.endsWith("m")) {
        return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      }
    } catch (RuntimeException e) {
      // falls through to the one message below
    }
    throw new IllegalArgumentException(
        option + " must be a duration like 500ms, 5s or 2m, was " + value);
  }

  /** The shortest of {@code 2m}, {@code 5s}, {@code 500ms} that {@link #parse} reads back. */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
