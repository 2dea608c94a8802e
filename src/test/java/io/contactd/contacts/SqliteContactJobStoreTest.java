package io.contactd.contacts;

import io.contactd.testing.Backend;

class SqliteContactJobStoreTest extends ContactJobStoreContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
