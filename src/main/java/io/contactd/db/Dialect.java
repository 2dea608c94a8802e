package io.contactd.db;

import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.zaxxer.hikari.HikariConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * Every SQL difference between the databases contactd runs on, one implementation per database.
 * Features ask it for SQL pieces and settings by what they do, never which database it is.
 *
 * <p>Lists of values are bound one way only: as one parameter (a PostgreSQL array, a JSON array on
 * SQLite) whatever their length, so statements stay prepared and no value is ever concatenated.
 */
public interface Dialect {

  static Dialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return new SqliteDialect();
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return new PostgresDialect();
    }
    throw new IllegalArgumentException(
        "unsupported database URL (use jdbc:sqlite:FILE or jdbc:postgresql://…): " + jdbcUrl);
  }

  /**
   * True for a server database that several contactd nodes may share (state that must hold across
   * nodes, such as rate-limit budgets, then lives in it); false for a database file that one node
   * opens, where such state stays in memory.
   */
  boolean sharedByNodes();

  /** Flyway's location of this database's migrations. */
  String migrationLocation();

  /** Pool and driver settings for this database (may prepare the database's folder). */
  void configurePool(HikariConfig config, String jdbcUrl);

  /**
   * After a job that wrote many rows: gives back the disk its write-ahead log grew to, when that
   * can be done without making others wait long. Changes nothing where there is no such log to
   * shrink.
   */
  void afterBulkWrite(Jdbi jdbi);

  /** JDBI settings for this database, such as how transactions begin. */
  void configureJdbi(Jdbi jdbi);

  /** db-scheduler's SQL and timestamp settings for this database. */
  void configureScheduler(SchedulerBuilder builder);

  // Lists of values.

  /** {@code column IN <list>}, the list bound to {@code param} (":name" or "?"). */
  String inList(String column, String param);

  /**
   * The list bound to {@code param} as a table {@code alias} with one column {@code value}, to
   * select from or join against.
   */
  String listTable(String param, String alias);

  /**
   * What follows {@code FROM table} to keep the rows whose {@code column} is in the list bound to
   * {@code param}; it ends in {@code WHERE …} or {@code AND}, so further conditions follow it. For
   * probing an index with many values: a join where the planner does well with one, {@code IN}
   * where it could put the list in the inner loop of a scan.
   */
  String keepInList(String column, String param);

  <T extends SqlStatement<T>> T bindList(T statement, String name, Collection<?> values);

  <T extends SqlStatement<T>> T bindList(T statement, int position, Collection<?> values);

  void setList(Connection connection, PreparedStatement ps, int index, Collection<?> values)
      throws SQLException;

  // Writes.

  /**
   * Serialises the writers of one account until the transaction ends: every write that must not
   * interleave with another of the same account (upserts, deletes of fields, lists and contacts,
   * limits checked before an insert) takes it first. Changes nothing; taking it again in the same
   * transaction is harmless.
   */
  void lockAccount(Handle handle, long accountId);

  /**
   * {@code n} new values for the identity {@code column} of {@code table}, in one round trip. The
   * caller holds {@link #lockAccount} (on SQLite that is the database's write lock, so nobody else
   * can take the same values).
   */
  long[] nextIds(Connection connection, String table, String column, int n) throws SQLException;

  /** Between {@code INSERT INTO t (…)} and its rows, when the rows carry their identity value. */
  String overridingIdentity();

  /**
   * True when one statement over column arrays ({@link #arrayRows}) writes many rows faster than a
   * JDBC batch: a server database, where each batched row costs a parse or a round trip; not an
   * in-process one, where a batch costs neither.
   */
  boolean writesRowsAsArrays();

  /**
   * A table of rows from one array parameter per column, of the given SQL types ("bigint", "text");
   * only where {@link #writesRowsAsArrays}.
   */
  String arrayRows(String... types);

  /**
   * Lets the current transaction's commit return before its log is flushed to disk, for writes that
   * are safe to lose in a crash (they are redone). Changes nothing where commits do not wait.
   */
  void commitWithoutFlushWait(Handle handle);

  // Expressions.

  /** The JSON text in {@code column} without its top-level key bound to {@code keyParam}. */
  String withoutJsonKey(String column, String keyParam);

  /** An aggregate joining the text {@code expression} of a group with commas. */
  String joinedWithCommas(String expression);

  // Streaming reads.

  /**
   * Prepares a forward-only query to stream a large result without holding it in memory; the caller
   * runs it inside a transaction (PostgreSQL only streams through a cursor there).
   */
  void prepareForStreaming(PreparedStatement ps) throws SQLException;

  /**
   * True when each column read is a call into a native driver, so that a streamed query should
   * select a bitmask of its non-NULL text columns and read only those.
   */
  boolean readsNonNullMask();

  // Segment conditions (the segments 2.0 query compiles to these; every value is bound).

  /**
   * The text of the top-level key bound to {@code keyParam} of the JSON object in {@code column}.
   */
  String jsonText(String column, String keyParam);

  /**
   * The number at the top-level key bound to {@code keyParam} of the JSON object in {@code column}.
   */
  String jsonNumber(String column, String keyParam);

  /**
   * The text elements of the JSON array in {@code column} as a table {@code alias} with one column
   * {@code value}; no rows when the column is NULL.
   */
  String jsonArrayValues(String column, String alias);

  /**
   * {@code expression} matches the pattern bound to {@code param}, case-sensitively on every
   * database; the bound value is {@link #likePattern}'s.
   */
  String caseSensitiveLike(String expression, String param);

  /**
   * The value to bind for {@link #caseSensitiveLike} from a LIKE pattern in which {@code %} and
   * {@code _} are wildcards and a backslash makes the next character literal.
   */
  String likePattern(String pattern);

  /** {@code expression} compared and ordered by its bytes (code points), whatever the collation. */
  String bytewise(String expression);

  // Time limits (contact search answers 408 past its limit).

  /**
   * Makes every statement the handle runs from now on fail once it has run for {@code limit}, until
   * the returned limit is closed; call inside a transaction (PostgreSQL scopes it to one). The
   * failure is one {@link #timedOut} recognises, and it leaves the connection usable.
   */
  TimeLimit limitTime(Handle handle, java.time.Duration limit);

  /** True when {@code e} (or a cause) is a statement stopped by {@link #limitTime}. */
  boolean timedOut(Throwable e);

  /** A limit set by {@link #limitTime}; closing it lifts it. */
  @FunctionalInterface
  interface TimeLimit extends AutoCloseable {
    @Override
    void close();
  }
}
