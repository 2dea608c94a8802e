package io.contactd.exports;

import io.contactd.testing.Backend;

class SqliteExportShardsTest extends ExportShardsContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
