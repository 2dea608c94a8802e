package io.contactd.db;

import java.util.Collection;

/** A list of numbers or strings as JSON text: how SQLite receives a bound list. */
final class JsonArray {
  private JsonArray() {}

  static String of(Collection<?> values) {
    StringBuilder sb = new StringBuilder(values.size() * 40).append('[');
    boolean first = true;
    for (Object v : values) {
      if (!first) {
        sb.append(',');
      }
      first = false;
      if (v instanceof Number) {
        sb.append(v);
      } else {
        quote(sb, v.toString());
      }
    }
    return sb.append(']').toString();
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
