package io.contactd.segments;

import io.contactd.testing.Backend;

class SqliteSegmentRefreshTest extends SegmentRefreshContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
