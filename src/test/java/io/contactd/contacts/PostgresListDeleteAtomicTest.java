package io.contactd.contacts;

import io.contactd.testing.Backend;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = "CONTACTD_TEST_PG_URL", matches = ".+")
class PostgresListDeleteAtomicTest extends ListDeleteAtomicContract {
  @Override
  Backend backend() {
    return Backend.POSTGRESQL;
  }
}
