package io.contactd.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementExceptions;

/** The connection pool, JDBI on top of it, and the dialect; migrated at open. */
public final class Database implements AutoCloseable {
  private final HikariDataSource dataSource;
  private final Jdbi jdbi;
  private final Dialect dialect;
  private final String url;

  private Database(HikariDataSource dataSource, Dialect dialect, String url) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.url = url;
    this.jdbi = Jdbi.create(dataSource);
    jdbi.getConfig(StatementExceptions.class).setMessageRendering(StatementMessages::render);
    if (dialect.isSqlite()) {
      jdbi.setTransactionHandler(new WriteTransactions(jdbi.getTransactionHandler()));
    }
  }

  public static Database open(String jdbcUrl) {
    Dialect dialect = Dialect.of(jdbcUrl);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName("contactd");
    if (dialect.isSqlite()) {
      createParentFolder(jdbcUrl);
      // WAL lets readers run beside the single writer; busy_timeout makes writers queue instead of
      // failing.
      config.addDataSourceProperty("journal_mode", "WAL");
      config.addDataSourceProperty("synchronous", "NORMAL");
      config.addDataSourceProperty("busy_timeout", "30000");
      config.addDataSourceProperty("foreign_keys", "true");
      // 64 MB of page cache per connection (default 2 MB): batch upserts touch six contact indexes.
      config.addDataSourceProperty("cache_size", "-65536");
      config.setMaximumPoolSize(8);
    } else {
      // Lets a JDBC batch of INSERTs travel as multi-row statements (contact upserts).
      config.addDataSourceProperty("reWriteBatchedInserts", "true");
      // The server's error detail quotes row values ("Key (email)=(…) already exists"), and so does
      // a failed batch entry; neither belongs in exception messages that end up in logs.
      config.addDataSourceProperty("logServerErrorDetail", "false");
      config.setMaximumPoolSize(16);
    }
    config.setConnectionTimeout(30_000);
    HikariDataSource dataSource = new HikariDataSource(config);
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations(dialect.migrationLocation())
          .load()
          .migrate();
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    return new Database(dataSource, dialect, jdbcUrl);
  }

  private static void createParentFolder(String jdbcUrl) {
    String file = jdbcUrl.substring("jdbc:sqlite:".length());
    int query = file.indexOf('?');
    if (query >= 0) {
      file = file.substring(0, query);
    }
    Path parent = Path.of(file).toAbsolutePath().getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot create the database folder " + parent, e);
    }
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The URL with any password masked, for logs. */
  public String describe() {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  /** True while the database answers a trivial query. */
  public boolean answers() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.setQueryTimeout(2);
      s.execute("SELECT 1");
      return true;
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
