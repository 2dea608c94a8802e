package io.contactd.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactd.http.ApiException;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * A {@code POST /_contactd/faults} body, checked. Job rules: {@code {"match": {"kind": "export" |
 * "import", "account": id or username}, "action": "fail" | "stall" | "delay", "message": …,
 * "seconds": …, "times": …}} (stall for exports only). HTTP rules: {@code {"match": {"method": …,
 * "path": …}, "action": "status", "status": 429 | 500 | 503 | any 4xx/5xx, "times": …}}.
 */
final class FaultRequest {
  private static final Set<String> JOB_ACTIONS = Set.of("fail", "stall", "delay");
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");

  private FaultRequest() {}

  /** {@code accounts} turns the match's account (an id or a username) into an id, or null. */
  static Fault parse(ObjectNode body, Function<String, Long> accounts, String id, long now) {
    JsonNode match = body.get("match");
    if (match == null || !match.isObject()) {
      throw ApiException.badRequest("match", "match must be an object");
    }
    String action = text(body, "action", true);
    Integer times = positive(body, "times", 1_000_000);
    String message = text(body, "message", false);
    if (message != null && message.length() > 500) {
      throw ApiException.badRequest("message", "message may have at most 500 characters");
    }
    JsonNode kindNode = match.get("kind");
    if (kindNode == null || kindNode.isNull()) {
      return http(match, body, action, times, message, id, now);
    }
    String kind = text(match, "kind", true);
    if (!kind.equals("export") && !kind.equals("import")) {
      throw ApiException.badRequest("match.kind", "match.kind must be export or import");
    }
    if (!JOB_ACTIONS.contains(action)) {
      throw ApiException.badRequest("action", "action must be fail, stall or delay for jobs");
    }
    if (action.equals("stall") && !kind.equals("export")) {
      throw ApiException.badRequest("action", "stall applies to exports only");
    }
    Integer seconds = positive(body, "seconds", 3600);
    if (action.equals("delay") && seconds == null) {
      throw ApiException.badRequest("seconds", "a delay needs seconds (1..3600)");
    }
    Long account = null;
    JsonNode a = match.get("account");
    if (a != null && !a.isNull()) {
      if (!a.isTextual() && !a.isIntegralNumber()) {
        throw ApiException.badRequest("match.account", "match.account must be an id or username");
      }
      account = accounts.apply(a.asText());
      if (account == null) {
        throw new ApiException(404, "match.account", "account " + a.asText() + " does not exist");
      }
    }
    if (action.equals("fail") && message == null) {
      message = "injected failure";
    }
    return new Fault(id, kind, account, null, null, action, null, message, seconds, times, now);
  }

  private static Fault http(
      JsonNode match,
      ObjectNode body,
      String action,
      Integer times,
      String message,
      String id,
      long now) {
    String path = text(match, "path", true);
    if (!path.startsWith("/") || path.length() > 500) {
      throw ApiException.badRequest("match.path", "match.path must start with /");
    }
    String method = text(match, "method", false);
    if (method != null) {
      method = method.toUpperCase(Locale.ROOT);
      if (!METHODS.contains(method)) {
        throw ApiException.badRequest(
            "match.method", "match.method must be GET, POST, PUT, PATCH or DELETE");
      }
    }
    if (!action.equals("status")) {
      throw ApiException.badRequest("action", "action must be status for HTTP rules");
    }
    JsonNode s = body.get("status");
    if (s == null || !s.isIntegralNumber() || s.asInt() < 400 || s.asInt() > 599) {
      throw ApiException.badRequest("status", "status must be an HTTP status 400..599");
    }
    int status = s.asInt();
    if (message == null) {
      message =
          switch (status) {
            case 429 -> "too many requests";
            case 500 -> "internal server error";
            case 503 -> "service unavailable";
            default -> "injected fault";
          };
    }
    return new Fault(id, Fault.HTTP, null, method, path, action, status, message, null, times, now);
  }

  private static String text(JsonNode node, String field, boolean required) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw ApiException.badRequest(field, "missing required argument");
      }
      return null;
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw ApiException.badRequest(field, field + " must be a string");
    }
    return v.asText();
  }

  private static Integer positive(JsonNode node, String field, int max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1 || v.asInt() > max) {
      throw ApiException.badRequest(field, field + " must be an integer 1.." + max);
    }
    return v.asInt();
  }
}
