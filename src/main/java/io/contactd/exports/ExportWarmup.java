package io.contactd.exports;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the first export after a start as fast as the next ones. Cold, it ran at half speed: its
 * classes were loaded and its hot loops interpreted, then compiled, while it ran (JFR: the first
 * export's samples sat in the interpreter and the compiler threads). So once the server listens, a
 * background thread of low priority runs {@link #ROWS} made-up contacts through the export's own
 * path — the streaming query and driver calls, {@link ContactReadAhead}, {@link CsvFormat} with a
 * custom field, gzip at the export's level and SHA-256 — into nothing: no table is read, no file
 * written. It takes a fraction of a second of one core; a failure is logged and changes nothing.
 */
final class ExportWarmup {
  private static final Logger log = LoggerFactory.getLogger(ExportWarmup.class);

  /** Enough calls for the JIT's top tier to compile the per-row and per-cell loops. */
  static final int ROWS = 40_000;

  private final ExportStore store;
  private final int gzipLevel;

  ExportWarmup(ExportStore store, int gzipLevel) {
    this.store = store;
    this.gzipLevel = gzipLevel;
  }

  /** Starts the warm-up on its own daemon thread. */
  Thread start() {
    Thread t =
        Thread.ofPlatform()
            .daemon()
            .name("export-warmup")
            .priority(Thread.MIN_PRIORITY)
            .start(this::runQuietly);
    return t;
  }

  private void runQuietly() {
    long started = System.nanoTime();
    try {
      long rows = run();
      log.debug(
          "export warm-up: {} rows in {} ms", rows, (System.nanoTime() - started) / 1_000_000);
    } catch (Exception e) {
      // Only speed is at stake: the first export is then merely slower.
      log.info("export warm-up skipped: {}", e.toString());
    }
  }

  long run() throws Exception {
    CsvFormat format = new CsvFormat(List.of(new ExportStore.Field("e1_T", "plan", "Text")));
    java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
    OutputStream sink =
        new OutputStream() {
          @Override
          public void write(int b) {
            sha256.update((byte) b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            sha256.update(b, off, len);
          }
        };
    long count = 0;
    try (GZIPOutputStream gzip = new LevelGzip(sink, gzipLevel);
        java.io.BufferedOutputStream out = new java.io.BufferedOutputStream(gzip, 64 * 1024);
        ContactReadAhead rows =
            new ContactReadAhead(
                handler -> store.streamWarmup(ROWS, handler),
                () -> false,
                "export-warmup-reader")) {
      out.write(format.header());
      RecordBuffer record = new RecordBuffer();
      for (RowBatch batch = rows.next(); batch != null; batch = rows.next()) {
        for (int row = 0; row < batch.size(); row++) {
          record.clear();
          format.record(batch, row, record);
          out.write(record.data(), 0, record.length());
        }
        count += batch.size();
        rows.release(batch);
      }
    }
    sha256.digest();
    return count;
  }

  private static final class LevelGzip extends GZIPOutputStream {
    LevelGzip(OutputStream out, int level) throws IOException {
      super(out, 64 * 1024, true);
      def.setLevel(level);
    }
  }
}
