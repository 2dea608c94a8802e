package io.contactd.exports;

import io.contactd.testing.Backend;

class SqliteExportStatusUpdatesTest extends ExportStatusUpdatesContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
