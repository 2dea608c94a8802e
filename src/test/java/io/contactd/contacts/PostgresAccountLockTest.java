package io.contactd.contacts;

import io.contactd.db.Database;
import io.contactd.testing.Backend;
import java.util.concurrent.Future;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = "CONTACTD_TEST_PG_URL", matches = ".+")
class PostgresAccountLockTest extends AccountLockContract {
  @Override
  Backend backend() {
    return Backend.POSTGRESQL;
  }

  /** Counts the advisory locks waited for in this test's database. */
  @Override
  void awaitLockWaiters(Database db, int n, Future<?> unlessDone) throws InterruptedException {
    while (!unlessDone.isDone() && waiters(db) < n) {
      Thread.sleep(10);
    }
  }

  private static long waiters(Database db) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                            + " AND database = (SELECT oid FROM pg_database"
                            + " WHERE datname = current_database())")
                    .mapTo(Long.class)
                    .one());
  }
}
