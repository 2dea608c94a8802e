package io.contactd.files;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Method;
import com.sendgrid.Response;
import io.contactd.testing.Backend;
import io.contactd.testing.MutableClock;
import io.contactd.testing.OpenApi;
import io.contactd.testing.S3TestServer;
import io.contactd.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * contactd with {@code --blob-store s3://…} on a real S3 API (s3proxy): the CSV goes to S3 by a
 * presigned PUT, the import learns of it by polling, the export's files are written to S3 and
 * downloaded from S3 by presigned URLs; every row is counted on the way back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class S3FlowContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OpenApi CONTACTS = OpenApi.of("tsg_mc_contacts_v3.yaml");
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final long MAX_BYTES = 4 * 1024 * 1024;
  private static final int ROWS = 20_000;

  abstract Backend backend();

  final MutableClock clock = new MutableClock();
  TestServer server;
  String bucket;

  @BeforeAll
  void start() {
    S3TestServer s3 = S3TestServer.get();
    bucket = s3.newBucket();
    String store = "s3://" + bucket + "?endpoint=" + s3.endpoint();
    server =
        TestServer.start(
            backend(), clock, b -> b.blobStore(store).importLimits(1_000_000, MAX_BYTES));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void a_csv_uploaded_to_s3_is_imported_and_its_export_downloads_from_s3_row_for_row()
      throws Exception {
    String tag = Long.toString(System.nanoTime(), 36);
    StringBuilder csv = new StringBuilder("email,first_name\n");
    for (int i = 0; i < ROWS; i++) {
      csv.append("c").append(i).append('.').append(tag).append("@example.com,Name").append(i);
      csv.append('\n');
    }
    JsonNode created = requestImport("[\"_rf2_T\",\"_rf0_T\"]");
    String uploadUri = created.get("upload_uri").asText();
    assertThat(uploadUri)
        .as("a presigned S3 PUT")
        .startsWith(S3TestServer.get().endpoint() + "/" + bucket + "/imports/")
        .contains("X-Amz-Signature=");
    assertThat(created.get("upload_headers").toString()).contains("Content-Type", "text/csv");
    HttpResponse<String> up = upload(created, csv.toString());
    assertThat(up.statusCode()).as("S3 took the file: " + up.body()).isEqualTo(200);
    String jobId = created.get("job_id").asText();
    JsonNode job = TestServer.awaitEnd(server.client(), importPath(jobId), Duration.ofSeconds(60));
    assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("completed");
    assertThat(job.at("/results/created_count").asLong()).isEqualTo(ROWS);
    assertThat(S3TestServer.get().keys(bucket, "imports/" + jobId + "/"))
        .as("the upload is deleted once imported")
        .isEmpty();

    Response r =
        server.call(
            Method.POST,
            "marketing/contacts/exports",
            "{\"file_type\":\"csv\",\"max_file_size\":1}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
    String exportId = JSON.readTree(r.getBody()).get("id").asText();
    JsonNode done =
        TestServer.awaitEnd(
            server.client(), "marketing/contacts/exports/" + exportId, Duration.ofSeconds(60));
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("ready");
    Response status = server.call(Method.GET, "marketing/contacts/exports/" + exportId, null);
    CONTACTS.assertResponse("GET", "/v3/marketing/contacts/exports/{id}", 200, status.getBody());
    Set<String> emails = new HashSet<>();
    long rows = 0;
    for (JsonNode url : done.get("urls")) {
      assertThat(url.asText())
          .startsWith(S3TestServer.get().endpoint() + "/" + bucket + "/exports/" + exportId + "/")
          .contains("X-Amz-Expires=");
      HttpResponse<byte[]> file = get(url.asText());
      assertThat(file.statusCode()).isEqualTo(200);
      assertThat(file.headers().firstValue("Content-Type")).hasValue("application/gzip");
      assertThat(file.body().length).isLessThanOrEqualTo(1_000_000);
      String[] lines = new String(gunzip(file.body()), StandardCharsets.UTF_8).split("\n");
      assertThat(lines[0]).startsWith("\"EMAIL\"");
      for (int i = 1; i < lines.length; i++) {
        rows++;
        if (lines[i].contains("." + tag + "@example.com")) {
          emails.add(lines[i].substring(1, lines[i].indexOf('"', 1)));
        }
      }
    }
    assertThat(rows).isEqualTo(done.get("contact_count").asLong());
    assertThat(emails).hasSize(ROWS);
  }

  @Test
  void the_errors_file_of_an_import_is_a_presigned_s3_download() throws Exception {
    JsonNode created = requestImport("[\"_rf2_T\"]");
    assertThat(
            upload(created, "email\nok." + System.nanoTime() + "@example.com\nnot-an-email\n")
                .statusCode())
        .isEqualTo(200);
    JsonNode job =
        TestServer.awaitEnd(
            server.client(), importPath(created.get("job_id").asText()), Duration.ofSeconds(30));
    assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("errored");
    String errorsUrl = job.at("/results/errors_url").asText();
    assertThat(errorsUrl).startsWith(S3TestServer.get().endpoint() + "/" + bucket + "/imports/");
    HttpResponse<byte[]> errors = get(errorsUrl);
    assertThat(errors.statusCode()).isEqualTo(200);
    assertThat(new String(errors.body(), StandardCharsets.UTF_8))
        .contains("\"line\",\"reason\"", "not-an-email");
  }

  @Test
  void a_second_put_with_the_same_url_is_never_imported() throws Exception {
    JsonNode created = requestImport("[\"_rf2_T\"]");
    String first = "first." + System.nanoTime() + "@example.com";
    assertThat(upload(created, "email\n" + first + "\n").statusCode()).isEqualTo(200);
    String jobId = created.get("job_id").asText();
    JsonNode job = TestServer.awaitEnd(server.client(), importPath(jobId), Duration.ofSeconds(30));
    assertThat(job.get("status").asText()).isEqualTo("completed");
    String replay = "replay." + System.nanoTime() + "@example.com";
    assertThat(upload(created, "email\n" + replay + "\n").statusCode())
        .as("S3 takes a presigned PUT until the URL expires")
        .isEqualTo(200);
    server.app().pollUploads();
    JsonNode after = status(jobId);
    assertThat(after.get("status").asText()).isEqualTo("completed");
    assertThat(after.at("/results/created_count").asLong()).isEqualTo(1);
    assertThat(search(replay)).as("the replayed file is not imported").isZero();
    assertThat(search(first)).isEqualTo(1);
  }

  @Test
  void a_file_replaced_after_it_arrived_fails_the_import_instead_of_importing_other_rows()
      throws Exception {
    S3TestServer s3 = S3TestServer.get();
    String store = "s3://" + s3.newBucket() + "?endpoint=" + s3.endpoint();
    try (TestServer queuing = TestServer.start(backend(), b -> b.blobStore(store).workers(false))) {
      JsonNode created = requestImport(queuing, "[\"_rf2_T\"]");
      String jobId = created.get("job_id").asText();
      assertThat(upload(created, "email\nfirst@example.com\n").statusCode()).isEqualTo(200);
      assertThat(queuing.app().pollUploads()).as("found, pinned and queued").isEqualTo(1);
      assertThat(queuing.app().pollUploads()).as("once").isZero();
      assertThat(upload(created, "email\nreplaced@example.com\nmore@example.com\n").statusCode())
          .isEqualTo(200);
      queuing.restart(b -> b.workers(true));
      JsonNode job =
          TestServer.awaitEnd(queuing.client(), importPath(jobId), Duration.ofSeconds(30));
      assertThat(job.get("status").asText()).isEqualTo("failed");
      assertThat(job.get("message").asText()).contains("replaced after it arrived");
      assertThat(job.at("/results/created_count").asLong()).isZero();
    }
  }

  @Test
  void an_upload_over_the_size_limit_fails_the_import_and_is_deleted() throws Exception {
    JsonNode created = requestImport("[\"_rf2_T\"]");
    String jobId = created.get("job_id").asText();
    String big = "email\n" + "a".repeat((int) MAX_BYTES) + "@example.com\n";
    assertThat(upload(created, big).statusCode()).isEqualTo(200);
    JsonNode job = TestServer.awaitEnd(server.client(), importPath(jobId), Duration.ofSeconds(30));
    assertThat(job.get("status").asText()).isEqualTo("failed");
    assertThat(job.get("message").asText()).contains("larger than " + MAX_BYTES);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> S3TestServer.get().keys(bucket, "imports/" + jobId + "/").isEmpty());
  }

  @Test
  void an_import_whose_file_never_came_fails_after_its_url_expired() throws Exception {
    JsonNode created = requestImport("[\"_rf2_T\"]");
    String jobId = created.get("job_id").asText();
    clock.advance(Duration.ofMinutes(70));
    try {
      server.app().pollUploads();
      assertThat(status(jobId).get("status").asText())
          .as("S3 may still be receiving a PUT begun before the expiry")
          .isEqualTo("pending");
      clock.advance(Duration.ofMinutes(10));
      server.app().pollUploads();
    } finally {
      clock.reset();
    }
    JsonNode job = status(jobId);
    assertThat(job.get("status").asText()).isEqualTo("failed");
    assertThat(job.get("message").asText()).contains("expired");
  }

  private JsonNode requestImport(String mappings) throws IOException {
    return requestImport(server, mappings);
  }

  private static JsonNode requestImport(TestServer server, String mappings) throws IOException {
    Response r =
        server.call(
            Method.PUT,
            "marketing/contacts/imports",
            "{\"file_type\":\"csv\",\"field_mappings\":" + mappings + "}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    CONTACTS.assertResponse("PUT", "/v3/marketing/contacts/imports", 200, r.getBody());
    return JSON.readTree(r.getBody());
  }

  private static String importPath(String jobId) {
    return "marketing/contacts/imports/" + jobId;
  }

  private JsonNode status(String jobId) throws IOException {
    return JSON.readTree(server.call(Method.GET, importPath(jobId), null).getBody());
  }

  private long search(String email) throws IOException {
    Response r =
        server.call(
            Method.POST, "marketing/contacts/search/emails", "{\"emails\":[\"" + email + "\"]}");
    return r.getStatusCode() == 404 ? 0 : JSON.readTree(r.getBody()).get("result").size();
  }

  static HttpResponse<String> upload(JsonNode created, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(created.get("upload_uri").asText()))
            .PUT(HttpRequest.BodyPublishers.ofString(body));
    for (JsonNode h : created.get("upload_headers")) {
      b.header(h.get("header").asText(), h.get("value").asText());
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<byte[]> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static byte[] gunzip(byte[] gz) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }
}
