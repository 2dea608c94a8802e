package io.contactd.metrics;

import io.contactd.testing.Backend;
import io.contactd.testing.TestDatabases;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = TestDatabases.PG_ENV, matches = ".+")
class PostgresMetricsTest extends MetricsContract {
  @Override
  Backend backend() {
    return Backend.POSTGRESQL;
  }
}
