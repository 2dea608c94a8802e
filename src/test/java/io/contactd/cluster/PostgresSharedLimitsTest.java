package io.contactd.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Method;
import com.sendgrid.Response;
import io.contactd.App;
import io.contactd.testing.MutableClock;
import io.contactd.testing.TestDatabases;
import io.contactd.testing.TestServer;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * What must hold across the nodes of a cluster for every request, whatever node it lands on: an
 * account's rate limit, and a deleted key being refused.
 */
@EnabledIfEnvironmentVariable(named = TestDatabases.PG_ENV, matches = ".+")
class PostgresSharedLimitsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void three_nodes_with_a_limit_of_60_per_minute_allow_about_60_requests_in_all_not_180()
      throws Exception {
    // The nodes' infrastructure clock starts one second into a minute, so the 180 requests below
    // all fall into one window however slow the machine.
    MutableClock infra = new MutableClock();
    infra.advance(Duration.ofMillis(1_000 - infra.millis() % 60_000));
    try (Nodes nodes = new Nodes()) {
      for (int i = 0; i < 3; i++) {
        nodes.start(Clock.systemUTC(), infra, b -> b.rateLimitPerMinute(60));
      }
      int allowed = 0;
      int refused = 0;
      for (int i = 0; i < 180; i++) {
        Response r = TestServer.call(nodes.client(i % 3), Method.GET, "marketing/lists", null);
        if (r.getStatusCode() == 200) {
          allowed++;
        } else {
          assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(429);
          assertThat(r.getHeaders().get("X-RateLimit-Remaining")).isEqualTo("0");
          refused++;
        }
      }
      assertThat(allowed)
          .as("never more than the limit; a few early refusals for tokens leased elsewhere")
          .isBetween(56, 60);
      assertThat(refused).isEqualTo(180 - allowed);
      Response otherRoute =
          TestServer.call(nodes.client(0), Method.GET, "marketing/field_definitions", null);
      assertThat(otherRoute.getStatusCode()).as("another route group").isEqualTo(200);

      infra.advance(Duration.ofMinutes(1));
      Response nextMinute = TestServer.call(nodes.client(2), Method.GET, "marketing/lists", null);
      assertThat(nextMinute.getStatusCode()).as("the next minute's budget").isEqualTo(200);
      assertThat(Integer.parseInt(nextMinute.getHeaders().get("X-RateLimit-Remaining")))
          .isBetween(56, 59);
    }
  }

  @Test
  void a_key_deleted_on_one_node_is_refused_on_the_others_within_the_key_cache_bound()
      throws Exception {
    try (Nodes nodes = new Nodes()) {
      for (int i = 0; i < 3; i++) {
        nodes.start(Clock.systemUTC(), Clock.systemUTC(), b -> b);
      }
      Response created =
          TestServer.call(nodes.client(0), Method.POST, "api_keys", "{\"name\":\"short-lived\"}");
      assertThat(created.getStatusCode()).as(created.getBody()).isEqualTo(201);
      String key = JSON.readTree(created.getBody()).get("api_key").asText();
      String id = JSON.readTree(created.getBody()).get("api_key_id").asText();
      for (int i = 0; i < 3; i++) {
        // Each node now holds the key in its cache.
        assertThat(call(nodes.node(i), key).getStatusCode()).isEqualTo(200);
      }

      Response delete = TestServer.call(nodes.client(0), Method.DELETE, "api_keys/" + id, null);
      assertThat(delete.getStatusCode()).isEqualTo(204);
      assertThat(call(nodes.node(0), key).getStatusCode())
          .as("refused at once on the node that deleted it")
          .isEqualTo(401);

      // Every other node read the key before the delete, so its entry is older than the delete:
      // once the bound has passed since the delete, each node must have looked again.
      Thread.sleep(App.KEY_CACHE_TTL.toMillis() + 20);
      for (int i = 1; i < 3; i++) {
        Response r = call(nodes.node(i), key);
        assertThat(r.getStatusCode()).as("node " + i + ": " + r.getBody()).isEqualTo(401);
        assertThat(r.getBody()).contains("invalid, expired, or revoked");
      }
    }
  }

  private static Response call(App node, String key) {
    return TestServer.call(Nodes.client(node, key), Method.GET, "marketing/lists", null);
  }
}
