package io.contactd.http;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate limits shared by every node on one database: an account's limit holds whichever node its
 * requests land on. Each minute's budget is a row in {@code rate_limit_windows}; a node does not
 * write it per request but leases tokens from it, a few at a time, and spends them from memory.
 *
 * <p>Cost: one upsert per lease, and a lease is at most {@code limit / 20} tokens (at least 1),
 * shrinking to an eighth of what remains as the budget runs out; with the default 600/min that is
 * one statement per 30 requests of an account and route group on a node (fewer near the end of the
 * budget), and once the budget is spent none until the minute ends. Exactness: the nodes together
 * never allow more than the limit (leases are taken from one row, under its lock); they may refuse
 * a few requests early, when the last tokens sit unused in another node's lease: at most (nodes -
 * 1) × the last lease sizes, a few percent of the limit. {@code X-RateLimit-Remaining} is this
 * node's estimate (the budget as of its last lease plus its unspent tokens). Windows follow the
 * infrastructure clock's minute, as nodes' system clocks agree to within a fraction of a second.
 */
public final class SharedRateLimits implements RateLimits {
  private static final Logger log = LoggerFactory.getLogger(SharedRateLimits.class);

  /** This node's part of one minute's budget of one account and route group. */
  private static final class Window {
    final long minute;
    final ReentrantLock lock = new ReentrantLock(); // not synchronized: a virtual thread waits here
    int leased;
    int used;
    long taken; // all nodes' leases as of this node's last one
    boolean spent;

    Window(long minute) {
      this.minute = minute;
    }
  }

  private final int perMinute;
  private final int maxLease;
  private final Clock clock;
  private final RateLimitStore store;
  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
  private volatile long sweptMinute = -1;

  /** {@code perMinute} 0 switches limiting off (no statement is ever run then). */
  public SharedRateLimits(int perMinute, Clock infraClock, Jdbi jdbi) {
    this.perMinute = perMinute;
    this.maxLease = Math.max(1, perMinute / 20);
    this.clock = infraClock;
    this.store = new RateLimitStore(jdbi);
  }

  @Override
  public Decision count(long accountId, String group) {
    long minute = clock.millis() / 60_000;
    long reset = (minute + 1) * 60;
    if (perMinute == 0) {
      return new Decision(true, Integer.MAX_VALUE, Integer.MAX_VALUE, reset);
    }
    sweep(minute);
    Window w =
        windows.compute(
            accountId + " " + group,
            (k, old) -> old == null || old.minute != minute ? new Window(minute) : old);
    w.lock.lock();
    try {
      if (w.used >= w.leased && !w.spent) {
        lease(w, accountId, group);
      }
      boolean allowed = w.used < w.leased;
      if (allowed) {
        w.used++;
      }
      long remaining = perMinute - Math.min(w.taken, perMinute) + (w.leased - w.used);
      return new Decision(allowed, perMinute, (int) remaining, reset);
    } finally {
      w.lock.unlock();
    }
  }

  private void lease(Window w, long accountId, String group) {
    int n = (int) Math.max(1, Math.min(maxLease, (perMinute - w.taken) / 8));
    long taken = store.take(accountId, group, w.minute, n);
    int granted = (int) Math.max(0, Math.min(n, perMinute - (taken - n)));
    w.leased += granted;
    w.taken = taken;
    w.spent = taken >= perMinute;
  }

  /**
   * Once a minute: forgets this node's past windows and deletes the rows of minutes before the last
   * one (a node whose clock lags a little may still write the last one).
   */
  private void sweep(long minute) {
    if (sweptMinute == minute) {
      return;
    }
    sweptMinute = minute;
    windows.values().removeIf(w -> w.minute < minute);
    try {
      store.deleteBefore(minute - 1);
    } catch (RuntimeException e) {
      log.warn("could not delete past rate-limit windows; trying again next minute", e);
    }
  }
}
