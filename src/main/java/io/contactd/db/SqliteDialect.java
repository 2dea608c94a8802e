package io.contactd.db;

import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.zaxxer.hikari.HikariConfig;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.ProgressHandler;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite: one file, one writer at a time, in-process. Lists are bound as a JSON array walked by
 * {@code json_each}.
 */
final class SqliteDialect implements Dialect {
  private static final Logger log = LoggerFactory.getLogger(SqliteDialect.class);

  /** Rows the driver reads ahead per step of a streamed query. */
  private static final int FETCH_SIZE = 2000;

  /** How long a writer waits for the write lock before the request answers 503. */
  private static final int BUSY_TIMEOUT_MS = 30_000;

  /** How long a checkpoint after a bulk write waits for the writer and old readers. */
  private static final int CHECKPOINT_WAIT_MS = 1_000;

  /**
   * The size the -wal file is cut back to whenever the log restarts: without it, the file keeps the
   * largest size it ever reached (234 MB after a 1M-contact upsert, next to a 43 MB database).
   */
  private static final long WAL_KEPT_BYTES = 64L * 1024 * 1024;

  @Override
  public String migrationLocation() {
    return "classpath:db/sqlite";
  }

  @Override
  public boolean sharedByNodes() {
    return false; // one process opens the file
  }

  @Override
  public void configurePool(HikariConfig config, String jdbcUrl) {
    createPrivateFile(jdbcUrl);
    // WAL lets readers run beside the single writer; busy_timeout makes writers queue instead of
    // failing.
    config.addDataSourceProperty("journal_mode", "WAL");
    config.addDataSourceProperty("synchronous", "NORMAL");
    config.addDataSourceProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MS));
    config.addDataSourceProperty("journal_size_limit", Long.toString(WAL_KEPT_BYTES));
    config.addDataSourceProperty("foreign_keys", "true");
    // 64 MB of page cache per connection (default 2 MB): batch upserts touch six contact indexes.
    config.addDataSourceProperty("cache_size", "-65536");
    config.setMaximumPoolSize(8);
  }

  /**
   * A TRUNCATE checkpoint copies the log into the database and empties the -wal file, but it must
   * wait for the writer and for readers of older snapshots, and writers wait for it meanwhile: it
   * is tried with a 1 s busy timeout and given up when the database stays busy (journal_size_limit
   * still bounds the file at the next reset).
   */
  @Override
  public void afterBulkWrite(Jdbi jdbi) {
    try {
      jdbi.useHandle(
          h -> {
            h.execute("PRAGMA busy_timeout = " + CHECKPOINT_WAIT_MS);
            try {
              h.createQuery("PRAGMA wal_checkpoint(TRUNCATE)").mapToMap().list();
            } finally {
              h.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            }
          });
    } catch (RuntimeException e) {
      // The write it follows is committed; only the disk space waits for the next checkpoint.
      log.warn("checkpoint after a bulk write failed; the -wal file shrinks at a later one", e);
    }
  }

  @Override
  public void configureJdbi(Jdbi jdbi) {
    jdbi.setTransactionHandler(new WriteTransactions(jdbi.getTransactionHandler()));
  }

  /**
   * Creates the SQLite file's folder (0700) and the file itself (0600, empty: a valid empty
   * database) before SQLite would create it 0644; its {@code -wal} and {@code -shm} files take the
   * database file's mode. Modes are given at creation, so a stricter umask still applies.
   */
  private static void createPrivateFile(String jdbcUrl) {
    String file = jdbcUrl.substring("jdbc:sqlite:".length());
    int query = file.indexOf('?');
    if (query >= 0) {
      file = file.substring(0, query);
    }
    if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
      return; // in memory, or a URI form SQLite resolves itself
    }
    Path path = Path.of(file).toAbsolutePath();
    boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
    try {
      if (path.getParent() != null) {
        if (posix) {
          Files.createDirectories(
              path.getParent(),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(path.getParent());
        }
      }
      if (posix && !Files.exists(path)) {
        Files.createFile(
            path,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      }
    } catch (FileAlreadyExistsException e) {
      // another process created it in between: it is that one's to keep
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the database file " + path, e);
    }
  }

  @Override
  public void configureScheduler(SchedulerBuilder builder) {
    builder.jdbcCustomization(new SqliteJdbcCustomization());
  }

  @Override
  public String inList(String column, String param) {
    return column + " IN (SELECT value FROM json_each(" + param + "))";
  }

  @Override
  public String listTable(String param, String alias) {
    return "json_each(" + param + ") " + alias;
  }

  /** IN, not a join: SQLite's planner may loop over json_each inside a scan of the table. */
  @Override
  public String keepInList(String column, String param) {
    return " WHERE " + inList(column, param) + " AND ";
  }

  @Override
  public <T extends SqlStatement<T>> T bindList(T statement, String name, Collection<?> values) {
    return statement.bind(name, JsonArray.of(values));
  }

  @Override
  public <T extends SqlStatement<T>> T bindList(T statement, int position, Collection<?> values) {
    return statement.bind(position, JsonArray.of(values));
  }

  @Override
  public void setList(Connection connection, PreparedStatement ps, int index, Collection<?> values)
      throws SQLException {
    ps.setString(index, JsonArray.of(values));
  }

  /**
   * A write that changes nothing: the transaction takes the database's write lock at once (so it
   * never has to upgrade a read snapshot), which also serialises every account's writers.
   */
  @Override
  public void lockAccount(Handle handle, long accountId) {
    handle.execute(
        "UPDATE accounts SET next_field_number = next_field_number WHERE id = ?", accountId);
  }

  /** MAX + 1 onwards: the write lock held since {@link #lockAccount} keeps MAX from moving. */
  @Override
  public long[] nextIds(Connection connection, String table, String column, int n)
      throws SQLException {
    long[] ids = new long[n];
    if (n == 0) {
      return ids;
    }
    long max;
    // Table and column are the caller's constants, never request data.
    try (PreparedStatement ps =
            connection.prepareStatement("SELECT COALESCE(MAX(" + column + "), 0) FROM " + table);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      max = rs.getLong(1);
    }
    for (int i = 0; i < n; i++) {
      ids[i] = max + 1 + i;
    }
    return ids;
  }

  @Override
  public String overridingIdentity() {
    return "";
  }

  @Override
  public boolean writesRowsAsArrays() {
    return false;
  }

  @Override
  public String arrayRows(String... types) {
    throw new UnsupportedOperationException("SQLite writes rows as JDBC batches");
  }

  /** Nothing to do: with WAL and synchronous=NORMAL a commit does not wait for a flush. */
  @Override
  public void commitWithoutFlushWait(Handle handle) {}

  @Override
  public String withoutJsonKey(String column, String keyParam) {
    return "json_remove(" + column + ", '$.' || " + keyParam + ")";
  }

  @Override
  public String joinedWithCommas(String expression) {
    return "group_concat(" + expression + ", ',')";
  }

  @Override
  public void prepareForStreaming(PreparedStatement ps) throws SQLException {
    ps.setFetchSize(FETCH_SIZE);
  }

  @Override
  public boolean readsNonNullMask() {
    return true;
  }

  @Override
  public String jsonText(String column, String keyParam) {
    return "json_extract(" + column + ", '$.' || " + keyParam + ")";
  }

  @Override
  public String jsonNumber(String column, String keyParam) {
    return jsonText(column, keyParam);
  }

  @Override
  public String jsonArrayValues(String column, String alias) {
    return "json_each(" + column + ") " + alias;
  }

  /** GLOB: SQLite's LIKE ignores the case of ASCII letters. */
  @Override
  public String caseSensitiveLike(String expression, String param) {
    return expression + " GLOB " + param;
  }

  /**
   * The LIKE pattern as a GLOB pattern: wildcards {@code *} and {@code ?}, literals in brackets.
   */
  @Override
  public String likePattern(String pattern) {
    StringBuilder glob = new StringBuilder(pattern.length() + 8);
    for (int i = 0; i < pattern.length(); i++) {
      char ch = pattern.charAt(i);
      if (ch == '\\' && i + 1 < pattern.length()) {
        literalGlob(glob, pattern.charAt(++i));
      } else if (ch == '%') {
        glob.append('*');
      } else if (ch == '_') {
        glob.append('?');
      } else {
        literalGlob(glob, ch);
      }
    }
    return glob.toString();
  }

  private static void literalGlob(StringBuilder glob, char ch) {
    if (ch == '*' || ch == '?' || ch == '[') {
      glob.append('[').append(ch).append(']');
    } else {
      glob.append(ch);
    }
  }

  /** SQLite's default collation (BINARY) already compares bytes. */
  @Override
  public String bytewise(String expression) {
    return expression;
  }

  /** How many virtual-machine steps SQLite runs between two looks at the clock. */
  private static final int STEPS_PER_CHECK = 1000;

  /**
   * A progress handler that interrupts the statement once the deadline passed (SQLite has no
   * statement timeout of its own). It measures elapsed time, so it reads the monotonic clock, not
   * the business clock.
   */
  @Override
  public TimeLimit limitTime(Handle handle, java.time.Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    Connection connection;
    try {
      connection = handle.getConnection().unwrap(SQLiteConnection.class);
      ProgressHandler.setHandler(
          connection,
          STEPS_PER_CHECK,
          new ProgressHandler() {
            @Override
            protected int progress() {
              return System.nanoTime() - deadline > 0 ? 1 : 0;
            }
          });
    } catch (SQLException e) {
      throw new IllegalStateException("cannot set a time limit on the SQLite connection", e);
    }
    return () -> {
      try {
        ProgressHandler.clearHandler(connection);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot lift the time limit on the connection", e);
      }
    };
  }

  /** SQLITE_INTERRUPT: what a progress handler that answers non-zero makes the statement fail. */
  @Override
  public boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException s && s.getResultCode() == SQLiteErrorCode.SQLITE_INTERRUPT) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "sqlite";
  }
}
