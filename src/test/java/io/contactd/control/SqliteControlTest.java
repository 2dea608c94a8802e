package io.contactd.control;

import io.contactd.testing.Backend;

class SqliteControlTest extends ControlContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
