package io.contactd.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactd.http.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code POST /_contactd/clock} body: exactly one of {@code {"advance": "72h"}} (also {@code
 * 90m}, {@code 30s}, {@code 500ms}, {@code 3d}, a leading {@code -}, or ISO-8601 {@code PT72H}),
 * {@code {"set": "2030-01-01T00:00:00Z"}} or {@code {"reset": true}}.
 */
record ClockRequest(Duration advance, Instant set, boolean reset) {
  private static final Pattern SHORT = Pattern.compile("(-?)(\\d{1,12})(ms|s|m|h|d)");
  private static final String ONE_OF = "give one of advance, set or reset";

  static ClockRequest parse(ObjectNode body) {
    JsonNode advance = body.get("advance");
    JsonNode set = body.get("set");
    JsonNode reset = body.get("reset");
    int given = (advance != null ? 1 : 0) + (set != null ? 1 : 0) + (reset != null ? 1 : 0);
    if (given != 1) {
      throw ApiException.badRequest(null, ONE_OF);
    }
    if (advance != null) {
      if (!advance.isTextual()) {
        throw ApiException.badRequest("advance", "advance must be a duration like 72h or 30m");
      }
      return new ClockRequest(duration(advance.asText()), null, false);
    }
    if (set != null) {
      try {
        return new ClockRequest(null, Instant.parse(set.asText()), false);
      } catch (DateTimeParseException e) {
        throw ApiException.badRequest(
            "set", "set must be an ISO-8601 instant like 2030-01-01T00:00:00Z");
      }
    }
    if (!reset.isBoolean() || !reset.asBoolean()) {
      throw ApiException.badRequest("reset", "reset must be true");
    }
    return new ClockRequest(null, null, true);
  }

  static Duration duration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    Matcher m = SHORT.matcher(t);
    try {
      if (m.matches()) {
        long n = Long.parseLong(m.group(2));
        Duration d =
            switch (m.group(3)) {
              case "ms" -> Duration.ofMillis(n);
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> Duration.ofDays(n);
            };
        return m.group(1).isEmpty() ? d : d.negated();
      }
      if (t.startsWith("p") || t.startsWith("-p")) {
        return Duration.parse(text.strip());
      }
    } catch (ArithmeticException | DateTimeParseException e) {
      // the one message below
    }
    throw ApiException.badRequest("advance", "advance must be a duration like 72h or 30m");
  }
}
