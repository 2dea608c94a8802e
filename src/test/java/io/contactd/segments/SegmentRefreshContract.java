package io.contactd.segments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sendgrid.Method;
import com.sendgrid.Response;
import io.contactd.testing.Backend;
import io.contactd.testing.MutableClock;
import io.contactd.testing.OpenApi;
import io.contactd.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Manual refresh and its limits (with a moved business clock), the background sample round, and the
 * legacy {@code /v3/marketing/segments} routes, over real HTTP with the official client. Each test
 * that counts refreshes starts on a day of its own, so the account's daily limit of one does not
 * spill into another.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SegmentRefreshContract {
  static final OpenApi SEGMENTS = OpenApi.of("tsg_mc_segments_2.0_v3.yaml");
  static final String BASE = "marketing/segments/2.0";
  static final String HEAD = "SELECT contact_id, updated_at FROM contact_data WHERE ";
  static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

  abstract Backend backend();

  final MutableClock clock = new MutableClock();
  TestServer server;

  @BeforeAll
  void start() {
    server = TestServer.start(backend(), clock, b -> b);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void refresh_is_202_and_limited_per_hour_and_per_day_in_the_users_time_zone() {
    nextDayAt(LocalTime.of(8, 0));
    String tag = unique("r");
    contacts(tag, "Ann");
    String id = segment(HEAD + "last_name = '" + tag + "'");
    contacts(tag, "Bob");

    Response first = refresh(id, "America/Chicago");
    assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(202);
    SEGMENTS.assertResponse(
        "POST", "/v3/marketing/segments/2.0/refresh/{segment_id}", 202, first.getBody());
    assertThat(json(first).get("job_id").asText()).hasSize(36);
    JsonNode got = get(id);
    assertThat(got.get("contacts_count").asLong()).isEqualTo(2); // the refresh counted again
    assertThat(got.get("refreshes_used").asInt()).isEqualTo(1);
    assertThat(got.get("max_refreshes").asInt()).isEqualTo(2);
    assertThat(Instant.parse(got.get("last_refreshed_at").asText()))
        .isCloseTo(
            clock.instant(),
            org.assertj.core.api.Assertions.within(
                Duration.ofSeconds(5).toMillis(), java.time.temporal.ChronoUnit.MILLIS));

    Response sameHour = refresh(id, "America/Chicago");
    assertThat(sameHour.getStatusCode()).as(sameHour.getBody()).isEqualTo(429);
    SEGMENTS.assertOwnSchema(
        "POST", "/v3/marketing/segments/2.0/refresh/{segment_id}", 429, sameHour.getBody());
    assertThat(json(sameHour).at("/errors/0/message").asText()).contains("an hour");

    clock.advance(Duration.ofMinutes(61));
    assertThat(refresh(id, "America/Chicago").getStatusCode()).isEqualTo(202);
    assertThat(get(id).get("refreshes_used").asInt()).isEqualTo(2);
    clock.advance(Duration.ofMinutes(61));
    Response thirdToday = refresh(id, "America/Chicago");
    assertThat(thirdToday.getStatusCode()).as(thirdToday.getBody()).isEqualTo(429);
    assertThat(json(thirdToday).at("/errors/0/message").asText()).contains("2 times a day");

    // Just after midnight in Chicago the segment's day starts again (06:00 UTC or so).
    nextDayAt(LocalTime.of(0, 5));
    assertThat(get(id).get("refreshes_used").asInt()).isZero();
    assertThat(refresh(id, "America/Chicago").getStatusCode()).isEqualTo(202);
    assertThat(get(id).get("refreshes_used").asInt()).isEqualTo(1);
    delete(id);
  }

  @Test
  void an_account_refreshes_at_most_ten_times_a_day() {
    nextDayAt(LocalTime.of(9, 0));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      ids.add(segment(HEAD + "first_name = 'x" + i + "'"));
    }
    for (int i = 0; i < 10; i++) {
      assertThat(refresh(ids.get(i), "America/Chicago").getStatusCode()).isEqualTo(202);
    }
    Response eleventh = refresh(ids.get(10), "America/Chicago");
    assertThat(eleventh.getStatusCode()).as(eleventh.getBody()).isEqualTo(429);
    assertThat(json(eleventh).at("/errors/0/message").asText()).contains("an account");
    assertThat(get(ids.get(10)).get("refreshes_used").asInt()).isZero(); // nothing counted
    ids.forEach(this::delete);
  }

  @Test
  void refresh_needs_an_iana_time_zone_and_an_existing_segment() {
    String id = segment(HEAD + "first_name = 'z'");
    for (String body :
        List.of(
            "{}",
            "{\"user_time_zone\":\"\"}",
            "{\"user_time_zone\":\"+01:00\"}",
            "{\"user_time_zone\":\"Mars/Olympus\"}",
            "{\"user_time_zone\":5}")) {
      Response r = server.call(Method.POST, BASE + "/refresh/" + id, body);
      assertThat(r.getStatusCode()).as(body + " → " + r.getBody()).isEqualTo(400);
      SEGMENTS.assertOwnSchema(
          "POST", "/v3/marketing/segments/2.0/refresh/{segment_id}", 400, r.getBody());
      assertThat(json(r).at("/errors/0/field").asText()).isEqualTo("user_time_zone");
    }
    assertThat(get(id).get("refreshes_used").asInt()).isZero();
    Response unknown = refresh("00000000-0000-0000-0000-000000000000", "Europe/Berlin");
    assertThat(unknown.getStatusCode()).isEqualTo(404);
    SEGMENTS.assertResponse(
        "POST", "/v3/marketing/segments/2.0/refresh/{segment_id}", 404, unknown.getBody());
    assertThat(json(unknown).get("error").asText()).isEqualTo("Segment does not exist.");
    delete(id);
  }

  @Test
  void with_limits_off_refreshes_are_not_counted_against_any() {
    try (TestServer dev =
        TestServer.start(backend(), b -> b.segmentRefreshLimits(RefreshLimits.OFF))) {
      Response made =
          TestServer.call(
              dev.client(),
              Method.POST,
              BASE,
              "{\"name\":\"dev\",\"query_dsl\":\"" + HEAD + "first_name = 'x'\"}");
      String id = json(made).get("id").asText();
      for (int i = 0; i < 4; i++) {
        Response r =
            TestServer.call(
                dev.client(), Method.POST, BASE + "/refresh/" + id, "{\"user_time_zone\":\"UTC\"}");
        assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
      }
      JsonNode got = json(TestServer.call(dev.client(), Method.GET, BASE + "/" + id, null));
      assertThat(got.get("refreshes_used").asInt()).isEqualTo(4);
      assertThat(got.has("max_refreshes")).isFalse();
    }
  }

  @Test
  void the_background_round_samples_the_segments_that_are_due() {
    String tag = unique("b");
    contacts(tag, "Ann");
    String id = segment(HEAD + "last_name = '" + tag + "'");
    JsonNode before = get(id);
    contacts(tag, "Bob", "Cid");

    server.app().sampleSegments();
    assertThat(storedCount(id)).isEqualTo(1); // not due yet

    clock.advance(Duration.ofMinutes(61));
    assertThat(server.app().sampleSegments()).isGreaterThanOrEqualTo(1);
    assertThat(storedCount(id)).isEqualTo(3);
    JsonNode after = get(id);
    assertThat(after.get("contacts_count").asLong()).isEqualTo(3);
    Instant sampled = Instant.parse(after.get("sample_updated_at").asText());
    assertThat(sampled).isAfter(Instant.parse(before.get("sample_updated_at").asText()));
    assertThat(Instant.parse(after.get("next_sample_update").asText()))
        .isEqualTo(sampled.plus(Duration.ofMinutes(60)));
    SEGMENTS.assertOwnSchema(
        "GET", "/v3/marketing/segments/2.0/{segment_id}", 200, after.toString());
    delete(id);
  }

  /** Registered as recurring work: with a one-second interval it runs on its own. */
  @Test
  void the_round_runs_by_itself_at_the_configured_interval() {
    try (TestServer fast =
        TestServer.start(backend(), b -> b.segmentSampleInterval(Duration.ofSeconds(1)))) {
      Response made =
          TestServer.call(
              fast.client(),
              Method.POST,
              BASE,
              "{\"name\":\"fast\",\"query_dsl\":\"" + HEAD + "first_name = 'Fay'\"}");
      String id = json(made).get("id").asText();
      Response up =
          TestServer.call(
              fast.client(),
              Method.PUT,
              "marketing/contacts",
              "{\"contacts\":[{\"email\":\"fay@example.com\",\"first_name\":\"Fay\"}]}");
      assertThat(up.getStatusCode()).isEqualTo(202);
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> storedCount(fast, id) == 1);
    }
  }

  @Test
  void legacy_routes_show_and_delete_the_same_segments() {
    String tag = unique("v");
    String list = server.createList(unique("l"));
    contacts(tag, "Ann");
    server.call(
        Method.PUT,
        "marketing/contacts",
        "{\"list_ids\":[\""
            + list
            + "\"],\"contacts\":[{\"email\":\"ann."
            + tag
            + "@example.com\"}]}");
    Response made =
        server.call(
            Method.POST,
            BASE,
            "{\"name\":\""
                + unique("s")
                + "\",\"query_dsl\":\""
                + HEAD
                + "last_name = '"
                + tag
                + "'\",\"parent_list_ids\":[\""
                + list
                + "\"]}");
    String id = json(made).get("id").asText();

    Response listed = server.call(Method.GET, "marketing/segments", null);
    assertThat(listed.getStatusCode()).isEqualTo(200);
    SEGMENTS.assertOwnSchema("GET", "/v3/marketing/segments", 200, listed.getBody());
    JsonNode item = null;
    for (JsonNode s : json(listed).get("results")) {
      if (s.get("id").asText().equals(id)) {
        item = s;
      }
    }
    assertThat(item).isNotNull();
    assertThat(item.get("parent_list_id").asText()).isEqualTo(list);
    assertThat(
            json(server.call(Method.GET, "marketing/segments?parent_list_ids=" + list, null))
                .get("results"))
        .hasSize(1);

    Response one = server.call(Method.GET, "marketing/segments/" + id, null);
    assertThat(one.getStatusCode()).isEqualTo(200);
    SEGMENTS.assertOwnSchema("GET", "/v3/marketing/segments/{segment_id}", 200, one.getBody());
    assertThat(json(one).get("query_dsl").asText()).contains(tag);
    assertThat(json(one).get("name").asText()).isEqualTo(json(made).get("name").asText());

    Response deleted = server.call(Method.DELETE, "marketing/segments/" + id, null);
    assertThat(deleted.getStatusCode()).isEqualTo(202);
    SEGMENTS.assertOwnSchema(
        "DELETE", "/v3/marketing/segments/{segment_id}", 202, deleted.getBody());
    assertThat(server.call(Method.GET, BASE + "/" + id, null).getStatusCode()).isEqualTo(404);
    Response gone = server.call(Method.GET, "marketing/segments/" + id, null);
    assertThat(gone.getStatusCode()).isEqualTo(404);
    SEGMENTS.assertOwnSchema("GET", "/v3/marketing/segments/{segment_id}", 404, gone.getBody());
    assertThat(server.call(Method.DELETE, "marketing/segments/" + id, null).getStatusCode())
        .isEqualTo(404);
    // The 2.0 listing is still routed as such, not as a legacy segment named "2.0".
    assertThat(server.call(Method.GET, BASE, null).getStatusCode()).isEqualTo(200);
  }

  /** Moves the business clock to the next day in Chicago at {@code time}. */
  private void nextDayAt(LocalTime time) {
    ZonedDateTime now = clock.instant().atZone(CHICAGO);
    ZonedDateTime target = now.toLocalDate().plusDays(1).atTime(time).atZone(CHICAGO);
    clock.advance(Duration.between(now.toInstant(), target.toInstant()));
  }

  private long storedCount(String id) {
    return storedCount(server, id);
  }

  private static long storedCount(TestServer s, String id) {
    return s.app()
        .database()
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT contacts_count FROM segments WHERE id = ?")
                    .bind(0, id)
                    .mapTo(Long.class)
                    .one());
  }

  private Response refresh(String id, String zone) {
    return server.call(
        Method.POST, BASE + "/refresh/" + id, "{\"user_time_zone\":\"" + zone + "\"}");
  }

  private JsonNode get(String id) {
    Response r = server.call(Method.GET, BASE + "/" + id, null);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    return json(r);
  }

  private void delete(String id) {
    server.call(Method.DELETE, BASE + "/" + id, null);
  }

  private String segment(String query) {
    Response r =
        server.call(
            Method.POST,
            BASE,
            "{\"name\":\""
                + unique("s")
                + "\",\"query_dsl\":"
                + ContactSearchContract.quote(query)
                + "}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(201);
    return json(r).get("id").asText();
  }

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

  private static JsonNode json(Response r) {
    return ContactSearchContract.json(r);
  }

  private static String unique(String prefix) {
    return prefix + System.nanoTime();
  }
}
