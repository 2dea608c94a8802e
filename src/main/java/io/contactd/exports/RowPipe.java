package io.contactd.exports;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands contacts from the database reader to the file writer in small batches, so that reading
 * and formatting+compressing run on two cores, as {@code sqlite3 | gzip} does. At most {@code
 * CAPACITY} batches are in flight, so memory stays flat however big the export is. A failure on
 * either side stops the other.
 */
final class RowPipe {
  static final int BATCH = 512;
  private static final int CAPACITY = 8;
  private static final List<ContactRow> END = List.of();

  private final BlockingQueue<List<ContactRow>> queue = new ArrayBlockingQueue<>(CAPACITY);
  private volatile Throwable failure;
  private List<ContactRow> filling = new ArrayList<>(BATCH);

  /** Reader side: adds a row; fails fast when the writer has failed. */
  void add(ContactRow row) throws InterruptedException {
    filling.add(row);
    if (filling.size() == BATCH) {
      put(filling);
      filling = new ArrayList<>(BATCH);
    }
  }

  /** Reader side: no more rows. */
  void close() throws InterruptedException {
    if (!filling.isEmpty()) {
      put(filling);
    }
    put(END);
  }

  private void put(List<ContactRow> batch) throws InterruptedException {
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

  /** Writer side: the next batch, or an empty list at the end. */
  List<ContactRow> take() throws InterruptedException {
    return queue.take();
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
