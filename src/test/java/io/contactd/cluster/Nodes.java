package io.contactd.cluster;

import com.sendgrid.SendGrid;
import io.contactd.App;
import io.contactd.Config;
import io.contactd.auth.Account;
import io.contactd.auth.AccountStore;
import io.contactd.auth.ApiKeySecret;
import io.contactd.db.Database;
import io.contactd.testing.TestDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Several contactd nodes in this JVM on one fresh PostgreSQL database and one shared data dir, as a
 * cluster behind a balancer would run them (the same key on every node). {@link #close} stops them
 * and drops the database.
 */
final class Nodes implements AutoCloseable {
  private final Path dataDir;
  private final String dbUrl;
  private final String key = ApiKeySecret.generate().toString();
  private final List<App> apps = new ArrayList<>();
  private Database db;

  Nodes() {
    try {
      dataDir = Files.createTempDirectory("contactd-cluster-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    dbUrl = TestDatabases.freshPostgres();
  }

  /** Starts one more node with the business {@code clock} and settings changed by {@code tweak}. */
  App start(Clock clock, UnaryOperator<Config.Builder> tweak) {
    return start(clock, Clock.systemUTC(), tweak);
  }

  /** Starts one more node with both clocks given. */
  App start(Clock clock, Clock infraClock, UnaryOperator<Config.Builder> tweak) {
    Config.Builder builder =
        Config.builder(dataDir).port(0).dbUrl(dbUrl).rateLimitPerMinute(0).apiKey(key);
    App app = App.start(tweak.apply(builder).build(), clock, infraClock);
    apps.add(app);
    return app;
  }

  App node(int i) {
    return apps.get(i);
  }

  String key() {
    return key;
  }

  String dbUrl() {
    return dbUrl;
  }

  Path dataDir() {
    return dataDir;
  }

  static SendGrid client(App app, String key) {
    SendGrid sg = new SendGrid(key, true);
    sg.setHost("127.0.0.1:" + app.port());
    return sg;
  }

  SendGrid client(int i) {
    return client(node(i), key);
  }

  /** Writes {@code count} contacts straight into the database of the owner account. */
  void seedContacts(int count) {
    try (Database db = Database.open(dbUrl)) {
      Account owner =
          new AccountStore(db.jdbi(), Clock.systemUTC())
              .ensureOwner("contactd", "owner@contactd.local");
      db.jdbi()
          .useTransaction(
              h -> {
                var batch =
                    h.prepareBatch(
                        "INSERT INTO contacts (account_id, id, email, first_name, address_line_1,"
                            + " created_at, updated_at) VALUES (:a, :id, :email, :first, :l1, :t, :t)");
                java.util.Random random = new java.util.Random(1);
                for (int i = 0; i < count; i++) {
                  batch
                      .bind("a", owner.id())
                      .bind("id", UUID.randomUUID().toString())
                      .bind("email", "seed" + i + "@example.com")
                      .bind("first", "First" + i)
                      .bind(
                          "l1",
                          Long.toString(random.nextLong(), 36)
                              + Long.toString(random.nextLong(), 36))
                      .bind("t", 1_600_000_000_000L + i)
                      .add();
                  if (i % 10_000 == 9_999) {
                    batch.execute();
                  }
                }
                batch.execute();
              });
    }
  }

  /** The shared database, opened by the test itself (nodes may run as other processes). */
  synchronized Database db() {
    if (db == null) {
      db = Database.open(dbUrl);
    }
    return db;
  }

  /** One value of a query on the shared database. */
  <T> T query(String sql, Class<T> type) {
    return db().jdbi().withHandle(h -> h.createQuery(sql).mapTo(type).one());
  }

  @Override
  public void close() {
    try {
      for (App app : apps) {
        app.close();
      }
      if (db != null) {
        db.close();
      }
    } finally {
      TestDatabases.drop(dbUrl);
      try (Stream<Path> paths = Files.walk(dataDir)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
