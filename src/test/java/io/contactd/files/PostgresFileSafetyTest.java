package io.contactd.files;

import io.contactd.testing.Backend;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = "CONTACTD_TEST_PG_URL", matches = ".+")
class PostgresFileSafetyTest extends FileSafetyContract {
  @Override
  Backend backend() {
    return Backend.POSTGRESQL;
  }
}
