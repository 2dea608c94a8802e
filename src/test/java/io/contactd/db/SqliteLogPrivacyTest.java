package io.contactd.db;

import io.contactd.testing.Backend;

class SqliteLogPrivacyTest extends LogPrivacyContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
