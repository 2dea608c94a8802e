package io.contactd.exports;

import io.contactd.files.BlobStore;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes exports whose {@code expires_at} has passed: files first, then the row, so that a crash
 * in between leaves a row whose files are gone (swept again next round), never files nobody knows
 * about. Every node may sweep; the work is idempotent.
 */
final class ExportSweeper {
  private static final Logger log = LoggerFactory.getLogger(ExportSweeper.class);
  private static final int BATCH = 100;

  private final ExportStore store;
  private final BlobStore blobs;
  private final Clock clock;
  private final java.util.function.Consumer<String> swept;

  /** {@code swept} hears the id of each export deleted (the status cache of this node). */
  ExportSweeper(
      ExportStore store, BlobStore blobs, Clock clock, java.util.function.Consumer<String> swept) {
    this.store = store;
    this.blobs = blobs;
    this.clock = clock;
    this.swept = swept;
  }

  int sweep() throws IOException {
    int swept = 0;
    while (true) {
      long now = clock.millis();
      List<String> expired = store.expiredIds(now, BATCH);
      for (String id : expired) {
        blobs.deletePrefix(ExportJob.folder(id));
        if (store.deleteExpired(id, now)) {
          this.swept.accept(id);
          swept++;
        }
      }
      if (expired.size() < BATCH) {
        break;
      }
    }
    if (swept > 0) {
      log.info("swept {} expired export(s) and their files", swept);
    }
    return swept;
  }
}
