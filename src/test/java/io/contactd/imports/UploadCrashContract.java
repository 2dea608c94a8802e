package io.contactd.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sendgrid.Method;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import io.contactd.auth.ApiKeySecret;
import io.contactd.testing.Backend;
import io.contactd.testing.ServerProcess;
import io.contactd.testing.TestDatabases;
import io.contactd.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A real contactd process is killed with SIGKILL while it receives an upload: the import does not
 * stay pending forever. Once no node proves the upload alive (4 job heartbeats, 1 s each here), the
 * restarted server fails the import with a message and deletes the partial file.
 */
abstract class UploadCrashContract {
  abstract Backend backend();

  @Test
  void an_upload_cut_by_sigkill_ends_failed_and_its_partial_file_is_deleted() throws Exception {
    Path dataDir = Files.createTempDirectory("contactd-upload-crash-");
    String dbUrl = TestDatabases.url(backend(), dataDir);
    String key = ApiKeySecret.generate().toString();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    CountDownLatch never = new CountDownLatch(1);
    Process first = ServerProcess.start(dataDir, dbUrl, key, port, "first.log");
    String jobId;
    Path uploads;
    try {
      ServerProcess.awaitHealthy(port);
      SendGrid client = ServerProcess.client(key, port);
      Response r =
          TestServer.call(
              client,
              Method.PUT,
              "marketing/contacts/imports",
              "{\"file_type\":\"csv\",\"field_mappings\":[\"_rf2_T\"]}");
      assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
      JsonNode created = ImportFixture.json(r.getBody());
      jobId = created.get("job_id").asText();
      uploads = dataDir.resolve("files/imports/" + jobId);
      HttpClient.newHttpClient()
          .sendAsync(
              HttpRequest.newBuilder(URI.create(created.get("upload_uri").asText()))
                  .header("Content-Type", "text/csv")
                  .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> stallingCsv(never)))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> partialBytes(uploads) > 0);
      first.destroyForcibly(); // SIGKILL mid-upload
      first.waitFor();
    } finally {
      first.destroyForcibly();
    }
    assertThat(partialBytes(uploads)).as("the kill left a partial file").isPositive();

    Process second = ServerProcess.start(dataDir, dbUrl, key, port, "second.log");
    try {
      ServerProcess.awaitHealthy(port);
      SendGrid client = ServerProcess.client(key, port);
      JsonNode status =
          TestServer.awaitEnd(
              client, "marketing/contacts/imports/" + jobId, Duration.ofSeconds(90));
      assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("failed");
      // The status commits first; the partial file is deleted and the line logged just after.
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                assertThat(Files.readString(dataDir.resolve("second.log")))
                    .contains(
                        "import " + jobId + " failed: the server receiving its upload went away");
                assertThat(files(uploads)).as("the partial upload is deleted").isEmpty();
              });
    } finally {
      never.countDown();
      second.destroy();
      second.waitFor();
    }
  }

  /** CSV rows for a while, then a read that blocks until the test ends. */
  private static InputStream stallingCsv(CountDownLatch release) {
    byte[] rows =
        ("email\n" + "someone@example.com\n".repeat(100_000)).getBytes(StandardCharsets.UTF_8);
    return new InputStream() {
      private int at;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (at < rows.length) {
          int n = Math.min(len, rows.length - at);
          System.arraycopy(rows, at, b, off, n);
          at += n;
          return n;
        }
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new IOException("the test ended");
      }
    };
  }

  private static long partialBytes(Path folder) throws IOException {
    long sum = 0;
    for (Path p : files(folder)) {
      sum += Files.size(p);
    }
    return sum;
  }

  private static List<Path> files(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(folder)) {
      return s.toList();
    }
  }
}
