package io.contactd.client;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Keeps a client inside the server's rate limit. After an answer whose {@code
 * X-RateLimit-Remaining} is 0, and after a 429, no request leaves until {@code X-RateLimit-Reset}
 * (or {@code Retry-After}) has passed. The reset is an epoch second at SendGrid's docs and at
 * contactd, but recent SendGrid answers carry small numbers that read as seconds from now: a value
 * below {@link #EPOCH_FLOOR} is taken that way. Without either header a 429 backs off 1, 2, 4 … s.
 */
final class RateGate {
  /** 2001-09-09: any reset below this is a count of seconds, not a moment. */
  static final long EPOCH_FLOOR = 1_000_000_000L;

  private static final Duration MAX_WAIT = Duration.ofMinutes(2);

  /** Sleeps; a parameter so that tests could count the waits. */
  interface Pause {
    void sleep(Duration d) throws InterruptedException;
  }

  private final Clock clock;
  private final Pause pause;
  private final Consumer<String> notices;
  private long openAtMillis;

  RateGate(Clock clock, Pause pause, Consumer<String> notices) {
    this.clock = clock;
    this.pause = pause;
    this.notices = notices;
  }

  /** Waits until a request may leave. */
  void await() throws InterruptedException {
    long wait;
    synchronized (this) {
      wait = openAtMillis - clock.millis();
    }
    if (wait > 0) {
      pause.sleep(Duration.ofMillis(wait));
    }
  }

  /** Reads the limit headers of an answer that was not a 429. */
  void answered(HttpHeaders headers) {
    OptionalLong remaining = number(headers, "X-RateLimit-Remaining");
    if (remaining.isPresent() && remaining.getAsLong() <= 0) {
      OptionalLong reset = resetMillis(headers);
      if (reset.isPresent()) {
        closeUntil(reset.getAsLong());
      }
    }
  }

  /**
   * A 429: closes the gate until the server's reset (at least {@code backoff} when it names none)
   * and says so on the notice line.
   */
  void refused(HttpHeaders headers, Duration backoff, String what) {
    long now = clock.millis();
    long until = now + backoff.toMillis();
    OptionalLong retryAfter = number(headers, "Retry-After");
    OptionalLong reset = resetMillis(headers);
    if (retryAfter.isPresent()) {
      until = now + retryAfter.getAsLong() * 1000;
    } else if (reset.isPresent()) {
      until = Math.max(reset.getAsLong(), now + 200);
    }
    until = Math.min(until, now + MAX_WAIT.toMillis());
    closeUntil(until);
    long seconds = Math.max(1, Math.round((until - now) / 1000.0));
    notices.accept("rate limited on " + what + "; waiting " + seconds + " s");
  }

  private synchronized void closeUntil(long millis) {
    openAtMillis = Math.max(openAtMillis, millis);
  }

  private OptionalLong resetMillis(HttpHeaders headers) {
    OptionalLong reset = number(headers, "X-RateLimit-Reset");
    if (reset.isEmpty()) {
      return reset;
    }
    long value = reset.getAsLong();
    // The reset second has begun when the clock shows it; a little after it the window is new.
    long millis = value < EPOCH_FLOOR ? clock.millis() + value * 1000 : value * 1000 + 50;
    return OptionalLong.of(Math.min(millis, clock.millis() + MAX_WAIT.toMillis()));
  }

  private static OptionalLong number(HttpHeaders headers, String name) {
    return headers
        .firstValue(name)
        .map(String::trim)
        .filter(v -> v.matches("\\d{1,18}"))
        .map(v -> OptionalLong.of(Long.parseLong(v)))
        .orElse(OptionalLong.empty());
  }
}
