package io.contactd.http;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rate limits held in this node's memory: exact for one node (SQLite mode); with N nodes an account
 * would get up to N times the limit, which is why a cluster uses {@link SharedRateLimits}.
 */
public final class RateLimiter implements RateLimits {

  private record Window(long startMinute, int count) {}

  private final int perMinute;
  private final Clock clock;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
  private volatile long sweptMinute;

  /** {@code perMinute} 0 switches limiting off. */
  public RateLimiter(int perMinute, Clock clock) {
    this.perMinute = perMinute;
    this.clock = clock;
  }

  public boolean enabled() {
    return perMinute > 0;
  }

  /**
   * Counts one request. With limiting off the decision is a limit that is never reached: clients
   * read the headers on every response (StrongGrid waits until the reset when remaining is 0), so
   * they are sent anyway.
   */
  @Override
  public Decision count(long accountId, String group) {
    long minute = clock.millis() / 60_000;
    if (!enabled()) {
      return new Decision(true, Integer.MAX_VALUE, Integer.MAX_VALUE, (minute + 1) * 60);
    }
    sweep(minute);
    Window w =
        windows.compute(
            accountId + " " + group,
            (k, old) ->
                old == null || old.startMinute() != minute
                    ? new Window(minute, 1)
                    : new Window(minute, old.count() + 1));
    long reset = (minute + 1) * 60;
    boolean allowed = w.count() <= perMinute;
    return new Decision(allowed, perMinute, Math.max(0, perMinute - w.count()), reset);
  }

  /** Drops the windows of past minutes, once per minute, so the map stays small. */
  private void sweep(long minute) {
    if (sweptMinute != minute) {
      sweptMinute = minute;
      windows.values().removeIf(w -> w.startMinute() < minute);
    }
  }
}
