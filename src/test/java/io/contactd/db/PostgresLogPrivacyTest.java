package io.contactd.db;

import io.contactd.testing.Backend;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = "CONTACTD_TEST_PG_URL", matches = ".+")
class PostgresLogPrivacyTest extends LogPrivacyContract {
  @Override
  Backend backend() {
    return Backend.POSTGRESQL;
  }
}
