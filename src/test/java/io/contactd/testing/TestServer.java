package io.contactd.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Method;
import com.sendgrid.Request;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import io.contactd.App;
import io.contactd.Config;
import io.contactd.auth.ApiKeySecret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * The real app on port 0, with a fresh database of the chosen backend and a full-access key, in a
 * temporary folder that {@link #close()} deletes. {@link #restart()} stops it and starts it again
 * on the same data, as a crash-and-restart would.
 */
public final class TestServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Backend backend;
  private final Path dataDir;
  private final Clock clock;
  private Clock infraClock = Clock.systemUTC();
  private Config config;
  private App app;
  private final String key;

  private TestServer(
      Backend backend, Path dataDir, Config config, Clock clock, Clock infraClock, String key) {
    this.backend = backend;
    this.dataDir = dataDir;
    this.config = config;
    this.clock = clock;
    this.infraClock = infraClock;
    this.key = key;
    this.app = App.start(config, clock, infraClock);
  }

  public static TestServer start(Backend backend) {
    return start(backend, b -> b);
  }

  public static TestServer start(Backend backend, UnaryOperator<Config.Builder> tweak) {
    return start(backend, Clock.systemUTC(), tweak);
  }

  public static TestServer start(
      Backend backend, Clock clock, UnaryOperator<Config.Builder> tweak) {
    return start(backend, clock, Clock.systemUTC(), tweak);
  }

  /**
   * With both clocks given: {@code infraClock} drives the job queue, heartbeats and rate-limit
   * windows (keep it running: an offset from real time, never fixed).
   */
  public static TestServer start(
      Backend backend, Clock clock, Clock infraClock, UnaryOperator<Config.Builder> tweak) {
    Path dataDir;
    try {
      dataDir = Files.createTempDirectory("contactd-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String key = ApiKeySecret.generate().toString();
    Config.Builder builder =
        Config.builder(dataDir)
            .port(0)
            .dbUrl(TestDatabases.url(backend, dataDir))
            .rateLimitPerMinute(0)
            .apiKey(key)
            .jobTiming(Duration.ofMillis(100), Duration.ofSeconds(1))
            .exportWarmup(false); // ExportStatusUpdatesContract runs it; here it only costs time
    return new TestServer(backend, dataDir, tweak.apply(builder).build(), clock, infraClock, key);
  }

  /** Stops the server and starts it again on the same database and data folder (a new port). */
  public void restart() {
    restart(b -> b);
  }

  /** Restarts with changed settings, e.g. workers switched on after jobs were queued. */
  public void restart(UnaryOperator<Config.Builder> tweak) {
    app.close();
    config = tweak.apply(config.toBuilder().port(0)).build();
    app = App.start(config, clock, infraClock);
  }

  public Backend backend() {
    return backend;
  }

  public App app() {
    return app;
  }

  public Path dataDir() {
    return dataDir;
  }

  public int port() {
    return app.port();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + app.port();
  }

  /** The full-access key of the parent account. */
  public String key() {
    return key;
  }

  /** The official client, pointed at this server with the given key. */
  public SendGrid client(String apiKey) {
    SendGrid sg = new SendGrid(apiKey, true);
    sg.setHost("127.0.0.1:" + app.port());
    return sg;
  }

  public SendGrid client() {
    return client(key);
  }

  /** One request through the official client with the full-access key. */
  public Response call(Method method, String endpoint, String body) {
    return call(client(), method, endpoint, body);
  }

  public static Response call(SendGrid sg, Method method, String endpoint, String body) {
    Request r = new Request();
    r.setMethod(method);
    int q = endpoint.indexOf('?');
    if (q >= 0) {
      r.setEndpoint(endpoint.substring(0, q));
      for (String pair : endpoint.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        r.addQueryParam(
            pair.substring(0, eq),
            java.net.URLDecoder.decode(
                pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
      }
    } else {
      r.setEndpoint(endpoint);
    }
    if (body != null) {
      r.setBody(body);
    }
    try {
      return sg.api(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Polls a job's status endpoint ({@code marketing/contacts/exports/ID}, {@code …/imports/ID})
   * until it is no longer {@code pending}; returns that last answer.
   */
  public static JsonNode awaitEnd(SendGrid sg, String endpoint, Duration atMost) {
    JsonNode[] last = new JsonNode[1];
    Awaitility.await()
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              last[0] = JSON.readTree(call(sg, Method.GET, endpoint, null).getBody());
              return !last[0].get("status").asText().equals("pending");
            });
    return last[0];
  }

  /** {@code PUT /v3/marketing/contacts} (202 expected), then waits until its job has ended. */
  public void upsert(String body) {
    Response r = call(Method.PUT, "marketing/contacts", body);
    org.assertj.core.api.Assertions.assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
    String job;
    try {
      job = JSON.readTree(r.getBody()).get("job_id").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    awaitEnd(client(), "marketing/contacts/imports/" + job, Duration.ofSeconds(30));
  }

  /** {@code POST /v3/marketing/lists} (201 expected); returns the new list's id. */
  public String createList(String name) {
    Response r = call(Method.POST, "marketing/lists", "{\"name\":\"" + name + "\"}");
    org.assertj.core.api.Assertions.assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(201);
    try {
      return JSON.readTree(r.getBody()).get("id").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops the server and deletes its data folder and its PostgreSQL database. */
  @Override
  public void close() {
    try {
      app.close();
    } finally {
      deleteRecursively(dataDir);
      if (backend == Backend.POSTGRESQL) {
        TestDatabases.drop(config.dbUrl());
      }
    }
  }

  static void deleteRecursively(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the test folder " + folder, e);
    }
  }
}
