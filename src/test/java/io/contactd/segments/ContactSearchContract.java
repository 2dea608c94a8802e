package io.contactd.segments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Method;
import com.sendgrid.Response;
import io.contactd.testing.Backend;
import io.contactd.testing.OpenApi;
import io.contactd.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code POST /v3/marketing/contacts/search} (SGQL v1) and the {@code segment_ids} of contacts,
 * over real HTTP with the official client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContactSearchContract {
  static final ObjectMapper JSON = new ObjectMapper();
  static final OpenApi CONTACTS = OpenApi.of("tsg_mc_contacts_v3.yaml");
  static final String SEARCH = "marketing/contacts/search";
  static final String HEAD = "SELECT contact_id, updated_at FROM contact_data WHERE ";

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

  @Test
  void search_answers_the_first_50_matches_and_the_count_with_their_segments() {
    String tag = unique("q");
    String list = server.createList(unique("l"));
    List<String> contacts = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      contacts.add(
          "{\"email\":\"a" + i + "." + tag + "@example.com\",\"last_name\":\"" + tag + "\"}");
    }
    contacts.add("{\"email\":\"b." + tag + "@example.com\",\"last_name\":\"" + tag + "\"}");
    server.upsert(
        "{\"list_ids\":[\"" + list + "\"],\"contacts\":[" + String.join(",", contacts) + "]}");
    String segment =
        json(server.call(
                Method.POST,
                "marketing/segments/2.0",
                "{\"name\":\""
                    + unique("s")
                    + "\",\"query_dsl\":"
                    + quote(HEAD + "email LIKE 'a1%' AND last_name = '" + tag + "'")
                    + "}"))
            .get("id")
            .asText();

    Response r =
        search(
            "email LIKE 'a%' AND CONTAINS(list_ids, '" + list + "') AND last_name = '" + tag + "'");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    CONTACTS.assertResponse("POST", "/v3/marketing/contacts/search", 200, r.getBody());
    JsonNode body = json(r);
    assertThat(body.get("contact_count").asLong()).isEqualTo(60);
    assertThat(body.get("result")).hasSize(50);
    assertThat(body.at("/_metadata/self").asText()).endsWith("/v3/marketing/contacts/search");
    for (JsonNode c : body.get("result")) {
      assertThat(c.get("email").asText()).startsWith("a");
      boolean inSegment = c.get("email").asText().startsWith("a1");
      assertThat(c.get("segment_ids").toString())
          .isEqualTo(inSegment ? "[\"" + segment + "\"]" : "[]");
      assertThat(c.get("list_ids").toString()).isEqualTo("[\"" + list + "\"]");
    }

    JsonNode none = json(search("email = 'nobody." + tag + "@example.com'"));
    assertThat(none.get("contact_count").asLong()).isZero();
    assertThat(none.get("result")).isEmpty();
    server.call(Method.DELETE, "marketing/segments/2.0/" + segment, null);
  }

  @Test
  void segment_ids_on_a_contact_are_the_segments_it_is_in_now() {
    String tag = unique("m");
    server.upsert(
        "{\"contacts\":[{\"email\":\"ann."
            + tag
            + "@example.com\",\"first_name\":\"Ann\",\"last_name\":\""
            + tag
            + "\"},{\"email\":\"bob."
            + tag
            + "@example.com\",\"first_name\":\"Bob\",\"last_name\":\""
            + tag
            + "\"}]}");
    String anns = segment(HEAD + "first_name = 'Ann' AND last_name = '" + tag + "'");
    String all = segment(HEAD + "last_name = '" + tag + "'");
    String field = unique("f_");
    String fieldId =
        json(server.call(
                Method.POST,
                "marketing/field_definitions",
                "{\"name\":\"" + field + "\",\"field_type\":\"Text\"}"))
            .get("id")
            .asText();
    String broken = segment(HEAD + field + " = 'x' OR last_name = '" + tag + "'");
    server.call(Method.DELETE, "marketing/field_definitions/" + fieldId, null); // now INVALID

    JsonNode found = json(search("last_name = '" + tag + "'")).get("result");
    String annId = null;
    String bobId = null;
    for (JsonNode c : found) {
      if (c.get("first_name").asText().equals("Ann")) {
        annId = c.get("id").asText();
      } else {
        bobId = c.get("id").asText();
      }
    }
    Response ann = server.call(Method.GET, "marketing/contacts/" + annId, null);
    CONTACTS.assertResponse("GET", "/v3/marketing/contacts/{id}", 200, ann.getBody());
    assertThat(strings(json(ann).get("segment_ids"))).containsExactlyInAnyOrder(anns, all);
    assertThat(
            strings(
                json(server.call(Method.GET, "marketing/contacts/" + bobId, null))
                    .get("segment_ids")))
        .containsExactly(all)
        .doesNotContain(broken);

    Response batch =
        server.call(
            Method.POST,
            "marketing/contacts/batch",
            "{\"ids\":[\"" + annId + "\",\"" + bobId + "\"]}");
    CONTACTS.assertResponse("POST", "/v3/marketing/contacts/batch", 200, batch.getBody());
    assertThat(strings(json(batch).at("/result/0/segment_ids")))
        .containsExactlyInAnyOrder(anns, all);
    Response byEmail =
        server.call(
            Method.POST,
            "marketing/contacts/search/emails",
            "{\"emails\":[\"bob." + tag + "@example.com\"]}");
    CONTACTS.assertResponse("POST", "/v3/marketing/contacts/search/emails", 200, byEmail.getBody());
    JsonNode bob = json(byEmail).get("result").elements().next().get("contact");
    assertThat(strings(bob.get("segment_ids"))).containsExactly(all);

    // Membership is evaluated now: Bob renamed joins the first segment at once.
    server.upsert(
        "{\"contacts\":[{\"email\":\"bob."
            + tag
            + "@example.com\",\"first_name\":\"Ann\",\"last_name\":\""
            + tag
            + "\"}]}");
    assertThat(
            strings(
                json(server.call(Method.GET, "marketing/contacts/" + bobId, null))
                    .get("segment_ids")))
        .containsExactlyInAnyOrder(anns, all);
    for (String id : List.of(anns, all, broken)) {
      server.call(Method.DELETE, "marketing/segments/2.0/" + id, null);
    }
  }

  @Test
  void a_bad_query_is_400_naming_the_problem_and_injection_changes_nothing() {
    long before = total();
    for (String[] bad :
        new String[][] {
          {"nosuch = 'x'", "unknown field nosuch"},
          {"email = 'x'; DROP TABLE contacts", "one statement"},
          {"email = 'x' -- hi", "comments are not allowed"},
          {"SELECT contact_id, updated_at FROM contact_data", "not a SELECT"},
          {"(".repeat(500) + "email = 'a'" + ")".repeat(500), "nests deeper than 50"},
        }) {
      Response r = search(bad[0]);
      assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(400);
      CONTACTS.assertResponse("POST", "/v3/marketing/contacts/search", 400, r.getBody());
      assertThat(json(r).at("/errors/0/field").asText()).isEqualTo("query");
      assertThat(json(r).at("/errors/0/message").asText()).contains(bad[1]);
    }
    Response missing = server.call(Method.POST, SEARCH, "{}");
    assertThat(missing.getStatusCode()).isEqualTo(400);
    assertThat(json(missing).at("/errors/0/field").asText()).isEqualTo("query");
    Response notText = server.call(Method.POST, SEARCH, "{\"query\":5}");
    assertThat(notText.getStatusCode()).isEqualTo(400);
    Response quoted = search("email = 'x\\' OR \\'1\\'=\\'1'");
    assertThat(quoted.getStatusCode()).isEqualTo(200);
    assertThat(json(quoted).get("contact_count").asLong()).isZero();
    assertThat(total()).isEqualTo(before);
  }

  /**
   * A search past its time limit is stopped in the database and answers 408; the connection it used
   * serves the next search. 30,000 contacts under a heavy condition against a 1 ms limit.
   */
  @Test
  void a_search_past_its_time_limit_answers_408() {
    try (TestServer slow =
        TestServer.start(backend(), b -> b.searchTimeout(Duration.ofMillis(1)))) {
      long account =
          slow.app()
              .database()
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT id FROM accounts WHERE parent_id IS NULL")
                          .mapTo(Long.class)
                          .one());
      slow.app()
          .database()
          .jdbi()
          .useHandle(
              h ->
                  h.execute(
                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30000)"
                          + " INSERT INTO contacts (account_id, id, email, first_name, custom_fields,"
                          + " created_at, updated_at) SELECT ?, 'id-' || i, 'p' || i || '@example.com',"
                          + " 'name' || i, '{\"e1_T\":\"v' || i || '\"}', 0, 0 FROM n",
                      account));
      StringBuilder heavy = new StringBuilder("email LIKE '%zz%'");
      for (int i = 0; i < 40; i++) {
        heavy.append(" OR first_name LIKE '%q").append(i).append("%x%'");
      }
      Response r = TestServer.call(slow.client(), Method.POST, SEARCH, body(heavy.toString()));
      assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(408);
      CONTACTS.assertOwnSchema("POST", "/v3/marketing/contacts/search", 408, r.getBody());
      assertThat(json(r).at("/errors/0/message").asText()).contains("ran longer than 1 ms");
      // The stopped statement left its connection usable.
      Response next = TestServer.call(slow.client(), Method.GET, "marketing/contacts/count", null);
      assertThat(next.getStatusCode()).isEqualTo(200);
      assertThat(json(next).get("contact_count").asLong()).isEqualTo(30_000);
    }
  }

  private String segment(String query) {
    Response r =
        server.call(
            Method.POST,
            "marketing/segments/2.0",
            "{\"name\":\"" + unique("s") + "\",\"query_dsl\":" + quote(query) + "}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(201);
    return json(r).get("id").asText();
  }

  private long total() {
    return json(server.call(Method.GET, "marketing/contacts/count", null))
        .get("contact_count")
        .asLong();
  }

  private Response search(String query) {
    return server.call(Method.POST, SEARCH, body(query));
  }

  private static String body(String query) {
    return "{\"query\":" + quote(query) + "}";
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static JsonNode json(Response r) {
    try {
      return JSON.readTree(r.getBody());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + r.getBody(), e);
    }
  }

  static String unique(String prefix) {
    return prefix + System.nanoTime();
  }
}
