package io.contactd.foundation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Method;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import io.contactd.testing.Backend;
import io.contactd.testing.MutableClock;
import io.contactd.testing.OpenApi;
import io.contactd.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Keys, auth, subusers, errors and rate limits over real HTTP with the official client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FoundationContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OpenApi KEYS = OpenApi.of("tsg_api_keys_v3.yaml");
  private static final OpenApi SCOPES = OpenApi.of("tsg_scopes_v3.yaml");

  abstract Backend backend();

  TestServer server;

  @BeforeAll
  void start() {
    server = TestServer.start(backend());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  static JsonNode json(Response r) throws Exception {
    return JSON.readTree(r.getBody());
  }

  String createKey(String name, String scopesJson) throws Exception {
    String body =
        "{\"name\":\""
            + name
            + "\""
            + (scopesJson == null ? "" : ",\"scopes\":" + scopesJson)
            + "}";
    Response r = server.call(Method.POST, "api_keys", body);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(201);
    KEYS.assertResponse("POST", "/v3/api_keys", 201, r.getBody());
    return json(r).get("api_key").asText();
  }

  @Test
  void api_key_lifecycle_create_list_get_rename_replace_delete() throws Exception {
    String key = createKey("ci key", "[\"marketing.read\",\"api_keys.read\"]");
    assertThat(key).matches("SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}").hasSize(69);
    String id = key.split("\\.")[1];

    Response list = server.call(Method.GET, "api_keys", null);
    assertThat(list.getStatusCode()).isEqualTo(200);
    KEYS.assertResponse("GET", "/v3/api_keys", 200, list.getBody());
    assertThat(list.getBody()).contains(id).doesNotContain(key.split("\\.")[2]);

    Response get = server.call(Method.GET, "api_keys/" + id, null);
    assertThat(get.getStatusCode()).isEqualTo(200);
    KEYS.assertResponse("GET", "/v3/api_keys/{api_key_id}", 200, get.getBody());
    assertThat(json(get).at("/result/0/scopes").toString())
        .isEqualTo("[\"marketing.read\",\"api_keys.read\"]");

    Response rename = server.call(Method.PATCH, "api_keys/" + id, "{\"name\":\"renamed\"}");
    assertThat(rename.getStatusCode()).isEqualTo(200);
    KEYS.assertResponse("PATCH", "/v3/api_keys/{api_key_id}", 200, rename.getBody());
    assertThat(json(rename).get("name").asText()).isEqualTo("renamed");

    Response replace =
        server.call(
            Method.PUT, "api_keys/" + id, "{\"name\":\"again\",\"scopes\":[\"marketing.read\"]}");
    assertThat(replace.getStatusCode()).isEqualTo(200);
    KEYS.assertResponse("PUT", "/v3/api_keys/{api_key_id}", 200, replace.getBody());

    Response scopes = TestServer.call(server.client(key), Method.GET, "scopes", null);
    assertThat(scopes.getStatusCode()).as("a key without scopes.read").isEqualTo(403);

    Response delete = server.call(Method.DELETE, "api_keys/" + id, null);
    assertThat(delete.getStatusCode()).isEqualTo(204);
    Response afterDelete = TestServer.call(server.client(key), Method.GET, "api_keys", null);
    assertThat(afterDelete.getStatusCode()).isEqualTo(401);
    assertThat(afterDelete.getBody())
        .isEqualTo(
            "{\"errors\":[{\"field\":null,\"message\":\"The provided authorization grant is invalid, expired, or revoked\"}]}");
    assertThat(server.call(Method.GET, "api_keys/" + id, null).getStatusCode()).isEqualTo(404);
  }

  @Test
  void full_access_key_lists_every_scope() throws Exception {
    Response r = server.call(Method.GET, "scopes", null);
    assertThat(r.getStatusCode()).isEqualTo(200);
    SCOPES.assertResponse("GET", "/v3/scopes", 200, r.getBody());
    assertThat(r.getBody()).contains("marketing_campaigns.create", "marketing.read");
  }

  @Test
  void missing_authorization_is_401_authorization_required() throws Exception {
    HttpResponse<String> r = raw("GET", "/v3/api_keys", null, null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body())
        .isEqualTo("{\"errors\":[{\"field\":null,\"message\":\"authorization required\"}]}");
    KEYS.assertResponse("GET", "/v3/api_keys", 401, r.body());
  }

  @Test
  void unknown_or_malformed_key_is_401_invalid_grant() {
    for (String key :
        new String[] {
          "SG.aaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "nonsense"
        }) {
      Response r = TestServer.call(server.client(key), Method.GET, "api_keys", null);
      assertThat(r.getStatusCode()).isEqualTo(401);
      assertThat(r.getBody())
          .contains("The provided authorization grant is invalid, expired, or revoked");
    }
    String wrongSecret = server.key().substring(0, 26) + "x".repeat(43);
    assertThat(
            TestServer.call(server.client(wrongSecret), Method.GET, "api_keys", null)
                .getStatusCode())
        .isEqualTo(401);
  }

  @Test
  void key_without_the_scope_is_403_access_forbidden() throws Exception {
    String readOnly = createKey("reader", "[\"api_keys.read\"]");
    Response r =
        TestServer.call(server.client(readOnly), Method.POST, "api_keys", "{\"name\":\"x\"}");
    assertThat(r.getStatusCode()).isEqualTo(403);
    assertThat(r.getBody())
        .isEqualTo("{\"errors\":[{\"field\":null,\"message\":\"access forbidden\"}]}");
    KEYS.assertResponse("POST", "/v3/api_keys", 403, r.getBody());
    assertThat(
            TestServer.call(server.client(readOnly), Method.GET, "api_keys", null).getStatusCode())
        .isEqualTo(200);
  }

  @Test
  void a_key_cannot_grant_scopes_it_does_not_hold() throws Exception {
    String limited = createKey("limited", "[\"api_keys.create\"]");
    Response r =
        TestServer.call(
            server.client(limited),
            Method.POST,
            "api_keys",
            "{\"name\":\"x\",\"scopes\":[\"marketing.read\"]}");
    assertThat(r.getStatusCode()).isEqualTo(403);
    Response unknown =
        server.call(Method.POST, "api_keys", "{\"name\":\"x\",\"scopes\":[\"no.such.scope\"]}");
    assertThat(unknown.getStatusCode()).isEqualTo(400);
    assertThat(json(unknown).at("/errors/0/field").asText()).isEqualTo("scopes");
  }

  @Test
  void a_restricted_key_that_omits_scopes_creates_a_key_with_its_own_scopes_only()
      throws Exception {
    String limited = createKey("limited creator", "[\"api_keys.create\"]");
    for (String body :
        new String[] {"{\"name\":\"omitted\"}", "{\"name\":\"n\",\"scopes\":null}"}) {
      Response r = TestServer.call(server.client(limited), Method.POST, "api_keys", body);
      assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(201);
      assertThat(json(r).get("scopes").toString()).isEqualTo("[\"api_keys.create\"]");
      String child = json(r).get("api_key").asText();
      Response scopes = TestServer.call(server.client(child), Method.GET, "scopes", null);
      assertThat(scopes.getStatusCode()).as("the child cannot read scopes").isEqualTo(403);
      Response subuser =
          TestServer.call(
              server.client(child),
              Method.POST,
              "subusers",
              "{\"username\":\"esc" + System.nanoTime() + "\",\"email\":\"e@example.com\"}");
      assertThat(subuser.getStatusCode()).as("the child cannot create subusers").isEqualTo(403);
      Response stored =
          server.call(Method.GET, "api_keys/" + json(r).get("api_key_id").asText(), null);
      assertThat(json(stored).at("/result/0/scopes").toString()).isEqualTo("[\"api_keys.create\"]");
    }
    Response full = server.call(Method.POST, "api_keys", "{\"name\":\"full\"}");
    assertThat(json(full).get("scopes").toString()).contains("subusers.create", "marketing.read");
  }

  @Test
  void subusers_see_only_their_own_data_and_unknown_subusers_are_403() throws Exception {
    String name = "sub" + backend().name().toLowerCase() + System.nanoTime();
    Response created =
        server.call(
            Method.POST,
            "subusers",
            "{\"username\":\"" + name + "\",\"email\":\"" + name + "@example.com\"}");
    assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
    this.subuserName = name;
    assertThat(server.call(Method.GET, "subusers", null).getBody()).contains(name);

    SendGrid asSub = server.client();
    asSub.addImpersonateSubuser(name);
    Response subKey = TestServer.call(asSub, Method.POST, "api_keys", "{\"name\":\"sub key\"}");
    assertThat(subKey.getStatusCode()).isEqualTo(201);
    String subKeyId = json(subKey).get("api_key_id").asText();

    Response subList = TestServer.call(asSub, Method.GET, "api_keys", null);
    assertThat(subList.getBody()).contains(subKeyId).doesNotContain(server.key().split("\\.")[1]);
    assertThat(server.call(Method.GET, "api_keys", null).getBody()).doesNotContain(subKeyId);
    assertThat(server.call(Method.GET, "api_keys/" + subKeyId, null).getStatusCode())
        .isEqualTo(404);

    // the header's case does not matter
    HttpResponse<String> mixedCase = raw("GET", "/v3/api_keys", null, "On-Behalf-Of");
    assertThat(mixedCase.body()).contains(subKeyId);

    SendGrid unknown = server.client();
    unknown.addImpersonateSubuser("nobody-" + System.nanoTime());
    Response forbidden = TestServer.call(unknown, Method.GET, "api_keys", null);
    assertThat(forbidden.getStatusCode()).isEqualTo(403);
    assertThat(forbidden.getBody()).contains("access forbidden");

    // a subuser's own key cannot act on behalf of another account
    String subSecret = json(subKey).get("api_key").asText();
    SendGrid subAsOther = server.client(subSecret);
    subAsOther.addImpersonateSubuser(name);
    assertThat(TestServer.call(subAsOther, Method.GET, "api_keys", null).getStatusCode())
        .isEqualTo(403);
  }

  private String subuserName;

  @Test
  void marketing_data_of_a_subuser_is_invisible_to_its_parent_and_the_other_way_round()
      throws Exception {
    String name = "iso" + backend().name().toLowerCase() + System.nanoTime();
    assertThat(
            server
                .call(
                    Method.POST,
                    "subusers",
                    "{\"username\":\"" + name + "\",\"email\":\"" + name + "@example.com\"}")
                .getStatusCode())
        .isEqualTo(201);
    SendGrid sub = server.client();
    sub.addImpersonateSubuser(name);

    Response list = TestServer.call(sub, Method.POST, "marketing/lists", "{\"name\":\"sub list\"}");
    assertThat(list.getStatusCode()).isEqualTo(201);
    String listId = json(list).get("id").asText();
    Response field =
        TestServer.call(
            sub,
            Method.POST,
            "marketing/field_definitions",
            "{\"name\":\"sub_only\",\"field_type\":\"Text\"}");
    assertThat(field.getStatusCode()).isEqualTo(200);
    Response upsert =
        TestServer.call(
            sub,
            Method.PUT,
            "marketing/contacts",
            "{\"list_ids\":[\""
                + listId
                + "\"],\"contacts\":[{\"email\":\"only-sub@example.com\"}]}");
    assertThat(upsert.getStatusCode()).isEqualTo(202);
    String job = json(upsert).get("job_id").asText();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(30))
        .until(
            () ->
                json(TestServer.call(sub, Method.GET, "marketing/contacts/imports/" + job, null))
                    .path("status")
                    .asText()
                    .equals("completed"));

    assertThat(
            json(TestServer.call(sub, Method.GET, "marketing/contacts/count", null))
                .get("contact_count")
                .asLong())
        .isEqualTo(1);
    assertThat(
            json(server.call(Method.GET, "marketing/contacts/count", null))
                .get("contact_count")
                .asLong())
        .isZero();
    assertThat(server.call(Method.GET, "marketing/lists/" + listId, null).getStatusCode())
        .isEqualTo(404);
    assertThat(server.call(Method.GET, "marketing/lists", null).getBody()).doesNotContain(listId);
    assertThat(server.call(Method.GET, "marketing/field_definitions", null).getBody())
        .doesNotContain("sub_only");
    assertThat(
            server
                .call(
                    Method.POST,
                    "marketing/contacts/search/emails",
                    "{\"emails\":[\"only-sub@example.com\"]}")
                .getStatusCode())
        .isEqualTo(404);
    // the parent cannot use the subuser's list either
    assertThat(
            server
                .call(
                    Method.POST,
                    "marketing/contacts/exports",
                    "{\"list_ids\":[\"" + listId + "\"]}")
                .getStatusCode())
        .isEqualTo(404);
    assertThat(
            TestServer.call(
                    sub,
                    Method.POST,
                    "marketing/contacts/exports",
                    "{\"list_ids\":[\"" + listId + "\"]}")
                .getStatusCode())
        .isEqualTo(202);
  }

  @Test
  void malformed_json_is_400_and_never_500() throws Exception {
    for (String body : new String[] {"{bad", "[1,2]", "\"text\"", "{\"name\":", "[".repeat(5000)}) {
      Response r = server.call(Method.POST, "api_keys", body);
      assertThat(r.getStatusCode()).as(body).isEqualTo(400);
      assertThat(json(r).at("/errors/0/message").asText()).isNotEmpty();
    }
    HttpResponse<byte[]> invalidUtf8 =
        rawBytes(
            "POST",
            "/v3/api_keys",
            new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
    assertThat(invalidUtf8.statusCode()).isEqualTo(400);
  }

  @Test
  void unknown_route_and_trailing_slash_are_404_with_an_empty_body() throws Exception {
    for (String path : new String[] {"/v3/nothing/here", "/v3/api_keys/"}) {
      HttpResponse<String> r = raw("GET", path, null, null);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.body()).as(path).isEmpty();
    }
  }

  @Test
  void quirks_of_the_official_clients_are_accepted() throws Exception {
    // Node sends Content-Type: application/json with an empty body on GET; Java sends text/plain on
    // DELETE.
    HttpResponse<String> get =
        http()
            .send(
                authed("/v3/api_keys").header("Content-Type", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    String key = createKey("to delete", null);
    HttpResponse<String> delete =
        http()
            .send(
                authed("/v3/api_keys/" + key.split("\\.")[1])
                    .header("Content-Type", "text/plain; charset=UTF-8")
                    .DELETE()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(delete.statusCode()).isEqualTo(204);
  }

  @Test
  void health_and_readiness_answer_200() throws Exception {
    assertThat(raw("GET", "/healthz", null, null).statusCode()).isEqualTo(200);
    assertThat(raw("GET", "/readyz", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void over_the_rate_limit_is_429_with_sendgrid_headers() throws Exception {
    // Windows follow the infrastructure clock (clients sleep until the reset in real time), here
    // one second into a minute: the four requests cannot straddle a minute boundary.
    MutableClock infra = minuteStart();
    try (TestServer limited =
        TestServer.start(backend(), Clock.systemUTC(), infra, b -> b.rateLimitPerMinute(3))) {
      SendGrid sg = limited.client();
      Response first = TestServer.call(sg, Method.GET, "api_keys", null);
      assertThat(first.getHeaders())
          .containsEntry("X-RateLimit-Limit", "3")
          .containsEntry("X-RateLimit-Remaining", "2")
          .containsEntry("X-RateLimit-Reset", nextMinute(infra));
      TestServer.call(sg, Method.GET, "api_keys", null);
      TestServer.call(sg, Method.GET, "api_keys", null);
      Response over = TestServer.call(sg, Method.GET, "api_keys", null);
      assertThat(over.getStatusCode()).isEqualTo(429);
      assertThat(over.getBody())
          .isEqualTo("{\"errors\":[{\"field\":null,\"message\":\"too many requests\"}]}");
      assertThat(over.getHeaders()).containsEntry("X-RateLimit-Remaining", "0");
      // another route group has its own budget
      assertThat(TestServer.call(sg, Method.GET, "scopes", null).getStatusCode()).isEqualTo(200);
    }
  }

  @Test
  void with_rate_limits_off_the_headers_still_answer_a_limit_never_reached() throws Exception {
    MutableClock infra = minuteStart();
    try (TestServer unlimited =
        TestServer.start(backend(), Clock.systemUTC(), infra, b -> b.rateLimitPerMinute(0))) {
      SendGrid sg = unlimited.client();
      for (int i = 0; i < 3; i++) {
        Response r = TestServer.call(sg, Method.GET, "api_keys", null);
        assertThat(r.getStatusCode()).isEqualTo(200);
        assertThat(r.getHeaders())
            .containsEntry("X-RateLimit-Limit", Integer.toString(Integer.MAX_VALUE))
            .containsEntry("X-RateLimit-Remaining", Integer.toString(Integer.MAX_VALUE))
            .containsEntry("X-RateLimit-Reset", nextMinute(infra));
      }
    }
  }

  private HttpClient http() {
    return HttpClient.newHttpClient();
  }

  private HttpRequest.Builder authed(String path) {
    return HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .header("Authorization", "Bearer " + server.key());
  }

  HttpResponse<String> raw(String method, String path, String body, String onBehalfOfHeader)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
    if (onBehalfOfHeader != null) {
      b.header("Authorization", "Bearer " + server.key());
      b.header(onBehalfOfHeader, subuserName);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> rawBytes(String method, String path, byte[] body) throws Exception {
    return http()
        .send(
            authed(path)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Real time moved back to one second into the current minute. */
  private static MutableClock minuteStart() {
    MutableClock infra = new MutableClock();
    infra.advance(Duration.ofMillis(1_000 - infra.millis() % 60_000));
    return infra;
  }

  /** X-RateLimit-Reset for a request now: the next minute of {@code infra}, in epoch seconds. */
  private static String nextMinute(Clock infra) {
    return Long.toString((infra.millis() / 60_000 + 1) * 60);
  }
}
