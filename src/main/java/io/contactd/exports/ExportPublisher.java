package io.contactd.exports;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The final step of an export: called by every shard that finishes (and by the plan job when it
 * runs again), it publishes the export once all shards are done. {@link ExportStore#publish} is the
 * guard; this class only says what happened and sends the notification once, by the one caller
 * whose update made the export ready.
 */
final class ExportPublisher {
  private static final Logger log = LoggerFactory.getLogger(ExportPublisher.class);

  private final ExportStore store;
  private final ExportNotifier notifier;
  private final Clock clock;

  private final io.contactd.files.BlobStore blobs;
  private final ExportEvents events;

  ExportPublisher(
      ExportStore store,
      ExportNotifier notifier,
      Clock clock,
      io.contactd.files.BlobStore blobs,
      ExportEvents events) {
    this.blobs = blobs;
    this.events = events;
    this.store = store;
    this.notifier = notifier;
    this.clock = clock;
  }

  void publishIfDone(String id) throws java.io.IOException {
    if (store.publish(id, clock.millis()) != ExportStore.Published.NOW) {
      return;
    }
    Export export = store.byId(id).orElseThrow();
    log.info(
        "export {} ready: {} contacts in {} file(s) in {} ms",
        id,
        export.contactCount(),
        export.fileKeys().size(),
        export.completedAt() - export.createdAt());
    long bytes = 0;
    for (String key : export.fileKeys()) {
      bytes += blobs.stat(key).map(io.contactd.files.BlobStore.BlobInfo::size).orElse(0L);
    }
    events.observer.ready(export.contactCount(), bytes);
    events.hooks.ended("export", export.accountId(), id, ExportStatus.READY.wire());
    if (export.notifyEmail()) {
      notifier.exportReady(export, export.fileKeys(), export.contactCount());
    }
  }
}
