package io.contactd.imports;

import io.contactd.testing.Backend;

class SqliteRoundTripTest extends RoundTripContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
