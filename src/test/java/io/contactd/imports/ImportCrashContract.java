package io.contactd.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sendgrid.Method;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import io.contactd.auth.ApiKeySecret;
import io.contactd.db.Database;
import io.contactd.testing.Backend;
import io.contactd.testing.ServerProcess;
import io.contactd.testing.TestDatabases;
import io.contactd.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real contactd process is killed with SIGKILL while an import applies its rows; after a restart
 * the import finishes with every row applied exactly once and exact counts.
 */
abstract class ImportCrashContract {
  private static final int ROWS = 150_000;

  abstract Backend backend();

  private Path dataDir;

  /** Also when the test failed: no test leaves its folder behind. */
  @AfterEach
  void deleteDataDir() throws IOException {
    if (dataDir != null && Files.exists(dataDir)) {
      deleteRecursively(dataDir);
    }
  }

  @Test
  void an_import_interrupted_by_sigkill_finishes_after_restart_without_duplicates_or_lost_rows()
      throws Exception {
    dataDir = Files.createTempDirectory("contactd-import-crash-");
    String dbUrl = TestDatabases.url(backend(), dataDir);
    String key = ApiKeySecret.generate().toString();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    StringBuilder csv = new StringBuilder("email,first_name,city\n");
    for (int i = 0; i < ROWS; i++) {
      csv.append("crash")
          .append(i)
          .append("@example.com,First")
          .append(i)
          .append(",City")
          .append(i % 97)
          .append('\n');
    }
    byte[] file = ImportFixture.gzip(ImportFixture.utf8(csv.toString()));

    Process first = ServerProcess.start(dataDir, dbUrl, key, port, "first.log");
    String jobId;
    try {
      ServerProcess.awaitHealthy(port);
      SendGrid client = ServerProcess.client(key, port);
      Response r =
          TestServer.call(
              client,
              Method.PUT,
              "marketing/contacts/imports",
              "{\"file_type\":\"csv\",\"field_mappings\":[\"_rf2_T\",\"_rf0_T\",\"_rf6_T\"]}");
      assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
      JsonNode created = ImportFixture.json(r.getBody());
      jobId = created.get("job_id").asText();
      assertThat(ImportFixture.upload(created, file).statusCode()).isEqualTo(200);
      // Kill as soon as some batches are committed, long before the last one.
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(2))
          .until(() -> rowsDone(client, jobId) > 0);
      first.destroyForcibly(); // SIGKILL
      first.waitFor();
    } finally {
      first.destroyForcibly();
    }
    long applied = storedContacts(dbUrl);
    assertThat(applied).as("killed mid-import").isGreaterThan(0).isLessThan(ROWS);

    Process second = ServerProcess.start(dataDir, dbUrl, key, port, "second.log");
    try {
      ServerProcess.awaitHealthy(port);
      SendGrid client = ServerProcess.client(key, port);
      JsonNode done =
          TestServer.awaitEnd(
              client, "marketing/contacts/imports/" + jobId, Duration.ofSeconds(90));
      assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
      assertThat(done.at("/results/requested_count").asLong()).isEqualTo(ROWS);
      assertThat(done.at("/results/created_count").asLong())
          .as("each row created exactly once")
          .isEqualTo(ROWS);
      assertThat(done.at("/results/updated_count").asLong()).isZero();
    } finally {
      second.destroy();
      second.waitFor();
    }
    assertThat(storedContacts(dbUrl)).isEqualTo(ROWS);
  }

  private static long rowsDone(SendGrid client, String jobId) {
    JsonNode job =
        ImportFixture.json(
            TestServer.call(client, Method.GET, "marketing/contacts/imports/" + jobId, null)
                .getBody());
    return job.at("/results/created_count").asLong();
  }

  private static long storedContacts(String dbUrl) {
    try (Database db = Database.open(dbUrl)) {
      return db.jdbi()
          .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM contacts").mapTo(Long.class).one());
    }
  }

  private static void deleteRecursively(Path folder) throws IOException {
    try (Stream<Path> s = Files.walk(folder)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
