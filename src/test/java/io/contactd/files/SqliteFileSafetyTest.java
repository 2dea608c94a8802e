package io.contactd.files;

import io.contactd.testing.Backend;

class SqliteFileSafetyTest extends FileSafetyContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
