package io.contactd.db;

import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.zaxxer.hikari.HikariConfig;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.postgresql.PGStatement;

/** PostgreSQL: a server shared by every node. Lists are bound as arrays. */
final class PostgresDialect implements Dialect {
  /** Rows per round trip when a streamed query reads through a cursor. */
  private static final int FETCH_SIZE = 2000;

  @Override
  public String migrationLocation() {
    return "classpath:db/postgresql";
  }

  @Override
  public boolean sharedByNodes() {
    return true; // clients on any number of nodes
  }

  @Override
  public void configurePool(HikariConfig config, String jdbcUrl) {
    // Lets a JDBC batch of INSERTs travel as multi-row statements (contact upserts).
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    // The server's error detail quotes row values ("Key (email)=(…) already exists"), and so does
    // a failed batch entry; neither belongs in exception messages that end up in logs.
    config.addDataSourceProperty("logServerErrorDetail", "false");
    config.setMaximumPoolSize(16);
  }

  @Override
  public void afterBulkWrite(Jdbi jdbi) {
    // PostgreSQL recycles its WAL segments itself (max_wal_size).
  }

  @Override
  public void configureJdbi(Jdbi jdbi) {
    // Transactions wait for row locks as they meet them; nothing to change.
  }

  @Override
  public void configureScheduler(SchedulerBuilder builder) {
    builder.alwaysPersistTimestampInUTC();
  }

  @Override
  public String inList(String column, String param) {
    return column + " = ANY(" + param + ")";
  }

  @Override
  public String listTable(String param, String alias) {
    return "unnest(" + param + ") AS " + alias + "(value)";
  }

  /** A join: PostgreSQL probes the index faster from a joined unnest than from = ANY. */
  @Override
  public String keepInList(String column, String param) {
    return " JOIN " + listTable(param, "kept") + " ON " + column + " = kept.value WHERE ";
  }

  @Override
  public <T extends SqlStatement<T>> T bindList(T statement, String name, Collection<?> values) {
    if (isLongs(values)) {
      return statement.bindArray(name, Long.class, values);
    }
    return statement.bindArray(name, String.class, values);
  }

  @Override
  public <T extends SqlStatement<T>> T bindList(T statement, int position, Collection<?> values) {
    if (isLongs(values)) {
      return statement.bindArray(position, Long.class, values);
    }
    return statement.bindArray(position, String.class, values);
  }

  @Override
  public void setList(Connection connection, PreparedStatement ps, int index, Collection<?> values)
      throws SQLException {
    Array array =
        isLongs(values)
            ? connection.createArrayOf("bigint", values.toArray())
            : connection.createArrayOf("text", values.toArray());
    ps.setArray(index, array);
  }

  private static boolean isLongs(Collection<?> values) {
    return !values.isEmpty() && values.iterator().next() instanceof Long;
  }

  /** A transaction-scoped advisory lock on the account's id: across nodes, and no row written. */
  @Override
  public void lockAccount(Handle handle, long accountId) {
    handle.execute("SELECT pg_advisory_xact_lock(?)", accountId);
  }

  /** From the identity's sequence. */
  @Override
  public long[] nextIds(Connection connection, String table, String column, int n)
      throws SQLException {
    long[] ids = new long[n];
    if (n == 0) {
      return ids;
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            // The sequence's name resolved once (OFFSET 0 keeps the planner from inlining it per
            // row, where the catalog lookup cost 5 to 15 times the nextval itself).
            "SELECT nextval(q.s) FROM (SELECT pg_get_serial_sequence(?, ?)::regclass AS s"
                + " OFFSET 0) q, generate_series(1, ?)")) {
      ps.setString(1, table);
      ps.setString(2, column);
      ps.setInt(3, n);
      try (ResultSet rs = ps.executeQuery()) {
        int i = 0;
        while (rs.next()) {
          ids[i++] = rs.getLong(1);
        }
      }
    }
    return ids;
  }

  @Override
  public String overridingIdentity() {
    return " OVERRIDING SYSTEM VALUE";
  }

  @Override
  public boolean writesRowsAsArrays() {
    return true;
  }

  @Override
  public String arrayRows(String... types) {
    return Arrays.stream(types)
        .map(type -> "?::" + type + "[]")
        .collect(Collectors.joining(", ", "unnest(", ")"));
  }

  /**
   * A crash can then lose the whole transaction, but no more: the database stays consistent, and
   * the work is redone.
   */
  @Override
  public void commitWithoutFlushWait(Handle handle) {
    handle.execute("SET LOCAL synchronous_commit = off");
  }

  @Override
  public String withoutJsonKey(String column, String keyParam) {
    return "(" + column + "::jsonb - CAST(" + keyParam + " AS text))::text";
  }

  @Override
  public String joinedWithCommas(String expression) {
    return "string_agg(" + expression + ", ',')";
  }

  @Override
  public void prepareForStreaming(PreparedStatement ps) throws SQLException {
    ps.setFetchSize(FETCH_SIZE);
    // Server-prepared from the first run, so that BIGINT columns (timestamps) come in binary:
    // parsing their digits was a third of an export's reading thread's time.
    ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
  }

  @Override
  public boolean readsNonNullMask() {
    return false;
  }

  @Override
  public String jsonText(String column, String keyParam) {
    return "(" + column + "::jsonb ->> CAST(" + keyParam + " AS text))";
  }

  @Override
  public String jsonNumber(String column, String keyParam) {
    return "(" + column + "::jsonb ->> CAST(" + keyParam + " AS text))::double precision";
  }

  @Override
  public String jsonArrayValues(String column, String alias) {
    return "jsonb_array_elements_text(" + column + "::jsonb) AS " + alias + "(value)";
  }

  @Override
  public String caseSensitiveLike(String expression, String param) {
    // chr(92) is the backslash: a quoted one would read as an escape to JDBI's SQL lexer.
    return expression + " LIKE " + param + " ESCAPE chr(92)";
  }

  /** PostgreSQL's LIKE takes the pattern as it is, with the backslash as its escape. */
  @Override
  public String likePattern(String pattern) {
    return pattern;
  }

  /** The "C" collation: the database's default may order by language rules. */
  @Override
  public String bytewise(String expression) {
    return expression + " COLLATE \"C\"";
  }

  /** {@code statement_timeout} for the rest of the transaction; it ends with it. */
  @Override
  public TimeLimit limitTime(Handle handle, java.time.Duration limit) {
    handle
        .createQuery("SELECT set_config('statement_timeout', ?, true)")
        .bind(0, Math.max(1, limit.toMillis()) + "ms")
        .mapTo(String.class)
        .one();
    return () -> {};
  }

  /** SQLSTATE 57014, query_canceled: what statement_timeout raises. */
  @Override
  public boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && "57014".equals(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "postgresql";
  }
}
