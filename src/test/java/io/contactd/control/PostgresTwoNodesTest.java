package io.contactd.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Method;
import io.contactd.App;
import io.contactd.testing.Backend;
import io.contactd.testing.Http;
import io.contactd.testing.TestDatabases;
import io.contactd.testing.TestServer;
import io.contactd.testing.WebhookReceiver;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Two dev-mode nodes on one PostgreSQL database (and one data dir, as a shared volume): they agree
 * on the business clock, count a fault's times together, and deliver each webhook event once.
 */
@EnabledIfEnvironmentVariable(named = TestDatabases.PG_ENV, matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresTwoNodesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  TestServer a;
  App b;

  @BeforeAll
  void start() {
    a = TestServer.start(Backend.POSTGRESQL, b -> b.dev(true).webhookRetry(Duration.ofMillis(200)));
    b =
        App.start(
            a.app().config().toBuilder().port(0).build(), Clock.systemUTC(), Clock.systemUTC());
  }

  @AfterAll
  void stop() {
    b.close();
    a.close();
  }

  String base(int node) {
    return node == 0 ? a.baseUrl() : "http://127.0.0.1:" + b.port();
  }

  Http.Answer control(int node, String method, String path, String body) {
    return Http.call(method, base(node) + "/_contactd/" + path, a.key(), body);
  }

  @Test
  void both_nodes_follow_a_clock_moved_on_one() {
    control(0, "POST", "clock", "{\"reset\":true}");
    Http.Answer moved = control(0, "POST", "clock", "{\"advance\":\"72h\"}");
    long offset = moved.json().get("offset_ms").asLong();
    assertThat(offset).isEqualTo(Duration.ofHours(72).toMillis());
    // Node b reads the offset every BusinessClock.REFRESH (250 ms).
    Awaitility.await()
        .atMost(Duration.ofSeconds(3))
        .until(() -> control(1, "GET", "clock", null).json().get("offset_ms").asLong() == offset);
    control(1, "POST", "clock", "{\"advance\":\"1h\"}");
    Awaitility.await()
        .atMost(Duration.ofSeconds(3))
        .until(
            () ->
                control(0, "GET", "clock", null).json().get("offset_ms").asLong()
                    == offset + Duration.ofHours(1).toMillis());
    control(0, "POST", "clock", "{\"reset\":true}");
  }

  @Test
  void a_faults_times_count_across_both_nodes() {
    control(0, "DELETE", "faults", null);
    control(
        0,
        "POST",
        "faults",
        "{\"match\":{\"method\":\"GET\",\"path\":\"/v3/marketing/lists\"},\"action\":\"status\",\"status\":503,\"times\":3}");
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      statuses.add(Http.call("GET", base(i % 2) + "/v3/marketing/lists", a.key(), null).status());
    }
    assertThat(statuses.stream().filter(s -> s == 503)).hasSize(3);
    assertThat(statuses.subList(0, 3)).containsOnly(503); // seen by b as soon as a made it
    assertThat(statuses.subList(3, 8)).containsOnly(200);
    assertThat(control(1, "GET", "faults", null).json().at("/result/0/times_left").asInt())
        .isZero();
    control(1, "DELETE", "faults", null);
  }

  @Test
  void each_event_is_delivered_once_by_the_cluster() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      Http.Answer endpoint =
          control(0, "POST", "webhooks", "{\"url\":\"" + receiver.url("/two") + "\"}");
      receiver.expect("/two", endpoint.json().get("secret").asText(), 0);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        var r =
            TestServer.call(
                a.client(), Method.POST, "marketing/contacts/exports", "{\"file_type\":\"json\"}");
        ids.add(JSON.readTree(r.getBody()).get("id").asText());
      }
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> receiver.events.size() == 4);
      Thread.sleep(1500); // several more rounds on both nodes
      assertThat(receiver.requestsTo("/two")).isEqualTo(4);
      assertThat(receiver.events.values().stream().map(e -> e.get("id").asText()))
          .containsExactlyInAnyOrderElementsOf(ids);
      control(0, "DELETE", "webhooks/" + endpoint.json().get("id").asText(), null);
    }
  }
}
