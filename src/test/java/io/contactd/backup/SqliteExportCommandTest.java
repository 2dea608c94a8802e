package io.contactd.backup;

import io.contactd.testing.Backend;

class SqliteExportCommandTest extends ExportCommandContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
