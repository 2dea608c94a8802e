package io.contactd.segments;

import io.contactd.testing.Backend;

class SqliteSegmentExportCorpusTest extends SegmentExportCorpusContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
