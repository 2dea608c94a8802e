package io.contactd.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Method;
import com.sendgrid.Response;
import io.contactd.App;
import io.contactd.testing.MutableClock;
import io.contactd.testing.TestDatabases;
import io.contactd.testing.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Two nodes share one business clock (as the emulator's movable clock is shared through the
 * database); moving it two hours ahead while one node exports or receives an upload must not make
 * that node look dead to the other: heartbeats and the uploads' sign of life follow the
 * infrastructure clock. With 200 ms beats a node counts as dead after 800 ms without one, so the
 * two seconds waited here would see any takeover.
 */
@EnabledIfEnvironmentVariable(named = TestDatabases.PG_ENV, matches = ".+")
class PostgresBusinessTimeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration BEAT = Duration.ofMillis(200);
  private static final Duration JUMP = Duration.ofHours(2);

  @Test
  void moving_business_time_during_an_export_does_not_start_a_second_run() throws Exception {
    MutableClock clock = new MutableClock();
    try (Nodes nodes = new Nodes()) {
      nodes.seedContacts(60_000);
      for (int i = 0; i < 2; i++) {
        nodes.start(
            clock,
            b ->
                b.jobTiming(Duration.ofMillis(100), BEAT).exportPartPause(Duration.ofMillis(1500)));
      }
      Response r =
          TestServer.call(
              nodes.client(0), Method.POST, "marketing/contacts/exports", "{\"max_file_size\":1}");
      assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
      String id = JSON.readTree(r.getBody()).get("id").asText();
      Path folder = nodes.dataDir().resolve("files/exports/" + id);
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> publishedFiles(folder).size() == 1);
      String claim = claim(nodes, "contact-export");

      clock.advance(JUMP);
      Thread.sleep(BEAT.multipliedBy(10).toMillis());

      assertThat(claim(nodes, "contact-export"))
          .as("the same node holds the same claim (no dead execution revived)")
          .isEqualTo(claim);
      assertThat(running(nodes.node(0)) + running(nodes.node(1)))
          .as("the export runs on exactly one node")
          .isEqualTo(1);
      JsonNode done =
          TestServer.awaitEnd(
              nodes.client(1), "marketing/contacts/exports/" + id, Duration.ofSeconds(60));
      assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("ready");
      assertThat(done.get("contact_count").asLong()).isEqualTo(60_000);
      List<String> names = new ArrayList<>();
      for (JsonNode url : done.get("urls")) {
        names.add(URI.create(url.asText()).getPath().replaceAll(".*/", ""));
      }
      assertThat(names).hasSizeGreaterThan(1);
      assertThat(publishedFiles(folder))
          .as("the files of one run, each published once")
          .containsExactlyInAnyOrderElementsOf(names);
    }
  }

  @Test
  void moving_business_time_during_an_upload_does_not_fail_it_as_abandoned() throws Exception {
    MutableClock clock = new MutableClock();
    try (Nodes nodes = new Nodes()) {
      for (int i = 0; i < 2; i++) {
        nodes.start(clock, b -> b.jobTiming(Duration.ofMillis(100), BEAT));
      }
      Response r =
          TestServer.call(
              nodes.client(0),
              Method.PUT,
              "marketing/contacts/imports",
              "{\"file_type\":\"csv\",\"field_mappings\":[\"_rf2_T\"]}");
      assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
      JsonNode created = JSON.readTree(r.getBody());
      String jobId = created.get("job_id").asText();
      CountDownLatch release = new CountDownLatch(1);
      int rows = 20_000;
      CompletableFuture<HttpResponse<String>> upload =
          HttpClient.newHttpClient()
              .sendAsync(
                  HttpRequest.newBuilder(URI.create(created.get("upload_uri").asText()))
                      .header("Content-Type", "text/csv")
                      .PUT(
                          HttpRequest.BodyPublishers.ofInputStream(() -> pausingCsv(rows, release)))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      Path uploads = nodes.dataDir().resolve("files/imports/" + jobId);
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> bytesIn(uploads) > 0);

      // In eight steps: each step is a fresh chance for the other node to look before this one
      // refreshed the sign of life, which on the business clock would fail the upload.
      for (int step = 0; step < 8; step++) {
        clock.advance(JUMP.dividedBy(8));
        Thread.sleep(BEAT.multipliedBy(3).dividedBy(2).toMillis());
      }
      Thread.sleep(BEAT.multipliedBy(10).toMillis());

      JsonNode status =
          JSON.readTree(
              TestServer.call(
                      nodes.client(1), Method.GET, "marketing/contacts/imports/" + jobId, null)
                  .getBody());
      assertThat(status.get("status").asText())
          .as("the upload still streams: " + status)
          .isEqualTo("pending");
      release.countDown();
      assertThat(upload.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      JsonNode done =
          TestServer.awaitEnd(
              nodes.client(1), "marketing/contacts/imports/" + jobId, Duration.ofSeconds(60));
      assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
      assertThat(done.at("/results/created_count").asLong()).isEqualTo(rows);
      assertThat(nodes.query("SELECT COUNT(*) FROM contacts", Long.class)).isEqualTo(rows);
    }
  }

  /** Who holds the job of this kind and at which version of its row ("node@version"). */
  private static String claim(Nodes nodes, String task) {
    return nodes.query(
        "SELECT picked_by || '@' || version FROM scheduled_tasks WHERE task_name = '"
            + task
            + "' AND picked",
        String.class);
  }

  private static int running(App app) {
    Map<String, Integer> jobs = app.runningJobs();
    return jobs.getOrDefault("contact-export", 0);
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

  private static long bytesIn(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(folder)) {
      long sum = 0;
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        sum += Files.size(p);
      }
      return sum;
    }
  }

  /** A CSV whose first half is sent at once and whose second half waits for {@code release}. */
  private static InputStream pausingCsv(int rows, CountDownLatch release) {
    StringBuilder csv = new StringBuilder("email\n");
    for (int i = 0; i < rows; i++) {
      csv.append("up").append(i).append("@example.com\n");
    }
    byte[] all = csv.toString().getBytes(StandardCharsets.UTF_8);
    int half = all.length / 2;
    return new InputStream() {
      private int at;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (at == half) {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        if (at >= all.length) {
          return -1;
        }
        int end = at < half ? half : all.length;
        int n = Math.min(len, end - at);
        System.arraycopy(all, at, b, off, n);
        at += n;
        return n;
      }
    };
  }
}
