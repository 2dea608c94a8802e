package io.contactd.exports;

import io.contactd.testing.Backend;

class SqliteExportTest extends ExportContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
