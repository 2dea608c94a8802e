package io.contactd.cli;

import io.contactd.backup.Progress;
import java.io.PrintStream;
import java.time.Clock;

/**
 * Progress as plain lines, for logs and cron mail: each step, each bar's notes when they change,
 * its count at most every {@value #EVERY_MILLIS} ms, and its total when it ends.
 */
final class LineProgress implements Progress {
  private static final long EVERY_MILLIS = 10_000;
  private final PrintStream out;
  private final Clock clock;

  LineProgress(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  @Override
  public synchronized void line(String text) {
    out.println(text);
    out.flush();
  }

  @Override
  public Bar bar(String task, long max, Unit unit) {
    return new LineBar(task, max, unit);
  }

  private final class LineBar implements Bar {
    private final String task;
    private final Unit unit;
    private long max;
    private long value;
    private String note;
    private long lastPrinted;

    LineBar(String task, long max, Unit unit) {
      this.task = task;
      this.max = max;
      this.unit = unit;
      this.lastPrinted = clock.millis();
    }

    @Override
    public synchronized void step(long delta) {
      value += delta;
      maybePrint();
    }

    @Override
    public synchronized void stepTo(long v) {
      value = v;
      maybePrint();
    }

    @Override
    public synchronized void max(long m) {
      max = m;
    }

    @Override
    public synchronized void grow(long more) {
      max = Math.max(0, max) + more;
    }

    @Override
    public synchronized void note(String text) {
      if (!text.equals(note)) {
        note = text;
        line(task + ": " + text);
      }
    }

    private void maybePrint() {
      long now = clock.millis();
      if (now - lastPrinted >= EVERY_MILLIS) {
        lastPrinted = now;
        line(task + ": " + amount());
      }
    }

    private String amount() {
      String v = Sizes.of(value, unit);
      return max > 0 ? v + " of " + Sizes.of(max, unit) : v;
    }

    @Override
    public synchronized void close() {
      if (value > 0) {
        line(task + ": " + amount() + ", done");
      }
    }
  }
}
