package io.contactd.exports;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the account's custom field values in a contact's stored {@code custom_fields} JSON without
 * building a tree: a CSV export needs each value's text, and for the flat objects contactd writes
 * (string keys, string/number/boolean/null values) that text is the value's own bytes. Parsing a
 * tree per contact (allocations, a deserializer lookup per call) was most of the cost of an export
 * with custom fields, and most of its cold start.
 *
 * <p>{@link #scan} answers false for anything it does not read exactly as {@link RecordFormat#text}
 * would render it — escapes, nested values, exponents, numbers of more than 15 significant digits
 * (where a double's text may differ from the digits), invalid JSON — and the caller then takes the
 * tree path, which also reports invalid JSON. Not thread-safe: one per export file format.
 */
final class CustomFieldScan {
  /**
   * Numbers of up to this many significant digits render as their own digits, trailing zeros cut.
   */
  private static final int EXACT_DIGITS = 15;

  private final byte[][] ids;
  private final int[] table;
  private final int mask;
  private final int[] start;
  private final int[] length;

  CustomFieldScan(List<ExportStore.Field> fields) {
    ids = new byte[fields.size()][];
    int size = Integer.highestOneBit(Math.max(1, fields.size()) * 4 - 1) << 1;
    table = new int[size];
    Arrays.fill(table, -1);
    mask = size - 1;
    for (int i = 0; i < ids.length; i++) {
      ids[i] = fields.get(i).id().getBytes(StandardCharsets.UTF_8);
      int slot = hash(ids[i], 0, ids[i].length) & mask;
      while (table[slot] >= 0) {
        slot = (slot + 1) & mask;
      }
      table[slot] = i;
    }
    start = new int[ids.length];
    length = new int[ids.length];
  }

  /**
   * Reads {@code json}; true when every value was read exactly. Then {@link #start}/{@link #length}
   * give field {@code i}'s text within {@code json} (length 0: empty or absent).
   */
  boolean scan(byte[] json) {
    Arrays.fill(length, 0);
    int n = json.length;
    int p = skip(json, 0);
    if (p >= n || json[p] != '{') {
      return false;
    }
    p = skip(json, p + 1);
    if (p < n && json[p] == '}') {
      return skip(json, p + 1) == n;
    }
    while (true) {
      if (p >= n || json[p] != '"') {
        return false;
      }
      int keyStart = p + 1;
      int keyEnd = endOfString(json, keyStart);
      if (keyEnd < 0) {
        return false;
      }
      p = skip(json, keyEnd + 1);
      if (p >= n || json[p] != ':') {
        return false;
      }
      p = skip(json, p + 1);
      if (p >= n) {
        return false;
      }
      int field = lookup(json, keyStart, keyEnd);
      int valueStart;
      int valueLength;
      byte b = json[p];
      if (b == '"') {
        int end = endOfString(json, p + 1);
        if (end < 0) {
          return false;
        }
        valueStart = p + 1;
        valueLength = end - valueStart;
        p = end + 1;
      } else if (b == '-' || (b >= '0' && b <= '9')) {
        int end = endOfNumber(json, p);
        if (end < 0) {
          return false;
        }
        valueStart = p;
        valueLength = trimmedNumber(json, p, end);
        if (valueLength < 0) {
          return false;
        }
        p = end;
      } else if (literal(json, p, "true") || literal(json, p, "false")) {
        valueStart = p;
        valueLength = b == 't' ? 4 : 5;
        p += valueLength;
      } else if (literal(json, p, "null")) {
        valueStart = p;
        valueLength = 0;
        p += 4;
      } else {
        return false; // an object, an array or invalid JSON: the tree path decides
      }
      if (field >= 0) {
        start[field] = valueStart;
        length[field] = valueLength; // a repeated key: the last one wins, as in the tree
      }
      p = skip(json, p);
      if (p >= n) {
        return false;
      }
      if (json[p] == '}') {
        return skip(json, p + 1) == n;
      }
      if (json[p] != ',') {
        return false;
      }
      p = skip(json, p + 1);
    }
  }

  int start(int field) {
    return start[field];
  }

  int length(int field) {
    return length[field];
  }

  private int lookup(byte[] json, int from, int to) {
    int slot = hash(json, from, to) & mask;
    for (int i = table[slot]; i >= 0; i = table[slot = (slot + 1) & mask]) {
      if (Arrays.equals(ids[i], 0, ids[i].length, json, from, to)) {
        return i;
      }
    }
    return -1;
  }

  private static int hash(byte[] b, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + b[i];
    }
    return h ^ (h >>> 16);
  }

  private static int skip(byte[] json, int p) {
    while (p < json.length
        && (json[p] == ' ' || json[p] == '\n' || json[p] == '\r' || json[p] == '\t')) {
      p++;
    }
    return p;
  }

  /** The index of the closing quote; -1 for an escape, a control character or no end. */
  private static int endOfString(byte[] json, int p) {
    for (; p < json.length; p++) {
      byte b = json[p];
      if (b == '"') {
        return p;
      }
      if (b == '\\' || (b >= 0 && b < 0x20)) {
        return -1;
      }
    }
    return -1;
  }

  /** The end of a JSON number without exponent; -1 for an exponent or an invalid number. */
  private static int endOfNumber(byte[] json, int p) {
    int i = p;
    if (json[i] == '-') {
      i++;
    }
    int intStart = i;
    while (i < json.length && json[i] >= '0' && json[i] <= '9') {
      i++;
    }
    int intDigits = i - intStart;
    if (intDigits == 0 || (intDigits > 1 && json[intStart] == '0')) {
      return -1;
    }
    if (i < json.length && json[i] == '.') {
      int fractionStart = ++i;
      while (i < json.length && json[i] >= '0' && json[i] <= '9') {
        i++;
      }
      if (i == fractionStart) {
        return -1;
      }
    }
    if (i < json.length && (json[i] == 'e' || json[i] == 'E')) {
      return -1;
    }
    return i;
  }

  /**
   * The length of the number's text as {@link RecordFormat#text} renders it: a fraction's trailing
   * zeros (and a bare point) cut. -1 where that rendering could differ from the digits: too many
   * significant digits, or a negative zero.
   */
  private static int trimmedNumber(byte[] json, int from, int to) {
    int end = to;
    int point = -1;
    for (int i = from; i < to; i++) {
      if (json[i] == '.') {
        point = i;
      }
    }
    if (point >= 0) {
      while (end > point + 1 && json[end - 1] == '0') {
        end--;
      }
      if (end == point + 1) {
        end = point;
      }
    }
    int significant = 0;
    boolean leading = true;
    for (int i = from; i < to; i++) {
      byte b = json[i];
      if (b >= '1' && b <= '9' || (b == '0' && !leading)) {
        significant++;
        leading = false;
      }
    }
    boolean negative = json[from] == '-';
    if (point >= 0 && significant > EXACT_DIGITS) {
      return -1; // a double: its text may not be these digits
    }
    if (negative && significant == 0) {
      return -1; // -0, -0.0: left to the tree
    }
    if (point < 0 && significant > 18) {
      return -1; // beyond a long: the tree keeps the digits too, but let it decide
    }
    return end - from;
  }

  private static boolean literal(byte[] json, int p, String word) {
    if (p + word.length() > json.length) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (json[p + i] != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
