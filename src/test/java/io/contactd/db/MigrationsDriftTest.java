package io.contactd.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactd.testing.Backend;
import io.contactd.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite and PostgreSQL migration folders must describe the same schema. */
class MigrationsDriftTest {
  private static final Path FOLDERS = Path.of("src/main/resources/db");

  @Test
  void both_folders_hold_the_same_migration_versions() throws IOException {
    assertThat(versions("sqlite")).isNotEmpty().isEqualTo(versions("postgresql"));
  }

  @Test
  void both_folders_create_the_same_tables_and_columns_by_their_text() throws IOException {
    assertThat(columnsByText("sqlite")).isEqualTo(columnsByText("postgresql"));
  }

  @Test
  @EnabledIfEnvironmentVariable(named = "CONTACTD_TEST_PG_URL", matches = ".+")
  void migrated_databases_have_the_same_tables_and_columns(@TempDir Path dir) throws SQLException {
    Map<String, Set<String>> sqlite;
    try (Database db = Database.open(TestDatabases.url(Backend.SQLITE, dir))) {
      sqlite = columns(db);
    }
    Map<String, Set<String>> postgres;
    try (Database db = Database.open(TestDatabases.url(Backend.POSTGRESQL, dir))) {
      postgres = columns(db);
    }
    assertThat(sqlite).containsKey("contacts").isEqualTo(postgres);
  }

  private static Set<String> versions(String folder) throws IOException {
    try (Stream<Path> files = Files.list(FOLDERS.resolve(folder))) {
      return files
          .map(p -> p.getFileName().toString())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /** table → columns, read from the CREATE TABLE statements of every migration. */
  private static Map<String, Set<String>> columnsByText(String folder) throws IOException {
    Map<String, Set<String>> tables = new TreeMap<>();
    for (String file : versions(folder)) {
      String sql =
          Files.readString(FOLDERS.resolve(folder).resolve(file)).replaceAll("--[^\n]*", "");
      var m =
          java.util.regex.Pattern.compile(
                  "CREATE TABLE (\\w+) \\((.*?)\\n\\)", java.util.regex.Pattern.DOTALL)
              .matcher(sql);
      while (m.find()) {
        Set<String> cols = new TreeSet<>();
        for (String line : m.group(2).split("\n")) {
          String t = line.trim();
          if (!t.isEmpty() && !t.startsWith("PRIMARY KEY") && !t.startsWith("UNIQUE")) {
            cols.add(t.split("\\s+")[0]);
          }
        }
        tables.put(m.group(1), cols);
      }
    }
    return tables;
  }

  private static Map<String, Set<String>> columns(Database db) throws SQLException {
    Map<String, Set<String>> out = new TreeMap<>();
    try (Connection c = db.dataSource().getConnection()) {
      DatabaseMetaData meta = c.getMetaData();
      try (ResultSet rs = meta.getColumns(null, c.getSchema(), "%", "%")) {
        while (rs.next()) {
          String table = rs.getString("TABLE_NAME").toLowerCase();
          if (table.startsWith("flyway") || table.startsWith("sqlite_")) {
            continue;
          }
          out.computeIfAbsent(table, t -> new TreeSet<>())
              .add(rs.getString("COLUMN_NAME").toLowerCase());
        }
      }
    }
    return out;
  }
}
