package io.contactd.cli;

import io.contactd.backup.Progress;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress on a terminal: one redrawn bar per task (me.tongfei:progressbar), lines above. */
final class BarProgress implements Progress {
  private final PrintStream out;

  BarProgress(PrintStream out) {
    this.out = out;
  }

  @Override
  public synchronized void line(String text) {
    // Starts on a fresh line, as a bar may be drawn on the current one.
    out.print("\r\033[K");
    out.println(text);
    out.flush();
  }

  @Override
  public Bar bar(String task, long max, Unit unit) {
    ProgressBarBuilder b =
        new ProgressBarBuilder()
            .setTaskName(task)
            .setInitialMax(max > 0 ? max : -1)
            .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
            .setUpdateIntervalMillis(200)
            .setConsumer(new ConsoleProgressBarConsumer(out));
    if (unit == Unit.BYTES) {
      b.setUnit(" kB", 1_000).showSpeed();
    }
    ProgressBar bar = b.build();
    return new Bar() {
      private long max0 = max;

      @Override
      public synchronized void step(long delta) {
        bar.stepBy(delta);
      }

      @Override
      public synchronized void stepTo(long value) {
        bar.stepTo(value);
      }

      @Override
      public synchronized void max(long m) {
        max0 = m;
        bar.maxHint(m);
      }

      @Override
      public synchronized void grow(long more) {
        max0 = Math.max(0, max0) + more;
        bar.maxHint(max0);
      }

      @Override
      public void note(String text) {
        bar.setExtraMessage(text);
      }

      @Override
      public void close() {
        bar.close();
      }
    };
  }
}
