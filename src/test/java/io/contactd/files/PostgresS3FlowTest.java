package io.contactd.files;

import io.contactd.testing.Backend;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = "CONTACTD_TEST_PG_URL", matches = ".+")
class PostgresS3FlowTest extends S3FlowContract {
  @Override
  Backend backend() {
    return Backend.POSTGRESQL;
  }
}
