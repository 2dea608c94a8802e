package io.contactd.imports;

import io.contactd.testing.Backend;

class SqliteImportSafetyTest extends ImportSafetyContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
