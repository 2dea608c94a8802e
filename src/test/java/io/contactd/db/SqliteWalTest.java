package io.contactd.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.sendgrid.Method;
import com.sendgrid.Response;
import io.contactd.json.Json;
import io.contactd.testing.Backend;
import io.contactd.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * SQLite's -wal file does not keep the size a large write grew it to: after a job that wrote many
 * contacts it is checkpointed and truncated. (PostgreSQL recycles its own WAL.)
 */
class SqliteWalTest {

  @Test
  void the_wal_file_is_truncated_after_a_bulk_upsert() throws Exception {
    try (TestServer server = TestServer.start(Backend.SQLITE)) {
      Path wal = server.dataDir().resolve("contactd.db-wal");
      StringBuilder body = new StringBuilder("{\"contacts\":[");
      for (int i = 0; i < 20_000; i++) {
        body.append(i == 0 ? "" : ",")
            .append("{\"email\":\"bulk")
            .append(i)
            .append("@example.com\",\"first_name\":\"Name")
            .append(i)
            .append("\",\"city\":\"City\"}");
      }
      Response r = server.call(Method.PUT, "marketing/contacts", body.append("]}").toString());
      assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
      String job = Json.MAPPER.readTree(r.getBody()).get("job_id").asText();
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  Json.MAPPER
                      .readTree(
                          server
                              .call(Method.GET, "marketing/contacts/imports/" + job, null)
                              .getBody())
                      .get("status")
                      .asText()
                      .equals("completed"));
      // The upsert filled the log with about 5 MB; after the checkpoint only the job queue's own
      // bookkeeping (a few pages) may follow.
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () -> assertThat(Files.size(wal)).as("bytes in -wal").isLessThan(1024 * 1024));
    }
  }
}
