package io.contactd.segments;

import io.contactd.segments.QueryLexer.Flavour;
import io.contactd.segments.QueryLexer.Kind;
import io.contactd.segments.QueryLexer.Token;
import io.contactd.segments.SegmentQuery.All;
import io.contactd.segments.SegmentQuery.Any;
import io.contactd.segments.SegmentQuery.ArrayContains;
import io.contactd.segments.SegmentQuery.Between;
import io.contactd.segments.SegmentQuery.Compare;
import io.contactd.segments.SegmentQuery.Condition;
import io.contactd.segments.SegmentQuery.In;
import io.contactd.segments.SegmentQuery.IsNull;
import io.contactd.segments.SegmentQuery.Like;
import io.contactd.segments.SegmentQuery.Literal;
import io.contactd.segments.SegmentQuery.Not;
import io.contactd.segments.SegmentQuery.Operand;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A recursive-descent parser for SGQL v1, the expression language of {@code POST /contacts/search}
 * (contract §4.1), into the same {@link SegmentQuery} that segments 2.0 queries parse to, so that
 * one {@link QueryCompiler} serves both:
 *
 * <pre>
 * query     := or END
 * or        := and (OR and)*
 * and       := not (AND not)*
 * not       := NOT not | ( or ) | CONTAINS ( field , literal ) | predicate
 * predicate := operand (cmp literal | [NOT] LIKE string | [NOT] IN ( literal, … )
 *              | [NOT] BETWEEN literal AND literal | IS [NOT] NULL)
 * operand   := field | LOWER ( field )          field := name | `name`
 * literal   := string | number | TIMESTAMP string
 * </pre>
 *
 * In a LIKE pattern {@code %} is the wildcard and {@code %%} a literal percent sign, as SendGrid
 * documents it; every other character, {@code _} included, stands for itself. Arithmetic, intervals
 * and the functions other than {@code LOWER} and {@code CONTAINS} are refused by name. Bounded like
 * the segment parser: {@link QueryParser#MAX_LENGTH} characters, {@link QueryParser#MAX_DEPTH}
 * levels.
 */
final class SearchQueryParser {
  private static final Set<String> COMPARISONS = Set.of("=", "<>", "!=", "<", "<=", ">", ">=");
  private static final Set<String> KEYWORDS =
      Set.of("and", "or", "not", "like", "in", "between", "is", "null", "timestamp");

  private final List<Token> tokens;
  private int next;

  private SearchQueryParser(List<Token> tokens) {
    this.tokens = tokens;
  }

  static SegmentQuery parse(String query) {
    if (query == null || query.isBlank()) {
      throw new InvalidQuery("the query is empty");
    }
    if (query.length() > QueryParser.MAX_LENGTH) {
      throw new InvalidQuery("the query is longer than " + QueryParser.MAX_LENGTH + " characters");
    }
    SearchQueryParser parser = new SearchQueryParser(QueryLexer.tokens(query, Flavour.SGQL_1));
    if (parser.peek().isWord("select")) {
      throw new InvalidQuery(
          "contact search takes an SGQL condition such as email LIKE 'ann%', not a SELECT"
              + " (SELECT queries are for segments 2.0)");
    }
    Condition condition = parser.or(0);
    Token end = parser.peek();
    if (end.kind() != Kind.END) {
      throw new InvalidQuery("unexpected " + end.describe());
    }
    return new SegmentQuery(condition);
  }

  private Condition or(int depth) {
    List<Condition> parts = new ArrayList<>();
    parts.add(and(depth));
    while (peek().isWord("or")) {
      next++;
      parts.add(and(depth));
    }
    return parts.size() == 1 ? parts.get(0) : new Any(parts);
  }

  private Condition and(int depth) {
    List<Condition> parts = new ArrayList<>();
    parts.add(not(depth));
    while (peek().isWord("and")) {
      next++;
      parts.add(not(depth));
    }
    return parts.size() == 1 ? parts.get(0) : new All(parts);
  }

  private Condition not(int depth) {
    if (depth >= QueryParser.MAX_DEPTH) {
      throw new InvalidQuery("the query nests deeper than " + QueryParser.MAX_DEPTH + " levels");
    }
    Token t = peek();
    if (t.isWord("not")) {
      next++;
      return new Not(not(depth + 1));
    }
    if (t.isSymbol("(")) {
      next++;
      Condition inner = or(depth + 1);
      symbol(")");
      return inner;
    }
    if (t.isWord("contains") && peekAt(1).isSymbol("(")) {
      next += 2;
      String field = field();
      symbol(",");
      Literal value = literal();
      symbol(")");
      if (value.text() == null || value.timestamp()) {
        throw new InvalidQuery("CONTAINS takes a quoted string, found " + value.describe());
      }
      return new ArrayContains(field, List.of(value.text()));
    }
    return predicate(operand());
  }

  private Operand operand() {
    Token t = peek();
    if (t.kind() == Kind.WORD && peekAt(1).isSymbol("(")) {
      if (!t.isWord("lower")) {
        throw new InvalidQuery(
            "function "
                + t.text()
                + " is not supported (character "
                + (t.position() + 1)
                + "); use LOWER() or CONTAINS()");
      }
      next += 2;
      String field = field();
      symbol(")");
      return new Operand(field, true);
    }
    return new Operand(field(), false);
  }

  private Condition predicate(Operand left) {
    Token t = peek();
    if (t.kind() == Kind.SYMBOL && COMPARISONS.contains(t.text())) {
      next++;
      Literal right = literal();
      refuseArithmetic();
      return new Compare(left, t.text().equals("!=") ? "<>" : t.text(), right);
    }
    if (t.isWord("is")) {
      next++;
      boolean negated = peek().isWord("not");
      if (negated) {
        next++;
      }
      keyword("null");
      return new IsNull(left, negated);
    }
    boolean negated = t.isWord("not");
    if (negated) {
      next++;
    }
    if (peek().isWord("like")) {
      next++;
      Literal pattern = literal();
      if (pattern.text() == null || pattern.timestamp()) {
        throw new InvalidQuery("LIKE takes a quoted pattern, found " + pattern.describe());
      }
      return new Like(left, negated, likePattern(pattern.text()));
    }
    if (peek().isWord("in")) {
      next++;
      symbol("(");
      List<Literal> values = new ArrayList<>();
      values.add(literal());
      while (peek().isSymbol(",")) {
        next++;
        values.add(literal());
      }
      symbol(")");
      return new In(left, negated, values);
    }
    if (peek().isWord("between")) {
      next++;
      Literal low = literal();
      keyword("and");
      Literal high = literal();
      return new Between(left, negated, low, high);
    }
    throw new InvalidQuery(
        "expected a comparison, LIKE, IN, BETWEEN or IS NULL after "
            + left.field()
            + ", found "
            + peek().describe());
  }

  /**
   * SGQL's LIKE pattern in the form {@link QueryCompiler} takes (backslash escapes): {@code %%} is
   * a literal {@code %}; {@code _} and the backslash stand for themselves.
   */
  static String likePattern(String sgql) {
    StringBuilder out = new StringBuilder(sgql.length() + 4);
    for (int i = 0; i < sgql.length(); i++) {
      char ch = sgql.charAt(i);
      if (ch == '%' && i + 1 < sgql.length() && sgql.charAt(i + 1) == '%') {
        out.append("\\%");
        i++;
      } else if (ch == '_' || ch == '\\') {
        out.append('\\').append(ch);
      } else {
        out.append(ch);
      }
    }
    return out.toString();
  }

  private void refuseArithmetic() {
    Token t = peek();
    if (t.isSymbol("-") || t.isSymbol("*") || t.isWord("interval")) {
      throw new InvalidQuery(
          "arithmetic and intervals are not supported ("
              + t.describe()
              + "); compare with a value");
    }
  }

  private String field() {
    Token t = peek();
    if (t.kind() == Kind.NAME) {
      next++;
      return t.text().toLowerCase(Locale.ROOT);
    }
    if (t.kind() != Kind.WORD || KEYWORDS.contains(t.text().toLowerCase(Locale.ROOT))) {
      throw new InvalidQuery("expected a field name, found " + t.describe());
    }
    next++;
    if (peek().isSymbol(".")) {
      throw new InvalidQuery(
          "qualified names are not supported in contact search (character "
              + (t.position() + 1)
              + ")");
    }
    return t.text().toLowerCase(Locale.ROOT);
  }

  private Literal literal() {
    Token t = peek();
    if (t.isWord("timestamp") && peekAt(1).kind() == Kind.STRING) {
      next += 2;
      return Literal.timestampOf(peekAt(-1).text());
    }
    if (t.kind() == Kind.STRING) {
      next++;
      return Literal.of(t.text());
    }
    boolean minus = t.isSymbol("-");
    if (minus) {
      next++;
      t = peek();
    }
    if (t.kind() == Kind.NUMBER) {
      next++;
      try {
        BigDecimal n = new BigDecimal(t.text());
        return Literal.of(minus ? n.negate() : n);
      } catch (NumberFormatException e) {
        throw new InvalidQuery("malformed number " + t.describe());
      }
    }
    if (t.isWord("null")) {
      throw new InvalidQuery("compare with NULL using IS NULL or IS NOT NULL");
    }
    if (t.isWord("true") || t.isWord("false")) {
      throw new InvalidQuery("no contact field is a boolean; found " + t.describe());
    }
    if (t.isWord("now") || t.isWord("interval")) {
      throw new InvalidQuery(
          t.text() + " is not supported; compare with a TIMESTAMP '…' or an ISO date string");
    }
    throw new InvalidQuery("expected a quoted string or a number, found " + t.describe());
  }

  private void keyword(String word) {
    Token t = peek();
    if (!t.isWord(word)) {
      throw new InvalidQuery(
          "expected " + word.toUpperCase(Locale.ROOT) + ", found " + t.describe());
    }
    next++;
  }

  private void symbol(String symbol) {
    Token t = peek();
    if (!t.isSymbol(symbol)) {
      throw new InvalidQuery("expected '" + symbol + "', found " + t.describe());
    }
    next++;
  }

  private Token peek() {
    return tokens.get(next);
  }

  private Token peekAt(int ahead) {
    return tokens.get(Math.max(0, Math.min(next + ahead, tokens.size() - 1)));
  }
}
