package io.contactd.imports;

import io.contactd.testing.Backend;

class SqliteUploadCrashTest extends UploadCrashContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
