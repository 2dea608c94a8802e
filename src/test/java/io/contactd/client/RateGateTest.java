package io.contactd.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The waits of {@link RateGate}, with a moved clock and a pause that only records. */
class RateGateTest {
  private final StoppedClock clock = new StoppedClock(Instant.parse("2026-12-04T03:00:00.000Z"));
  private final List<Duration> waits = new ArrayList<>();
  private final List<String> notices = new ArrayList<>();
  private final RateGate gate = new RateGate(clock, waits::add, notices::add);

  private static HttpHeaders headers(String... pairs) {
    Map<String, List<String>> map = new java.util.HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], List.of(pairs[i + 1]));
    }
    return HttpHeaders.of(map, (a, b) -> true);
  }

  @Test
  void remaining_zero_waits_for_an_epoch_reset() throws Exception {
    long reset = clock.instant().getEpochSecond() + 3;
    gate.answered(headers("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "" + reset));
    gate.await();
    assertThat(waits).containsExactly(Duration.ofMillis(3_050));
  }

  @Test
  void a_small_reset_counts_seconds_from_now_as_recent_sendgrid_answers_do() throws Exception {
    gate.answered(headers("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "9"));
    gate.await();
    assertThat(waits).containsExactly(Duration.ofSeconds(9));
  }

  @Test
  void remaining_requests_and_a_passed_reset_do_not_wait() throws Exception {
    gate.answered(headers("X-RateLimit-Remaining", "12", "X-RateLimit-Reset", "9"));
    gate.await();
    long past = clock.instant().getEpochSecond() - 5;
    gate.answered(headers("X-RateLimit-Remaining", "0", "X-RateLimit-Reset", "" + past));
    gate.await();
    assertThat(waits).isEmpty();
  }

  @Test
  void a_429_waits_for_retry_after_or_the_backoff_and_says_so() throws Exception {
    gate.refused(headers("Retry-After", "2"), Duration.ofSeconds(1), "GET /v3/x");
    gate.await();
    clock.advance(Duration.ofSeconds(2));
    gate.refused(headers(), Duration.ofSeconds(4), "GET /v3/x");
    gate.await();
    assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(notices)
        .containsExactly(
            "rate limited on GET /v3/x; waiting 2 s", "rate limited on GET /v3/x; waiting 4 s");
  }

  @Test
  void a_wait_is_capped_at_two_minutes() throws Exception {
    gate.refused(headers("Retry-After", "86400"), Duration.ofSeconds(1), "GET /v3/x");
    gate.await();
    assertThat(waits).containsExactly(Duration.ofMinutes(2));
  }

  /** Time that moves only when the test says so. */
  private static final class StoppedClock extends Clock {
    private Instant now;

    StoppedClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
