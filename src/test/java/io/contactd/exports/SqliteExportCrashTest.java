package io.contactd.exports;

import io.contactd.testing.Backend;

class SqliteExportCrashTest extends ExportCrashContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
