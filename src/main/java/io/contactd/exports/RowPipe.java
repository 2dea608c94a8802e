package io.contactd.exports;

import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands contacts from the database reader to the formatting and compressing file writer in batches,
 * so that the two run on two cores, as {@code sqlite3 | gzip} does. At most {@code CAPACITY}
 * batches are in flight and they are reused, so memory stays flat however big the export is. A
 * failure on either side stops the other.
 */
final class RowPipe {
  private static final int CAPACITY = 8;
  private static final RowBatch END = new RowBatch();

  private final BlockingQueue<RowBatch> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final BlockingQueue<RowBatch> free = new ArrayBlockingQueue<>(CAPACITY + 2);
  private volatile Throwable failure;
  private RowBatch filling = new RowBatch();

  /** Reader side: copies the cursor's contact; fails fast when the writer has failed. */
  void add(ContactCursor row) throws SQLException, InterruptedException {
    if (filling.add(row)) {
      put(filling);
      RowBatch reused = free.poll();
      filling = reused != null ? reused : new RowBatch();
    }
  }

  /** Reader side: no more rows. */
  void close() throws InterruptedException {
    if (filling.size() > 0) {
      put(filling);
    }
    put(END);
  }

  private void put(RowBatch batch) throws InterruptedException {
    while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
      checkWriter();
    }
    checkWriter();
  }

  private void checkWriter() {
    if (failure != null) {
      throw new IllegalStateException("the export writer failed", failure);
    }
  }

  /** Writer side: the next batch, or null at the end. */
  RowBatch take() throws InterruptedException {
    RowBatch batch = queue.take();
    return batch == END ? null : batch;
  }

  /** Writer side: the batch is written; the reader may fill it again. */
  void release(RowBatch batch) {
    batch.clear();
    free.offer(batch); // when the pool is full the batch is simply left to the GC
  }

  /** Writer side: records why it stopped; the reader fails at its next row. */
  synchronized void fail(Throwable t) {
    if (failure == null) {
      failure = t; // the first cause is the one worth reporting
    }
    queue.clear();
  }

  Throwable failure() {
    return failure;
  }
}
