package io.contactd.contacts;

import io.contactd.testing.Backend;

class SqliteContactApiTest extends ContactApiContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
