package io.contactd.foundation;

import io.contactd.testing.Backend;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = "CONTACTD_TEST_PG_URL", matches = ".+")
class PostgresFoundationTest extends FoundationContract {
  @Override
  Backend backend() {
    return Backend.POSTGRESQL;
  }
}
