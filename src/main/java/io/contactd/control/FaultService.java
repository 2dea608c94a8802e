package io.contactd.control;

import io.contactd.http.ApiException;
import io.contactd.jobs.JobHooks;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the fault rules: to a job as it starts (fail, stall, delay) and to an HTTP request before
 * its route runs (a status with SendGrid's error body and headers). Rules are read from the
 * database each time, so a rule added on one node applies on every node at once; each use is
 * counted there too ({@link FaultStore#use}).
 */
final class FaultService implements JobHooks {
  private static final Logger log = LoggerFactory.getLogger(FaultService.class);

  /** What the 429 answer's X-RateLimit-Limit says: SendGrid's usual per-minute limit. */
  private static final int SHOWN_LIMIT = 600;

  private final FaultStore store;
  private final Clock clock;

  FaultService(FaultStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public boolean starting(String kind, long accountId, String jobId)
      throws InjectedFailure, InterruptedException {
    java.util.Optional<Boolean> held = store.held(kind, jobId);
    if (held.isPresent()) {
      // Held: queued again (a restart) while stalled. Released: it runs, and no rule applies
      // again, or a rule without "times" would hold it forever.
      return !held.get();
    }
    for (Fault f : store.live(kind)) {
      if (!f.matchesJob(kind, accountId) || !store.use(f)) {
        continue;
      }
      log.info("fault {} applies to {} {}: {}", f.id(), kind, jobId, f.action());
      switch (f.action()) {
        case "fail" -> throw new InjectedFailure(f.message());
        case "stall" -> {
          store.stall(kind, jobId, accountId, clock.millis());
          return false;
        }
        case "delay" -> Thread.sleep(f.seconds() * 1000L);
        default -> throw new IllegalStateException("unknown fault action " + f.action());
      }
      return true;
    }
    return true;
  }

  /** A before-handler: answers the request itself when a rule matches it. */
  void beforeRequest(Context ctx) {
    String path = ctx.path();
    if (path.startsWith(ControlRoutes.BASE)) {
      return; // the control API itself is never faulted: it is how faults are cleared
    }
    List<Fault> rules = store.live(Fault.HTTP);
    for (Fault f : rules) {
      if (f.matchesRequest(ctx.method().name(), path) && store.use(f)) {
        log.info("fault {} answers {} {} with {}", f.id(), ctx.method(), path, f.status());
        if (f.status() == 429) {
          long reset = (clock.millis() / 60_000 + 1) * 60;
          ctx.header("X-RateLimit-Limit", Integer.toString(SHOWN_LIMIT));
          ctx.header("X-RateLimit-Remaining", "0");
          ctx.header("X-RateLimit-Reset", Long.toString(reset));
        } else if (f.status() == 503) {
          ctx.header("Retry-After", "1");
        }
        throw new ApiException(f.status(), null, f.message());
      }
    }
  }
}
