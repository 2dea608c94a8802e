package io.contactd.db;

import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;

/**
 * db-scheduler on SQLite: the default SQL but with SQLite's {@code LIMIT} instead of {@code FETCH
 * FIRST}.
 */
final class SqliteJdbcCustomization extends DefaultJdbcCustomization {

  SqliteJdbcCustomization() {
    super(true);
  }

  @Override
  public String getName() {
    return "SQLite";
  }

  @Override
  public boolean supportsExplicitQueryLimitPart() {
    return true;
  }

  @Override
  public String getQueryLimitPart(int limit) {
    return " LIMIT " + limit;
  }
}
