package io.contactd.segments;

import io.contactd.testing.Backend;

class SqliteContactSearchTest extends ContactSearchContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
