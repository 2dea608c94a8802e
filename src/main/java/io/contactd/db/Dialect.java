package io.contactd.db;

/** The databases contactd runs on. Every SQL difference between them is answered here. */
public enum Dialect {
  SQLITE("sqlite"),
  POSTGRESQL("postgresql");

  private final String migrationFolder;

  Dialect(String migrationFolder) {
    this.migrationFolder = migrationFolder;
  }

  public static Dialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:sqlite:")) {
      return SQLITE;
    }
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "unsupported database URL (use jdbc:sqlite:FILE or jdbc:postgresql://…): " + jdbcUrl);
  }

  public String migrationLocation() {
    return "classpath:db/" + migrationFolder;
  }

  public boolean isSqlite() {
    return this == SQLITE;
  }
}
