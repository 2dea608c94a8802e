package io.contactd.exports;

import java.util.Arrays;

/**
 * Formatted records on their way from the reader thread to the compressing thread: the bytes of
 * several complete records back to back, and where each one ends (the file writer cuts files only
 * between records). Reused once the writer is done with it, so an export allocates a handful of
 * these however many contacts it holds.
 */
final class RecordChunk {
  /** A chunk is handed over once it holds this many bytes: large enough to make hand-overs rare. */
  static final int TARGET = 64 * 1024;

  private byte[] data = new byte[TARGET + 4096];
  private int length;
  private int[] ends = new int[1024];
  private int records;

  void write(int b) {
    if (length == data.length) {
      grow(1);
    }
    data[length++] = (byte) b;
  }

  void write(byte[] bytes) {
    write(bytes, 0, bytes.length);
  }

  void write(byte[] bytes, int off, int len) {
    if (length + len > data.length) {
      grow(len);
    }
    System.arraycopy(bytes, off, data, length, len);
    length += len;
  }

  /** Room for {@code len} more bytes written directly into {@link #data()} at {@link #length()}. */
  void reserve(int len) {
    if (length + len > data.length) {
      grow(len);
    }
  }

  byte[] data() {
    return data;
  }

  int length() {
    return length;
  }

  void advance(int len) {
    length += len;
  }

  /** Marks the end of the record just written. */
  void endRecord() {
    if (records == ends.length) {
      ends = Arrays.copyOf(ends, ends.length * 2);
    }
    ends[records++] = length;
  }

  boolean full() {
    return length >= TARGET;
  }

  int records() {
    return records;
  }

  int start(int record) {
    return record == 0 ? 0 : ends[record - 1];
  }

  int end(int record) {
    return ends[record];
  }

  void clear() {
    length = 0;
    records = 0;
  }

  private void grow(int needed) {
    data = Arrays.copyOf(data, Math.max(data.length * 2, length + needed));
  }
}
