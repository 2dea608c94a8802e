package io.contactd.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fresh databases for tests: a SQLite file in a temporary folder, or a new PostgreSQL database on
 * the server named by {@code CONTACTD_TEST_PG_URL}, dropped when the test JVM exits.
 */
public final class TestDatabases {
  public static final String PG_ENV = "CONTACTD_TEST_PG_URL";
  private static final List<String> created = new CopyOnWriteArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropAll));
  }

  private TestDatabases() {}

  public static String url(Backend backend, Path dataDir) {
    return switch (backend) {
      case SQLITE -> "jdbc:sqlite:" + dataDir.resolve("contactd.db");
      case POSTGRESQL -> freshPostgres();
    };
  }

  public static String adminUrl() {
    String url = System.getenv(PG_ENV);
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(PG_ENV + " is not set; PostgreSQL tests cannot run");
    }
    return url;
  }

  /** Creates an empty database and returns its JDBC URL (same server, user and options). */
  public static String freshPostgres() {
    String admin = adminUrl();
    String name = "contactd_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(admin);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database on " + admin, e);
    }
    created.add(name);
    return withDatabase(admin, name);
  }

  public static String withDatabase(String url, String name) {
    // jdbc:postgresql://host:port/db?params → replace db
    int slash = url.indexOf('/', "jdbc:postgresql://".length());
    int query = url.indexOf('?');
    String head = slash < 0 ? (query < 0 ? url : url.substring(0, query)) : url.substring(0, slash);
    String tail = query < 0 ? "" : url.substring(query);
    return head + "/" + name + tail;
  }

  /**
   * Drops the database of {@code url} if this JVM created it, at once: left to the exit hook,
   * dozens of drops can outlast the time Surefire gives a finished fork, and the rest would stay
   * behind.
   */
  public static void drop(String url) {
    String name =
        created.stream()
            .filter(n -> url.equals(withDatabase(adminUrl(), n)))
            .findFirst()
            .orElse(null);
    if (name == null) {
      return;
    }
    try (Connection c = DriverManager.getConnection(adminUrl());
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      created.remove(name);
    } catch (SQLException e) {
      System.err.println("could not drop test database " + name + ": " + e.getMessage());
    }
  }

  private static void dropAll() {
    if (created.isEmpty()) {
      return;
    }
    try (Connection c = DriverManager.getConnection(adminUrl());
        Statement s = c.createStatement()) {
      for (String name : created) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    } catch (SQLException e) {
      System.err.println("could not drop test databases " + created + ": " + e.getMessage());
    }
  }
}
