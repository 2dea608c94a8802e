package io.contactd.exports;

import io.contactd.testing.Backend;

class SqliteExportFlowTest extends ExportFlowContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
