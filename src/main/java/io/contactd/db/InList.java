package io.contactd.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * A bound list of values in SQL, the same way on both databases: PostgreSQL takes an array ({@code
 * col = ANY(?)}), SQLite a JSON array walked by {@code json_each}. One parameter whatever the
 * number of values, so statements stay prepared and nothing is concatenated.
 */
public final class InList {
  private final Dialect dialect;

  public InList(Dialect dialect) {
    this.dialect = dialect;
  }

  /** {@code column IN <list>} for the parameter {@code param} (":name" or "?"). */
  public String sql(String column, String param) {
    return dialect.isSqlite()
        ? column + " IN (SELECT value FROM json_each(" + param + "))"
        : column + " = ANY(" + param + ")";
  }

  /**
   * The bound list as a table {@code alias} with one column {@code value}, to join against: on
   * PostgreSQL a join with unnest is much faster than {@code = ANY} for thousands of values. On
   * SQLite prefer {@link #sql}: its planner may put json_each in the inner loop of a join.
   */
  public String table(String param, String alias) {
    return dialect.isSqlite()
        ? "json_each(" + param + ") " + alias
        : "unnest(" + param + ") AS " + alias + "(value)";
  }

  public <T extends SqlStatement<T>> T bind(T statement, String name, Collection<?> values) {
    if (dialect.isSqlite()) {
      return statement.bind(name, json(values));
    }
    if (isLongs(values)) {
      return statement.bindArray(name, Long.class, values);
    }
    return statement.bindArray(name, String.class, values);
  }

  public void set(Connection connection, PreparedStatement ps, int index, Collection<?> values)
      throws SQLException {
    if (dialect.isSqlite()) {
      ps.setString(index, json(values));
      return;
    }
    Array array =
        isLongs(values)
            ? connection.createArrayOf("bigint", values.toArray())
            : connection.createArrayOf("text", values.toArray());
    ps.setArray(index, array);
  }

  private static boolean isLongs(Collection<?> values) {
    return !values.isEmpty() && values.iterator().next() instanceof Long;
  }

  private static String json(Collection<?> values) {
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
