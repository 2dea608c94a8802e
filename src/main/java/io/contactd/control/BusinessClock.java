package io.contactd.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The business clock of a dev-mode cluster: the base clock plus an offset kept in the database, so
 * that every node agrees on the moved time. Reading it never touches the database (it is read
 * inside transactions, where waiting for a pooled connection could deadlock): a background thread
 * reads the offset every {@link #REFRESH}, and a change made through this node applies at once. So
 * a change made on another node reaches this one within {@link #REFRESH} plus one query.
 */
public final class BusinessClock extends Clock implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BusinessClock.class);

  /** How stale another node's view of the offset may be, at most (plus one query). */
  public static final Duration REFRESH = Duration.ofMillis(250);

  private final Clock base;
  private final ClockStore store;
  private final ScheduledExecutorService refresher;
  private volatile long offsetMillis;

  private BusinessClock(Clock base, ClockStore store) {
    this.base = base;
    this.store = store;
    this.offsetMillis = store.offset();
    this.refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "business-clock");
              t.setDaemon(true);
              return t;
            });
    refresher.scheduleWithFixedDelay(
        this::refresh, REFRESH.toMillis(), REFRESH.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Reads the stored offset now and keeps following it. */
  public static BusinessClock start(Clock base, Jdbi jdbi) {
    return new BusinessClock(base, new ClockStore(jdbi));
  }

  private void refresh() {
    try {
      offsetMillis = store.offset();
    } catch (RuntimeException e) {
      // The database is briefly away: keep the last offset, read it again at the next round.
      log.debug("business clock offset not refreshed: {}", e.toString());
    }
  }

  /** The offset from the base clock, as this node sees it now. */
  long offsetMillis() {
    return offsetMillis;
  }

  /** The base clock's time (the system clock outside tests). */
  Instant baseInstant() {
    return base.instant();
  }

  /** Moves the offset by {@code delta} for the whole cluster; returns the new offset. */
  long advance(Duration delta) {
    offsetMillis = store.advance(delta.toMillis());
    return offsetMillis;
  }

  /** Sets the offset so that this clock reads {@code target} now; returns the new offset. */
  long set(Instant target) {
    long offset = target.toEpochMilli() - base.millis();
    store.set(offset);
    offsetMillis = offset;
    return offset;
  }

  @Override
  public ZoneId getZone() {
    return base.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the business clock keeps its zone");
  }

  @Override
  public long millis() {
    return base.millis() + offsetMillis;
  }

  @Override
  public Instant instant() {
    return base.instant().plusMillis(offsetMillis);
  }

  @Override
  public void close() {
    refresher.shutdownNow();
  }
}
