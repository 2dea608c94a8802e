package io.contactd.exports;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands formatted records from the database reader to the compressing file writer in chunks, so
 * that reading+formatting and compressing run on two cores, as {@code sqlite3 | gzip} does. At
 * most {@code CAPACITY} chunks are in flight and they are reused, so memory stays flat however big
 * the export is. A failure on either side stops the other.
 */
final class RowPipe {
  private static final int CAPACITY = 8;
  private static final RecordChunk END = new RecordChunk();

  private final BlockingQueue<RecordChunk> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final BlockingQueue<RecordChunk> free = new ArrayBlockingQueue<>(CAPACITY + 2);
  private volatile Throwable failure;
  private RecordChunk filling = new RecordChunk();

  /** Reader side: the chunk to append the next record to. */
  RecordChunk filling() {
    return filling;
  }

  /** Reader side: a record was appended; hands the chunk over once it is full. */
  void recordWritten() throws InterruptedException {
    filling.endRecord();
    if (filling.full()) {
      put(filling);
      RecordChunk reused = free.poll();
      filling = reused != null ? reused : new RecordChunk();
    }
  }

  /** Reader side: no more records. */
  void close() throws InterruptedException {
    if (filling.records() > 0) {
      put(filling);
    }
    put(END);
  }

  private void put(RecordChunk chunk) throws InterruptedException {
    while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
      checkWriter();
    }
    checkWriter();
  }

  private void checkWriter() {
    if (failure != null) {
      throw new IllegalStateException("the export writer failed", failure);
    }
  }

  /** Writer side: the next chunk, or null at the end. */
  RecordChunk take() throws InterruptedException {
    RecordChunk chunk = queue.take();
    return chunk == END ? null : chunk;
  }

  /** Writer side: the chunk's records are written; the reader may fill it again. */
  void release(RecordChunk chunk) {
    chunk.clear();
    free.offer(chunk); // when the pool is full the chunk is simply left to the GC
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
