package io.contactd.files;

import java.nio.charset.StandardCharsets;

/**
 * Defuses CSV formula injection as OWASP recommends: a cell that starts with {@code = + - @}, a tab
 * or a carriage return is prefixed with {@code '}, so a spreadsheet shows it as text instead of
 * running it ({@code =HYPERLINK(…)}, {@code +1+1}, {@code @SUM(…)}). Plain numbers ({@code -5},
 * {@code +1.5}) are left alone: a spreadsheet reads them as numbers, never as formulas. Off by
 * default, since it changes the bytes of a file that round trips and SendGrid parity rely on.
 */
public final class FormulaGuard {
  private FormulaGuard() {}

  /** True when a spreadsheet could read the UTF-8 {@code value} as a formula. */
  public static boolean risky(byte[] value) {
    if (value == null || value.length == 0) {
      return false;
    }
    return switch (value[0]) {
      case '=', '@', '\t', '\r' -> true;
      case '+', '-' -> !plainNumber(value);
      default -> false;
    };
  }

  /** {@code value} with the {@code '} prefix when it is {@link #risky}, else as it was. */
  public static String apply(String value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    char first = value.charAt(0);
    boolean maybe =
        first == '='
            || first == '@'
            || first == '\t'
            || first == '\r'
            || first == '+'
            || first == '-';
    return maybe && risky(value.getBytes(StandardCharsets.UTF_8)) ? "'" + value : value;
  }

  /**
   * A sign, digits, at most one dot, an optional exponent: what a spreadsheet takes as a number.
   */
  private static boolean plainNumber(byte[] v) {
    int i = 1;
    int digits = 0;
    while (i < v.length && v[i] >= '0' && v[i] <= '9') {
      i++;
      digits++;
    }
    if (i < v.length && v[i] == '.') {
      i++;
      while (i < v.length && v[i] >= '0' && v[i] <= '9') {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < v.length && (v[i] == 'e' || v[i] == 'E')) {
      i++;
      if (i < v.length && (v[i] == '+' || v[i] == '-')) {
        i++;
      }
      int exponent = 0;
      while (i < v.length && v[i] >= '0' && v[i] <= '9') {
        i++;
        exponent++;
      }
      if (exponent == 0) {
        return false;
      }
    }
    return i == v.length;
  }
}
