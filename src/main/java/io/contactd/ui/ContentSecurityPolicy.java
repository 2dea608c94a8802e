package io.contactd.ui;

import java.util.List;

/**
 * The dashboard's Content-Security-Policy: everything from this server only, no inline script or
 * style, no frames, no plugins. Requests ({@code connect-src}) may also go to the given origins:
 * signed upload URLs may point at an object store rather than at contactd.
 */
final class ContentSecurityPolicy {
  private ContentSecurityPolicy() {}

  static String of(List<String> connectOrigins) {
    StringBuilder connect = new StringBuilder("'self'");
    for (String origin : connectOrigins) {
      connect.append(' ').append(origin);
    }
    return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        + " connect-src "
        + connect
        + "; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
  }
}
