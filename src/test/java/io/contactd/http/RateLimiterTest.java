package io.contactd.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:30Z"));

  @Test
  void counts_per_account_and_group_and_resets_at_the_next_minute() {
    RateLimiter limiter = new RateLimiter(2, clock);
    assertThat(limiter.count(1, "GET /a").allowed()).isTrue();
    RateLimiter.Decision second = limiter.count(1, "GET /a");
    assertThat(second.allowed()).isTrue();
    assertThat(second.remaining()).isZero();
    assertThat(second.resetEpochSeconds())
        .isEqualTo(Instant.parse("2026-11-29T10:01:00Z").getEpochSecond());
    assertThat(limiter.count(1, "GET /a").allowed()).isFalse();
    assertThat(limiter.count(2, "GET /a").allowed()).as("another account").isTrue();
    assertThat(limiter.count(1, "GET /b").allowed()).as("another route group").isTrue();

    clock.set(Instant.parse("2026-11-29T10:01:00Z"));
    RateLimiter.Decision next = limiter.count(1, "GET /a");
    assertThat(next.allowed()).isTrue();
    assertThat(next.remaining()).isEqualTo(1);
  }

  @Test
  void zero_switches_limiting_off_and_answers_a_limit_never_reached() {
    RateLimiter off = new RateLimiter(0, clock);
    assertThat(off.enabled()).isFalse();
    for (int i = 0; i < 1000; i++) {
      RateLimiter.Decision d = off.count(1, "GET /a");
      assertThat(d.allowed()).isTrue();
      assertThat(d.remaining()).isEqualTo(Integer.MAX_VALUE);
    }
    assertThat(off.count(1, "GET /a").resetEpochSeconds())
        .isEqualTo(Instant.parse("2026-11-29T10:01:00Z").getEpochSecond());
  }

  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
