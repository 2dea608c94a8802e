package io.contactd.http;

import io.contactd.logging.Logging;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A request id on every response ({@code X-Request-Id}, the client's own when it sent a sane one)
 * and in every log line written while the request runs; and, when asked for, one access-log line
 * per request: method, path (never the query, which may carry a signed URL's signature), status,
 * milliseconds and the account.
 */
public final class RequestLog {
  public static final String HEADER = "X-Request-Id";
  private static final Logger access = LoggerFactory.getLogger("access");
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  /** Told of every finished request (metrics); {@code route} is the matched path template. */
  @FunctionalInterface
  public interface Observer {
    void observed(String method, String route, int status, double millis);
  }

  /** The route label of a request that matched no route (404s): raw paths would be unbounded. */
  public static final String UNMATCHED = "unmatched";

  private RequestLog() {}

  public static void install(JavalinConfig config, boolean accessLog) {
    install(config, accessLog, (method, route, status, millis) -> {});
  }

  public static void install(JavalinConfig config, boolean accessLog, Observer observer) {
    install(config, accessLog, observer, null, null, null);
  }

  /**
   * With a journal (dev mode), each request whose path does not start with {@code journalSkips} is
   * also recorded there, stamped by {@code clock}.
   */
  public static void install(
      JavalinConfig config,
      boolean accessLog,
      Observer observer,
      RequestJournal journal,
      java.time.Clock clock,
      String journalSkips) {
    config.routes.before(
        ctx -> {
          String id = ctx.header(HEADER);
          if (id == null || !SANE.matcher(id).matches()) {
            id = newId();
          }
          ctx.header(HEADER, id);
          MDC.put(Logging.REQUEST_ID, id);
        });
    config.requestLogger.http(
        (ctx, ms) -> {
          try {
            observer.observed(ctx.method().name(), route(ctx), ctx.statusCode(), ms);
            if (accessLog) {
              access.info(
                  "{} {} {} {} ms account={}",
                  ctx.method(),
                  ctx.path(),
                  ctx.statusCode(),
                  Math.round(ms),
                  account(ctx));
            }
            if (journal != null && !ctx.path().startsWith(journalSkips)) {
              journal.add(
                  new RequestJournal.Entry(
                      clock.millis(),
                      ctx.method().name(),
                      RequestJournal.redact(ctx.path()),
                      ctx.statusCode(),
                      Math.round(ms),
                      Api.principal(ctx).map(p -> p.accountId()).orElse(null),
                      ctx.res().getHeader(HEADER)));
            }
          } finally {
            MDC.remove(Logging.REQUEST_ID);
          }
        });
  }

  /**
   * 32 hex digits from {@link ThreadLocalRandom}: unique enough to find a request's lines, and no
   * lock on every request as {@code UUID.randomUUID()}'s shared SecureRandom would take.
   */
  private static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return HexFormat.of().toHexDigits(random.nextLong())
        + HexFormat.of().toHexDigits(random.nextLong());
  }

  private static String route(Context ctx) {
    var endpoint = ctx.endpoints().matchedHttpEndpoint();
    return endpoint == null ? UNMATCHED : endpoint.path;
  }

  private static String account(Context ctx) {
    return Api.principal(ctx).map(p -> Long.toString(p.accountId())).orElse("-");
  }
}
