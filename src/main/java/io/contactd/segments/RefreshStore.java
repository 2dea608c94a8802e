package io.contactd.segments;

import io.contactd.db.Dialect;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * SQL for {@code segment_refreshes}: one row per accepted manual refresh, counted against the
 * limits, and the segment's {@code last_refreshed_at} and time zone written with it.
 */
final class RefreshStore {
  /** What {@link #claimRefresh} did. */
  enum Claim {
    CLAIMED,
    SEGMENT_DAY,
    SEGMENT_HOUR,
    ACCOUNT_DAY,
    NOT_FOUND
  }

  private final Jdbi jdbi;
  private final Dialect dialect;

  RefreshStore(Jdbi jdbi, Dialect dialect) {
    this.jdbi = jdbi;
    this.dialect = dialect;
  }

  /**
   * Records a manual refresh unless it would pass a limit: under the account's lock, so that two
   * requests at once cannot both take the last one. {@code dayStart} is midnight of today in the
   * request's time zone; {@code limits} off checks nothing.
   */
  Claim claimRefresh(
      long accountId,
      String segmentId,
      String jobId,
      long now,
      long dayStart,
      String timeZone,
      RefreshLimits limits) {
    return jdbi.inTransaction(
        h -> {
          dialect.lockAccount(h, accountId);
          if (!limits.off()) {
            if (refreshes(h, accountId, segmentId, dayStart) >= limits.perSegmentPerDay()) {
              return Claim.SEGMENT_DAY;
            }
            if (refreshes(h, accountId, segmentId, now - 3_600_000L)
                >= limits.perSegmentPerHour()) {
              return Claim.SEGMENT_HOUR;
            }
            if (refreshes(h, accountId, null, dayStart) >= limits.perAccountPerDay()) {
              return Claim.ACCOUNT_DAY;
            }
          }
          int n =
              h.createUpdate(
                      "UPDATE segments SET last_refreshed_at = :now, refresh_time_zone = :zone"
                          + " WHERE account_id = :account AND id = :id")
                  .bind("now", now)
                  .bind("zone", timeZone)
                  .bind("account", accountId)
                  .bind("id", segmentId)
                  .execute();
          if (n == 0) {
            return Claim.NOT_FOUND;
          }
          h.createUpdate(
                  "INSERT INTO segment_refreshes (account_id, segment_id, job_id, refreshed_at)"
                      + " VALUES (:account, :segment, :job, :now)")
              .bind("account", accountId)
              .bind("segment", segmentId)
              .bind("job", jobId)
              .bind("now", now)
              .execute();
          return Claim.CLAIMED;
        });
  }

  /** Manual refreshes of the segment since {@code since}. */
  int refreshesSince(long accountId, String segmentId, long since) {
    return jdbi.withHandle(h -> refreshes(h, accountId, segmentId, since));
  }

  /** Forgets refreshes made before {@code before}; returns how many. */
  int forgetRefreshesBefore(long before) {
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM segment_refreshes WHERE refreshed_at < :before")
                .bind("before", before)
                .execute());
  }

  /** Refreshes of one segment (or, with a null id, of the whole account) since {@code since}. */
  private static int refreshes(Handle h, long accountId, String segmentId, long since) {
    Query q =
        h.createQuery(
                "SELECT COUNT(*) FROM segment_refreshes WHERE account_id = :account"
                    + " AND refreshed_at >= :since"
                    + (segmentId == null ? "" : " AND segment_id = :segment"))
            .bind("account", accountId)
            .bind("since", since);
    if (segmentId != null) {
      q.bind("segment", segmentId);
    }
    return q.mapTo(Integer.class).one();
  }
}
