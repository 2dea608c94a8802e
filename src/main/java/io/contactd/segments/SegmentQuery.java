package io.contactd.segments;

import java.math.BigDecimal;
import java.util.List;

/**
 * A parsed segments 2.0 query: its condition on {@code contact_data}, or none (every contact).
 * Field names are lower-cased and not yet checked against the account's fields; {@link
 * QueryCompiler} does that.
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

  /** {@code array_contains(field, 'v')} or {@code array_contains(field, ['v', …])}: any matches. */
  record ArrayContains(String field, List<String> values) implements Condition {}

  /** A field, lower-cased by {@code lower()} when {@code lower}. */
  record Operand(String field, boolean lower) {}

  /** A quoted string ({@code text}) or a number ({@code number}); exactly one is set. */
  record Literal(String text, BigDecimal number) {
    static Literal of(String text) {
      return new Literal(text, null);
    }

    static Literal of(BigDecimal number) {
      return new Literal(null, number);
    }

    String describe() {
      return text != null ? "'" + text + "'" : number.toPlainString();
    }
  }
}
