package io.contactd.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Method;
import com.sendgrid.Response;
import io.contactd.App;
import io.contactd.Config;
import io.contactd.auth.ApiKeySecret;
import io.contactd.testing.Backend;
import io.contactd.testing.MutableClock;
import io.contactd.testing.TestDatabases;
import io.contactd.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a probe of the data at rest and of the download URLs found: files readable by the owner
 * only, a signing secret that can live outside the database, signed URLs that cannot claim a
 * lifetime this server never gives, conditional downloads, and the opt-in CSV formula guard.
 */
abstract class FileSafetyContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  abstract Backend backend();

  @TempDir Path tmp;

  @Test
  void the_data_dir_is_created_0700_and_the_database_and_export_files_0600() throws Exception {
    Path dataDir = tmp.resolve("fresh").resolve("data");
    String key = ApiKeySecret.generate().toString();
    Config config =
        Config.builder(dataDir)
            .port(0)
            .dbUrl(TestDatabases.url(backend(), dataDir))
            .rateLimitPerMinute(0)
            .apiKey(key)
            .jobTiming(Duration.ofMillis(100), Duration.ofSeconds(1))
            .build();
    try (App app = App.start(config, new MutableClock(), Clock.systemUTC())) {
      var sg = new com.sendgrid.SendGrid(key, true);
      sg.setHost("127.0.0.1:" + app.port());
      String url = exportOf(sg, "{\"email\":\"private@example.com\"}");
      assertThat(download(url).statusCode()).isEqualTo(200);
      List<Path> files = new ArrayList<>();
      try (Stream<Path> all = Files.walk(dataDir)) {
        all.forEach(files::add);
      }
      assertThat(files)
          .as("an export file and, on SQLite, the database")
          .anyMatch(p -> p.toString().endsWith(".csv.gzip"));
      if (backend() == Backend.SQLITE) {
        assertThat(files).anyMatch(p -> p.getFileName().toString().equals("contactd.db"));
      }
      for (Path p : files) {
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        assertThat(mode)
            .as(dataDir.relativize(p).toString())
            .isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
      }
    }
  }

  @Test
  void a_configured_secret_replaces_the_database_one_so_a_database_copy_cannot_forge_urls()
      throws Exception {
    MutableClock clock = new MutableClock();
    try (TestServer server = TestServer.start(backend(), clock, b -> b)) {
      byte[] stored = storedSecret(server).orElseThrow();
      Path secretFile = tmp.resolve("signing-secret");
      String secret = "a-secret-of-48-characters-kept-outside-the-db-00";
      Files.writeString(secretFile, secret + "\n");
      server.restart(b -> b.signingSecret("file:" + secretFile));

      String url = exportOf(server.client(), "{\"email\":\"forge@example.com\"}");
      assertThat(download(url).statusCode()).isEqualTo(200);
      assertThat(storedSecret(server)).as("the database holds no secret any more").isEmpty();

      SignedPath signed = SignedPath.of(url);
      String withStored = new UrlSigner(stored).sign("GET", signed.key(), signed.expires());
      assertThat(download(signed.withSignature(withStored)).statusCode())
          .as("signed with the secret a database copy held")
          .isEqualTo(403);
      String withConfigured =
          new UrlSigner(secret.getBytes(StandardCharsets.UTF_8))
              .sign("GET", signed.key(), signed.expires());
      assertThat(withConfigured).isEqualTo(signed.signature());
    }
  }

  @Test
  void a_configured_secret_shorter_than_32_characters_stops_the_start() {
    assertThatThrownBy(() -> TestServer.start(backend(), b -> b.signingSecret("short")).close())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CONTACTD_SIGNING_SECRET");
  }

  @Test
  void a_validly_signed_url_that_claims_to_live_longer_than_any_export_is_403() throws Exception {
    MutableClock clock = new MutableClock();
    try (TestServer server = TestServer.start(backend(), clock, b -> b)) {
      String url = exportOf(server.client(), "{\"email\":\"lifetime@example.com\"}");
      assertThat(download(url).statusCode()).isEqualTo(200);
      SignedPath signed = SignedPath.of(url);
      UrlSigner signer = new UrlSigner(storedSecret(server).orElseThrow());
      long year2100 = 4_102_444_800L;
      String forged =
          server.baseUrl()
              + LocalBlobStore.urlPath(
                  signed.key(), year2100, signer.sign("GET", signed.key(), year2100));
      assertThat(download(forged).statusCode()).isEqualTo(403);

      long inAWeek = clock.instant().plus(Duration.ofDays(7)).getEpochSecond();
      String week =
          server.baseUrl()
              + LocalBlobStore.urlPath(
                  signed.key(), inAWeek, signer.sign("GET", signed.key(), inAWeek));
      assertThat(download(week).statusCode()).isEqualTo(403);

      long inADay = clock.instant().plus(Duration.ofDays(1)).getEpochSecond();
      String day =
          server.baseUrl()
              + LocalBlobStore.urlPath(
                  signed.key(), inADay, signer.sign("GET", signed.key(), inADay));
      assertThat(download(day).statusCode()).as("within an export's 72 h").isEqualTo(200);
    }
  }

  @Test
  void if_none_match_with_the_current_etag_is_304_without_a_body() throws Exception {
    try (TestServer server = TestServer.start(backend(), new MutableClock(), b -> b)) {
      String url = exportOf(server.client(), "{\"email\":\"etag@example.com\"}");
      HttpResponse<byte[]> first = download(url);
      String etag = first.headers().firstValue("ETag").orElseThrow();

      HttpResponse<byte[]> again = download(url, "If-None-Match", etag);
      assertThat(again.statusCode()).isEqualTo(304);
      assertThat(again.body()).isEmpty();
      assertThat(again.headers().firstValue("ETag")).hasValue(etag);
      assertThat(download(url, "If-None-Match", "\"other\", W/" + etag).statusCode())
          .isEqualTo(304);
      HttpResponse<byte[]> changed = download(url, "If-None-Match", "\"other\"");
      assertThat(changed.statusCode()).isEqualTo(200);
      assertThat(changed.body()).isEqualTo(first.body());
    }
  }

  @Test
  void exports_keep_formulas_verbatim_by_default_and_defuse_them_with_the_guard() throws Exception {
    String contact =
        "{\"email\":\"formula@example.com\",\"first_name\":\"=HYPERLINK(\\\"http://x\\\")\","
            + "\"last_name\":\"+1+1\",\"city\":\"@SUM(A1)\",\"country\":\"-5\"}";
    try (TestServer plain = TestServer.start(backend(), new MutableClock(), b -> b)) {
      String csv = gunzipText(download(exportOf(plain.client(), contact)).body());
      assertThat(csv)
          .contains("\"=HYPERLINK(\"\"http://x\"\")\",\"+1+1\",", "\"@SUM(A1)\"", "\"-5\"");
    }
    try (TestServer guarded =
        TestServer.start(backend(), new MutableClock(), b -> b.csvFormulaGuard(true))) {
      String csv = gunzipText(download(exportOf(guarded.client(), contact)).body());
      assertThat(csv)
          .contains("\"'=HYPERLINK(\"\"http://x\"\")\",\"'+1+1\",", "\"'@SUM(A1)\"")
          .as("a plain number is no formula")
          .contains("\"-5\"");
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  /** Upserts one contact, exports all contacts as CSV and returns the first file's URL. */
  private static String exportOf(com.sendgrid.SendGrid sg, String contact) throws IOException {
    Response up =
        TestServer.call(sg, Method.PUT, "marketing/contacts", "{\"contacts\":[" + contact + "]}");
    assertThat(up.getStatusCode()).as(up.getBody()).isEqualTo(202);
    String job = JSON.readTree(up.getBody()).get("job_id").asText();
    await(sg, "marketing/contacts/imports/" + job, "completed");
    Response r = TestServer.call(sg, Method.POST, "marketing/contacts/exports", "{}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
    String id = JSON.readTree(r.getBody()).get("id").asText();
    JsonNode ready = await(sg, "marketing/contacts/exports/" + id, "ready");
    return ready.at("/urls/0").asText();
  }

  private static JsonNode await(com.sendgrid.SendGrid sg, String endpoint, String wanted) {
    JsonNode last = TestServer.awaitEnd(sg, endpoint, Duration.ofSeconds(60));
    assertThat(last.get("status").asText()).as(last.toString()).isEqualTo(wanted);
    return last;
  }

  private static java.util.Optional<byte[]> storedSecret(TestServer server) {
    Jdbi jdbi = server.app().database().jdbi();
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT value FROM settings WHERE name = 'blob_signing_secret'")
                .mapTo(String.class)
                .findOne()
                .map(Base64.getDecoder()::decode));
  }

  static HttpResponse<byte[]> download(String url, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String gunzipText(byte[] gz) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** {@code …/files/<expires>/<signature>/<key>} taken apart. */
  private record SignedPath(String prefix, long expires, String signature, String key) {
    static SignedPath of(String url) {
      int at = url.indexOf("/files/");
      String[] parts = url.substring(at + "/files/".length()).split("/", 3);
      return new SignedPath(url.substring(0, at), Long.parseLong(parts[0]), parts[1], parts[2]);
    }

    String withSignature(String signature) {
      return prefix + LocalBlobStore.urlPath(key, expires, signature);
    }
  }
}
