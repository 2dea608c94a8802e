package io.contactd.cli;

import io.contactd.Config;
import io.contactd.db.Database;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the data lives; shared by every subcommand that opens the database. */
final class StorageOptions {
  @Option(
      names = "--data-dir",
      description =
          "Data folder: SQLite file and local files (env CONTACTD_DATA_DIR, default ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--db",
      description =
          "JDBC URL; jdbc:postgresql://… selects PostgreSQL (env CONTACTD_DB_URL, default SQLite in the data dir).")
  String dbUrl;

  @Mixin DebugOption debug;

  Config.Builder builder() {
    return Config.builder(dataDir).dbUrl(dbUrl);
  }

  /** Opens the database of these options, after checking the data dir, for a one-off command. */
  CommandDatabase open() {
    Config config = builder().build();
    DataDir.prepare(config.dataDir());
    try {
      return new CommandDatabase(Database.open(config.jdbcUrl()));
    } catch (RuntimeException e) {
      throw new Failures.StartFailure(Failures.database(e, config), e);
    }
  }
}
