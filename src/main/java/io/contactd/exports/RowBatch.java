package io.contactd.exports;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * Up to {@link #ROWS} contacts as the database returned them (text columns as their UTF-8 bytes),
 * on their way from the reader thread to the thread that formats and compresses. The reader only
 * copies column values here: reading is the slower half, so formatting is left to the other side.
 * Reused once written, so an export allocates a handful of these however many contacts it holds.
 */
final class RowBatch {
  static final int ROWS = 512;
  private static final int COLUMNS = ContactCursor.LIST_IDS;
  private static final boolean[] MILLIS = millisColumns();

  private final byte[][] text = new byte[ROWS * COLUMNS][];
  private final long[] millis = new long[ROWS * COLUMNS];
  private int size;

  private static boolean[] millisColumns() {
    boolean[] millis = new boolean[COLUMNS + 1];
    for (int column = 1; column <= COLUMNS; column++) {
      millis[column] = ContactCursor.isMillis(column);
    }
    return millis;
  }

  /** Copies the cursor's contact; true when the batch is now full. */
  boolean add(ContactCursor c) throws SQLException {
    int base = size * COLUMNS - 1;
    for (int column = 1; column <= COLUMNS; column++) {
      if (MILLIS[column]) {
        millis[base + column] = c.millis(column);
      } else {
        text[base + column] = c.bytes(column);
      }
    }
    size++;
    return size == ROWS;
  }

  int size() {
    return size;
  }

  /** A text column's stored bytes (column numbers of {@link ContactCursor}), or null. */
  byte[] bytes(int row, int column) {
    return text[row * COLUMNS + column - 1];
  }

  String string(int row, int column) {
    byte[] b = bytes(row, column);
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  /** An epoch millis column (a timestamp). */
  long millis(int row, int column) {
    return millis[row * COLUMNS + column - 1];
  }

  /**
   * Empties the batch to be filled again. The old values are not nulled out: every add overwrites
   * all of a row's slots, and the few reused batches bound what stays reachable.
   */
  void clear() {
    size = 0;
  }
}
