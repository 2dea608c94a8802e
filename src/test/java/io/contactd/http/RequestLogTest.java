package io.contactd.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contactd.logging.Logging;
import io.contactd.testing.Backend;
import io.contactd.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Request ids, the access log, the log line of an unknown route and {@code GET /}. */
class RequestLogTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private TestServer server;

  @BeforeEach
  void start() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    logged.setContext(root.getLoggerContext());
    logged.start();
    root.addAppender(logged);
    server = TestServer.start(Backend.SQLITE, b -> b.accessLog(true));
  }

  @AfterEach
  void stop() {
    server.close();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logged);
  }

  @Test
  void every_response_has_a_request_id_and_a_client_id_is_echoed() throws Exception {
    HttpResponse<String> own = send("GET", "/v3/marketing/lists", "client-id-42", true);
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.headers().firstValue("X-Request-Id")).hasValue("client-id-42");

    HttpResponse<String> none = send("GET", "/healthz", null, false);
    assertThat(none.headers().firstValue("X-Request-Id"))
        .hasValueSatisfying(id -> assertThat(id).hasSizeGreaterThan(8));
    assertThat(send("GET", "/healthz", null, false).headers().firstValue("X-Request-Id"))
        .as("each request gets its own id")
        .isNotEqualTo(none.headers().firstValue("X-Request-Id"));

    HttpResponse<String> odd = send("GET", "/healthz", "bad id with spaces", false);
    assertThat(odd.headers().firstValue("X-Request-Id")).get().isNotEqualTo("bad id with spaces");
  }

  @Test
  void the_access_log_has_method_path_status_time_and_account_with_the_request_id()
      throws Exception {
    send("GET", "/v3/marketing/lists?page_size=7", "req-1", true);
    ILoggingEvent line = awaitLine("access", "GET /v3/marketing/lists");
    assertThat(line.getFormattedMessage())
        .matches("GET /v3/marketing/lists 200 \\d+ ms account=\\d+")
        .doesNotContain("page_size");
    assertThat(line.getMDCPropertyMap()).containsEntry(Logging.REQUEST_ID, "req-1");
  }

  @Test
  void an_unknown_v3_route_is_an_empty_404_logged_at_info() throws Exception {
    HttpResponse<String> r = send("POST", "/v3/marketing/nothing-here", "req-2", true);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).isEmpty();
    ILoggingEvent line =
        awaitLine("io.contactd.http.ErrorMapper", "no route for POST /v3/marketing/nothing-here");
    assertThat(line.getLevel().toString()).isEqualTo("INFO");
    assertThat(line.getMDCPropertyMap()).containsEntry(Logging.REQUEST_ID, "req-2");
  }

  @Test
  void the_root_says_what_this_is_and_where_to_go() throws Exception {
    HttpResponse<String> r = send("GET", "/", null, false);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = new ObjectMapper().readTree(r.body());
    assertThat(body.get("name").asText()).isEqualTo("contactd");
    assertThat(body.get("version").asText()).isNotBlank();
    assertThat(body.get("api_base").asText()).isEqualTo(server.baseUrl() + "/v3");
    assertThat(body.at("/links/healthz").asText()).isEqualTo(server.baseUrl() + "/healthz");
    HttpResponse<String> readme = send("GET", "/readme", null, false);
    assertThat(readme.statusCode()).isEqualTo(200);
    assertThat(readme.body()).startsWith("# contactd");
  }

  private ILoggingEvent awaitLine(String logger, String text) {
    ILoggingEvent[] found = new ILoggingEvent[1];
    Awaitility.await()
        .until(
            () -> {
              List<ILoggingEvent> events = List.copyOf(logged.list);
              for (ILoggingEvent e : events) {
                if (e.getLoggerName().equals(logger) && e.getFormattedMessage().contains(text)) {
                  found[0] = e;
                  return true;
                }
              }
              return false;
            });
    return found[0];
  }

  private HttpResponse<String> send(String method, String path, String requestId, boolean auth)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (requestId != null) {
      b.header("X-Request-Id", requestId);
    }
    if (auth) {
      b.header("Authorization", "Bearer " + server.key());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
