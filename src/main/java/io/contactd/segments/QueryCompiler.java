package io.contactd.segments;

import io.contactd.contacts.ContactRules;
import io.contactd.db.Dialect;
import io.contactd.fields.FieldDefinition;
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
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a parsed segment query into a condition on {@code contacts c} for the account's database.
 * Every name is looked up here (reserved fields, then the account's custom fields) and every value
 * is bound: the SQL text is made only of this class's and the dialect's constants, never of the
 * query's text. Types follow the field: text compares by code point, Number fields as numbers, Date
 * fields and {@code created_at}/{@code updated_at} as instants.
 */
final class QueryCompiler {
  /** Reserved text fields and their column on {@code contacts}. */
  private static final Map<String, String> TEXT_COLUMNS =
      Map.ofEntries(
          Map.entry("contact_id", "c.id"),
          Map.entry("email", "c.email"),
          Map.entry("phone_number_id", "c.phone_number_id"),
          Map.entry("external_id", "c.external_id"),
          Map.entry("anonymous_id", "c.anonymous_id"),
          Map.entry("first_name", "c.first_name"),
          Map.entry("last_name", "c.last_name"),
          Map.entry("unique_name", "c.unique_name"),
          Map.entry("address_line_1", "c.address_line_1"),
          Map.entry("address_line_2", "c.address_line_2"),
          Map.entry("city", "c.city"),
          Map.entry("state_province_region", "c.state_province_region"),
          Map.entry("postal_code", "c.postal_code"),
          Map.entry("country", "c.country"),
          Map.entry("phone_number", "c.phone_number"),
          Map.entry("whatsapp", "c.whatsapp"),
          Map.entry("line", "c.line"),
          Map.entry("facebook", "c.facebook"));

  private static final Map<String, String> TIME_COLUMNS =
      Map.of("created_at", "c.created_at", "updated_at", "c.updated_at");

  private static final Set<String> ARRAYS = Set.of("list_ids", "alternate_emails", "email_domains");

  /** Reserved fields contactd keeps no data for: engagement, and segments themselves. */
  private static final Set<String> UNSUPPORTED =
      Set.of(
          "segment_ids",
          "last_clicked",
          "last_opened",
          "last_emailed",
          "singlesend_id",
          "automation_id",
          "event_data",
          "event_source",
          "event_timestamp",
          "event_type");

  private enum Kind {
    TEXT,
    NUMBER,
    DATE,
    INSTANT
  }

  /** A resolved scalar field: its SQL expression and how its values compare. */
  private record Field(String name, String sql, Kind kind) {}

  private final Dialect dialect;
  private final long accountId;
  private final Map<String, FieldDefinition> custom;
  private final List<Object> values = new ArrayList<>();

  private QueryCompiler(Dialect dialect, long accountId, List<FieldDefinition> customFields) {
    this.dialect = dialect;
    this.accountId = accountId;
    this.custom =
        customFields.stream()
            .collect(Collectors.toMap(f -> f.name().toLowerCase(Locale.ROOT), f -> f, (a, b) -> a));
  }

  /** The account's contacts the query matches, as a condition and its values in order. */
  static CompiledQuery compile(
      Dialect dialect, long accountId, SegmentQuery query, List<FieldDefinition> customFields) {
    QueryCompiler compiler = new QueryCompiler(dialect, accountId, customFields);
    compiler.values.add(accountId);
    String where = "c.account_id = ?";
    if (query.condition() != null) {
      where += " AND " + compiler.condition(query.condition());
    }
    return new CompiledQuery(where, compiler.values);
  }

  private String condition(Condition c) {
    return switch (c) {
      case All all -> join(all.parts(), " AND ");
      case Any any -> join(any.parts(), " OR ");
      case Not not -> "NOT (" + condition(not.inner()) + ")";
      case Compare cmp -> compare(cmp);
      case Like like -> like(like);
      case In in -> in(in);
      case IsNull isNull ->
          scalar(isNull.left()).sql() + (isNull.negated() ? " IS NOT NULL" : " IS NULL");
      case ArrayContains contains -> arrayContains(contains);
      case Between between -> between(between);
    };
  }

  private String join(List<Condition> parts, String op) {
    List<String> sql = new ArrayList<>();
    for (Condition part : parts) {
      sql.add("(" + condition(part) + ")");
    }
    return String.join(op, sql);
  }

  private String compare(Compare cmp) {
    Field f = scalar(cmp.left());
    values.add(value(f, cmp.right()));
    boolean ordering = !cmp.op().equals("=") && !cmp.op().equals("<>");
    String left =
        ordering && f.kind() != Kind.NUMBER && f.kind() != Kind.INSTANT
            ? dialect.bytewise(f.sql())
            : f.sql();
    return left + " " + cmp.op() + " ?";
  }

  /**
   * As two comparisons: each resolves the field again, since a custom field's expression carries
   * its own bound key.
   */
  private String between(Between between) {
    Condition range =
        new All(
            List.of(
                new Compare(between.left(), ">=", between.low()),
                new Compare(between.left(), "<=", between.high())));
    return condition(between.negated() ? new Not(range) : range);
  }

  private String like(Like like) {
    Field f = scalar(like.left());
    if (f.kind() != Kind.TEXT) {
      throw new InvalidQuery("LIKE needs a text field; " + f.name() + " is not text");
    }
    checkPattern(like.pattern());
    values.add(dialect.likePattern(like.pattern()));
    String sql = dialect.caseSensitiveLike(f.sql(), "?");
    return like.negated() ? "NOT (" + sql + ")" : sql;
  }

  private static void checkPattern(String pattern) {
    int backslashes = 0;
    for (int i = pattern.length() - 1; i >= 0 && pattern.charAt(i) == '\\'; i--) {
      backslashes++;
    }
    if (backslashes % 2 == 1) {
      throw new InvalidQuery(
          "LIKE pattern '" + pattern + "' ends in a lone backslash (write \\\\ for a backslash)");
    }
  }

  private String in(In in) {
    Field f = scalar(in.left());
    List<String> marks = new ArrayList<>();
    for (Literal v : in.values()) {
      values.add(value(f, v));
      marks.add("?");
    }
    return f.sql() + (in.negated() ? " NOT IN (" : " IN (") + String.join(", ", marks) + ")";
  }

  private String arrayContains(ArrayContains contains) {
    String name = contains.field();
    List<String> marks = new ArrayList<>();
    switch (name) {
      case "list_ids" -> {
        // The lists' seqs in an uncorrelated subquery, found once per statement, so that each
        // contact costs one probe of list_members (not a join with lists per membership).
        values.add(accountId);
        for (String v : contains.values()) {
          values.add(v);
          marks.add("?");
        }
        return "EXISTS (SELECT 1 FROM list_members m WHERE m.contact_seq = c.seq AND m.list_seq IN"
            + " (SELECT l.seq FROM lists l WHERE l.account_id = ? AND l.id IN ("
            + String.join(", ", marks)
            + ")))";
      }
      case "alternate_emails" -> {
        // Addresses are stored lower-case, so a value in another case can only mean the same one.
        for (String v : contains.values()) {
          values.add(v.toLowerCase(Locale.ROOT));
          marks.add("?");
        }
        return "EXISTS (SELECT 1 FROM "
            + dialect.jsonArrayValues("c.alternate_emails", "ae")
            + " WHERE ae.value IN ("
            + String.join(", ", marks)
            + "))";
      }
      case "email_domains" -> {
        // The domains of the primary and the alternate addresses, matched as "ends in @domain".
        List<String> primary = new ArrayList<>();
        List<String> alternate = new ArrayList<>();
        for (String v : contains.values()) {
          values.add(domainPattern(v));
          primary.add(dialect.caseSensitiveLike("c.email", "?"));
        }
        for (String v : contains.values()) {
          values.add(domainPattern(v));
          alternate.add(dialect.caseSensitiveLike("ae.value", "?"));
        }
        return "("
            + String.join(" OR ", primary)
            + " OR EXISTS (SELECT 1 FROM "
            + dialect.jsonArrayValues("c.alternate_emails", "ae")
            + " WHERE "
            + String.join(" OR ", alternate)
            + "))";
      }
      default -> {
        checkKnown(name);
        throw new InvalidQuery(
            "array_contains needs list_ids, alternate_emails or email_domains; "
                + name
                + " is not an array");
      }
    }
  }

  private String domainPattern(String domain) {
    StringBuilder p = new StringBuilder("%@");
    for (char ch : domain.toLowerCase(Locale.ROOT).toCharArray()) {
      if (ch == '%' || ch == '_' || ch == '\\') {
        p.append('\\');
      }
      p.append(ch);
    }
    return dialect.likePattern(p.toString());
  }

  /** A field that holds one value, wrapped in lower() when the query asks. */
  private Field scalar(Operand operand) {
    Field f = resolve(operand.field());
    if (!operand.lower()) {
      return f;
    }
    if (f.kind() != Kind.TEXT) {
      throw new InvalidQuery("lower() needs a text field; " + f.name() + " is not text");
    }
    return new Field(f.name(), "lower(" + f.sql() + ")", Kind.TEXT);
  }

  private Field resolve(String name) {
    String column = TEXT_COLUMNS.get(name);
    if (column != null) {
      return new Field(name, column, Kind.TEXT);
    }
    column = TIME_COLUMNS.get(name);
    if (column != null) {
      return new Field(name, column, Kind.INSTANT);
    }
    if (ARRAYS.contains(name)) {
      throw new InvalidQuery(name + " is an array; use array_contains(" + name + ", …)");
    }
    checkKnown(name);
    FieldDefinition def = custom.get(name);
    values.add(def.id());
    return switch (def.type()) {
      case Text -> new Field(name, dialect.jsonText("c.custom_fields", "?"), Kind.TEXT);
      case Number -> new Field(name, dialect.jsonNumber("c.custom_fields", "?"), Kind.NUMBER);
      case Date -> new Field(name, dialect.jsonText("c.custom_fields", "?"), Kind.DATE);
    };
  }

  private void checkKnown(String name) {
    if (UNSUPPORTED.contains(name)) {
      throw new InvalidQuery(name + " is not supported in segment queries");
    }
    if (!TEXT_COLUMNS.containsKey(name)
        && !TIME_COLUMNS.containsKey(name)
        && !ARRAYS.contains(name)
        && !custom.containsKey(name)) {
      throw new InvalidQuery("unknown field " + name);
    }
  }

  /** The value to bind for a comparison with {@code f}, of f's type. */
  private static Object value(Field f, Literal v) {
    return switch (f.kind()) {
      case TEXT -> {
        if (v.timestamp()) {
          throw new InvalidQuery(
              f.name()
                  + " is text; a TIMESTAMP compares with created_at, updated_at or a Date field");
        }
        if (v.text() == null) {
          throw new InvalidQuery(f.name() + " is text; compare it with a quoted string");
        }
        yield v.text();
      }
      case NUMBER -> {
        if (v.number() == null) {
          throw new InvalidQuery(f.name() + " is a Number field; compare it with a number");
        }
        yield v.number().doubleValue();
      }
      case DATE -> {
        String date = v.text() == null ? null : ContactRules.date(v.text());
        if (date == null) {
          throw new InvalidQuery(f.name() + " is a Date field; compare it with an ISO date");
        }
        yield date;
      }
      case INSTANT -> epochMillis(f.name(), v);
    };
  }

  /** An ISO date or date-time (UTC when it has no offset) as epoch milliseconds. */
  private static long epochMillis(String field, Literal v) {
    if (v.text() != null) {
      String s = v.text().trim();
      try {
        if (s.length() == 10) {
          return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        }
        try {
          return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
          return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
      } catch (DateTimeParseException e) {
        // fall through to the error below
      }
    }
    throw new InvalidQuery(
        field
            + " is a timestamp; compare it with an ISO date or date-time such as '2024-06-19T00:00:00Z', not "
            + v.describe());
  }
}
