package io.contactd.backup;

/**
 * What a long command shows while it runs: lines for steps, bars for counts. The command line draws
 * bars on a terminal and prints plain lines otherwise; tests collect the lines.
 */
public interface Progress {
  /** What a bar counts. */
  enum Unit {
    ITEMS,
    BYTES
  }

  /** A step worth a line of its own ("export 3f… is ready: 2 files"). */
  void line(String text);

  /** A bar of {@code max} units; a negative {@code max} is not known yet. */
  Bar bar(String task, long max, Unit unit);

  /** One bar; closing it ends its line. Safe to use from several threads. */
  interface Bar extends AutoCloseable {
    void step(long delta);

    void stepTo(long value);

    void max(long max);

    /** Adds to the maximum: one more file's size became known. */
    void grow(long more);

    /** A short note shown beside the bar ("pending", "rate limited"). */
    void note(String text);

    @Override
    void close();
  }
}
