package io.contactd.exports;

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
import io.contactd.testing.Backend;
import io.contactd.testing.ServerProcess;
import io.contactd.testing.TestDatabases;
import io.contactd.testing.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real contactd process is killed with SIGKILL while an export runs; after a restart the same
 * export finishes, complete, with no leftover partial files. The first process pauses after each
 * export file it publishes, so the kill lands mid-export however fast the machine is.
 */
abstract class ExportCrashContract {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Enough for several 1 MB files, so the finishing run is a real split. */
  private static final int CONTACTS = 60_000;

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
  void an_export_interrupted_by_sigkill_finishes_after_restart() throws Exception {
    interruptAndFinish(500_000, 1);
  }

  /**
   * Three shards, two of them running when the node dies (two job threads, each paused after its
   * first file): the restarted node re-runs those two and runs the third; no file of the dead runs
   * is left and no contact appears twice.
   */
  @Test
  void a_sharded_export_killed_mid_shard_reruns_its_shards_without_duplicates() throws Exception {
    interruptAndFinish(CONTACTS / 3, 3);
  }

  private void interruptAndFinish(long shardSize, int shards) throws Exception {
    dataDir = Files.createTempDirectory("contactd-crash-");
    String dbUrl = TestDatabases.url(backend(), dataDir);
    String key = ApiKeySecret.generate().toString();
    seed(dbUrl, CONTACTS);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process first =
        ServerProcess.startPausingExports(
            dataDir, dbUrl, key, port, "first.log", Duration.ofHours(1), shardSize);
    String id;
    Path exportFolder;
    try {
      ServerProcess.awaitHealthy(port);
      SendGrid client = ServerProcess.client(key, port);
      Response r =
          TestServer.call(
              client, Method.POST, "marketing/contacts/exports", "{\"max_file_size\":1}");
      assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
      id = JSON.readTree(r.getBody()).get("id").asText();
      exportFolder = dataDir.resolve("files/exports/" + id);
      // The job published its first file and now pauses: kill it there.
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> hasPublishedFile(exportFolder));
      first.destroyForcibly(); // SIGKILL
      first.waitFor();
    } finally {
      first.destroyForcibly();
    }
    assertThat(status(dbUrl, id)).as("killed mid-export").isEqualTo("pending");

    Process second = ServerProcess.start(dataDir, dbUrl, key, port, "second.log");
    try {
      ServerProcess.awaitHealthy(port);
      SendGrid client = ServerProcess.client(key, port);
      JsonNode done =
          TestServer.awaitEnd(client, "marketing/contacts/exports/" + id, Duration.ofSeconds(90));
      assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("ready");
      assertThat(done.get("contact_count").asLong()).isEqualTo(CONTACTS);
      Set<String> ids = new HashSet<>();
      long rows = 0;
      List<String> names = new ArrayList<>();
      HttpClient http = HttpClient.newHttpClient();
      for (JsonNode url : done.get("urls")) {
        HttpResponse<byte[]> file =
            http.send(
                HttpRequest.newBuilder(URI.create(url.asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body().length).isLessThanOrEqualTo(1_000_000);
        String[] lines =
            new String(ExportFixture.gunzip(file.body()), StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).startsWith("\"EMAIL\"");
        for (int i = 1; i < lines.length; i++) {
          ids.add(lines[i].substring(lines[i].lastIndexOf(',') + 1));
          rows++;
        }
        names.add(URI.create(url.asText()).getPath().replaceAll(".*/", ""));
      }
      assertThat(ids).hasSize(CONTACTS);
      assertThat(rows).as("no contact twice").isEqualTo(CONTACTS);
      assertThat(names).as("split into several files").hasSizeGreaterThan(1);
      assertThat(shardCount(dbUrl, id)).isEqualTo(shards);
      try (Stream<Path> left = Files.walk(exportFolder)) {
        assertThat(left.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
            .as("only the published files of the finishing run remain")
            .containsExactlyInAnyOrderElementsOf(names);
      }
    } finally {
      second.destroy();
      second.waitFor();
    }
  }

  static void deleteRecursively(Path folder) throws IOException {
    try (Stream<Path> s = Files.walk(folder)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** A finished export file; files still being written are hidden ({@code .name.….tmp}). */
  static boolean hasPublishedFile(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return false;
    }
    try (Stream<Path> s = Files.walk(folder)) {
      return s.anyMatch(p -> Files.isRegularFile(p) && !p.getFileName().toString().startsWith("."));
    }
  }

  static int shardCount(String dbUrl, String id) {
    try (Database db = Database.open(dbUrl)) {
      return db.jdbi()
          .withHandle(
              h ->
                  h.createQuery("SELECT COUNT(*) FROM export_shards WHERE export_id = :id")
                      .bind("id", id)
                      .mapTo(Integer.class)
                      .one());
    }
  }

  static String status(String dbUrl, String id) {
    try (Database db = Database.open(dbUrl)) {
      return db.jdbi()
          .withHandle(
              h ->
                  h.createQuery("SELECT status FROM exports WHERE id = :id")
                      .bind("id", id)
                      .mapTo(String.class)
                      .one());
    }
  }

  /** Migrates the database and writes the contacts directly, as the benchmark does. */
  static void seed(String dbUrl, int count) {
    try (Database db = Database.open(dbUrl)) {
      Account owner =
          new AccountStore(db.jdbi(), Clock.systemUTC())
              .ensureOwner("contactd", "owner@contactd.local");
      java.util.Random random = new java.util.Random(1);
      db.jdbi()
          .useTransaction(
              h -> {
                var batch =
                    h.prepareBatch(
                        "INSERT INTO contacts (account_id, id, email, first_name, address_line_1, created_at, updated_at)"
                            + " VALUES (:a, :id, :email, :first, :l1, :t, :t)");
                for (int i = 0; i < count; i++) {
                  batch
                      .bind("a", owner.id())
                      .bind("id", UUID.randomUUID().toString())
                      .bind("email", "c" + i + "@example.com")
                      .bind("first", "First" + i)
                      .bind(
                          "l1",
                          Long.toString(random.nextLong(), 36)
                              + Long.toString(random.nextLong(), 36))
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
