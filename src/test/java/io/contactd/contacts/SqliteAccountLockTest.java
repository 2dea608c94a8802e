package io.contactd.contacts;

import io.contactd.db.Database;
import io.contactd.testing.Backend;
import java.util.concurrent.Future;

class SqliteAccountLockTest extends AccountLockContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }

  /** SQLite shows no waiters; its single writer runs the three writes one after the other. */
  @Override
  void awaitLockWaiters(Database db, int n, Future<?> unlessDone) {}
}
