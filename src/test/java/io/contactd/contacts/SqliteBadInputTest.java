package io.contactd.contacts;

import io.contactd.testing.Backend;

class SqliteBadInputTest extends BadInputContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
