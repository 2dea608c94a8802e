package io.contactd.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendgrid.Method;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import io.contactd.testing.Backend;
import io.contactd.testing.Http;
import io.contactd.testing.TestServer;
import io.contactd.testing.WebhookReceiver;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 14 item 3 with real HTTP both ways: contactd posts events to a receiver written with the
 * JDK's HTTP server, which checks every signature, fails the first request when told to and keeps
 * each event once by its id.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebhookContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);

  abstract Backend backend();

  TestServer server;
  SendGrid client;
  WebhookReceiver receiver;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(backend(), b -> b.dev(true).webhookRetry(Duration.ofMillis(200)));
    client = server.client();
    receiver = new WebhookReceiver();
  }

  @AfterAll
  void stop() {
    receiver.close();
    server.close();
  }

  Http.Answer control(String method, String path, String body) {
    return Http.call(method, server.baseUrl() + "/_contactd/" + path, server.key(), body);
  }

  static JsonNode json(Response r) throws Exception {
    return JSON.readTree(r.getBody());
  }

  JsonNode register(String path, String events) {
    Http.Answer a =
        control(
            "POST",
            "webhooks",
            "{\"url\":\""
                + receiver.url(path)
                + "\""
                + (events == null ? "" : ",\"events\":" + events)
                + "}");
    assertThat(a.status()).as(a.body()).isEqualTo(201);
    return a.json();
  }

  String export(String body) throws Exception {
    Response r = TestServer.call(client, Method.POST, "marketing/contacts/exports", body);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
    return json(r).get("id").asText();
  }

  JsonNode eventOf(String type, String jobId) {
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                receiver.events.values().stream()
                    .anyMatch(
                        e ->
                            e.get("event").asText().equals(type)
                                && e.get("id").asText().equals(jobId)));
    return receiver.events.values().stream()
        .filter(e -> e.get("event").asText().equals(type) && e.get("id").asText().equals(jobId))
        .findFirst()
        .orElseThrow();
  }

  /** The event minus its two event fields is the status endpoint's body. */
  void assertSameAsStatus(JsonNode event, String statusEndpoint) throws Exception {
    ObjectNode status =
        (ObjectNode) json(TestServer.call(client, Method.GET, statusEndpoint, null));
    ObjectNode rest = event.deepCopy();
    assertThat(rest.remove("event_id").asText()).startsWith("evt_");
    rest.remove("event");
    assertThat(rest).isEqualTo(status);
  }

  @Test
  void a_registered_endpoint_gets_export_ready_signed_retried_after_a_500_and_once()
      throws Exception {
    JsonNode endpoint = register("/hooks/retry", "[\"export.ready\"]");
    String secret = endpoint.get("secret").asText();
    assertThat(secret).startsWith("whsec_");
    receiver.expect("/hooks/retry", secret, 1);

    String id = export("{}");
    JsonNode event = eventOf("export.ready", id);
    assertThat(event.get("status").asText()).isEqualTo("ready");
    assertSameAsStatus(event, "marketing/contacts/exports/" + id);

    // Delivered once: a 500, then the one 200; nothing more in the rounds after.
    Awaitility.await().atMost(WAIT).until(() -> receiver.requestsTo("/hooks/retry") == 2);
    Thread.sleep(1200);
    assertThat(receiver.requests.stream().filter(r -> r.path().equals("/hooks/retry")))
        .extracting(WebhookReceiver.Received::answered)
        .containsExactly(500, 200);
    assertThat(receiver.requests).allMatch(WebhookReceiver.Received::signed);

    JsonNode log =
        control("GET", "webhooks/" + endpoint.get("id").asText() + "/deliveries", null)
            .json()
            .get("result");
    assertThat(log).hasSize(1);
    assertThat(log.get(0).get("status").asText()).isEqualTo("delivered");
    assertThat(log.get(0).get("event_id").asText()).isEqualTo(event.get("event_id").asText());
    assertThat(log.get(0).get("attempts").asInt()).isEqualTo(2);
    assertThat(log.get(0).get("log").findValuesAsText("response_status"))
        .containsExactly("500", "200");
    assertThat(control("DELETE", "webhooks/" + endpoint.get("id").asText(), null).status())
        .isEqualTo(204);
  }

  @Test
  void a_requests_webhook_url_gets_export_failed_and_an_endpoint_only_what_it_asked_for()
      throws Exception {
    String secret = control("GET", "webhooks", null).json().get("notification_secret").asText();
    receiver.expect("/hooks/failed", secret, 0);
    JsonNode onlyReady = register("/hooks/only-ready", "[\"export.ready\"]");
    receiver.expect("/hooks/only-ready", onlyReady.get("secret").asText(), 0);
    control(
        "POST",
        "faults",
        "{\"match\":{\"kind\":\"export\"},\"action\":\"fail\",\"message\":\"no disk\",\"times\":1}");
    String id =
        export(
            "{\"notifications\":{\"email\":false,\"webhook_url\":\""
                + receiver.url("/hooks/failed")
                + "\"}}");
    JsonNode event = eventOf("export.failed", id);
    assertThat(event.get("message").asText()).isEqualTo("no disk");
    assertSameAsStatus(event, "marketing/contacts/exports/" + id);
    Thread.sleep(800);
    assertThat(receiver.requestsTo("/hooks/only-ready")).isZero();
    assertThat(receiver.requestsTo("/hooks/failed")).isEqualTo(1);
    control("DELETE", "webhooks/" + onlyReady.get("id").asText(), null);
  }

  @Test
  void an_imports_webhook_url_gets_import_completed_and_import_failed() throws Exception {
    String secret = control("GET", "webhooks", null).json().get("notification_secret").asText();
    receiver.expect("/hooks/imports", secret, 0);
    String body =
        "{\"file_type\":\"csv\",\"field_mappings\":[\"_rf2_T\"],\"notifications\":{\"webhook_url\":\""
            + receiver.url("/hooks/imports")
            + "\"}}";
    for (String[] run :
        new String[][] {
          {"email\nada@example.com\n", "import.completed", "completed"},
          {"email\n", "import.failed", "failed"}
        }) {
      Response created = TestServer.call(client, Method.PUT, "marketing/contacts/imports", body);
      assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(200);
      JsonNode c = json(created);
      assertThat(Http.call("PUT", c.get("upload_uri").asText(), null, run[0]).status())
          .isEqualTo(200);
      String jobId = c.get("job_id").asText();
      JsonNode event = eventOf(run[1], jobId);
      assertThat(event.get("status").asText()).isEqualTo(run[2]);
      ObjectNode rest = event.deepCopy();
      rest.remove("event_id");
      rest.remove("event");
      JsonNode status =
          json(TestServer.call(client, Method.GET, "marketing/contacts/imports/" + jobId, null));
      // errors_url is signed anew on each read; everything else is the status body.
      ((ObjectNode) rest.get("results")).remove("errors_url");
      ((ObjectNode) status.get("results")).remove("errors_url");
      assertThat(rest).isEqualTo(status);
    }
  }

  @Test
  void bad_webhook_urls_and_endpoints_are_sendgrid_errors() throws Exception {
    for (String url : new String[] {"\"ftp://x\"", "\"not a url\"", "42", "\"/relative\""}) {
      Response e =
          TestServer.call(
              client,
              Method.POST,
              "marketing/contacts/exports",
              "{\"notifications\":{\"webhook_url\":" + url + "}}");
      assertThat(e.getStatusCode()).as(url).isEqualTo(400);
      assertThat(json(e).at("/errors/0/field").asText()).isEqualTo("notifications.webhook_url");
      Response i =
          TestServer.call(
              client,
              Method.PUT,
              "marketing/contacts/imports",
              "{\"file_type\":\"csv\",\"field_mappings\":[\"_rf2_T\"],\"notifications\":{\"webhook_url\":"
                  + url
                  + "}}");
      assertThat(i.getStatusCode()).as(url).isEqualTo(400);
      assertThat(json(i).at("/errors/0/field").asText()).isEqualTo("notifications.webhook_url");
      Http.Answer r = control("POST", "webhooks", "{\"url\":" + url + "}");
      assertThat(r.status()).isEqualTo(400);
    }
    assertThat(
            control(
                    "POST",
                    "webhooks",
                    "{\"url\":\"http://127.0.0.1:1/x\",\"events\":[\"export.exploded\"]}")
                .status())
        .isEqualTo(400);
    assertThat(control("DELETE", "webhooks/wh_nope", null).status()).isEqualTo(404);
    assertThat(control("GET", "webhooks/wh_nope/deliveries", null).status()).isEqualTo(404);
  }

  @Test
  void notifications_webhook_url_works_without_dev_mode_signed_with_the_configured_secret()
      throws Exception {
    String secret = "whsec_configured-for-this-test";
    try (TestServer plain = TestServer.start(backend(), b -> b.webhookSecret(secret))) {
      receiver.expect("/hooks/plain", secret, 0);
      Response r =
          TestServer.call(
              plain.client(),
              Method.POST,
              "marketing/contacts/exports",
              "{\"notifications\":{\"webhook_url\":\"" + receiver.url("/hooks/plain") + "\"}}");
      assertThat(r.getStatusCode()).isEqualTo(202);
      String id = json(r).get("id").asText();
      JsonNode event = eventOf("export.ready", id);
      assertThat(event.get("status").asText()).isEqualTo("ready");
    }
  }
}
