package io.contactd.backup;

import io.contactd.testing.Backend;

class SqliteBackupTest extends BackupContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
