package io.contactd.exports;

import static io.contactd.exports.ExportContract.EXPORTS;
import static io.contactd.exports.ExportContract.SPEC;
import static io.contactd.exports.ExportContract.csv;
import static io.contactd.exports.ExportFixture.awaitDone;
import static io.contactd.exports.ExportFixture.call;
import static io.contactd.exports.ExportFixture.download;
import static io.contactd.exports.ExportFixture.gunzip;
import static io.contactd.exports.ExportFixture.json;
import static io.contactd.exports.ExportFixture.startExport;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sendgrid.Method;
import com.sendgrid.Response;
import io.contactd.exports.ExportFixture.Account;
import io.contactd.testing.Backend;
import io.contactd.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Exports cut into shards ({@code --export-shard-size} small here), cancel, progress, checksums and
 * {@code updated_since}, over real HTTP. Every file published pauses the writing shard briefly, so
 * a multi-shard export runs long enough to be watched and canceled mid-way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExportShardsContract {
  static final int SHARD = 1000;
  static final Duration PAUSE = Duration.ofMillis(150);

  abstract Backend backend();

  TestServer server;
  ExportFixture fixture;

  @BeforeAll
  void start() {
    server = TestServer.start(backend(), b -> b.exportShardSize(SHARD).exportPartPause(PAUSE));
    fixture = new ExportFixture(server);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  /** Each file gunzipped, in the order of urls. */
  static List<byte[]> files(JsonNode done) throws Exception {
    List<byte[]> files = new ArrayList<>();
    for (JsonNode url : done.get("urls")) {
      HttpResponse<byte[]> r = download(url.asText());
      assertThat(r.statusCode()).as(url.asText()).isEqualTo(200);
      assertThat(r.body().length).isLessThanOrEqualTo(1_000_000);
      files.add(gunzip(r.body()));
    }
    return files;
  }

  /** The data lines of every file (each must start with {@code header}), sorted. */
  static List<String> lines(JsonNode done, String header) throws Exception {
    List<String> lines = new ArrayList<>();
    for (byte[] file : files(done)) {
      String text = new String(file, StandardCharsets.UTF_8);
      if (header != null) {
        assertThat(text).as("every part repeats the header").startsWith(header);
        text = text.substring(header.length());
      }
      text.lines().forEach(lines::add);
    }
    lines.sort(null);
    return lines;
  }

  List<Integer> shardCounts(String id) {
    return fixture
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT contacts_written FROM export_shards WHERE export_id = :id"
                            + " ORDER BY shard_no")
                    .bind("id", id)
                    .mapTo(Integer.class)
                    .list());
  }

  Path folder(String id) {
    return server.dataDir().resolve("files/exports/" + id);
  }

  /** No export job of any kind left running or queued on the server. */
  void awaitNoExportJobs() {
    Awaitility.await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                fixture
                        .jdbi()
                        .withHandle(
                            h ->
                                h.createQuery(
                                        "SELECT COUNT(*) FROM scheduled_tasks"
                                            + " WHERE task_name LIKE 'contact-export%'")
                                    .mapTo(Integer.class)
                                    .one())
                    == 0);
  }

  @Test
  void a_multi_shard_export_holds_exactly_the_rows_of_a_single_shard_one() throws Exception {
    Account a = fixture.account();
    fixture.field(a, "e1_T", "colour", "Text", 1);
    fixture.bulk(a, 4_500, 3);
    fixture.contact().email("custom@example.com").custom("{\"e1_T\":\"red\"}").insert(a);
    String csvId = startExport(a, "{}");
    String jsonId = startExport(a, "{\"file_type\":\"json\"}");
    JsonNode csv = awaitDone(a, csvId);
    JsonNode ndjson = awaitDone(a, jsonId);
    assertThat(csv.get("status").asText()).as(csv.toString()).isEqualTo("ready");
    SPEC.assertResponse("GET", "/v3/marketing/contacts/exports/{id}", 200, csv.toString());
    assertThat(shardCounts(csvId)).containsExactly(1000, 1000, 1000, 1000, 501);
    assertThat(csv.get("contact_count").asLong()).isEqualTo(4_501);
    assertThat(csv.get("urls")).hasSize(5);
    assertThat(csv.get("checksums")).hasSize(5);
    List<String> names = new ArrayList<>();
    csv.get("urls").forEach(u -> names.add(u.asText().replaceAll(".*/", "")));
    assertThat(names)
        .as("in shard order")
        .containsExactly(
            "contacts-1-1.csv.gzip",
            "contacts-2-1.csv.gzip",
            "contacts-3-1.csv.gzip",
            "contacts-4-1.csv.gzip",
            "contacts-5-1.csv.gzip");
    String header = new String(files(csv).get(0), StandardCharsets.UTF_8).lines().findFirst().get();
    List<String> multiCsv = lines(csv, header + "\n");
    List<String> multiJson = lines(ndjson, null);
    assertThat(multiCsv).hasSize(4_501).doesNotHaveDuplicates();
    assertThat(multiJson).hasSize(4_501);

    server.restart(b -> b.exportShardSize(1_000_000));
    try {
      a = again(a);
      JsonNode singleCsv = awaitDone(a, startExport(a, "{}"));
      JsonNode singleJson = awaitDone(a, startExport(a, "{\"file_type\":\"json\"}"));
      assertThat(singleCsv.get("urls")).hasSize(1);
      assertThat(singleCsv.get("urls").get(0).asText()).endsWith("/contacts-1.csv.gzip");
      assertThat(lines(singleCsv, header + "\n")).isEqualTo(multiCsv);
      assertThat(lines(singleJson, null)).isEqualTo(multiJson);
    } finally {
      server.restart(b -> b.exportShardSize(SHARD));
    }
  }

  /** The account's client for the server's port after a restart. */
  Account again(Account a) {
    com.sendgrid.SendGrid client = server.client();
    client.addImpersonateSubuser(a.username());
    return new Account(a.id(), a.username(), a.email(), client);
  }

  @Test
  void each_shard_splits_its_files_below_max_file_size_and_every_part_has_the_header()
      throws Exception {
    Account a = fixture.account();
    fixture.bulk(a, 1_500, 11, 900); // about 1.4 KB of gzip per contact: 1,000 pass 1 MB
    JsonNode done = awaitDone(a, startExport(a, "{\"max_file_size\":1}"));
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("ready");
    List<String> names = new ArrayList<>();
    done.get("urls").forEach(u -> names.add(u.asText().replaceAll(".*/", "")));
    assertThat(names)
        .containsExactly("contacts-1-1.csv.gzip", "contacts-1-2.csv.gzip", "contacts-2-1.csv.gzip");
    Set<String> ids = new TreeSet<>();
    int rows = 0;
    for (byte[] file : files(done)) {
      List<List<String>> parsed = csv(file);
      assertThat(parsed.get(0).get(0)).isEqualTo("EMAIL");
      for (List<String> row : parsed.subList(1, parsed.size())) {
        ids.add(row.get(row.size() - 1));
        rows++;
      }
    }
    assertThat(rows).isEqualTo(1_500);
    assertThat(ids).hasSize(1_500);
  }

  @Test
  void shards_hold_equal_numbers_of_members_when_a_list_crowds_one_end_of_the_contacts()
      throws Exception {
    Account a = fixture.account();
    String list = fixture.list(a, "late joiners");
    fixture.bulk(a, 3_000, 5);
    fixture.bulk(a, 2_500, 6);
    // Only the 2,500 contacts written last are members: their seqs are the highest 2,500.
    fixture
        .jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO list_members (list_seq, contact_seq)"
                            + " SELECT l.seq, c.seq FROM lists l, contacts c"
                            + " WHERE l.account_id = :a AND l.id = :list AND c.account_id = :a"
                            + " AND c.email LIKE 'bulk6-%'")
                    .bind("a", a.id())
                    .bind("list", list)
                    .execute());
    String id = startExport(a, "{\"list_ids\":[\"" + list + "\"]}");
    JsonNode done = awaitDone(a, id);
    assertThat(done.get("contact_count").asLong()).isEqualTo(2_500);
    assertThat(shardCounts(id)).containsExactly(1000, 1000, 500);
    assertThat(lines(done, null))
        .allMatch(l -> l.startsWith("\"bulk6-") || l.startsWith("\"EMAIL"));
  }

  @Test
  void progress_moves_while_pending_and_goes_once_ready() throws Exception {
    Account a = fixture.account();
    fixture.bulk(a, 8_000, 8);
    String id = startExport(a, "{}");
    Set<Long> written = new TreeSet<>();
    JsonNode last;
    do {
      Response r = call(a, Method.GET, EXPORTS + "/" + id, null);
      last = json(r);
      if (last.get("status").asText().equals("pending")) {
        SPEC.assertResponse("GET", "/v3/marketing/contacts/exports/{id}", 200, r.getBody());
        JsonNode p = last.get("progress");
        long total = p.get("contacts_total").asLong();
        assertThat(total).isIn(0L, 8_000L); // 0 until planned
        assertThat(p.get("contacts_written").asLong()).isBetween(0L, 8_000L);
        assertThat(p.get("files_written").asLong()).isBetween(0L, 8L);
        if (total > 0) {
          written.add(p.get("contacts_written").asLong());
        }
      }
      Thread.sleep(10);
    } while (last.get("status").asText().equals("pending"));
    assertThat(last.get("status").asText()).isEqualTo("ready");
    assertThat(last.has("progress")).isFalse();
    assertThat(written).as("progress seen while pending").hasSizeGreaterThanOrEqualTo(2);
    assertThat(written.stream().anyMatch(n -> n > 0 && n < 8_000))
        .as("a part-way figure among " + written)
        .isTrue();
  }

  @Test
  void cancel_mid_export_stops_every_shard_deletes_every_file_and_shows_canceled()
      throws Exception {
    Account a = fixture.account();
    fixture.bulk(a, 20_000, 20);
    String id = startExport(a, "{}");
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> ExportCrashContract.hasPublishedFile(folder(id)));
    Response deleted = call(a, Method.DELETE, EXPORTS + "/" + id, null);
    assertThat(deleted.getStatusCode()).as(deleted.getBody()).isEqualTo(204);
    SPEC.assertResponse("DELETE", "/v3/marketing/contacts/exports/{id}", 204, deleted.getBody());

    Response r = call(a, Method.GET, EXPORTS + "/" + id, null);
    JsonNode status = json(r);
    SPEC.assertResponse("GET", "/v3/marketing/contacts/exports/{id}", 200, r.getBody());
    assertThat(status.get("status").asText()).isEqualTo("failure");
    assertThat(status.get("message").asText()).isEqualTo("canceled");
    assertThat(status.has("urls")).isFalse();
    awaitNoExportJobs();
    assertThat(folder(id)).as("no file of any shard is left").doesNotExist();
    assertThat(shardCounts(id)).as("most shards never ran").contains(0);
    assertThat(json(call(a, Method.GET, EXPORTS + "/" + id, null)).get("status").asText())
        .as("nothing made it ready later")
        .isEqualTo("failure");

    // A second DELETE removes the canceled export.
    assertThat(call(a, Method.DELETE, EXPORTS + "/" + id, null).getStatusCode()).isEqualTo(204);
    assertThat(call(a, Method.GET, EXPORTS + "/" + id, null).getStatusCode()).isEqualTo(404);
  }

  @Test
  void a_ready_export_deleted_early_has_its_files_and_status_gone() throws Exception {
    Account a = fixture.account();
    Account other = fixture.account();
    fixture.bulk(a, 2_500, 25);
    String id = startExport(a, "{}");
    JsonNode done = awaitDone(a, id);
    String url = done.get("urls").get(0).asText();
    assertThat(download(url).statusCode()).isEqualTo(200);
    Response foreign = call(other, Method.DELETE, EXPORTS + "/" + id, null);
    assertThat(foreign.getStatusCode()).isEqualTo(404);
    SPEC.assertResponse("DELETE", "/v3/marketing/contacts/exports/{id}", 404, foreign.getBody());

    assertThat(call(a, Method.DELETE, EXPORTS + "/" + id, null).getStatusCode()).isEqualTo(204);
    for (JsonNode u : done.get("urls")) {
      assertThat(download(u.asText()).statusCode()).isEqualTo(404);
    }
    assertThat(folder(id)).doesNotExist();
    assertThat(call(a, Method.GET, EXPORTS + "/" + id, null).getStatusCode()).isEqualTo(404);
    assertThat(call(a, Method.GET, EXPORTS, null).getBody()).doesNotContain(id);
    assertThat(call(a, Method.DELETE, EXPORTS + "/" + id, null).getStatusCode()).isEqualTo(404);
    assertThat(shardCounts(id)).isEmpty();
  }

  @Test
  void checksums_match_the_downloaded_bytes_and_each_download_has_repr_digest() throws Exception {
    Account a = fixture.account();
    fixture.bulk(a, 2_200, 22);
    JsonNode done = awaitDone(a, startExport(a, "{\"file_type\":\"json\"}"));
    assertThat(done.get("urls")).hasSize(3);
    assertThat(done.get("checksums")).hasSize(3);
    for (int i = 0; i < 3; i++) {
      String url = done.get("urls").get(i).asText();
      HttpResponse<byte[]> r = download(url);
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(r.body());
      assertThat(done.get("checksums").get(i).asText())
          .isEqualTo("sha256:" + HexFormat.of().formatHex(sha));
      String digest = "sha-256=:" + Base64.getEncoder().encodeToString(sha) + ":";
      assertThat(r.headers().firstValue("Repr-Digest")).hasValue(digest);
      assertThat(download(url, "Range", "bytes=0-9").headers().firstValue("Repr-Digest"))
          .as("the digest of the whole file, also for a range")
          .hasValue(digest);
    }
  }

  @Test
  void updated_since_exports_exactly_the_contacts_changed_since_then() throws Exception {
    Account a = fixture.account();
    String list = fixture.list(a, "members");
    fixture.bulk(a, 2_400, 40);
    long since = Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();
    // A third of the contacts changed a second before, a third exactly at, a third a second after.
    fixture
        .jdbi()
        .useHandle(
            h -> {
              h.createUpdate(
                      "UPDATE contacts SET updated_at = :since + ((seq % 3) - 1) * 1000"
                          + " WHERE account_id = :a")
                  .bind("since", since)
                  .bind("a", a.id())
                  .execute();
              h.createUpdate(
                      "INSERT INTO list_members (list_seq, contact_seq)"
                          + " SELECT l.seq, c.seq FROM lists l, contacts c"
                          + " WHERE l.account_id = :a AND l.id = :list AND c.account_id = :a"
                          + " AND c.seq % 2 = 0")
                  .bind("a", a.id())
                  .bind("list", list)
                  .execute();
            });
    List<String> expected = emailsWhere(a, "c.updated_at >= " + since);
    List<String> expectedInList = emailsWhere(a, "c.updated_at >= " + since + " AND c.seq % 2 = 0");
    assertThat(expected).hasSize(1_600);
    JsonNode all = awaitDone(a, startExport(a, "{\"updated_since\":\"2024-05-01T12:00:00Z\"}"));
    assertThat(all.get("contact_count").asLong()).isEqualTo(expected.size());
    assertThat(emails(all)).containsExactlyInAnyOrderElementsOf(expected);
    JsonNode offset =
        awaitDone(
            a,
            startExport(
                a,
                "{\"updated_since\":\"2024-05-01T14:00:00+02:00\",\"list_ids\":[\""
                    + list
                    + "\"]}"));
    assertThat(emails(offset)).containsExactlyInAnyOrderElementsOf(expectedInList);

    long before = exportRows();
    for (String bad :
        List.of("\"yesterday\"", "\"2024-05-01\"", "\"2024-05-01T12:00:00\"", "17", "[]")) {
      Response r = call(a, Method.POST, EXPORTS, "{\"updated_since\":" + bad + "}");
      assertThat(r.getStatusCode()).as(bad).isEqualTo(400);
      SPEC.assertResponse("POST", "/v3/marketing/contacts/exports", 400, r.getBody());
      assertThat(json(r).at("/errors/0/field").asText()).isEqualTo("updated_since");
    }
    assertThat(exportRows()).isEqualTo(before);
  }

  List<String> emailsWhere(Account a, String condition) {
    return fixture
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT c.email FROM contacts c WHERE c.account_id = :a AND " + condition)
                    .bind("a", a.id())
                    .mapTo(String.class)
                    .list());
  }

  long exportRows() {
    return fixture
        .jdbi()
        .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM exports").mapTo(Long.class).one());
  }

  static List<String> emails(JsonNode done) throws Exception {
    List<String> emails = new ArrayList<>();
    for (byte[] file : files(done)) {
      List<List<String>> rows = csv(file);
      rows.subList(1, rows.size()).forEach(r -> emails.add(r.get(0)));
    }
    return emails;
  }

  @Test
  void a_failing_shard_fails_the_export_with_a_message_and_every_file_goes() throws Exception {
    Account a = fixture.account();
    fixture.field(a, "e1_T", "colour", "Text", 1);
    fixture.bulk(a, 2_500, 30);
    fixture.contact().email("broken@example.com").custom("{not json").insert(a);
    fixture.bulk(a, 2_500, 31);
    String id = startExport(a, "{}");
    JsonNode done = awaitDone(a, id);
    assertThat(done.get("status").asText()).isEqualTo("failure");
    assertThat(done.get("message").asText()).contains("export failed").contains("custom_fields");
    awaitNoExportJobs();
    assertThat(folder(id)).doesNotExist();
    try (Stream<Path> left = Files.walk(server.dataDir().resolve("files"))) {
      assertThat(left.filter(p -> p.toString().contains(id))).isEmpty();
    }
  }
}
