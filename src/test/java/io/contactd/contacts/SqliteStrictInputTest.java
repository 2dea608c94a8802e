package io.contactd.contacts;

import io.contactd.testing.Backend;

class SqliteStrictInputTest extends StrictInputContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
