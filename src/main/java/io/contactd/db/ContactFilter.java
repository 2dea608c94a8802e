package io.contactd.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Which contacts a query covers: a condition on {@code contacts c} with its values, bound in order
 * to its {@code ?}s. Exports, samples and (next) segments all take one, so "all contacts", lists
 * and segments are one path. Built here, where the dialect's SQL is known; values are always bound,
 * never concatenated (a collection binds as one list).
 *
 * @param where a condition on the table alias {@code c}, e.g. {@code c.account_id = ?}
 * @param values the values of its {@code ?}s in order: Long, Double, String or a Collection of
 *     Longs or Strings
 */
public record ContactFilter(String where, List<Object> values) {
  public ContactFilter {
    values = List.copyOf(values);
  }

  /** Every contact of the account. */
  public static ContactFilter all(long accountId) {
    return new ContactFilter("c.account_id = ?", List.of(accountId));
  }

  /** The account's contacts in at least one of the lists; each contact once. */
  public static ContactFilter inLists(Dialect dialect, long accountId, Collection<Long> listSeqs) {
    if (listSeqs.isEmpty()) {
      throw new IllegalArgumentException("a list filter needs at least one list");
    }
    // One list binds as a plain value, so that the planner sees one value (SQLite cannot look
    // into a bound JSON array when it plans).
    if (listSeqs.size() == 1) {
      return new ContactFilter(
          "c.account_id = ? AND c.seq IN"
              + " (SELECT m.contact_seq FROM list_members m WHERE m.list_seq = ?)",
          List.of(accountId, listSeqs.iterator().next()));
    }
    return new ContactFilter(
        "c.account_id = ? AND c.seq IN (SELECT m.contact_seq FROM list_members m WHERE "
            + dialect.inList("m.list_seq", "?")
            + ")",
        List.of(accountId, List.copyOf(listSeqs)));
  }

  /** The contacts any of the filters covers, each once (one condition, not a UNION of rows). */
  public static ContactFilter anyOf(List<ContactFilter> filters) {
    if (filters.size() == 1) {
      return filters.get(0);
    }
    List<String> conditions = new java.util.ArrayList<>();
    List<Object> values = new java.util.ArrayList<>();
    for (ContactFilter f : filters) {
      conditions.add("(" + f.where() + ")");
      values.addAll(f.values());
    }
    return new ContactFilter(String.join(" OR ", conditions), values);
  }

  /**
   * These contacts, only those changed at or after {@code sinceMillis} ({@code updated_at}): the
   * building block of incremental exports.
   */
  public ContactFilter updatedSince(long sinceMillis) {
    return and("c.updated_at >= ?", sinceMillis);
  }

  /**
   * These contacts with {@code after < seq <= upto}: one shard of an export. Contacts keep their
   * seq for life, so ranges cut once hold each contact in exactly one shard.
   */
  public ContactFilter seqRange(long after, long upto) {
    return and("c.seq > ? AND c.seq <= ?", after, upto);
  }

  private ContactFilter and(String condition, Object... more) {
    List<Object> all = new java.util.ArrayList<>(values);
    all.addAll(List.of(more));
    return new ContactFilter("(" + where + ") AND " + condition, all);
  }

  /** Binds the values from parameter {@code first} on; returns the next parameter's index. */
  public int bind(Dialect dialect, Connection connection, PreparedStatement ps, int first)
      throws SQLException {
    int p = first;
    for (Object v : values) {
      switch (v) {
        case Long l -> ps.setLong(p, l);
        case Double d -> ps.setDouble(p, d);
        case String s -> ps.setString(p, s);
        case Collection<?> list -> dialect.setList(connection, ps, p, list);
        default -> throw new IllegalStateException("cannot bind " + v.getClass());
      }
      p++;
    }
    return p;
  }

  /** The same for a JDBI statement. */
  public <T extends SqlStatement<T>> T bind(Dialect dialect, T statement, int first) {
    int p = first;
    for (Object v : values) {
      switch (v) {
        case Long l -> statement.bind(p, l);
        case Double d -> statement.bind(p, d);
        case String s -> statement.bind(p, s);
        case Collection<?> list -> dialect.bindList(statement, p, list);
        default -> throw new IllegalStateException("cannot bind " + v.getClass());
      }
      p++;
    }
    return statement;
  }
}
