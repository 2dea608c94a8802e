package io.contactd.segments;

import io.contactd.testing.Backend;

class SqliteSegmentQueryCorpusTest extends SegmentQueryCorpusContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
