package io.contactd.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A small real HTTP proxy (the JDK's server) in front of a contactd, which breaks things on
 * purpose: cuts a download after N bytes once, flips a byte of a download, answers 429, rewrites a
 * JSON answer. It records every request it forwards: path, Range and whether it had a key.
 */
final class FaultProxy implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> HOP =
      Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding");

  record Seen(String method, String path, boolean authorization, String range) {}

  private final HttpServer server;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private volatile String target;
  final List<Seen> seen = new CopyOnWriteArrayList<>();

  private volatile long cutAfter = -1;
  private volatile long flipAt = -1;
  private volatile Pattern tooMany;
  private final AtomicInteger tooManyLeft = new AtomicInteger();
  final AtomicInteger served429 = new AtomicInteger();
  private volatile Pattern rewritten;
  private volatile UnaryOperator<JsonNode> rewrite;

  FaultProxy() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void target(String baseUrl) {
    this.target = baseUrl;
  }

  /** The next download (a {@code /files/} GET without Range) stops after {@code bytes}. */
  void cutNextDownloadAfter(long bytes) {
    cutAfter = bytes;
  }

  /** Every download has the byte at {@code offset} inverted. */
  void flipDownloadByteAt(long offset) {
    flipAt = offset;
  }

  /** The next {@code count} requests whose path matches are answered 429. */
  void tooManyRequests(String pathRegex, int count) {
    tooMany = Pattern.compile(pathRegex);
    tooManyLeft.set(count);
  }

  /** JSON answers to GETs whose path matches go through {@code change}. */
  void rewriteJson(String pathRegex, UnaryOperator<JsonNode> change) {
    rewrite = change;
    rewritten = Pattern.compile(pathRegex);
  }

  List<Seen> downloads() {
    return seen.stream().filter(s -> s.path().startsWith("/files/")).toList();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      String query = ex.getRequestURI().getRawQuery();
      seen.add(
          new Seen(
              ex.getRequestMethod(),
              path,
              ex.getRequestHeaders().containsKey("Authorization"),
              ex.getRequestHeaders().getFirst("Range")));
      Pattern limited = tooMany;
      if (limited != null && limited.matcher(path).matches() && tooManyLeft.getAndDecrement() > 0) {
        served429.incrementAndGet();
        byte[] body =
            "{\"errors\":[{\"field\":null,\"message\":\"too many requests\"}]}".getBytes();
        ex.getResponseHeaders().add("X-RateLimit-Remaining", "0");
        ex.getResponseHeaders()
            .add("X-RateLimit-Reset", Long.toString(System.currentTimeMillis() / 1000 + 1));
        ex.sendResponseHeaders(429, body.length);
        ex.getResponseBody().write(body);
        return;
      }
      HttpRequest.Builder forward =
          HttpRequest.newBuilder(URI.create(target + path + (query == null ? "" : "?" + query)));
      for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
        if (!HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
          for (String v : h.getValue()) {
            forward.header(h.getKey(), v);
          }
        }
      }
      byte[] requestBody = ex.getRequestBody().readAllBytes();
      forward.method(
          ex.getRequestMethod(),
          requestBody.length == 0
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(requestBody));
      HttpResponse<InputStream> response;
      try {
        response = http.send(forward.build(), HttpResponse.BodyHandlers.ofInputStream());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                  values.forEach(v -> ex.getResponseHeaders().add(name, v));
                }
              });
      byte[] body;
      try (InputStream in = response.body()) {
        body = in.readAllBytes();
      }
      boolean download = path.startsWith("/files/");
      UnaryOperator<JsonNode> change = rewrite;
      if (change != null
          && ex.getRequestMethod().equals("GET")
          && rewritten.matcher(path).matches()
          && response.statusCode() == 200) {
        body = JSON.writeValueAsBytes(change.apply(JSON.readTree(body)));
      }
      if (download && flipAt >= 0 && flipAt < body.length && response.statusCode() == 200) {
        body[(int) flipAt] ^= (byte) 0xff;
      }
      int status = response.statusCode();
      boolean empty = status == 204 || status == 304 || ex.getRequestMethod().equals("HEAD");
      ex.sendResponseHeaders(status, empty ? -1 : body.length == 0 ? -1 : body.length);
      OutputStream out = ex.getResponseBody();
      long cut = cutAfter;
      if (download
          && cut >= 0
          && cut < body.length
          && ex.getRequestHeaders().getFirst("Range") == null) {
        cutAfter = -1;
        out.write(body, 0, (int) cut);
        out.flush();
        // Ending the exchange short of its Content-Length makes the server drop the connection.
        throw new IOException("cut on purpose after " + cut + " bytes");
      }
      if (!empty) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
