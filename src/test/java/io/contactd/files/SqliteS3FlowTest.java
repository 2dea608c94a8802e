package io.contactd.files;

import io.contactd.testing.Backend;

class SqliteS3FlowTest extends S3FlowContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
