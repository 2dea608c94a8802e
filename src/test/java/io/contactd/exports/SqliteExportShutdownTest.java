package io.contactd.exports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Method;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import io.contactd.auth.ApiKeySecret;
import io.contactd.testing.ServerProcess;
import io.contactd.testing.TestServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * {@code contactd serve} as a real process gets SIGTERM while an export runs: it says so in one
 * line, exits 0 with no warning or stack trace, and the export finishes after the next start.
 */
class SqliteExportShutdownTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CONTACTS = 200_000;

  @Test
  void sigterm_during_an_export_is_one_line_exit_0_and_the_export_resumes() throws Exception {
    Path dataDir = Files.createTempDirectory("contactd-sigterm-");
    String dbUrl = "jdbc:sqlite:" + dataDir.resolve("contactd.db");
    String key = ApiKeySecret.generate().toString();
    ExportCrashContract.seed(dbUrl, CONTACTS);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String[] serve = {
      "serve",
      "--data-dir",
      dataDir.toString(),
      "--port",
      Integer.toString(port),
      "--rate-limit",
      "off"
    };
    Path firstLog = dataDir.resolve("first.log");
    Process first = ServerProcess.startCli(Map.of("CONTACTD_API_KEY", key), firstLog, serve);
    String id;
    try {
      ServerProcess.awaitHealthy(port);
      Response r =
          TestServer.call(
              ServerProcess.client(key, port),
              Method.POST,
              "marketing/contacts/exports",
              "{\"max_file_size\":1}");
      assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
      id = JSON.readTree(r.getBody()).get("id").asText();
      Path exportFolder = dataDir.resolve("files/exports/" + id);
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(2))
          .until(() -> ExportCrashContract.hasPublishedFile(exportFolder));
      first.destroy(); // SIGTERM
      assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      first.destroyForcibly();
    }
    List<String> log = Files.readAllLines(firstLog);
    assertThat(first.exitValue()).as(String.join("\n", log)).isZero();
    assertThat(log)
        .as("the lines after the request log")
        .filteredOn(line -> !line.contains(" access "))
        .last()
        .asString()
        .endsWith("Main - shutting down; 1 running export will resume on the next start");
    assertThat(log)
        .as("no warning, error or stack trace")
        .noneMatch(
            line -> line.contains("WARN") || line.contains("ERROR") || line.startsWith("\tat "));
    assertThat(ExportCrashContract.status(dbUrl, id)).isEqualTo("pending");

    Process second =
        ServerProcess.startCli(
            Map.of("CONTACTD_API_KEY", key), dataDir.resolve("second.log"), serve);
    try {
      ServerProcess.awaitHealthy(port);
      SendGrid client = ServerProcess.client(key, port);
      JsonNode done =
          TestServer.awaitEnd(client, "marketing/contacts/exports/" + id, Duration.ofSeconds(90));
      assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("ready");
      assertThat(done.get("contact_count").asLong()).isEqualTo(CONTACTS);
    } finally {
      second.destroy();
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(second.exitValue()).isZero();
    ExportCrashContract.deleteRecursively(dataDir);
  }
}
