package io.contactd.cli;

import io.contactd.backup.Progress;
import java.util.Locale;

/** Counts as people read them: {@code 12,345 rows}, {@code 3.4 MB}. */
final class Sizes {
  private Sizes() {}

  static String of(long value, Progress.Unit unit) {
    if (unit == Progress.Unit.ITEMS) {
      return String.format(Locale.ROOT, "%,d", value);
    }
    if (value < 10_000) {
      return value + " B";
    }
    if (value < 10_000_000) {
      return String.format(Locale.ROOT, "%.1f kB", value / 1e3);
    }
    if (value < 10_000_000_000L) {
      return String.format(Locale.ROOT, "%.1f MB", value / 1e6);
    }
    return String.format(Locale.ROOT, "%.1f GB", value / 1e9);
  }
}
