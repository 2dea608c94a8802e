package io.contactd.imports;

import io.contactd.testing.Backend;

class SqliteImportCrashTest extends ImportCrashContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
