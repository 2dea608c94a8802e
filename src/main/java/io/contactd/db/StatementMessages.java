package io.contactd.db;

import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementException;

/**
 * How a failed statement describes itself in exception messages, and so in logs: the driver's error
 * and the SQL as written, never the bound values. JDBI's default appends the arguments, which are
 * contacts' emails, names and usernames; logs are not the place for personal data.
 */
final class StatementMessages {
  private static final int SQL_LIMIT = 500;

  private StatementMessages() {}

  static String render(StatementException e) {
    StatementContext ctx = e.getStatementContext();
    String sql = ctx == null ? null : ctx.getRawSql();
    if (sql == null) {
      return e.getShortMessage();
    }
    if (sql.length() > SQL_LIMIT) {
      sql = sql.substring(0, SQL_LIMIT) + "…";
    }
    return e.getShortMessage() + " [statement: \"" + sql + "\"]";
  }
}
