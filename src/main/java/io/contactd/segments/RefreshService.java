package io.contactd.segments;

import io.contactd.http.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * Manual segment refreshes ({@code POST /segments/2.0/refresh/{id}}) and their limits: per segment
 * per day and per account per day, the day starting at midnight in the time zone the request names,
 * and per segment per hour. A refresh computes the count and sample again at once.
 */
final class RefreshService {
  private final SegmentService segments;
  private final RefreshStore store;
  private final Clock clock;
  private final RefreshLimits limits;

  RefreshService(SegmentService segments, RefreshStore store, Clock clock, RefreshLimits limits) {
    this.segments = segments;
    this.store = store;
    this.clock = clock;
    this.limits = limits;
  }

  /**
   * A manual refresh: the time zone must be an IANA zone name (it says when the day's limits start
   * again), the segment must exist and its query run, and the refresh must be within the limits
   * (429 otherwise, and nothing counted). The count and sample are computed again before the
   * answer; the job id names this refresh.
   */
  String refresh(long accountId, String id, String timeZone) {
    ZoneId zone = ianaZone(timeZone);
    Segment s = segments.byId(accountId, id).orElseThrow(SegmentNotFound::new);
    CompiledQuery query;
    try {
      query = segments.compile(accountId, s);
    } catch (InvalidQuery e) {
      throw ApiException.badRequest(
          "segment_id",
          "the segment's query is invalid and cannot be refreshed: " + e.getMessage());
    }
    long now = clock.millis();
    String job = UUID.randomUUID().toString();
    switch (store.claimRefresh(accountId, id, job, now, dayStart(now, zone), timeZone, limits)) {
      case SEGMENT_DAY ->
          throw tooMany(
              "a segment can be refreshed at most " + limits.perSegmentPerDay() + " times a day");
      case SEGMENT_HOUR ->
          throw tooMany(
              "a segment can be refreshed at most "
                  + limits.perSegmentPerHour()
                  + " time(s) an hour");
      case ACCOUNT_DAY ->
          throw tooMany(
              "an account can refresh segments at most "
                  + limits.perAccountPerDay()
                  + " times a day");
      case NOT_FOUND -> throw new SegmentNotFound();
      case CLAIMED -> {}
    }
    SegmentStore sampling = segments.store();
    Segment sampled =
        s.withEvaluation(sampling.evaluate(query, SegmentService.SAMPLE_SIZE), clock.millis());
    sampling.updateSample(accountId, id, s.sampleUpdatedAt(), sampled);
    return job;
  }

  /** Manual refreshes of the segment since midnight in the zone its last refresh named. */
  int refreshesUsed(long accountId, Segment s) {
    if (s.lastRefreshedAt() == null || s.refreshTimeZone() == null) {
      return 0;
    }
    return store.refreshesSince(
        accountId, s.id(), dayStart(clock.millis(), ZoneId.of(s.refreshTimeZone())));
  }

  /** Refreshes allowed per segment per day; null when no limits are checked. */
  Integer maxRefreshes() {
    return limits.off() ? null : limits.perSegmentPerDay();
  }

  private static long dayStart(long millis, ZoneId zone) {
    return Instant.ofEpochMilli(millis)
        .atZone(zone)
        .toLocalDate()
        .atStartOfDay(zone)
        .toInstant()
        .toEpochMilli();
  }

  /** A time zone of the IANA database by its name ({@code America/Chicago}), not an offset. */
  private static ZoneId ianaZone(String name) {
    if (name == null || name.isBlank()) {
      throw ApiException.badRequest("user_time_zone", "missing required argument");
    }
    if (!ZoneId.getAvailableZoneIds().contains(name)) {
      throw ApiException.badRequest(
          "user_time_zone",
          "user_time_zone must be an IANA time zone such as America/Chicago, was " + name);
    }
    return ZoneId.of(name);
  }

  private static ApiException tooMany(String message) {
    return new ApiException(429, null, message);
  }

  /** The refresh route's 404, which the spec gives its own body ({@code {"error": …}}). */
  static final class SegmentNotFound extends RuntimeException {
    SegmentNotFound() {
      super("Segment does not exist.", null, false, false);
    }
  }

  /** Forgets refreshes older than two days: they can no longer count against any zone's day. */
  void forgetOld() {
    store.forgetRefreshesBefore(clock.millis() - Duration.ofDays(2).toMillis());
  }
}
