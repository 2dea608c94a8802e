package io.contactd.backup;

import io.contactd.testing.Backend;
import io.contactd.testing.TestDatabases;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = TestDatabases.PG_ENV, matches = ".+")
class PostgresExportCommandTest extends ExportCommandContract {
  @Override
  Backend backend() {
    return Backend.POSTGRESQL;
  }
}
