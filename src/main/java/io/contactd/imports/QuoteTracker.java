package io.contactd.imports;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Follows the quoting of the characters FastCSV reads, so that a quoted field still open at the end
 * of the file is noticed: FastCSV would return everything after the quote as one field.
 */
final class QuoteTracker extends FilterReader {
  private boolean fieldStart = true;
  private boolean inQuotes;
  private boolean quoteSeen;

  QuoteTracker(Reader in) {
    super(in);
  }

  /** True when the text read so far ends inside a quoted field. */
  boolean open() {
    return inQuotes && !quoteSeen;
  }

  @Override
  public int read() throws IOException {
    int c = super.read();
    if (c >= 0) {
      track((char) c);
    }
    return c;
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    for (int i = offset; i < offset + n; i++) {
      track(buffer[i]);
    }
    return n;
  }

  private void track(char c) {
    if (inQuotes) {
      if (!quoteSeen) {
        quoteSeen = c == '"';
        return;
      }
      quoteSeen = false;
      if (c == '"') {
        return; // "" is an escaped quote inside the field
      }
      inQuotes = false; // the previous quote closed the field; c is read as usual below
    }
    if (c == ',' || c == '\n' || c == '\r') {
      fieldStart = true;
    } else {
      inQuotes = fieldStart && c == '"';
      fieldStart = false;
    }
  }
}
