package io.contactd.segments;

import java.math.BigDecimal;
import java.util.List;

/**
 * A parsed query (segments 2.0 SQL or SGQL v1): its condition on {@code contact_data}, or none
 * (every contact). Field names are lower-cased and not yet checked against the account's fields;
 * {@link QueryCompiler} does that.
 */
record SegmentQuery(Condition condition) {

  sealed interface Condition {}

  record All(List<Condition> parts) implements Condition {}

  record Any(List<Condition> parts) implements Condition {}

  record Not(Condition inner) implements Condition {}

  /** {@code =, <>, <, <=, >, >=} ({@code !=} is read as {@code <>}). */
  record Compare(Operand left, String op, Literal right) implements Condition {}

  record Like(Operand left, boolean negated, String pattern) implements Condition {}

  record In(Operand left, boolean negated, List<Literal> values) implements Condition {}

  record IsNull(Operand left, boolean negated) implements Condition {}

  /** {@code [NOT] BETWEEN low AND high} (SGQL v1), both ends included. */
  record Between(Operand left, boolean negated, Literal low, Literal high) implements Condition {}

  /** {@code array_contains(field, 'v')} or {@code array_contains(field, ['v', …])}: any matches. */
  record ArrayContains(String field, List<String> values) implements Condition {}

  /** A field, lower-cased by {@code lower()} when {@code lower}. */
  record Operand(String field, boolean lower) {}

  /**
   * A quoted string ({@code text}) or a number ({@code number}); exactly one is set. {@code
   * timestamp} marks SGQL v1's {@code TIMESTAMP '…'}, a string meant as a point in time.
   */
  record Literal(String text, BigDecimal number, boolean timestamp) {
    static Literal of(String text) {
      return new Literal(text, null, false);
    }

    static Literal of(BigDecimal number) {
      return new Literal(null, number, false);
    }

    static Literal timestampOf(String text) {
      return new Literal(text, null, true);
    }

    String describe() {
      String s = text != null ? "'" + text + "'" : number.toPlainString();
      return timestamp ? "TIMESTAMP " + s : s;
    }
  }
}
