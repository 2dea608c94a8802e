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
 * @param values the values of its {@code ?}s in order: Long, String or a Collection of either
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

  /** Binds the values from parameter {@code first} on; returns the next parameter's index. */
  public int bind(Dialect dialect, Connection connection, PreparedStatement ps, int first)
      throws SQLException {
    int p = first;
    for (Object v : values) {
      switch (v) {
        case Long l -> ps.setLong(p, l);
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
        case String s -> statement.bind(p, s);
        case Collection<?> list -> dialect.bindList(statement, p, list);
        default -> throw new IllegalStateException("cannot bind " + v.getClass());
      }
      p++;
    }
    return statement;
  }
}
