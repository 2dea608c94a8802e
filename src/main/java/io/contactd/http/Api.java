package io.contactd.http;

import io.contactd.auth.Authenticator;
import io.contactd.auth.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Set;

/**
 * Registers authenticated API routes. Each route names the scopes it accepts (any one suffices);
 * the wrapper authenticates, checks the scope, counts the request against the rate limit and sets
 * SendGrid's rate-limit headers (also with limiting off) before the handler runs.
 */
public final class Api {
  /** The authenticated principal of a request, read by the access log. */
  private static final String PRINCIPAL = "contactd.principal";

  private final RoutesConfig routes;
  private final Authenticator authenticator;
  private final RateLimits rateLimiter;

  public Api(RoutesConfig routes, Authenticator authenticator, RateLimits rateLimiter) {
    this.routes = routes;
    this.authenticator = authenticator;
    this.rateLimiter = rateLimiter;
  }

  /** Who the request was authenticated as, once it was (for the access log). */
  static java.util.Optional<Principal> principal(Context ctx) {
    return java.util.Optional.ofNullable(ctx.attribute(PRINCIPAL));
  }

  /** A handler that receives the authenticated principal. */
  @FunctionalInterface
  public interface ApiHandler {
    void handle(Context ctx, Principal principal) throws Exception;
  }

  public void get(String path, Set<String> scopes, ApiHandler handler) {
    routes.get(path, secured("GET " + path, scopes, handler));
  }

  public void post(String path, Set<String> scopes, ApiHandler handler) {
    routes.post(path, secured("POST " + path, scopes, handler));
  }

  public void put(String path, Set<String> scopes, ApiHandler handler) {
    routes.put(path, secured("PUT " + path, scopes, handler));
  }

  public void patch(String path, Set<String> scopes, ApiHandler handler) {
    routes.patch(path, secured("PATCH " + path, scopes, handler));
  }

  public void delete(String path, Set<String> scopes, ApiHandler handler) {
    routes.delete(path, secured("DELETE " + path, scopes, handler));
  }

  private Handler secured(String group, Set<String> scopes, ApiHandler handler) {
    return ctx -> {
      Principal principal =
          authenticator.authenticate(ctx.header("Authorization"), ctx.header("on-behalf-of"));
      ctx.attribute(PRINCIPAL, principal);
      RateLimits.Decision d = rateLimiter.count(principal.accountId(), group);
      ctx.header("X-RateLimit-Limit", Integer.toString(d.limit()));
      ctx.header("X-RateLimit-Remaining", Integer.toString(d.remaining()));
      ctx.header("X-RateLimit-Reset", Long.toString(d.resetEpochSeconds()));
      if (!d.allowed()) {
        throw new ApiException(429, null, "too many requests");
      }
      if (!principal.hasAny(scopes)) {
        throw ApiException.forbidden();
      }
      handler.handle(ctx, principal);
    };
  }
}
