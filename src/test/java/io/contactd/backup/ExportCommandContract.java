package io.contactd.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactd.client.ApiClient;
import io.contactd.testing.Backend;
import io.contactd.testing.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 3: {@code contactd export} against a real contactd behind a {@link FaultProxy} (the
 * server's public URL is the proxy's, so downloads pass it too): the files arrive, checked, with a
 * manifest; a download cut mid-file is resumed with Range; a damaged file and a wrong count fail
 * with one line; a 429 is waited out; the key never reaches the download host or the output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExportCommandContract {
  private static final int PEOPLE = 400;

  abstract Backend backend();

  FaultProxy proxy;
  TestServer server;
  Seed seed;
  String list;
  String otherList;
  String segment;

  @BeforeAll
  void start() throws IOException {
    proxy = new FaultProxy();
    server = TestServer.start(backend(), b -> b.publicUrl(proxy.url()));
    proxy.target(server.baseUrl());
    seed = Seed.account(server);
    list = seed.list("newsletter");
    otherList = seed.list("other");
    seed.contacts(List.of(list), Seed.people("a", PEOPLE));
    seed.contacts(List.of(otherList), Seed.people("b", 25));
    segment =
        seed.segment(
            "city one",
            "SELECT contact_id, updated_at FROM contact_data WHERE city = 'City 1'",
            null);
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @BeforeEach
  void noFaults() {
    proxy.cutNextDownloadAfter(-1);
    proxy.flipDownloadByteAt(-1);
    proxy.tooManyRequests("^$", 0);
    proxy.rewriteJson("^$", j -> j);
    proxy.seen.clear();
  }

  private Cli.Result export(Path out, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "export",
                "--base-url",
                proxy.url(),
                "--api-key",
                server.key(),
                "--on-behalf-of",
                seed.subuser,
                "--out",
                out.toString()));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void export_downloads_checks_and_writes_the_manifest(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");
    Cli.Result r = export(out, "--list", list);

    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("exported " + PEOPLE + " contacts in 1 file to");
    assertThat(r.all()).doesNotContain(server.key()).doesNotContain(server.key().split("\\.")[2]);
    JsonNode manifest = Seed.JSON.readTree(out.resolve("manifest.json").toFile());
    assertThat(manifest.get("contact_count").asLong()).isEqualTo(PEOPLE);
    assertThat(manifest.get("list_ids").get(0).asText()).isEqualTo(list);
    assertThat(manifest.get("file_type").asText()).isEqualTo("csv");
    assertThat(manifest.get("export_id").asText()).isNotBlank();
    assertThat(manifest.get("downloaded_at").asText()).endsWith("Z");
    JsonNode file = manifest.get("files").get(0);
    Path data = out.resolve(file.get("name").asText());
    assertThat(file.get("name").asText()).endsWith(".csv.gzip");
    assertThat(file.get("size").asLong()).isEqualTo(Files.size(data));
    assertThat(file.get("sha256").asText()).isEqualTo(sha256(Files.readAllBytes(data)));
    assertThat(file.get("rows").asLong())
        .as("CSV records minus the header; some fields hold line breaks")
        .isEqualTo(PEOPLE);
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("manifest.json", file.get("name").asText());
    }
    // The status (with its URLs) came from the API with the key; the file without it.
    assertThat(proxy.seen)
        .filteredOn(s -> s.path().startsWith("/v3/"))
        .allMatch(FaultProxy.Seen::authorization);
    assertThat(proxy.downloads()).isNotEmpty().noneMatch(FaultProxy.Seen::authorization);
  }

  @Test
  void json_exports_count_ndjson_lines(@TempDir Path dir) throws Exception {
    Cli.Result r = export(dir, "--list", otherList, "--format", "json");
    assertThat(r.code()).as(r.all()).isZero();
    JsonNode manifest = Seed.JSON.readTree(dir.resolve("manifest.json").toFile());
    assertThat(manifest.get("files").get(0).get("name").asText()).endsWith(".json.gzip");
    assertThat(manifest.get("files").get(0).get("rows").asLong()).isEqualTo(25);
  }

  @Test
  void a_segment_exports_its_contacts(@TempDir Path dir) throws Exception {
    Cli.Result r = export(dir, "--segment", segment);
    assertThat(r.code()).as(r.all()).isZero();
    long inCityOne =
        java.util.stream.IntStream.range(0, PEOPLE).filter(i -> i % 13 == 1).count()
            + java.util.stream.IntStream.range(0, 25).filter(i -> i % 13 == 1).count();
    JsonNode manifest = Seed.JSON.readTree(dir.resolve("manifest.json").toFile());
    assertThat(manifest.get("segment_ids").get(0).asText()).isEqualTo(segment);
    assertThat(manifest.get("contact_count").asLong()).isEqualTo(inCityOne);
    assertThat(manifest.get("files").get(0).get("rows").asLong()).isEqualTo(inCityOne);
  }

  @Test
  void a_download_cut_mid_file_is_resumed_with_range_and_checks(@TempDir Path dir)
      throws Exception {
    proxy.cutNextDownloadAfter(3000);
    Cli.Result r = export(dir, "--list", list);

    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("resuming").contains("resumed 1 time");
    assertThat(proxy.downloads())
        .extracting(FaultProxy.Seen::range)
        .containsExactly(null, "bytes=3000-");
    JsonNode file = Seed.JSON.readTree(dir.resolve("manifest.json").toFile()).get("files").get(0);
    assertThat(file.get("rows").asLong()).isEqualTo(PEOPLE);
    byte[] whole = fetch(proxy.url() + proxy.downloads().get(0).path());
    assertThat(file.get("sha256").asText())
        .as("the resumed file is byte for byte the served one")
        .isEqualTo(sha256(whole));
  }

  @Test
  void a_damaged_gzip_fails_with_one_line_and_no_manifest(@TempDir Path dir) {
    proxy.flipDownloadByteAt(500);
    Cli.Result r = export(dir, "--list", list);

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.errLines().get(0)).startsWith("contactd: ").contains("is damaged");
    assertThat(dir.resolve("manifest.json")).doesNotExist();
    try (var files = Files.list(dir)) {
      assertThat(files).as("no file or .partial left").isEmpty();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void a_row_count_that_differs_from_contact_count_fails_with_one_line(@TempDir Path dir) {
    proxy.rewriteJson(
        "/v3/marketing/contacts/exports/[^/]+",
        j -> {
          if (j.has("contact_count")) {
            ((ObjectNode) j).put("contact_count", j.get("contact_count").asLong() + 1);
          }
          return j;
        });
    Cli.Result r = export(dir, "--list", list);

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.err())
        .contains("hold " + PEOPLE + " rows but the server counted " + (PEOPLE + 1) + " contacts");
    assertThat(dir.resolve("manifest.json")).doesNotExist();
  }

  @Test
  void a_429_is_waited_out(@TempDir Path dir) {
    proxy.tooManyRequests("/v3/marketing/contacts/exports(/[^/]+)?", 2);
    Cli.Result r = export(dir, "--list", otherList);

    assertThat(r.code()).as(r.all()).isZero();
    assertThat(proxy.served429.get()).isEqualTo(2);
    assertThat(r.out()).contains("rate limited on POST /v3/marketing/contacts/exports; waiting");
    assertThat(dir.resolve("manifest.json")).exists();
  }

  @Test
  void a_refused_key_and_an_unknown_list_fail_with_one_line(@TempDir Path dir) {
    Cli.Result bad =
        Cli.run(
            "export",
            "--base-url",
            server.baseUrl(),
            "--api-key",
            "SG.aaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
            "--out",
            dir.toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.errLines()).hasSize(1);
    assertThat(bad.err()).contains("answered 401").doesNotContain("bbbbbbbbbbbbbbbbbbbbbbbbbbb");

    Cli.Result unknown = export(dir, "--list", "00000000-0000-0000-0000-000000000000");
    assertThat(unknown.code()).isEqualTo(1);
    assertThat(unknown.errLines()).hasSize(1);
    assertThat(unknown.err()).contains("POST /v3/marketing/contacts/exports answered 404");

    Cli.Result usage = export(dir, "--format", "xml");
    assertThat(usage.code()).isEqualTo(2);
    assertThat(usage.err()).contains("--format must be csv or json");
  }

  /** Several files at once, as a split export gives: unique names, rows added up. */
  @Test
  void the_files_of_one_export_download_in_parallel(@TempDir Path dir) throws Exception {
    ApiClient api =
        new ApiClient(proxy.url(), server.key(), seed.subuser, Clock.systemUTC(), s -> {});
    List<String> lines = new ArrayList<>();
    Exporter exporter =
        new Exporter(api, Clock.systemUTC(), new Lines(lines), 4, Duration.ofMinutes(1));
    Exporter.Request one = new Exporter.Request(List.of(list), List.of(), "csv");
    Exporter.Request two = new Exporter.Request(List.of(otherList), List.of(), "csv");
    JsonNode a = exporter.await(exporter.create(one));
    JsonNode b = exporter.await(exporter.create(two));
    ObjectNode both = a.deepCopy();
    both.withArray("urls").addAll((com.fasterxml.jackson.databind.node.ArrayNode) b.get("urls"));
    both.put("contact_count", PEOPLE + 25);

    Manifest m = exporter.download(a.get("id").asText(), both, one, dir);

    assertThat(m.files()).hasSize(2);
    assertThat(m.files().get(0).name()).isNotEqualTo(m.files().get(1).name());
    assertThat(m.files()).extracting(Manifest.FileEntry::rows).containsExactly((long) PEOPLE, 25L);
    assertThat(m.rows()).isEqualTo(PEOPLE + 25);
    assertThat(Manifest.read(dir)).isEqualTo(m);
  }

  private static byte[] fetch(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofByteArray())
        .body();
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** Progress as a list of lines, bars ignored. */
  record Lines(List<String> lines) implements Progress {
    @Override
    public void line(String text) {
      lines.add(text);
    }

    @Override
    public Bar bar(String task, long max, Unit unit) {
      return new Bar() {
        @Override
        public void step(long delta) {}

        @Override
        public void stepTo(long value) {}

        @Override
        public void max(long max) {}

        @Override
        public void grow(long more) {}

        @Override
        public void note(String text) {}

        @Override
        public void close() {}
      };
    }
  }
}
