package io.contactd.http;

import org.jdbi.v3.core.Jdbi;

/**
 * The SQL of {@code rate_limit_windows}: the shared per-minute budgets of {@link SharedRateLimits}.
 */
final class RateLimitStore {
  private final Jdbi jdbi;

  RateLimitStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Adds {@code n} to what the nodes took from this minute's budget, in one statement (concurrent
   * nodes queue on the row), and returns the total taken including these {@code n}: the caller got
   * {@code min(n, limit - (total - n))} of them, at least 0.
   */
  long take(long accountId, String group, long minute, int n) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "INSERT INTO rate_limit_windows (account_id, route_group, window_minute, taken)"
                        + " VALUES (:account, :group, :minute, :n)"
                        + " ON CONFLICT (account_id, route_group, window_minute)"
                        + " DO UPDATE SET taken = rate_limit_windows.taken + :n"
                        + " RETURNING taken")
                .bind("account", accountId)
                .bind("group", group)
                .bind("minute", minute)
                .bind("n", n)
                .mapTo(Long.class)
                .one());
  }

  /** Deletes the budgets of minutes before {@code minute}; returns how many. */
  int deleteBefore(long minute) {
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM rate_limit_windows WHERE window_minute < :minute")
                .bind("minute", minute)
                .execute());
  }
}
