package io.contactd.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serves the dashboard. {@code GET /} answers the page to browsers (they send {@code Accept:
 * text/html}) and the JSON home document to every other client; {@code /ui/<page>} is the page for
 * each section, so a reload or a bookmark works; {@code /ui/assets/<file>} are the script and the
 * style sheet. The files are read from the jar once, at start.
 */
public final class UiRoutes {
  /** The sections of the dashboard; {@code app.js} draws the one named in the path. */
  static final Set<String> PAGES =
      Set.of("overview", "contacts", "lists", "fields", "exports", "imports", "keys");

  private static final Map<String, String> ASSETS =
      Map.of(
          "app.js", "text/javascript; charset=utf-8",
          "app.css", "text/css; charset=utf-8",
          "icon.svg", "image/svg+xml");

  private final byte[] page;
  private final Map<String, byte[]> assets;
  private final String policy;

  /**
   * {@code connectOrigins}: origins besides this server that the page may send requests to, such as
   * the object store that signed upload URLs point at.
   */
  public UiRoutes(List<String> connectOrigins) {
    this.page = read("index.html");
    this.assets =
        Map.of("app.js", read("app.js"), "app.css", read("app.css"), "icon.svg", read("icon.svg"));
    this.policy = ContentSecurityPolicy.of(connectOrigins);
  }

  /**
   * The origins {@code connect-src} allows besides {@code 'self'}: the public URL's (the upload
   * URLs contactd signs point there) and the configured extra ones (already checked by {@code
   * Config}).
   */
  public static List<String> connectOrigins(String publicUrl, String extra) {
    List<String> origins = new java.util.ArrayList<>();
    if (publicUrl != null) {
      java.net.URI uri = java.net.URI.create(publicUrl);
      String host = uri.getHost();
      if (host != null
          && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && host.matches("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\]")) {
        origins.add(
            uri.getScheme() + "://" + host + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
      }
    }
    if (extra != null) {
      origins.addAll(List.of(extra.trim().split("[\\s,]+")));
    }
    return origins;
  }

  /** Registers {@code /} (with {@code json} for non-browsers) and the {@code /ui} paths. */
  public void register(RoutesConfig routes, Handler json) {
    routes.get(
        "/",
        ctx -> {
          ctx.header("Vary", "Accept");
          if (wantsHtml(ctx.header("Accept"))) {
            servePage(ctx);
          } else {
            json.handle(ctx);
          }
        });
    routes.get("/ui", ctx -> ctx.redirect("/ui/overview"));
    routes.get("/ui/", ctx -> ctx.redirect("/ui/overview"));
    routes.get(
        "/ui/{page}",
        ctx -> {
          if (!PAGES.contains(ctx.pathParam("page"))) {
            notFound(ctx);
            return;
          }
          servePage(ctx);
        });
    routes.get(
        "/ui/assets/{file}",
        ctx -> {
          String file = ctx.pathParam("file");
          byte[] body = assets.get(file);
          if (body == null) {
            notFound(ctx);
            return;
          }
          secure(ctx);
          ctx.contentType(ASSETS.get(file)).result(body);
        });
  }

  /** Browsers list text/html first; API clients send JSON, {@code *}{@code /*} or nothing. */
  static boolean wantsHtml(String accept) {
    return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/html");
  }

  private void servePage(Context ctx) {
    secure(ctx);
    ctx.contentType("text/html; charset=utf-8").result(page);
  }

  private void notFound(Context ctx) {
    secure(ctx);
    ctx.status(404).contentType("text/plain; charset=utf-8").result("not found");
  }

  private void secure(Context ctx) {
    ctx.header("Content-Security-Policy", policy);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    // The files change with each build; the browser asks again rather than run an old script.
    ctx.header("Cache-Control", "no-cache");
  }

  private static byte[] read(String name) {
    try (InputStream in = UiRoutes.class.getResourceAsStream("/ui/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks ui/" + name + "; a broken build?");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
