package io.contactd.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Method;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import io.contactd.auth.ApiKeySecret;
import io.contactd.testing.Backend;
import io.contactd.testing.Http;
import io.contactd.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 14 items 1 and 2, with real HTTP: dev mode's keys, reset, the business clock, faults
 * (stall, fail, HTTP status seen by the official client) and the request journal. One dev-mode
 * server per class; every test starts from a reset, which is itself under test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ControlContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);

  abstract Backend backend();

  TestServer server;
  SendGrid client;

  @BeforeAll
  void start() {
    server = TestServer.start(backend(), b -> b.dev(true).sweepInterval(Duration.ofMillis(200)));
    client = server.client();
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @BeforeEach
  void cleanSlate() {
    control("DELETE", "faults", null);
    control("POST", "clock", "{\"reset\":true}");
    assertThat(control("POST", "reset", null).status()).isEqualTo(200);
  }

  Http.Answer control(String method, String path, String body) {
    return Http.call(method, server.baseUrl() + "/_contactd/" + path, server.key(), body);
  }

  Response call(Method method, String endpoint, String body) {
    return TestServer.call(client, method, endpoint, body);
  }

  static JsonNode json(Response r) throws Exception {
    return JSON.readTree(r.getBody());
  }

  String newList(String name) throws Exception {
    Response r = call(Method.POST, "marketing/lists", "{\"name\":\"" + name + "\"}");
    assertThat(r.getStatusCode()).isEqualTo(201);
    return json(r).get("id").asText();
  }

  void upsert(String listId, String... emails) throws Exception {
    StringBuilder contacts = new StringBuilder();
    for (String e : emails) {
      contacts
          .append(contacts.isEmpty() ? "" : ",")
          .append("{\"email\":\"")
          .append(e)
          .append("\"}");
    }
    Response r =
        call(
            Method.PUT,
            "marketing/contacts",
            "{\"list_ids\":[\"" + listId + "\"],\"contacts\":[" + contacts + "]}");
    assertThat(r.getStatusCode()).isEqualTo(202);
    JsonNode end =
        TestServer.awaitEnd(
            client, "marketing/contacts/imports/" + json(r).get("job_id").asText(), WAIT);
    assertThat(end.get("status").asText()).isEqualTo("completed");
  }

  String startExport(String body) throws Exception {
    Response r = call(Method.POST, "marketing/contacts/exports", body);
    assertThat(r.getStatusCode()).isEqualTo(202);
    return json(r).get("id").asText();
  }

  JsonNode awaitExport(String id) {
    return TestServer.awaitEnd(client, "marketing/contacts/exports/" + id, WAIT);
  }

  long contactCount() throws Exception {
    return json(call(Method.GET, "marketing/contacts/count", null)).get("contact_count").asLong();
  }

  boolean exportFilesLeft() throws Exception {
    Path exports = server.dataDir().resolve("files/exports");
    if (!Files.isDirectory(exports)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(exports)) {
      return files.anyMatch(Files::isRegularFile);
    }
  }

  @Test
  void without_dev_mode_the_control_api_is_404_like_an_unknown_route() {
    try (TestServer plain = TestServer.start(backend())) {
      Http.Answer unknown =
          Http.call("GET", plain.baseUrl() + "/_contactd/no-such-thing", plain.key(), null);
      assertThat(unknown.status()).isEqualTo(404);
      for (String[] route :
          new String[][] {
            {"POST", "reset"},
            {"GET", "clock"},
            {"POST", "clock"},
            {"GET", "faults"},
            {"POST", "faults"},
            {"GET", "requests"},
            {"GET", "webhooks"},
            {"POST", "webhooks"},
            {"POST", "exports/x/release"}
          }) {
        Http.Answer a =
            Http.call(route[0], plain.baseUrl() + "/_contactd/" + route[1], plain.key(), "{}");
        assertThat(a.status()).as(route[0] + " " + route[1]).isEqualTo(404);
        assertThat(a.body()).isEqualTo(unknown.body()).isEmpty();
      }
      // And a key the server never made is refused, as always.
      assertThat(
              TestServer.call(
                      plain.client(ApiKeySecret.generate().toString()),
                      Method.GET,
                      "marketing/lists",
                      null)
                  .getStatusCode())
          .isEqualTo(401);
    }
  }

  @Test
  void any_well_formed_key_is_a_full_access_key_of_the_owner_in_dev_mode() throws Exception {
    String fresh = ApiKeySecret.generate().toString();
    SendGrid other = server.client(fresh);
    Response lists = TestServer.call(other, Method.GET, "marketing/lists", null);
    assertThat(lists.getStatusCode()).isEqualTo(200);
    assertThat(Http.call("GET", server.baseUrl() + "/_contactd/clock", fresh, null).status())
        .isEqualTo(200);
    // Not every string: a malformed key is still refused, and so is a known id with another secret.
    assertThat(
            TestServer.call(server.client("SG.nope"), Method.GET, "marketing/lists", null)
                .getStatusCode())
        .isEqualTo(401);
    String sameIdOtherSecret = fresh.substring(0, fresh.lastIndexOf('.') + 1) + "x".repeat(43);
    assertThat(
            TestServer.call(server.client(sameIdOtherSecret), Method.GET, "marketing/lists", null)
                .getStatusCode())
        .isEqualTo(401);
  }

  @Test
  void the_control_api_needs_a_full_access_key_of_the_owner() throws Exception {
    Response created =
        call(Method.POST, "api_keys", "{\"name\":\"reader\",\"scopes\":[\"marketing.read\"]}");
    assertThat(created.getStatusCode()).isEqualTo(201);
    String reader = json(created).get("api_key").asText();
    Http.Answer refused = Http.call("POST", server.baseUrl() + "/_contactd/reset", reader, null);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.json().get("errors").get(0).get("message").asText())
        .isEqualTo("access forbidden");
    assertThat(Http.call("POST", server.baseUrl() + "/_contactd/reset", null, null).status())
        .isEqualTo(401);
  }

  @Test
  void reset_deletes_every_accounts_data_and_files_then_a_full_flow_works() throws Exception {
    Response field =
        call(
            Method.POST,
            "marketing/field_definitions",
            "{\"name\":\"plan\",\"field_type\":\"Text\"}");
    String fieldId = json(field).get("id").asText();
    String list = newList("before");
    upsert(list, "ada@example.com", "alan@example.com");
    String export = startExport("{\"list_ids\":[\"" + list + "\"]}");
    JsonNode ready = awaitExport(export);
    assertThat(ready.get("status").asText()).isEqualTo("ready");
    String url = ready.get("urls").get(0).asText();
    assertThat(Http.get(url).status()).isEqualTo(200);

    Http.Answer reset = control("POST", "reset", null);
    assertThat(reset.status()).isEqualTo(200);
    assertThat(reset.json().get("exports_deleted").asInt()).isEqualTo(1);
    assertThat(reset.json().get("took_ms").asDouble()).isGreaterThanOrEqualTo(0);

    assertThat(call(Method.GET, "marketing/contacts/exports/" + export, null).getStatusCode())
        .isEqualTo(404);
    assertThat(Http.get(url).status()).isEqualTo(404);
    assertThat(exportFilesLeft()).isFalse();
    assertThat(json(call(Method.GET, "marketing/lists", null)).get("result")).isEmpty();
    assertThat(contactCount()).isZero();
    assertThat(json(call(Method.GET, "marketing/field_definitions", null)).get("custom_fields"))
        .isEmpty();
    // The keys stayed, and custom field ids start again where a fresh database starts.
    Response again =
        call(
            Method.POST,
            "marketing/field_definitions",
            "{\"name\":\"plan\",\"field_type\":\"Text\"}");
    assertThat(again.getStatusCode()).isEqualTo(200);
    assertThat(json(again).get("id").asText()).isEqualTo(fieldId);

    String after = newList("after");
    upsert(after, "grace@example.com");
    JsonNode second = awaitExport(startExport("{\"list_ids\":[\"" + after + "\"]}"));
    assertThat(second.get("status").asText()).isEqualTo("ready");
    assertThat(second.get("contact_count").asInt()).isEqualTo(1);
    assertThat(contactCount()).isEqualTo(1);
  }

  @Test
  void reset_with_keys_deletes_the_keys_too() throws Exception {
    Response created = call(Method.POST, "api_keys", "{\"name\":\"second\"}");
    String second = json(created).get("api_key_id").asText();
    assertThat(control("POST", "reset?keys=true", null).json().get("keys_deleted").asBoolean())
        .isTrue();
    // In dev mode the caller's key is registered again on its next use; the other one is gone.
    Response keys = call(Method.GET, "api_keys", null);
    assertThat(keys.getStatusCode()).isEqualTo(200);
    assertThat(keys.getBody()).doesNotContain(second);
    assertThat(control("POST", "reset?keys=maybe", null).status()).isEqualTo(400);
  }

  @Test
  void reset_of_one_account_leaves_the_others() throws Exception {
    Response sub =
        call(
            Method.POST,
            "subusers",
            "{\"username\":\"tenant-" + System.nanoTime() + "\",\"email\":\"t@example.com\"}");
    assertThat(sub.getStatusCode()).isEqualTo(201);
    JsonNode subuser = json(sub);
    String username = subuser.get("username").asText();
    SendGrid asSub = server.client();
    asSub.addRequestHeader("on-behalf-of", username);
    assertThat(
            TestServer.call(asSub, Method.POST, "marketing/lists", "{\"name\":\"theirs\"}")
                .getStatusCode())
        .isEqualTo(201);
    newList("ours");

    Http.Answer own = control("POST", "accounts/" + username + "/reset", null);
    assertThat(own.status()).isEqualTo(200);
    assertThat(json(TestServer.call(asSub, Method.GET, "marketing/lists", null)).get("result"))
        .isEmpty();
    assertThat(json(call(Method.GET, "marketing/lists", null)).get("result")).hasSize(1);
    assertThat(control("POST", "accounts/no-such-account/reset", null).status()).isEqualTo(404);
  }

  @Test
  void reset_beside_running_jobs_leaves_no_data_and_no_files() throws Exception {
    String list = newList("busy");
    upsert(list, "a@example.com", "b@example.com");
    // The export sleeps as it starts; the reset lands meanwhile.
    assertThat(
            control(
                    "POST",
                    "faults",
                    "{\"match\":{\"kind\":\"export\"},\"action\":\"delay\",\"seconds\":1,\"times\":1}")
                .status())
        .isEqualTo(201);
    String export = startExport("{\"list_ids\":[\"" + list + "\"]}");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      many.append(i == 0 ? "" : ",").append("{\"email\":\"c").append(i).append("@example.com\"}");
    }
    Response queued = call(Method.PUT, "marketing/contacts", "{\"contacts\":[" + many + "]}");
    assertThat(queued.getStatusCode()).isEqualTo(202);
    Awaitility.await()
        .atMost(WAIT)
        .until(() -> server.app().runningJobs().getOrDefault("contact-export", 0) > 0);
    assertThat(control("POST", "reset", null).status()).isEqualTo(200);
    Awaitility.await().atMost(WAIT).until(() -> server.app().runningJobs().isEmpty());
    assertThat(call(Method.GET, "marketing/contacts/exports/" + export, null).getStatusCode())
        .isEqualTo(404);
    // The upsert either ran before the reset (deleted) or finds its job gone (writes nothing).
    Thread.sleep(300);
    assertThat(contactCount()).isZero();
    assertThat(exportFilesLeft()).isFalse();
    JsonNode journal = control("GET", "requests?limit=1000", null).json().get("result");
    for (JsonNode e : journal) {
      assertThat(e.get("status").asInt()).isLessThan(500);
    }
  }

  @Test
  void clock_advanced_72h_makes_an_export_404_and_its_url_403() throws Exception {
    String list = newList("expiring");
    upsert(list, "ada@example.com");
    JsonNode ready = awaitExport(startExport("{\"list_ids\":[\"" + list + "\"]}"));
    String url = ready.get("urls").get(0).asText();
    assertThat(Http.get(url).status()).isEqualTo(200);

    Http.Answer moved = control("POST", "clock", "{\"advance\":\"72h\"}");
    assertThat(moved.status()).isEqualTo(200);
    assertThat(moved.json().get("offset_ms").asLong()).isEqualTo(Duration.ofHours(72).toMillis());
    Instant now = Instant.parse(moved.json().get("now").asText());
    assertThat(now).isAfter(Instant.parse(ready.get("expires_at").asText()).minusSeconds(5));

    assertThat(Http.get(url).status()).isEqualTo(403);
    // The sweep, a recurring task of the cluster, follows the business clock too.
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                call(Method.GET, "marketing/contacts/exports/" + ready.get("id").asText(), null)
                        .getStatusCode()
                    == 404);
    assertThat(control("GET", "clock", null).json().get("offset_ms").asLong())
        .isEqualTo(Duration.ofHours(72).toMillis());
  }

  @Test
  void clock_set_and_reset_move_the_time_exports_show() throws Exception {
    assertThat(control("POST", "clock", "{\"set\":\"2030-01-01T00:00:00Z\"}").status())
        .isEqualTo(200);
    assertThat(control("GET", "clock", null).json().get("now").asText()).startsWith("2030-01-01");
    JsonNode export = awaitExport(startExport("{}"));
    assertThat(export.get("created_at").asText()).startsWith("2030-01-01");
    assertThat(export.get("expires_at").asText()).startsWith("2030-01-04");
    control("POST", "clock", "{\"reset\":true}");
    JsonNode clock = control("GET", "clock", null).json();
    assertThat(clock.get("offset_ms").asLong()).isZero();
    assertThat(clock.get("now").asText()).doesNotStartWith("2030");
  }

  @Test
  void bad_clock_and_fault_bodies_are_sendgrid_errors() {
    for (String body :
        new String[] {
          "{}",
          "{\"advance\":\"soon\"}",
          "{\"advance\":\"1h\",\"reset\":true}",
          "{\"set\":\"tomorrow\"}",
          "{\"reset\":false}",
          "[]"
        }) {
      Http.Answer a = control("POST", "clock", body);
      assertThat(a.status()).as(body).isEqualTo(400);
      assertThat(a.json().get("errors").get(0).has("message")).isTrue();
    }
    for (String body :
        new String[] {
          "{}",
          "{\"match\":{\"kind\":\"export\"},\"action\":\"explode\"}",
          "{\"match\":{\"kind\":\"import\"},\"action\":\"stall\"}",
          "{\"match\":{\"kind\":\"export\"},\"action\":\"delay\"}",
          "{\"match\":{\"path\":\"/v3/x\"},\"action\":\"status\",\"status\":200}",
          "{\"match\":{\"path\":\"v3\"},\"action\":\"status\",\"status\":500}",
          "{\"match\":{\"kind\":\"export\"},\"action\":\"fail\",\"times\":0}",
        }) {
      Http.Answer a = control("POST", "faults", body);
      assertThat(a.status()).as(body).isEqualTo(400);
      assertThat(a.json().get("errors").get(0).has("message")).isTrue();
    }
    assertThat(
            control(
                    "POST",
                    "faults",
                    "{\"match\":{\"kind\":\"export\",\"account\":\"nobody\"},\"action\":\"fail\"}")
                .status())
        .isEqualTo(404);
    assertThat(control("GET", "faults", null).json().get("result")).isEmpty();
    Http.Answer release = control("POST", "exports/not-an-export/release", null);
    assertThat(release.status()).isEqualTo(404);
    assertThat(release.json().get("errors").get(0).get("message").asText())
        .contains("is not stalled");
  }

  @Test
  void a_stalled_export_stays_pending_until_released() throws Exception {
    Http.Answer rule =
        control(
            "POST",
            "faults",
            "{\"match\":{\"kind\":\"export\",\"account\":\"contactd\"},\"action\":\"stall\"}");
    assertThat(rule.status()).isEqualTo(201);
    String export = startExport("{}");
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () -> control("GET", "faults", null).json().get("stalled").toString().contains(export));
    assertThat(
            json(call(Method.GET, "marketing/contacts/exports/" + export, null))
                .get("status")
                .asText())
        .isEqualTo("pending");
    assertThat(control("POST", "exports/" + export + "/release", null).status()).isEqualTo(204);
    // The rule has no "times": a released export is not held again.
    assertThat(awaitExport(export).get("status").asText()).isEqualTo("ready");
    assertThat(control("POST", "exports/" + export + "/release", null).status()).isEqualTo(404);
    assertThat(control("GET", "faults", null).json().get("stalled")).isEmpty();
  }

  @Test
  void a_failing_export_shows_the_faults_message_as_many_times_as_asked() throws Exception {
    control(
        "POST",
        "faults",
        "{\"match\":{\"kind\":\"export\"},\"action\":\"fail\",\"message\":\"disk on fire\",\"times\":1}");
    JsonNode failed = awaitExport(startExport("{}"));
    assertThat(failed.get("status").asText()).isEqualTo("failure");
    assertThat(failed.get("message").asText()).isEqualTo("disk on fire");
    assertThat(awaitExport(startExport("{}")).get("status").asText()).isEqualTo("ready");
    assertThat(control("GET", "faults", null).json().get("result").get(0).get("times_left").asInt())
        .isZero();
    assertThat(exportFilesLeft()).isTrue(); // only the ready export's
  }

  @Test
  void an_injected_429_is_seen_by_the_official_client_with_its_headers() throws Exception {
    String list = newList("limited");
    Http.Answer rule =
        control(
            "POST",
            "faults",
            "{\"match\":{\"method\":\"PUT\",\"path\":\"/v3/marketing/contacts\"},\"action\":\"status\",\"status\":429,\"times\":2}");
    assertThat(rule.status()).isEqualTo(201);
    String body = "{\"list_ids\":[\"" + list + "\"],\"contacts\":[{\"email\":\"x@example.com\"}]}";
    for (int i = 0; i < 2; i++) {
      Response limited = call(Method.PUT, "marketing/contacts", body);
      assertThat(limited.getStatusCode()).isEqualTo(429);
      assertThat(json(limited).get("errors").get(0).get("message").asText())
          .isEqualTo("too many requests");
      assertThat(limited.getHeaders()).containsEntry("X-RateLimit-Remaining", "0");
      assertThat(limited.getHeaders()).containsKeys("X-RateLimit-Limit", "X-RateLimit-Reset");
      assertThat(Long.parseLong(limited.getHeaders().get("X-RateLimit-Reset")))
          .isGreaterThan(Instant.now().getEpochSecond() - 1);
    }
    // Other routes were never touched, and the third call goes through.
    assertThat(call(Method.GET, "marketing/lists", null).getStatusCode()).isEqualTo(200);
    assertThat(call(Method.PUT, "marketing/contacts", body).getStatusCode()).isEqualTo(202);
    assertThat(contactCountEventually(1)).isTrue();
  }

  boolean contactCountEventually(long n) {
    Awaitility.await().atMost(WAIT).until(() -> contactCount() == n);
    return true;
  }

  @Test
  void http_faults_answer_500_and_503_in_sendgrids_shape_until_cleared() throws Exception {
    control(
        "POST",
        "faults",
        "{\"match\":{\"path\":\"/v3/marketing/lists*\"},\"action\":\"status\",\"status\":503}");
    control(
        "POST",
        "faults",
        "{\"match\":{\"method\":\"GET\",\"path\":\"/v3/marketing/contacts/count\"},\"action\":\"status\",\"status\":500,\"message\":\"boom\"}");
    Response unavailable = call(Method.GET, "marketing/lists", null);
    assertThat(unavailable.getStatusCode()).isEqualTo(503);
    assertThat(json(unavailable).get("errors").get(0).get("message").asText())
        .isEqualTo("service unavailable");
    Response broken = call(Method.GET, "marketing/contacts/count", null);
    assertThat(broken.getStatusCode()).isEqualTo(500);
    assertThat(json(broken).get("errors").get(0).get("message").asText()).isEqualTo("boom");
    // The control API itself is never faulted.
    assertThat(control("GET", "faults", null).json().get("result")).hasSize(2);
    assertThat(control("DELETE", "faults", null).status()).isEqualTo(204);
    assertThat(call(Method.GET, "marketing/lists", null).getStatusCode()).isEqualTo(200);
  }

  @Test
  void the_request_journal_lists_calls_without_bodies_queries_or_keys() throws Exception {
    call(Method.POST, "marketing/lists", "{\"name\":\"secret-list-name\"}");
    call(Method.GET, "marketing/lists?page_size=7", null);
    Http.Answer journal = control("GET", "requests?limit=2", null);
    assertThat(journal.status()).isEqualTo(200);
    JsonNode result = journal.json().get("result");
    assertThat(result).hasSize(2);
    assertThat(journal.json().get("scope").asText()).isEqualTo("node");
    JsonNode newest = result.get(0);
    assertThat(newest.get("method").asText()).isEqualTo("GET");
    assertThat(newest.get("path").asText()).isEqualTo("/v3/marketing/lists");
    assertThat(newest.get("status").asInt()).isEqualTo(200);
    assertThat(newest.get("duration_ms").asLong()).isGreaterThanOrEqualTo(0);
    assertThat(newest.get("account").asLong()).isPositive();
    assertThat(newest.get("request_id").asText()).isNotBlank();
    assertThat(result.get(1).get("method").asText()).isEqualTo("POST");
    assertThat(journal.body())
        .doesNotContain("secret-list-name")
        .doesNotContain("page_size")
        .doesNotContain(server.key().substring(3, 25))
        .doesNotContain("_contactd");
    assertThat(control("GET", "requests?limit=0", null).status()).isEqualTo(400);
  }
}
