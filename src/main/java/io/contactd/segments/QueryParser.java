package io.contactd.segments;

import io.contactd.segments.QueryLexer.Kind;
import io.contactd.segments.QueryLexer.Token;
import io.contactd.segments.SegmentQuery.All;
import io.contactd.segments.SegmentQuery.Any;
import io.contactd.segments.SegmentQuery.ArrayContains;
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
 * A recursive-descent parser for the subset of SQL that segments 2.0 queries use:
 *
 * <pre>
 * query     := SELECT column , column FROM contact_data [[AS] alias] [WHERE or] END
 * or        := and (OR and)*
 * and       := not (AND not)*
 * not       := NOT not | ( or ) | array_contains ( field , string | [ string, … ] ) | predicate
 * predicate := operand (cmp literal | [NOT] LIKE string | [NOT] IN ( literal, … ) | IS [NOT] NULL)
 * operand   := field | lower ( field )        field := [qualifier .] name
 * </pre>
 *
 * Hand-written rather than a general SQL parser: the grammar is a dozen rules, and a general parser
 * would accept (and we would then have to find and refuse) joins, subqueries, functions and every
 * other construct; here anything outside the grammar is an error naming what was found. The query's
 * length and nesting depth are bounded so that no input can exhaust the stack.
 */
final class QueryParser {
  static final int MAX_LENGTH = 10_000;
  static final int MAX_DEPTH = 50;

  private static final Set<String> NOT_AN_ALIAS =
      Set.of("where", "join", "inner", "left", "right", "full", "cross", "on", "group", "order");

  private final List<Token> tokens;
  private int next;
  private String table;
  private String alias;
  private final List<String> selectQualifiers = new ArrayList<>();

  private QueryParser(List<Token> tokens) {
    this.tokens = tokens;
  }

  static SegmentQuery parse(String query) {
    if (query == null || query.isBlank()) {
      throw new InvalidQuery("the query is empty");
    }
    if (query.length() > MAX_LENGTH) {
      throw new InvalidQuery("the query is longer than " + MAX_LENGTH + " characters");
    }
    return new QueryParser(QueryLexer.tokens(query)).query();
  }

  private SegmentQuery query() {
    keyword("select");
    List<String> columns = List.of(selected(), selectedAfterComma());
    from();
    for (String q : selectQualifiers) {
      if (!q.equals(table) && !q.equals(alias)) {
        throw new InvalidQuery("unknown table or alias " + q + " in the selected columns");
      }
    }
    for (String c : List.of("contact_id", "updated_at")) {
      if (!columns.contains(c) || columns.get(0).equals(columns.get(1))) {
        throw new InvalidQuery("a segment query selects exactly contact_id, updated_at");
      }
    }
    Condition condition = null;
    if (peek().isWord("where")) {
      next++;
      condition = or(0);
    }
    Token end = peek();
    if (end.kind() != Kind.END) {
      if (end.isWord("join") || end.isWord("inner")) {
        throw new InvalidQuery("joins are not supported; a segment queries contact_data only");
      }
      throw new InvalidQuery("unexpected " + end.describe());
    }
    return new SegmentQuery(condition);
  }

  private String selected() {
    Token t = peek();
    if (t.kind() == Kind.WORD && peekAt(1).isSymbol("(")) {
      throw new InvalidQuery(
          "function " + t.text() + " is not supported; select contact_id, updated_at");
    }
    if (t.isSymbol("*")) {
      throw new InvalidQuery("a segment query selects exactly contact_id, updated_at, not *");
    }
    String first = word("a column name");
    if (peek().isSymbol(".")) {
      next++;
      selectQualifiers.add(first.toLowerCase(Locale.ROOT)); // checked once FROM is read
      return word("a column name").toLowerCase(Locale.ROOT);
    }
    return first.toLowerCase(Locale.ROOT);
  }

  private String selectedAfterComma() {
    symbol(",");
    return selected();
  }

  private void from() {
    keyword("from");
    table = word("a table name").toLowerCase(Locale.ROOT);
    if (table.equals("event_data")) {
      throw new InvalidQuery("event_data (engagement data) is not supported in segment queries");
    }
    if (!table.equals("contact_data")) {
      throw new InvalidQuery("unknown table " + table + "; a segment selects FROM contact_data");
    }
    if (peek().isWord("as")) {
      next++;
      alias = word("an alias").toLowerCase(Locale.ROOT);
    } else if (peek().kind() == Kind.WORD
        && !NOT_AN_ALIAS.contains(peek().text().toLowerCase(Locale.ROOT))) {
      alias = word("an alias").toLowerCase(Locale.ROOT);
    }
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
    if (depth >= MAX_DEPTH) {
      throw new InvalidQuery("the query nests deeper than " + MAX_DEPTH + " levels");
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
    if (t.isWord("array_contains") && peekAt(1).isSymbol("(")) {
      next += 2;
      return arrayContains();
    }
    return predicate(operand());
  }

  private Condition arrayContains() {
    String field = field();
    symbol(",");
    List<String> values = new ArrayList<>();
    if (peek().isSymbol("[")) {
      next++;
      values.add(string());
      while (peek().isSymbol(",")) {
        next++;
        values.add(string());
      }
      symbol("]");
    } else {
      values.add(string());
    }
    symbol(")");
    return new ArrayContains(field, values);
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
                + "); use lower() or array_contains()");
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
    if (t.kind() == Kind.SYMBOL
        && Set.of("=", "<>", "!=", "<", "<=", ">", ">=").contains(t.text())) {
      next++;
      return new Compare(left, t.text().equals("!=") ? "<>" : t.text(), literal());
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
      return new Like(left, negated, string());
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
    throw new InvalidQuery(
        "expected a comparison, LIKE, IN or IS NULL after "
            + left.field()
            + ", found "
            + peek().describe());
  }

  /** A field name, its qualifier (if any) checked against the table and its alias. */
  private String field() {
    Token t = peek();
    if (t.kind() != Kind.WORD) {
      throw new InvalidQuery("expected a field name, found " + t.describe());
    }
    next++;
    String name = t.text().toLowerCase(Locale.ROOT);
    if (peek().isSymbol(".")) {
      next++;
      if (!name.equals(table) && !name.equals(alias)) {
        throw new InvalidQuery(
            "unknown table or alias " + name + " (character " + (t.position() + 1) + ")");
      }
      name = word("a field name").toLowerCase(Locale.ROOT);
    }
    return name;
  }

  private Literal literal() {
    Token t = peek();
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
    throw new InvalidQuery("expected a quoted string or a number, found " + t.describe());
  }

  private String string() {
    Token t = peek();
    if (t.kind() != Kind.STRING) {
      throw new InvalidQuery("expected a quoted string, found " + t.describe());
    }
    next++;
    return t.text();
  }

  private String word(String what) {
    Token t = peek();
    if (t.kind() != Kind.WORD) {
      throw new InvalidQuery("expected " + what + ", found " + t.describe());
    }
    next++;
    return t.text();
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
    return tokens.get(Math.min(next + ahead, tokens.size() - 1));
  }
}
