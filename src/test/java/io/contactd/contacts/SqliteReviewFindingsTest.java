package io.contactd.contacts;

import io.contactd.testing.Backend;

class SqliteReviewFindingsTest extends ReviewFindingsContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
