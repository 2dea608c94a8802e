package io.contactd.exports;

import io.contactd.testing.Backend;
import io.contactd.testing.TestDatabases;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

@EnabledIfEnvironmentVariable(named = TestDatabases.PG_ENV, matches = ".+")
class PostgresExportShardsTest extends ExportShardsContract {
  @Override
  Backend backend() {
    return Backend.POSTGRESQL;
  }
}
