package io.contactd.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Method;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import io.contactd.auth.Account;
import io.contactd.auth.AccountStore;
import io.contactd.auth.ApiKeySecret;
import io.contactd.db.Database;
import io.contactd.testing.ClusterNodeMain;
import io.contactd.testing.S3TestServer;
import io.contactd.testing.ServerProcess;
import io.contactd.testing.TestDatabases;
import io.contactd.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Three real contactd processes on one PostgreSQL database and one S3 bucket (s3proxy). An export
 * and an import run; the node running each is killed with SIGKILL while it works; both finish on
 * the node that is left, and every row is downloaded from S3 and counted: none lost, none twice.
 * Every node pauses after each export file it publishes, so the kill lands mid-export on any
 * machine; each node has one worker thread, so the import runs on another node than the export.
 * Each job's node is found by the line it logs when it starts the job.
 */
@EnabledIfEnvironmentVariable(named = "CONTACTD_TEST_PG_URL", matches = ".+")
class PostgresClusterCrashTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SEEDED = 40_000;
  private static final int IMPORTED = 60_000;
  private static final String HEARTBEAT_MS = "500";

  /** Every node pauses this long after each export file: the window in which the test kills. */
  private static final String EXPORT_PAUSE_MS = "3000";

  private final List<Process> nodes = new ArrayList<>();
  private Path root;
  private String dbUrl;

  @AfterEach
  void stopAll() throws Exception {
    for (Process p : nodes) {
      p.destroyForcibly();
      p.waitFor();
    }
    if (root != null) {
      try (var s = Files.walk(root)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    if (dbUrl != null) {
      TestDatabases.drop(dbUrl);
    }
  }

  @Test
  void an_export_and_an_import_whose_nodes_are_killed_finish_on_another_node() throws Exception {
    root = Files.createTempDirectory("contactd-cluster-");
    dbUrl = TestDatabases.freshPostgres();
    S3TestServer s3 = S3TestServer.get();
    String bucket = s3.newBucket();
    String store = "s3://" + bucket + "?endpoint=" + s3.endpoint();
    String key = ApiKeySecret.generate().toString();
    seed(dbUrl, SEEDED);

    int[] ports = {freePort(), freePort(), freePort()};
    Process[] node = new Process[3];
    for (int n = 1; n <= 3; n++) {
      node[n - 1] = start(n, ports[n - 1], store, key);
    }
    for (int port : ports) {
      ServerProcess.awaitHealthy(port);
    }
    Response r =
        TestServer.call(
            client(key, ports[0]),
            Method.POST,
            "marketing/contacts/exports",
            "{\"max_file_size\":1}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
    String exportId = JSON.readTree(r.getBody()).get("id").asText();
    // Some node took it, published its first file and now pauses: find which.
    int exporter =
        awaitRunner(
            "export " + exportId + " runs on this node",
            () -> !s3.keys(bucket, "exports/" + exportId + "/").isEmpty());
    String jobId = startImport(client(key, ports[1]));
    // Another node runs the import (the exporter's only worker is busy); wait for its first rows.
    int importer =
        awaitRunner(
            "import " + jobId + " runs on this node",
            () ->
                importStatus(client(key, ports[0]), jobId).at("/results/created_count").asLong()
                    > 0);
    assertThat(importer).isNotEqualTo(exporter);
    JsonNode before = importStatus(client(key, ports[0]), jobId);
    assertThat(before.get("status").asText()).as("mid-import").isEqualTo("pending");
    node[importer - 1].destroyForcibly(); // SIGKILL, mid-import
    node[exporter - 1].destroyForcibly(); // SIGKILL, mid-export
    node[importer - 1].waitFor();
    node[exporter - 1].waitFor();
    int survivor = 6 - importer - exporter;

    SendGrid left = client(key, ports[survivor - 1]);
    JsonNode imported =
        TestServer.awaitEnd(left, "marketing/contacts/imports/" + jobId, Duration.ofSeconds(120));
    assertThat(imported.get("status").asText()).as(imported.toString()).isEqualTo("completed");
    assertThat(imported.at("/results/created_count").asLong()).isEqualTo(IMPORTED);
    assertThat(imported.at("/results/errored_count").asLong()).isZero();
    assertThat(log(survivor)).contains("import " + jobId + " resumes after row");

    JsonNode exported =
        TestServer.awaitEnd(
            left, "marketing/contacts/exports/" + exportId, Duration.ofSeconds(120));
    assertThat(exported.get("status").asText()).as(exported.toString()).isEqualTo("ready");
    Rows taken = download(exported);
    assertThat(taken.ids()).as("no contact twice").hasSize(taken.count());
    assertThat(taken.seeded()).isEqualTo(SEEDED);
    assertThat((long) taken.count()).isEqualTo(exported.get("contact_count").asLong());
    assertThat(s3.keys(bucket, "exports/" + exportId + "/"))
        .as("only the files of the run that finished remain")
        .hasSize(exported.get("urls").size());

    // Every row of both, read back once more from a fresh export on the node that is left.
    Response again =
        TestServer.call(left, Method.POST, "marketing/contacts/exports", "{\"max_file_size\":5}");
    String finalId = JSON.readTree(again.getBody()).get("id").asText();
    JsonNode all =
        TestServer.awaitEnd(left, "marketing/contacts/exports/" + finalId, Duration.ofSeconds(120));
    Rows rows = download(all);
    assertThat(rows.count()).isEqualTo(SEEDED + IMPORTED);
    assertThat(rows.ids()).hasSize(SEEDED + IMPORTED);
    assertThat(rows.seeded()).isEqualTo(SEEDED);
    assertThat(rows.imported()).isEqualTo(IMPORTED);
  }

  private record Rows(int count, Set<String> ids, int seeded, int imported) {}

  private static Rows download(JsonNode export) throws Exception {
    int count = 0;
    int seeded = 0;
    int imported = 0;
    Set<String> ids = new HashSet<>();
    for (JsonNode url : export.get("urls")) {
      assertThat(URI.create(url.asText()).getQuery()).contains("X-Amz-Signature=");
      var file = S3FlowContract.get(url.asText());
      assertThat(file.statusCode()).isEqualTo(200);
      String[] lines =
          new String(S3FlowContract.gunzip(file.body()), StandardCharsets.UTF_8).split("\n");
      for (int i = 1; i < lines.length; i++) {
        count++;
        ids.add(lines[i].substring(lines[i].lastIndexOf(',') + 1));
        if (lines[i].startsWith("\"seed")) {
          seeded++;
        } else if (lines[i].startsWith("\"imp")) {
          imported++;
        }
      }
    }
    return new Rows(count, ids, seeded, imported);
  }

  private String startImport(SendGrid client) throws Exception {
    Response r =
        TestServer.call(
            client,
            Method.PUT,
            "marketing/contacts/imports",
            "{\"file_type\":\"csv\",\"field_mappings\":[\"_rf2_T\",\"_rf0_T\"]}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    JsonNode created = JSON.readTree(r.getBody());
    StringBuilder csv = new StringBuilder("email,first_name\n");
    for (int i = 0; i < IMPORTED; i++) {
      csv.append("imp").append(i).append("@example.com,Imported").append(i).append('\n');
    }
    var up = S3FlowContract.upload(created, csv.toString());
    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
    return created.get("job_id").asText();
  }

  private static JsonNode importStatus(SendGrid client, String jobId) throws IOException {
    return JSON.readTree(
        TestServer.call(client, Method.GET, "marketing/contacts/imports/" + jobId, null).getBody());
  }

  /** The node whose log has {@code line}, once {@code also} holds too. */
  private int awaitRunner(String line, java.util.concurrent.Callable<Boolean> also) {
    int[] runner = new int[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              for (int n = 1; n <= 3; n++) {
                if (log(n).contains(line)) {
                  runner[0] = n;
                }
              }
              return runner[0] != 0 && also.call();
            });
    return runner[0];
  }

  private Process start(int n, int port, String store, String key) throws IOException {
    Path dataDir = Files.createDirectories(root.resolve("node-" + n));
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            ClusterNodeMain.class.getName(),
            dataDir.toString(),
            dbUrl,
            Integer.toString(port),
            store,
            HEARTBEAT_MS,
            EXPORT_PAUSE_MS);
    pb.environment().put("CONTACTD_API_KEY", key);
    pb.environment().put("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY);
    pb.environment().put("AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY);
    pb.redirectErrorStream(true);
    pb.redirectOutput(root.resolve("node-" + n + ".log").toFile());
    Process p = pb.start();
    nodes.add(p);
    return p;
  }

  private String log(int n) throws IOException {
    return Files.readString(root.resolve("node-" + n + ".log"));
  }

  private static SendGrid client(String key, int port) {
    return ServerProcess.client(key, port);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Migrates the database and writes the contacts directly, as the benchmark does. */
  private static void seed(String dbUrl, int count) {
    try (Database db = Database.open(dbUrl)) {
      Account owner =
          new AccountStore(db.jdbi(), Clock.systemUTC())
              .ensureOwner("contactd", "owner@contactd.local");
      db.jdbi()
          .useTransaction(
              h -> {
                var batch =
                    h.prepareBatch(
                        "INSERT INTO contacts (account_id, id, email, first_name, created_at,"
                            + " updated_at) VALUES (:a, :id, :email, :first, :t, :t)");
                for (int i = 0; i < count; i++) {
                  batch
                      .bind("a", owner.id())
                      .bind("id", UUID.randomUUID().toString())
                      .bind("email", "seed" + i + "@example.com")
                      .bind("first", "Seed" + i)
                      .bind("t", 1_600_000_000_000L + i)
                      .add();
                  if (i % 10_000 == 9_999) {
                    batch.execute();
                  }
                }
                batch.execute();
              });
    }
  }
}
