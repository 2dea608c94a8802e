package io.contactd.segments;

import io.contactd.testing.Backend;

class SqliteSegmentApiTest extends SegmentApiContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
