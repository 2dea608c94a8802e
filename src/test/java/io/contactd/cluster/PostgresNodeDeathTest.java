package io.contactd.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Method;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import io.contactd.testing.ServerProcess;
import io.contactd.testing.TestDatabases;
import io.contactd.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Three real contactd processes on one PostgreSQL database and one shared data dir (the local
 * folder blob store on a shared file system): an export and a CSV import run, every node that runs
 * one of them is killed with SIGKILL, and the surviving node takes both over (after 4 missed 1 s
 * heartbeats) and finishes them: every row counted, no contact written twice, each export file
 * published once. The export pauses after each file it publishes, so the kill lands mid-export.
 */
@EnabledIfEnvironmentVariable(named = TestDatabases.PG_ENV, matches = ".+")
class PostgresNodeDeathTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EXPORTED = 60_000;
  private static final int IMPORTED = 300_000;

  @Test
  void nodes_killed_mid_export_and_mid_import_are_taken_over_and_both_finish_exactly()
      throws Exception {
    try (Nodes nodes = new Nodes()) {
      nodes.seedContacts(EXPORTED);
      List<Process> processes = new ArrayList<>();
      List<Integer> ports = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          int port = freePort();
          ports.add(port);
          processes.add(
              ServerProcess.startPausingExports(
                  nodes.dataDir(),
                  nodes.dbUrl(),
                  nodes.key(),
                  port,
                  "node" + i + ".log",
                  Duration.ofMillis(1000)));
        }
        for (int port : ports) {
          ServerProcess.awaitHealthy(port);
        }
        SendGrid node0 = ServerProcess.client(nodes.key(), ports.get(0));
        SendGrid node1 = ServerProcess.client(nodes.key(), ports.get(1));

        // The export covers a list of the seeded contacts, so the imported ones stay out of it.
        Response list = TestServer.call(node0, Method.POST, "marketing/lists", "{\"name\":\"l\"}");
        assertThat(list.getStatusCode()).as(list.getBody()).isEqualTo(201);
        String listId = JSON.readTree(list.getBody()).get("id").asText();
        nodes
            .db()
            .jdbi()
            .useHandle(
                h ->
                    h.createUpdate(
                            "INSERT INTO list_members (list_seq, contact_seq)"
                                + " SELECT l.seq, c.seq FROM lists l, contacts c WHERE l.id = :id")
                        .bind("id", listId)
                        .execute());
        Response export =
            TestServer.call(
                node0,
                Method.POST,
                "marketing/contacts/exports",
                "{\"list_ids\":[\"" + listId + "\"],\"max_file_size\":1}");
        assertThat(export.getStatusCode()).as(export.getBody()).isEqualTo(202);
        String exportId = JSON.readTree(export.getBody()).get("id").asText();

        Response imp =
            TestServer.call(
                node1,
                Method.PUT,
                "marketing/contacts/imports",
                "{\"file_type\":\"csv\",\"field_mappings\":[\"_rf2_T\",\"_rf0_T\"]}");
        assertThat(imp.getStatusCode()).as(imp.getBody()).isEqualTo(200);
        JsonNode created = JSON.readTree(imp.getBody());
        String importId = created.get("job_id").asText();
        HttpResponse<String> uploaded =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(created.get("upload_uri").asText()))
                        .header("Content-Type", "text/csv")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(csv()))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(200);

        Path exportFolder = nodes.dataDir().resolve("files/exports/" + exportId);
        Awaitility.await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(10))
            .until(
                () ->
                    !publishedFiles(exportFolder).isEmpty() && importCreated(nodes, importId) > 0);
        Map<String, String> runners = runners(nodes);
        Set<Integer> killed = new HashSet<>();
        for (String runner : List.of(runners.get("contact-export"), runners.get("csv-import"))) {
          for (int i = 0; i < 3; i++) {
            if (runner != null && runner.contains("/" + processes.get(i).pid() + "/")) {
              processes.get(i).destroyForcibly(); // SIGKILL
              killed.add(i);
            }
          }
        }
        for (int i : killed) {
          processes.get(i).waitFor();
        }
        assertThat(killed)
            .as("the nodes running the two jobs: " + runners)
            .isNotEmpty()
            .hasSizeLessThan(3);
        assertThat(
                nodes.query(
                    "SELECT status FROM exports WHERE id = '" + exportId + "'", String.class))
            .as("killed mid-export")
            .isEqualTo("pending");
        assertThat(
                nodes.query(
                    "SELECT status FROM contact_jobs WHERE id = '" + importId + "'", String.class))
            .as("killed mid-import")
            .isEqualTo("pending");

        int survivor = 0;
        while (killed.contains(survivor)) {
          survivor++;
        }
        SendGrid client = ServerProcess.client(nodes.key(), ports.get(survivor));
        JsonNode done =
            TestServer.awaitEnd(
                client, "marketing/contacts/exports/" + exportId, Duration.ofSeconds(120));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("ready");
        assertThat(done.get("contact_count").asLong()).isEqualTo(EXPORTED);
        List<String> names = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        long rows = 0;
        for (JsonNode url : done.get("urls")) {
          HttpResponse<byte[]> file =
              HttpClient.newHttpClient()
                  .send(
                      HttpRequest.newBuilder(URI.create(url.asText())).build(),
                      HttpResponse.BodyHandlers.ofByteArray());
          assertThat(file.statusCode()).isEqualTo(200);
          String[] lines = gunzip(file.body()).split("\n");
          for (int i = 1; i < lines.length; i++) {
            ids.add(lines[i].substring(lines[i].lastIndexOf(',') + 1));
            rows++;
          }
          names.add(URI.create(url.asText()).getPath().replaceAll(".*/", ""));
        }
        assertThat(rows).as("every row once").isEqualTo(EXPORTED);
        assertThat(ids).hasSize(EXPORTED);
        assertThat(publishedFiles(exportFolder))
            .as("only the files of the run that finished, each published once")
            .containsExactlyInAnyOrderElementsOf(names);

        JsonNode imported =
            TestServer.awaitEnd(
                client, "marketing/contacts/imports/" + importId, Duration.ofSeconds(120));
        assertThat(imported.get("status").asText()).as(imported.toString()).isEqualTo("completed");
        assertThat(imported.at("/results/requested_count").asLong()).isEqualTo(IMPORTED);
        assertThat(imported.at("/results/created_count").asLong())
            .as("each row created exactly once")
            .isEqualTo(IMPORTED);
        assertThat(imported.at("/results/updated_count").asLong()).isZero();
        assertThat(nodes.query("SELECT COUNT(*) FROM contacts", Long.class))
            .as("no contact written twice")
            .isEqualTo(EXPORTED + IMPORTED);
        String survivorLog = Files.readString(nodes.dataDir().resolve("node" + survivor + ".log"));
        List<String> survivorsLogs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          if (!killed.contains(i)) {
            survivorsLogs.add(Files.readString(nodes.dataDir().resolve("node" + i + ".log")));
          }
        }
        assertThat(String.join("\n", survivorsLogs))
            .as("a surviving node took the import over after its last committed batch")
            .contains("import " + importId + " resumes after row")
            .contains("export " + exportId + " ready");
        assertThat(survivorLog).isNotEmpty();
      } finally {
        for (Process p : processes) {
          p.destroyForcibly();
          p.waitFor();
        }
      }
    }
  }

  /** Which node runs each kind of job now ({@code scheduled_tasks.picked_by}). */
  private static Map<String, String> runners(Nodes nodes) {
    Map<String, String> runners = new java.util.HashMap<>();
    nodes
        .db()
        .jdbi()
        .useHandle(
            h ->
                h.createQuery("SELECT task_name, picked_by FROM scheduled_tasks WHERE picked")
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(e -> runners.put(e.getKey(), e.getValue())));
    return runners;
  }

  private static long importCreated(Nodes nodes, String jobId) {
    return nodes.query(
        "SELECT created_count FROM contact_jobs WHERE id = '" + jobId + "'", Long.class);
  }

  private static byte[] csv() throws IOException {
    StringBuilder csv = new StringBuilder("email,first_name\n");
    for (int i = 0; i < IMPORTED; i++) {
      csv.append("imported").append(i).append("@example.com,Name").append(i).append('\n');
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(csv.toString().getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  private static String gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> publishedFiles(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(folder)) {
      return s.filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .toList();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
