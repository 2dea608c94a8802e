package io.contactd.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Method;
import com.sendgrid.Response;
import io.contactd.testing.TestDatabases;
import io.contactd.testing.TestServer;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * A node that dies between storing an export and queueing its job leaves a pending export that no
 * queue knows about. If that node never comes back, the cluster's export sweep still queues it.
 */
@EnabledIfEnvironmentVariable(named = TestDatabases.PG_ENV, matches = ".+")
class PostgresOrphanedExportTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void a_pending_export_without_a_job_is_queued_by_the_next_sweep_of_a_running_node()
      throws Exception {
    try (Nodes nodes = new Nodes()) {
      nodes.seedContacts(100);
      nodes.start(
          Clock.systemUTC(),
          b ->
              b.jobTiming(Duration.ofMillis(100), Duration.ofSeconds(1))
                  .sweepInterval(Duration.ofMillis(300)));
      Response r =
          TestServer.call(nodes.client(0), Method.POST, "marketing/contacts/exports", "{}");
      assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
      String first = JSON.readTree(r.getBody()).get("id").asText();
      TestServer.awaitEnd(
          nodes.client(0), "marketing/contacts/exports/" + first, Duration.ofSeconds(30));

      // What the dead node left: the export's row, committed, and no job for it.
      String orphan = UUID.randomUUID().toString();
      nodes
          .db()
          .jdbi()
          .useHandle(
              h ->
                  h.createUpdate(
                          "INSERT INTO exports (id, account_id, status, export_type, list_ids,"
                              + " segment_ids, file_type, max_file_size, notify_email, created_at,"
                              + " updated_at, expires_at) SELECT :orphan, account_id, 'pending',"
                              + " export_type, list_ids, segment_ids, file_type, max_file_size,"
                              + " notify_email, created_at, updated_at, expires_at FROM exports"
                              + " WHERE id = :first")
                      .bind("orphan", orphan)
                      .bind("first", first)
                      .execute());

      JsonNode done =
          TestServer.awaitEnd(
              nodes.client(0), "marketing/contacts/exports/" + orphan, Duration.ofSeconds(30));
      assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("ready");
      assertThat(done.get("contact_count").asLong()).isEqualTo(100);
    }
  }
}
