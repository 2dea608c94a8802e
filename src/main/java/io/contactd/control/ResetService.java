package io.contactd.control;

import io.contactd.files.BlobStore;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reset: an account's data (or every account's) gone, API keys kept unless asked. The database
 * first (see {@link ResetStore} for why it is safe beside running jobs), then the files of the
 * exports and imports it found.
 */
final class ResetService {
  private static final Logger log = LoggerFactory.getLogger(ResetService.class);

  private final ResetStore store;
  private final FaultStore faults;
  private final BlobStore blobs;
  private final Runnable afterReset;

  /** {@code afterReset} empties this node's caches of what the reset deleted (keys, exports). */
  ResetService(ResetStore store, FaultStore faults, BlobStore blobs, Runnable afterReset) {
    this.store = store;
    this.faults = faults;
    this.blobs = blobs;
    this.afterReset = afterReset;
  }

  /** What a reset did, for its answer. */
  record Outcome(int exports, int imports, double millis) {}

  /** {@code account} null: every account, and the fault rules too. */
  Outcome reset(Long account, boolean keys) throws IOException {
    long start = System.nanoTime();
    ResetStore.Jobs jobs = store.jobs(account);
    store.deleteJobs(account);
    store.deleteData(account, keys);
    afterReset.run();
    if (account == null) {
      faults.deleteAll();
      blobs.deletePrefix("exports/");
      blobs.deletePrefix("imports/");
    } else {
      for (String id : jobs.exportIds()) {
        blobs.deletePrefix("exports/" + id + "/");
      }
      for (String id : jobs.importIds()) {
        blobs.deletePrefix("imports/" + id + "/");
      }
    }
    double ms = (System.nanoTime() - start) / 1e6;
    log.info(
        "reset {}: {} export(s), {} import(s) and their files deleted{} in {} ms",
        account == null ? "of every account" : "of account " + account,
        jobs.exportIds().size(),
        jobs.importIds().size(),
        keys ? ", API keys too" : "",
        String.format(java.util.Locale.ROOT, "%.1f", ms));
    return new Outcome(jobs.exportIds().size(), jobs.importIds().size(), ms);
  }
}
