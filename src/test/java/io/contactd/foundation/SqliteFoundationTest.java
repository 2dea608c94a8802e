package io.contactd.foundation;

import io.contactd.testing.Backend;

class SqliteFoundationTest extends FoundationContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
