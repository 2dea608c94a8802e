package io.contactd.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sendgrid.Method;
import com.sendgrid.Response;
import io.contactd.json.Json;
import io.contactd.testing.Backend;
import io.contactd.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Writes that read first (field create and rename, subuser create) wait while another connection
 * holds the database's write lock, and succeed once it is released: a busy database makes a request
 * wait up to the busy timeout, it never fails it at once with 503.
 */
abstract class BusyWriterContract {
  /**
   * How long the test holds the lock unless the request answers first. Long enough for the request
   * to reach the database; on SQLite, before transactions began as writers, it answered 503 within
   * milliseconds of reaching it.
   */
  private static final Duration HOLD = Duration.ofSeconds(2);

  abstract Backend backend();

  private TestServer server;

  @BeforeEach
  void start() {
    server = TestServer.start(backend());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void field_create_waits_for_a_busy_writer_instead_of_answering_503() throws Exception {
    Response r =
        whileAnotherWriterHoldsTheLock(
            () ->
                server.call(
                    Method.POST,
                    "marketing/field_definitions",
                    "{\"name\":\"city_code\",\"field_type\":\"Text\"}"));
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
  }

  @Test
  void field_rename_waits_for_a_busy_writer_instead_of_answering_503() throws Exception {
    Response created =
        server.call(
            Method.POST,
            "marketing/field_definitions",
            "{\"name\":\"before\",\"field_type\":\"Number\"}");
    String id = Json.MAPPER.readTree(created.getBody()).get("id").asText();
    Response r =
        whileAnotherWriterHoldsTheLock(
            () ->
                server.call(
                    Method.PATCH, "marketing/field_definitions/" + id, "{\"name\":\"after\"}"));
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    JsonNode renamed = Json.MAPPER.readTree(r.getBody());
    assertThat(renamed.get("name").asText()).isEqualTo("after");
  }

  @Test
  void subuser_create_waits_for_a_busy_writer_instead_of_answering_503() throws Exception {
    Response r =
        whileAnotherWriterHoldsTheLock(
            () ->
                server.call(
                    Method.POST,
                    "subusers",
                    "{\"username\":\"team-b\",\"email\":\"team-b@example.com\","
                        + "\"password\":\"x\",\"ips\":[]}"));
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(201);
  }

  /**
   * Sends the request while a second connection holds the write lock on the tables it writes, and
   * releases the lock after {@link #HOLD} or as soon as the request answered, whichever is first.
   */
  private Response whileAnotherWriterHoldsTheLock(Supplier<Response> request) throws Exception {
    try (Connection holder = DriverManager.getConnection(jdbcUrl());
        Statement s = holder.createStatement()) {
      holder.setAutoCommit(false);
      if (backend() == Backend.SQLITE) {
        // A committed change after the request's first read is what made SQLite refuse it.
        s.execute("UPDATE accounts SET created_at = created_at");
      } else {
        s.execute("LOCK TABLE accounts, field_definitions IN EXCLUSIVE MODE");
      }
      CompletableFuture<Response> response = CompletableFuture.supplyAsync(request);
      try {
        Awaitility.await().atMost(HOLD).until(response::isDone);
      } catch (ConditionTimeoutException stillWaiting) {
        // expected: the request waits for the lock
      }
      holder.commit();
      return response.get();
    }
  }

  private String jdbcUrl() {
    return server.app().config().jdbcUrl();
  }
}
