package io.contactd.metrics;

import io.contactd.http.ErrorMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code GET /metrics}. With a token set, only {@code Authorization: Bearer <token>} is let in.
 * Without one it is open while the server listens on a loopback address only, and refused
 * otherwise: a server reachable from the network must not publish its figures to anyone.
 */
public final class MetricsRoutes {
  public static final String PATH = "/metrics";
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Metrics metrics;
  private final byte[] expected;
  private final boolean open;

  /** {@code token} may be null; {@code loopbackOnly} is whether the bind address is loopback. */
  public MetricsRoutes(Metrics metrics, String token, boolean loopbackOnly) {
    this.metrics = metrics;
    this.expected = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.open = token == null && loopbackOnly;
  }

  /** Whether {@code host}, the bind address, is reachable from this machine only. */
  public static boolean loopback(String host) {
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  public void register(RoutesConfig routes) {
    routes.get(PATH, this::scrape);
  }

  private void scrape(Context ctx) {
    if (expected == null && !open) {
      ErrorMapper.write(
          ctx,
          403,
          null,
          "metrics are off on a non-loopback bind without a token; set --metrics-token");
      return;
    }
    if (expected != null) {
      String given = ctx.header("Authorization");
      // Constant time: the comparison must not tell how much of a guess was right.
      if (given == null
          || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"metrics\"");
        ErrorMapper.write(ctx, 401, null, "authorization required");
        return;
      }
    }
    ctx.contentType(CONTENT_TYPE).result(metrics.scrape());
  }
}
