package io.contactd.imports;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads the next batches of an import on a thread of their own while the job writes the current
 * one, so that parsing and checking rows overlaps the database work. At most {@code depth} batches
 * wait, which keeps memory bounded.
 */
final class ReadAhead implements AutoCloseable {
  private sealed interface Item permits Next, End, Failure {}

  private record Next(RowBatches.Batch batch) implements Item {}

  private record End() implements Item {}

  private record Failure(Exception error) implements Item {}

  private final BlockingQueue<Item> queue;
  private final Thread reader;
  private volatile boolean closed;

  ReadAhead(RowBatches source, int depth, String name) {
    this.queue = new ArrayBlockingQueue<>(depth);
    this.reader = Thread.ofPlatform().daemon().name(name).start(() -> read(source));
  }

  private void read(RowBatches source) {
    Item item;
    do {
      try {
        RowBatches.Batch b = source.next();
        item = b == null ? new End() : new Next(b);
      } catch (UnusableFile | IOException | RuntimeException e) {
        item = new Failure(e);
      }
    } while (put(item) && item instanceof Next);
  }

  /** False when the consumer went away. */
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

  /** The next batch, or null after the last one. */
  RowBatches.Batch next() throws UnusableFile, IOException, InterruptedException {
    Item item = queue.take();
    return switch (item) {
      case Next n -> n.batch();
      case End e -> null;
      case Failure f -> {
        switch (f.error()) {
          case UnusableFile u -> throw u;
          case IOException io -> throw io;
          case RuntimeException r -> throw r;
          default -> throw new IllegalStateException(f.error());
        }
      }
    };
  }

  /** Stops the reader (it may be blocked on a full queue) and waits for it. */
  @Override
  public void close() throws InterruptedException {
    closed = true;
    queue.clear();
    reader.join();
  }
}
