package io.contactd.segments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Method;
import com.sendgrid.Response;
import io.contactd.testing.Backend;
import io.contactd.testing.MutableClock;
import io.contactd.testing.OpenApi;
import io.contactd.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** /v3/marketing/segments/2.0 over real HTTP with the official client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SegmentApiContract {
  static final ObjectMapper JSON = new ObjectMapper();
  static final OpenApi SEGMENTS = OpenApi.of("tsg_mc_segments_2.0_v3.yaml");
  static final String BASE = "marketing/segments/2.0";
  static final String HEAD = "SELECT contact_id, updated_at FROM contact_data WHERE ";

  abstract Backend backend();

  final MutableClock clock = new MutableClock();
  TestServer server;

  @BeforeAll
  void start() {
    server = TestServer.start(backend(), clock, b -> b.maxSegments(6));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void create_answers_201_with_the_count_and_sample_of_the_contacts_matching_now() {
    String tag = unique("t");
    contacts(tag, "Ann", "Abe", "Bob");
    Response r = create(unique("s"), HEAD + "last_name = '" + tag + "' AND first_name LIKE 'A%'");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(201);
    assertSegment("POST", "/v3/marketing/segments/2.0", 201, r.getBody());
    JsonNode body = json(r);
    assertThat(body.get("contacts_count").asLong()).isEqualTo(2);
    assertThat(body.get("query_version").asText()).isEqualTo("2");
    assertThat(body.at("/status/query_validation").asText()).isEqualTo("VALID");
    assertThat(firstNames(body.get("contacts_sample"))).containsExactlyInAnyOrder("Ann", "Abe");
    assertThat(body.get("parent_list_ids")).isEmpty();
  }

  @Test
  void an_export_of_segments_and_lists_has_their_contacts_as_they_match_when_it_runs()
      throws Exception {
    String tag = unique("x");
    String list = server.createList(unique("l"));
    contacts(tag, "Ann", "Bob", "Cid");
    server.upsert(
        "{\"list_ids\":[\""
            + list
            + "\"],\"contacts\":[{\"email\":\"bob."
            + tag
            + "@example.com\"},{\"email\":\"cid."
            + tag
            + "@example.com\"}]}");
    String name = unique("s");
    String segment =
        json(create(
                name, HEAD + "last_name = '" + tag + "' AND first_name IN ('Ann', 'Bob', 'Dee')"))
            .get("id")
            .asText();
    contacts(tag, "Dee"); // after the segment's count: the export must still have her

    Response r =
        server.call(
            Method.POST,
            "marketing/contacts/exports",
            "{\"segment_ids\":[\"" + segment + "\"],\"list_ids\":[\"" + list + "\"]}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
    String export = json(r).get("id").asText();
    JsonNode done = awaitExport(export);
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("ready");
    List<String> rows = exportedRows(done);
    assertThat(rows).hasSize(4); // Ann, Bob (segment and list, once), Cid (list), Dee
    for (String first : List.of("ann", "bob", "cid", "dee")) {
      assertThat(rows).anyMatch(row -> row.contains(first + "." + tag + "@example.com"));
    }
    JsonNode listed = json(server.call(Method.GET, "marketing/contacts/exports", null));
    JsonNode item = null;
    for (JsonNode e : listed.get("result")) {
      if (e.get("id").asText().equals(export)) {
        item = e;
      }
    }
    assertThat(item).isNotNull();
    assertThat(item.get("segments").toString())
        .isEqualTo("[{\"ID\":\"" + segment + "\",\"Name\":\"" + name + "\"}]");
    server.call(Method.DELETE, BASE + "/" + segment, null);
  }

  @Test
  void an_export_of_an_unknown_segment_is_404_and_of_an_invalid_one_400() {
    Response unknown =
        server.call(
            Method.POST,
            "marketing/contacts/exports",
            "{\"segment_ids\":[\"00000000-0000-0000-0000-000000000000\"]}");
    assertThat(unknown.getStatusCode()).as(unknown.getBody()).isEqualTo(404);
    assertThat(json(unknown).at("/errors/0/field").asText()).isEqualTo("segment_ids");

    String field = unique("plan_");
    String fieldId =
        json(server.call(
                Method.POST,
                "marketing/field_definitions",
                "{\"name\":\"" + field + "\",\"field_type\":\"Text\"}"))
            .get("id")
            .asText();
    String segment = json(create(unique("s"), HEAD + field + " = 'gold'")).get("id").asText();
    server.call(Method.DELETE, "marketing/field_definitions/" + fieldId, null);
    int before =
        json(server.call(Method.GET, "marketing/contacts/exports", null)).get("result").size();
    Response invalid =
        server.call(
            Method.POST, "marketing/contacts/exports", "{\"segment_ids\":[\"" + segment + "\"]}");
    assertThat(invalid.getStatusCode()).as(invalid.getBody()).isEqualTo(400);
    assertThat(json(invalid).at("/errors/0/message").asText()).contains("invalid query");
    assertThat(json(server.call(Method.GET, "marketing/contacts/exports", null)).get("result"))
        .hasSize(before);
    server.call(Method.DELETE, BASE + "/" + segment, null);
  }

  private JsonNode awaitExport(String id) {
    return TestServer.awaitEnd(
        server.client(), "marketing/contacts/exports/" + id, Duration.ofSeconds(60));
  }

  /** The data rows of every file of a ready CSV export (one line per contact here). */
  private static List<String> exportedRows(JsonNode export) throws Exception {
    List<String> rows = new ArrayList<>();
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    for (JsonNode url : export.get("urls")) {
      byte[] gz =
          http.send(
                  java.net.http.HttpRequest.newBuilder(java.net.URI.create(url.asText())).build(),
                  java.net.http.HttpResponse.BodyHandlers.ofByteArray())
              .body();
      String text =
          new String(
              new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz))
                  .readAllBytes(),
              java.nio.charset.StandardCharsets.UTF_8);
      List<String> lines = new ArrayList<>(text.lines().filter(l -> !l.isEmpty()).toList());
      lines.remove(0); // the header
      rows.addAll(lines);
    }
    return rows;
  }

  @Test
  void count_and_sample_are_computed_again_when_read_an_hour_after_they_were() {
    String tag = unique("r");
    contacts(tag, "Ann");
    String id = json(create(unique("s"), HEAD + "last_name = '" + tag + "'")).get("id").asText();
    contacts(tag, "Bob");
    JsonNode stale = json(server.call(Method.GET, BASE + "/" + id, null));
    assertThat(stale.get("contacts_count").asLong()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(61));
    JsonNode fresh = json(server.call(Method.GET, BASE + "/" + id, null));
    assertThat(fresh.get("contacts_count").asLong()).isEqualTo(2);
    assertThat(firstNames(fresh.get("contacts_sample"))).containsExactlyInAnyOrder("Ann", "Bob");
    assertThat(fresh.get("sample_updated_at").asText())
        .isGreaterThan(stale.get("sample_updated_at").asText());
    server.call(Method.DELETE, BASE + "/" + id, null);
  }

  @Test
  void a_query_we_cannot_run_is_400_naming_the_problem_and_creates_nothing() {
    String name = unique("bad");
    for (String query :
        List.of(
            HEAD + "nosuch = 'x'",
            HEAD + "first_name = 'x'; DROP TABLE contacts",
            "SELECT contact_id, updated_at FROM event_data",
            HEAD + "(".repeat(500) + "first_name = 'a'" + ")".repeat(500))) {
      Response r = create(name, query);
      assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(400);
      SEGMENTS.assertResponse("POST", "/v3/marketing/segments/2.0", 400, r.getBody());
      assertThat(json(r).at("/errors/0/field").asText()).isEqualTo("query_dsl");
    }
    assertThat(json(create(name, HEAD + "nosuch = 'x'")).at("/errors/0/message").asText())
        .isEqualTo("unknown field nosuch");
    assertThat(names()).doesNotContain(name);
  }

  @Test
  void a_name_is_unique_in_the_account() {
    String name = unique("dup");
    assertThat(create(name, HEAD + "first_name = 'x'").getStatusCode()).isEqualTo(201);
    Response r = create(name, HEAD + "first_name = 'y'");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(400);
    assertThat(json(r).at("/errors/0/field").asText()).isEqualTo("name");
    assertThat(names().stream().filter(name::equals)).hasSize(1);
    deleteAllNamed(name);
  }

  @Test
  void a_parent_list_limits_the_segment_to_its_members_and_must_exist() {
    String tag = unique("p");
    String list = server.createList(unique("l"));
    contacts(tag, "Ann", "Amy");
    server.upsert(
        "{\"list_ids\":[\""
            + list
            + "\"],\"contacts\":[{\"email\":\"ann."
            + tag
            + "@example.com\"}]}");
    String query = HEAD + "last_name = '" + tag + "'";
    Response r = create(unique("s"), query, "[\"" + list + "\"]");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(201);
    assertThat(json(r).get("contacts_count").asLong()).isEqualTo(1);
    assertThat(json(r).get("parent_list_ids").get(0).asText()).isEqualTo(list);
    String other = server.createList(unique("l"));
    Response two = create(unique("s"), query, "[\"" + list + "\",\"" + other + "\"]");
    assertThat(two.getStatusCode()).as(two.getBody()).isEqualTo(400);
    assertThat(json(two).at("/errors/0/field").asText()).isEqualTo("parent_list_ids");
    String unknownName = unique("s");
    Response unknown = create(unknownName, query, "[\"00000000-0000-0000-0000-000000000000\"]");
    assertThat(unknown.getStatusCode()).as(unknown.getBody()).isEqualTo(404);
    assertThat(names()).doesNotContain(unknownName);
    deleteAllNamed(json(r).get("name").asText());
  }

  @Test
  void get_patch_and_delete_one_segment() {
    String tag = unique("g");
    contacts(tag, "Ann", "Bob", "Cid");
    String id = json(create(unique("s"), HEAD + "last_name = '" + tag + "'")).get("id").asText();
    Response got = server.call(Method.GET, BASE + "/" + id, null);
    assertThat(got.getStatusCode()).isEqualTo(200);
    assertSegment("GET", "/v3/marketing/segments/2.0/{segment_id}", 200, got.getBody());
    assertThat(json(got).get("contacts_count").asLong()).isEqualTo(3);
    assertThat(json(got).get("max_refreshes").asInt()).isEqualTo(2);
    Response noSample = server.call(Method.GET, BASE + "/" + id + "?contacts_sample=false", null);
    assertThat(json(noSample).has("contacts_sample")).isFalse();

    String renamed = unique("renamed");
    Response patched =
        server.call(
            Method.PATCH,
            BASE + "/" + id,
            "{\"name\":\""
                + renamed
                + "\",\"query_dsl\":\""
                + HEAD
                + "last_name = '"
                + tag
                + "' AND first_name <> 'Bob'\"}");
    assertThat(patched.getStatusCode()).as(patched.getBody()).isEqualTo(200);
    assertSegment("PATCH", "/v3/marketing/segments/2.0/{segment_id}", 200, patched.getBody());
    assertThat(json(patched).get("name").asText()).isEqualTo(renamed);
    assertThat(json(patched).get("contacts_count").asLong()).isEqualTo(2);
    assertThat(firstNames(json(patched).get("contacts_sample")))
        .containsExactlyInAnyOrder("Ann", "Cid");

    Response badPatch =
        server.call(Method.PATCH, BASE + "/" + id, "{\"query_dsl\":\"SELECT nonsense\"}");
    assertThat(badPatch.getStatusCode()).as(badPatch.getBody()).isEqualTo(400);
    assertThat(json(server.call(Method.GET, BASE + "/" + id, null)).get("name").asText())
        .isEqualTo(renamed);

    Response deleted = server.call(Method.DELETE, BASE + "/" + id, null);
    assertThat(deleted.getStatusCode()).isEqualTo(202);
    assertThat(server.call(Method.GET, BASE + "/" + id, null).getStatusCode()).isEqualTo(404);
    assertThat(server.call(Method.DELETE, BASE + "/" + id, null).getStatusCode()).isEqualTo(404);
    assertThat(server.call(Method.PATCH, BASE + "/" + id, "{\"name\":\"x\"}").getStatusCode())
        .isEqualTo(404);
  }

  @Test
  void the_listing_filters_by_ids_and_parent_lists() {
    String list = server.createList(unique("l"));
    String withParent =
        json(create(unique("s"), HEAD + "first_name = 'x'", "[\"" + list + "\"]"))
            .get("id")
            .asText();
    String without = json(create(unique("s"), HEAD + "first_name = 'x'")).get("id").asText();
    Response all = server.call(Method.GET, BASE, null);
    assertThat(all.getStatusCode()).isEqualTo(200);
    SEGMENTS.assertOwnSchema("GET", "/v3/marketing/segments/2.0", 200, all.getBody());
    assertThat(ids(json(all))).contains(withParent, without);
    assertThat(ids(json(server.call(Method.GET, BASE + "?ids=" + without, null))))
        .containsExactly(without);
    assertThat(ids(json(server.call(Method.GET, BASE + "?parent_list_ids=" + list, null))))
        .containsExactly(withParent);
    assertThat(ids(json(server.call(Method.GET, BASE + "?no_parent_list_id=true", null))))
        .contains(without)
        .doesNotContain(withParent);
    server.call(Method.DELETE, BASE + "/" + withParent, null);
    server.call(Method.DELETE, BASE + "/" + without, null);
  }

  @Test
  void a_deleted_custom_field_makes_its_segments_invalid_with_a_message() {
    String field = unique("tier_");
    Response f =
        server.call(
            Method.POST,
            "marketing/field_definitions",
            "{\"name\":\"" + field + "\",\"field_type\":\"Text\"}");
    String fieldId = json(f).get("id").asText();
    String id = json(create(unique("s"), HEAD + field + " = 'gold'")).get("id").asText();
    server.call(Method.DELETE, "marketing/field_definitions/" + fieldId, null);
    JsonNode got = json(server.call(Method.GET, BASE + "/" + id, null));
    assertThat(got.at("/status/query_validation").asText()).isEqualTo("INVALID");
    assertThat(got.at("/status/error_message").asText())
        .isEqualTo("unknown field " + field.toLowerCase());
    server.call(Method.DELETE, BASE + "/" + id, null);
  }

  @Test
  void an_account_has_at_most_the_configured_number_of_segments() {
    List<String> made = new ArrayList<>();
    Response r;
    String name;
    while ((r = create(name = unique("lim"), HEAD + "first_name = 'x'")).getStatusCode() == 201) {
      made.add(json(r).get("id").asText());
      assertThat(made).hasSizeLessThanOrEqualTo(6);
    }
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(400);
    assertThat(json(r).at("/errors/0/message").asText()).contains("maximum of 6 segments");
    assertThat(names()).hasSize(6).doesNotContain(name);
    for (String id : made) {
      server.call(Method.DELETE, BASE + "/" + id, null);
    }
  }

  /**
   * The own schema on the whole body; the official one with the sample left out: its contact schema
   * wants a non-empty city and a numeric postal_code, where SendGrid itself sends "" for an unset
   * field (contract §1.2).
   */
  private static void assertSegment(String method, String path, int status, String body) {
    SEGMENTS.assertOwnSchema(method, path, status, body);
    com.fasterxml.jackson.databind.node.ObjectNode withoutSample =
        (com.fasterxml.jackson.databind.node.ObjectNode) json(body);
    withoutSample.putArray("contacts_sample");
    SEGMENTS.assertOfficialSchema(method, path, status, withoutSample.toString());
  }

  private Response create(String name, String query) {
    return create(name, query, null);
  }

  private Response create(String name, String query, String parents) {
    String body =
        "{\"name\":\""
            + name
            + "\",\"query_dsl\":"
            + quote(query)
            + (parents == null ? "" : ",\"parent_list_ids\":" + parents)
            + "}";
    return server.call(Method.POST, BASE, body);
  }

  private List<String> names() {
    List<String> out = new ArrayList<>();
    json(server.call(Method.GET, BASE, null))
        .get("results")
        .forEach(s -> out.add(s.get("name").asText()));
    return out;
  }

  private void deleteAllNamed(String name) {
    json(server.call(Method.GET, BASE, null))
        .get("results")
        .forEach(
            s -> {
              if (s.get("name").asText().equals(name)) {
                server.call(Method.DELETE, BASE + "/" + s.get("id").asText(), null);
              }
            });
  }

  private static List<String> ids(JsonNode listing) {
    List<String> out = new ArrayList<>();
    listing.get("results").forEach(s -> out.add(s.get("id").asText()));
    return out;
  }

  private static List<String> firstNames(JsonNode sample) {
    List<String> out = new ArrayList<>();
    sample.forEach(c -> out.add(c.get("first_name").asText()));
    return out;
  }

  /** Contacts with these first names and {@code tag} as last name, emails from both. */
  private void contacts(String tag, String... firstNames) {
    StringBuilder body = new StringBuilder("{\"contacts\":[");
    for (int i = 0; i < firstNames.length; i++) {
      body.append(i == 0 ? "" : ",")
          .append("{\"email\":\"")
          .append(firstNames[i].toLowerCase())
          .append('.')
          .append(tag)
          .append("@example.com\",\"first_name\":\"")
          .append(firstNames[i])
          .append("\",\"last_name\":\"")
          .append(tag)
          .append("\"}");
    }
    server.upsert(body.append("]}").toString());
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static JsonNode json(Response r) {
    return json(r.getBody());
  }

  static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  static String unique(String prefix) {
    return prefix + System.nanoTime();
  }
}
