package io.contactd.contacts;

import io.contactd.testing.Backend;

class SqliteFieldsAndListsTest extends FieldsAndListsContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
