package io.contactd.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.contactd.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * JSON calls to {@code /v3/…} of one server with one API key. Every call passes the {@link
 * RateGate}; a 429 is waited out and tried again (up to {@value #MAX_ATTEMPTS} times), and so are a
 * 502/503/504 and a broken connection for reads. The key goes only to the base URL's host and never
 * into a message: {@link Transfers} for the signed file URLs has no key at all.
 */
public final class ApiClient {
  private static final int MAX_ATTEMPTS = 8;
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final String origin;
  private final String prefix;
  private final String authorization;
  private final String onBehalfOf;
  private final HttpClient http;
  private final RateGate gate;
  private final Consumer<String> notices;

  /**
   * @param baseUrl {@code https://api.sendgrid.com}, {@code http://127.0.0.1:8080}, …
   * @param onBehalfOf a subuser to act as (SendGrid's {@code on-behalf-of}), or null
   * @param notices lines worth showing a person while it waits (rate limits, retries)
   */
  public ApiClient(
      String baseUrl, String apiKey, String onBehalfOf, Clock clock, Consumer<String> notices) {
    URI base = parseBase(baseUrl);
    this.origin = base.getScheme() + "://" + base.getRawAuthority();
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    this.prefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException("--api-key is required (or CONTACTD_API_KEY)");
    }
    this.authorization = "Bearer " + apiKey.strip();
    this.onBehalfOf = onBehalfOf;
    this.notices = notices;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.gate = new RateGate(clock, d -> Thread.sleep(d.toMillis()), notices);
  }

  private static URI parseBase(String baseUrl) {
    URI base;
    try {
      base = URI.create(baseUrl == null ? "" : baseUrl.strip());
    } catch (IllegalArgumentException e) {
      base = null;
    }
    if (base == null
        || base.getRawAuthority() == null
        || !("http".equals(base.getScheme()) || "https".equals(base.getScheme()))
        || base.getRawQuery() != null) {
      throw new IllegalArgumentException(
          "--base-url must be http(s)://HOST[:PORT], e.g. https://api.sendgrid.com, was "
              + baseUrl);
    }
    return base;
  }

  /** The base URL as given, without a trailing slash: for manifests and messages. */
  public String baseUrl() {
    return origin + prefix;
  }

  /** File downloads and uploads with the same connection pool, without the API key. */
  public Transfers transfers() {
    return new Transfers(http, notices);
  }

  public JsonNode get(String path) {
    return call("GET", path, null);
  }

  public JsonNode post(String path, JsonNode body) {
    return call("POST", path, body);
  }

  public JsonNode put(String path, JsonNode body) {
    return call("PUT", path, body);
  }

  /**
   * Every item of a paged listing ({@code GET /v3/marketing/lists}): follows {@code _metadata.next}
   * — on this server, whatever host the link names, since the key goes nowhere else.
   */
  public void forEachPage(String path, String resultKey, Consumer<JsonNode> item) {
    String next = path;
    int pages = 0;
    while (next != null) {
      JsonNode page = get(next);
      for (JsonNode i : page.path(resultKey)) {
        item.accept(i);
      }
      String link = page.path("_metadata").path("next").asText("");
      next = link.isEmpty() ? null : samePathOnBase(link);
      if (++pages > 100_000) {
        throw new ClientException("GET " + path + ": the pages never end (_metadata.next loops)");
      }
    }
  }

  private String samePathOnBase(String link) {
    URI uri = URI.create(link);
    String p = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (!prefix.isEmpty() && p.startsWith(prefix)) {
      p = p.substring(prefix.length());
    }
    return p + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  private JsonNode call(String method, String path, JsonNode body) {
    String what = method + " " + stripQuery(path);
    boolean read = method.equals("GET");
    Duration backoff = Duration.ofSeconds(1);
    for (int attempt = 1; ; attempt++) {
      HttpResponse<byte[]> response;
      try {
        gate.await();
        response = http.send(request(method, path, body), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClientException(what + ": interrupted", e);
      } catch (IOException e) {
        if (!read || attempt >= 4) {
          throw new ClientException(what + " on " + origin + ": " + unreachable(e), e);
        }
        notices.accept(what + " on " + origin + ": " + unreachable(e) + "; trying again");
        pause(backoff);
        backoff = backoff.multipliedBy(2);
        continue;
      }
      int status = response.statusCode();
      if (status == 429 && attempt < MAX_ATTEMPTS) {
        gate.refused(response.headers(), backoff, what);
        backoff = backoff.multipliedBy(2);
        continue;
      }
      gate.answered(response.headers());
      boolean unavailable = status == 502 || status == 503 || status == 504;
      if (unavailable && (read || status == 503) && attempt < 4) {
        notices.accept(what + ": the server answered " + status + "; trying again");
        pause(backoff);
        backoff = backoff.multipliedBy(2);
        continue;
      }
      if (status >= 200 && status < 300) {
        return parse(what, response.body());
      }
      throw new ApiError(status, what + " " + explain(status, response.body()));
    }
  }

  private HttpRequest request(String method, String path, JsonNode body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(origin + prefix + path))
            .timeout(TIMEOUT)
            .header("Authorization", authorization)
            .header("Accept", "application/json");
    if (onBehalfOf != null && !onBehalfOf.isBlank()) {
      b.header("on-behalf-of", onBehalfOf);
    }
    if (body == null) {
      return b.method(method, HttpRequest.BodyPublishers.noBody()).build();
    }
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a request body", e);
    }
    return b.header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes))
        .build();
  }

  private static JsonNode parse(String what, byte[] body) {
    if (body == null || body.length == 0) {
      return MissingNode.getInstance();
    }
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      throw new ClientException(what + ": the answer is not JSON");
    }
  }

  /** {@code answered 400: name: name must be …} from SendGrid's error body. */
  private static String explain(int status, byte[] body) {
    String detail = "";
    try {
      JsonNode errors = body == null || body.length == 0 ? null : Json.MAPPER.readTree(body);
      JsonNode first = errors == null ? null : errors.path("errors").path(0);
      if (first != null && first.has("message")) {
        String field = first.path("field").asText("");
        detail =
            (field.isEmpty() || field.equals("null") ? "" : field + ": ")
                + first.path("message").asText();
      } else if (errors != null && errors.has("error")) {
        detail = errors.path("error").asText();
      }
    } catch (IOException e) {
      // not JSON: the status says enough
    }
    String line = "answered " + status + (detail.isEmpty() ? "" : ": " + detail);
    return switch (status) {
      case 401 -> line + " (the server does not take this API key: check --api-key)";
      case 403 -> line + " (the API key lacks a scope this needs, or --on-behalf-of is wrong)";
      case 429 -> line + " (still rate limited after " + MAX_ATTEMPTS + " tries)";
      default -> line;
    };
  }

  static String unreachable(IOException e) {
    if (e instanceof ConnectException) {
      return "cannot connect (" + (e.getMessage() == null ? "refused" : e.getMessage()) + ")";
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer in time";
    }
    String m = e.getMessage();
    return "the connection broke (" + (m == null ? e.getClass().getSimpleName() : m) + ")";
  }

  private static String stripQuery(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException("interrupted", e);
    }
  }
}
