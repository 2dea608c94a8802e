package io.contactd.exports;

import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Reads an export's contacts on a thread of its own while the job formats and compresses the ones
 * read before, so that the two halves run on two cores, as {@code sqlite3 | gzip} does. The reader
 * only copies column bytes into {@link RowBatch}es (reading is the slower half) and hands them,
 * then the end or its failure, through one queue. At most {@link #DEPTH} batches wait and written
 * ones come back to be filled again, so memory stays flat however big the export is.
 */
final class ContactReadAhead implements AutoCloseable {
  static final int DEPTH = 8;

  private sealed interface Item permits Rows, End, Failure {}

  private record Rows(RowBatch batch) implements Item {}

  private record End() implements Item {}

  private record Failure(Throwable error) implements Item {}

  /** The streaming read of the contacts, handing each one to the reader. */
  @FunctionalInterface
  interface Source {
    void stream(ExportStore.RowHandler rows) throws SQLException, IOException;
  }

  /** Unwinds the streaming read once the job takes no more rows; never leaves the reader. */
  private static final class Abandoned extends RuntimeException {
    Abandoned() {
      super("the export job stopped taking rows", null, false, false);
    }
  }

  private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(DEPTH);
  private final BlockingQueue<RowBatch> free = new ArrayBlockingQueue<>(DEPTH + 2);
  private final BooleanSupplier stopping;
  private final Thread reader;
  private volatile boolean closed;

  /** Only the reader thread touches it. */
  private RowBatch filling = new RowBatch();

  /** Starts reading; {@code stopping} is asked at each contact (true once the node shuts down). */
  ContactReadAhead(Source source, BooleanSupplier stopping, String name) {
    this.stopping = stopping;
    this.reader = Thread.ofPlatform().daemon().name(name).start(() -> read(source));
  }

  private void read(Source source) {
    Item last;
    try {
      source.stream(this::add);
      if (filling.size() > 0 && !put(new Rows(filling))) {
        return;
      }
      last = new End();
    } catch (Abandoned e) {
      return;
    } catch (Exception | Error e) {
      last = new Failure(e); // thrown again on the job's thread
    }
    put(last);
  }

  private void add(ContactCursor row) throws IOException, SQLException {
    if (stopping.getAsBoolean()) {
      throw new IOException("the node is shutting down");
    }
    if (filling.add(row)) {
      if (!put(new Rows(filling))) {
        throw new Abandoned();
      }
      RowBatch reused = free.poll();
      filling = reused != null ? reused : new RowBatch();
    }
  }

  /** False when the job went away. */
  private boolean put(Item item) {
    try {
      while (!closed) {
        if (queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return false;
  }

  /** The next batch of contacts, or null after the last one; hand it back with {@link #release}. */
  RowBatch next() throws IOException, SQLException, InterruptedException {
    return switch (queue.take()) {
      case Rows r -> r.batch();
      case End e -> null;
      case Failure f -> {
        switch (f.error()) {
          case IOException io -> throw io;
          case SQLException sql -> throw sql;
          case RuntimeException r -> throw r;
          case Error e -> throw e;
          default -> throw new IllegalStateException(f.error());
        }
      }
    };
  }

  /** The batch is written; the reader may fill it again. */
  void release(RowBatch batch) {
    batch.clear();
    free.offer(batch); // when the pool is full the batch is simply left to the GC
  }

  /** Stops the reader (it may be blocked on a full queue or inside the read) and waits for it. */
  @Override
  public void close() throws InterruptedException {
    closed = true;
    queue.clear();
    reader.join();
  }
}
