package io.contactd.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver as a user would write one, on the JDK's own HTTP server: it checks the
 * Contactd-Signature of every request against the secret of its path (refusing a bad one with 400
 * and a timestamp more than 5 minutes off), answers 500 to the first requests when told to, and
 * keeps each event once by its event id.
 */
public final class WebhookReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as it arrived. */
  public record Received(String path, String eventId, boolean signed, int answered) {}

  private final HttpServer server;
  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
  public final List<Received> requests = new CopyOnWriteArrayList<>();
  public final Map<String, JsonNode> events = new ConcurrentHashMap<>();

  public WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String secret = secrets.get(path);
          boolean signed =
              secret != null
                  && verify(
                      secret, exchange.getRequestHeaders().getFirst("Contactd-Signature"), body);
          String eventId = exchange.getRequestHeaders().getFirst("Contactd-Event-Id");
          int status;
          if (!signed) {
            status = 400;
          } else if (failures.getOrDefault(path, new AtomicInteger()).getAndDecrement() > 0) {
            status = 500;
          } else {
            JsonNode event = JSON.readTree(body);
            events.putIfAbsent(event.get("event_id").asText(), event); // de-duplicated by id
            status = 200;
          }
          requests.add(new Received(path, eventId, signed, status));
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  public void expect(String path, String secret, int failFirst) {
    secrets.put(path, secret);
    failures.put(path, new AtomicInteger(failFirst));
  }

  public long requestsTo(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).count();
  }

  /** Stripe's scheme: t=…,v1=hex(HMAC-SHA256(secret, t + "." + body)), t within 5 minutes. */
  public static boolean verify(String secret, String header, String body) {
    if (header == null) {
      return false;
    }
    String t = null;
    String v1 = null;
    for (String part : header.split(",")) {
      if (part.startsWith("t=")) {
        t = part.substring(2);
      } else if (part.startsWith("v1=")) {
        v1 = part.substring(3);
      }
    }
    if (t == null || v1 == null) {
      return false;
    }
    if (Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t)) > 300) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
      return MessageDigest.isEqual(
          java.util.HexFormat.of().formatHex(expected).getBytes(StandardCharsets.US_ASCII),
          v1.getBytes(StandardCharsets.US_ASCII));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
