package io.contactd.metrics;

import io.contactd.testing.Backend;

class SqliteMetricsTest extends MetricsContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
