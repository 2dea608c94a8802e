package io.contactd.imports;

import io.contactd.testing.Backend;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = "CONTACTD_TEST_PG_URL", matches = ".+")
class PostgresUploadCrashTest extends UploadCrashContract {
  @Override
  Backend backend() {
    return Backend.POSTGRESQL;
  }
}
