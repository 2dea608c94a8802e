package io.contactd.segments;

import io.contactd.testing.Backend;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = "CONTACTD_TEST_PG_URL", matches = ".+")
class PostgresSegmentRefreshTest extends SegmentRefreshContract {
  @Override
  Backend backend() {
    return Backend.POSTGRESQL;
  }
}
