package io.contactd.db;

import io.contactd.testing.Backend;

class SqliteBusyWriterTest extends BusyWriterContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
