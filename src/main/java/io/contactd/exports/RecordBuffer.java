package io.contactd.exports;

import java.util.Arrays;

/** The bytes of one formatted record; reused for every record, so it only grows to the largest. */
final class RecordBuffer {
  private byte[] data = new byte[1024];
  private int length;

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

  byte[] data() {
    return data;
  }

  int length() {
    return length;
  }

  void clear() {
    length = 0;
  }

  private void grow(int needed) {
    data = Arrays.copyOf(data, Math.max(data.length * 2, length + needed));
  }
}
