package io.contactd.imports;

/**
 * The uploaded file cannot be imported at all (not CSV, not UTF-8, corrupt gzip, wrong column
 * count, too many rows…). The job fails with this reason; {@code line} is 0 when no line is to
 * blame.
 */
final class UnusableFile extends Exception {
  private final long line;

  UnusableFile(long line, String reason) {
    super(reason, null, false, false);
    this.line = line;
  }

  long line() {
    return line;
  }
}
