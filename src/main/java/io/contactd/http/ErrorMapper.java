package io.contactd.http;

import io.contactd.auth.Forbidden;
import io.contactd.auth.Unauthenticated;
import io.contactd.json.InvalidJson;
import io.contactd.json.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become responses, in SendGrid's error shape. Unknown routes answer
 * 404 with an empty body, as SendGrid does; an unexpected error is a bare 500 whose id is logged.
 */
public final class ErrorMapper {
  private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

  private ErrorMapper() {}

  public static void install(JavalinConfig config) {
    config.routes.exception(
        ApiException.class, (e, ctx) -> write(ctx, e.status(), e.field(), e.getMessage()));
    config.routes.exception(
        Unauthenticated.class, (e, ctx) -> write(ctx, 401, null, e.getMessage()));
    config.routes.exception(Forbidden.class, (e, ctx) -> write(ctx, 403, null, e.getMessage()));
    config.routes.exception(InvalidJson.class, (e, ctx) -> write(ctx, 400, null, e.getMessage()));
    config.routes.exception(HttpResponseException.class, ErrorMapper::framework);
    config.routes.exception(Exception.class, ErrorMapper::unexpected);
    config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
  }

  private static void framework(HttpResponseException e, Context ctx) {
    int status = e.getStatus();
    switch (status) {
      case 404, 405 -> {
        if (ctx.path().startsWith("/v3/")) {
          // SendGrid answers an empty 404; the log says why, for whoever wonders about a typo.
          log.info("no route for {} {}", ctx.method(), ctx.path());
        }
        empty(ctx, 404);
      }
      case 413 -> write(ctx, 413, null, "request body too large");
      case 400 -> write(ctx, 400, null, "invalid request");
      default -> write(ctx, status, null, e.getMessage());
    }
  }

  private static void unexpected(Exception e, Context ctx) {
    if (databaseBusy(e)) {
      // Not the client's mistake and not a bug: the single SQLite writer (or the pool) stayed busy
      // past its timeout. 503 with Retry-After tells clients to try again; nothing was written.
      log.warn(
          "request {} {} refused: the database stayed busy ({})",
          ctx.method(),
          ctx.path(),
          e.toString());
      ctx.header("Retry-After", "1");
      write(ctx, 503, null, "service unavailable, the database is busy; try again");
      return;
    }
    String id = UUID.randomUUID().toString();
    log.error("request {} {} failed with error id {}", ctx.method(), ctx.path(), id, e);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("errors", List.of(Map.of("message", "internal server error")));
    body.put("id", id);
    ctx.status(500).contentType("application/json").result(Json.write(body));
  }

  /** SQLite's SQLITE_BUSY or a pool that had no connection to give in time. */
  static boolean databaseBusy(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.sql.SQLTransientConnectionException) {
        return true;
      }
      // sqlite-jdbc: "[SQLITE_BUSY] …", also for the extended codes such as SQLITE_BUSY_SNAPSHOT
      if (t instanceof java.sql.SQLException sql
          && String.valueOf(sql.getMessage()).startsWith("[SQLITE_BUSY")) {
        return true;
      }
    }
    return false;
  }

  public static void write(Context ctx, int status, String field, String message) {
    ctx.status(status).contentType("application/json").result(body(field, message));
  }

  public static String body(String field, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("field", field);
    error.put("message", message);
    List<Object> errors = new ArrayList<>();
    errors.add(error);
    return Json.write(Map.of("errors", errors));
  }

  private static void empty(Context ctx, int status) {
    ctx.status(status).result("");
    ctx.res().setContentLength(0);
  }
}
