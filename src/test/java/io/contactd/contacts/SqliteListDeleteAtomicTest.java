package io.contactd.contacts;

import io.contactd.testing.Backend;

class SqliteListDeleteAtomicTest extends ListDeleteAtomicContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
