package io.contactd.http;

import io.javalin.http.Context;
import java.util.Locale;

/** Query parameters read strictly: a value that is not what the parameter takes is a 400. */
public final class QueryParams {
  private QueryParams() {}

  /**
   * {@code true} or {@code false} in any case; absent is {@code fallback}. Anything else (also
   * "maybe", "1" or an empty value) is refused rather than read as false, so a typo never deletes
   * or hides what the caller meant to keep.
   */
  public static boolean bool(Context ctx, String name, boolean fallback) {
    String raw = ctx.queryParam(name);
    if (raw == null) {
      return fallback;
    }
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw ApiException.badRequest(name, name + " must be true or false");
    };
  }

  /** An integer in {@code min..max}; absent is {@code fallback}; anything else is a 400. */
  public static int intParam(Context ctx, String name, int fallback, int min, int max) {
    String raw = ctx.queryParam(name);
    if (raw == null) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(raw);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // the one message below
    }
    throw ApiException.badRequest(name, name + " must be an integer " + min + ".." + max);
  }
}
