package io.contactd.imports;

import io.contactd.testing.Backend;

class SqliteImportTest extends ImportContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
