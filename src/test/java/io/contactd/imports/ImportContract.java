package io.contactd.imports;

import static io.contactd.imports.ImportFixture.await;
import static io.contactd.imports.ImportFixture.download;
import static io.contactd.imports.ImportFixture.gzip;
import static io.contactd.imports.ImportFixture.importFile;
import static io.contactd.imports.ImportFixture.json;
import static io.contactd.imports.ImportFixture.request;
import static io.contactd.imports.ImportFixture.upload;
import static io.contactd.imports.ImportFixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sendgrid.Method;
import com.sendgrid.Response;
import io.contactd.testing.Backend;
import io.contactd.testing.MutableClock;
import io.contactd.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** CSV imports over real HTTP: the official client for the API, a plain PUT for the upload. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ImportContract {
  static final long MAX_ROWS = 1_000;
  static final long MAX_BYTES = 11L * 1024 * 1024;

  abstract Backend backend();

  final MutableClock clock = new MutableClock();
  TestServer server;

  @BeforeAll
  void start() {
    server = TestServer.start(backend(), clock, b -> b.importLimits(MAX_ROWS, MAX_BYTES));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  // --- the happy path -------------------------------------------------------------------------

  @Test
  void gzip_import_creates_contacts_with_normalised_values_and_adds_them_to_the_lists() {
    String text = createField(unique("nick"), "Text");
    String number = createField(unique("age"), "Number");
    String date = createField(unique("since"), "Date");
    String list = createList(unique("imported "));
    String a = unique("ann.");
    String b = unique("bob.");
    String csv =
        "EMAIL,FIRST,IGNORED,NICK,AGE,SINCE,ALTS\n"
            + a.toUpperCase()
            + "@Example.COM,Ann,x,annie,42,3/4/2024,\"A1@example.org,a2@example.org\"\n"
            + b
            + "@example.com,Bob,y,,7.5,2024-05-06,\n";
    JsonNode created =
        request(
            server,
            "{\"file_type\":\"csv\",\"list_ids\":[\""
                + list
                + "\"],\"field_mappings\":"
                + "[\"_rf2_T\",\"_rf0_T\",null,\""
                + text
                + "\",\""
                + number
                + "\",\""
                + date
                + "\",\"_rf3_T\"]}");
    assertThat(created.get("upload_uri").asText()).startsWith(server.baseUrl() + "/uploads/");
    assertThat(created.get("upload_headers").isArray()).isTrue();
    HttpResponse<String> up = upload(created, gzip(utf8(csv)));
    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);

    JsonNode job = await(server, created.get("job_id").asText());
    assertThat(job.get("status").asText()).isEqualTo("completed");
    assertThat(job.get("job_type").asText()).isEqualTo("upsert_contacts");
    assertThat(job.at("/results/requested_count").asLong()).isEqualTo(2);
    assertThat(job.at("/results/created_count").asLong()).isEqualTo(2);
    assertThat(job.at("/results/errored_count").asLong()).isZero();
    assertThat(job.at("/results/errors_url").isMissingNode()).isTrue();
    assertThat(job.has("started_at")).isTrue();
    assertThat(job.has("finished_at")).isTrue();

    JsonNode ann = contactByEmail(a.toLowerCase() + "@example.com");
    assertThat(ann.get("first_name").asText()).isEqualTo("Ann");
    assertThat(ann.get("alternate_emails").toString()).contains("a1@example.org", "a2@example.org");
    assertThat(ann.get("list_ids").toString()).contains(list);
    assertThat(ann.get("custom_fields").toString())
        .contains("\"annie\"", "42", "\"2024-03-04T00:00:00Z\"");
    JsonNode bob = contactByEmail(b + "@example.com");
    assertThat(bob.get("custom_fields").toString()).contains("7.5", "\"2024-05-06T00:00:00Z\"");
    assertThat(bob.get("list_ids").toString()).contains(list);
  }

  @Test
  void importing_the_same_contacts_again_updates_them_and_creates_none() {
    String prefix = unique("again");
    StringBuilder csv = new StringBuilder("email,city\n");
    for (int i = 0; i < 30; i++) {
      csv.append(prefix).append(i).append("@example.com,Lyon\n");
    }
    JsonNode first = importFile(server, "[\"_rf2_T\",\"_rf6_T\"]", utf8(csv.toString()));
    assertThat(first.at("/results/created_count").asLong()).isEqualTo(30);
    JsonNode second =
        importFile(
            server, "[\"_rf2_T\",\"_rf6_T\"]", utf8(csv.toString().replace("Lyon", "Paris")));
    assertThat(second.get("status").asText()).isEqualTo("completed");
    assertThat(second.at("/results/created_count").asLong()).isZero();
    assertThat(second.at("/results/updated_count").asLong()).isEqualTo(30);
    assertThat(contactByEmail(prefix + "7@example.com").get("city").asText()).isEqualTo("Paris");
  }

  @Test
  void
      failing_rows_are_listed_with_line_and_reason_in_the_errors_file_and_the_others_are_applied() {
    String number = createField(unique("score"), "Number");
    String p = unique("rows");
    String csv =
        "email,score,city\n"
            + p
            + "ok1@example.com,1,A\n"
            + "not-an-email,2,B\n"
            + p
            + "ok2@example.com,many,C\n"
            + ",3,D\n"
            + p
            + "ok3@example.com,4\n"
            + p
            + "ok4@example.com,5,E\n";
    JsonNode job = importFile(server, "[\"_rf2_T\",\"" + number + "\",\"_rf6_T\"]", utf8(csv));
    assertThat(job.get("status").asText()).isEqualTo("errored");
    assertThat(job.at("/results/requested_count").asLong()).isEqualTo(6);
    assertThat(job.at("/results/created_count").asLong()).isEqualTo(2);
    assertThat(job.at("/results/errored_count").asLong()).isEqualTo(4);
    String errors = download(job.at("/results/errors_url").asText());
    String[] lines = errors.split("\r\n");
    assertThat(lines[0]).isEqualTo("\"line\",\"reason\",\"email\",\"score\",\"city\"");
    assertThat(lines).hasSize(5);
    assertThat(lines[1]).startsWith("\"3\",").contains("email", "not-an-email");
    assertThat(lines[2]).startsWith("\"4\",").contains("score", "many");
    assertThat(lines[3]).startsWith("\"5\",").contains("identifier");
    assertThat(lines[4]).startsWith("\"6\",").contains("2 columns");
    assertThat(contactByEmail(p + "ok1@example.com").isMissingNode()).isFalse();
    assertThat(contactByEmail(p + "ok2@example.com").isMissingNode())
        .as("a failed row writes nothing")
        .isTrue();
    assertThat(contactByEmail(p + "ok3@example.com").isMissingNode()).isTrue();
  }

  @Test
  void a_file_where_every_row_fails_ends_failed_with_an_errors_file() {
    JsonNode job = importFile(server, "[\"_rf2_T\"]", utf8("email\nnope\nnada\n"));
    assertThat(job.get("status").asText()).isEqualTo("failed");
    assertThat(job.at("/results/errored_count").asLong()).isEqualTo(2);
    assertThat(download(job.at("/results/errors_url").asText())).contains("\"2\",", "\"3\",");
  }

  @Test
  void the_files_of_an_import_are_deleted_72_hours_after_it_finished() throws Exception {
    JsonNode job =
        importFile(
            server, "[\"_rf2_T\"]", utf8("email\nbroken\n" + unique("kept") + "@example.com\n"));
    assertThat(job.get("status").asText()).isEqualTo("errored");
    String jobId = job.get("id").asText();
    java.nio.file.Path folder = server.dataDir().resolve("files/imports/" + jobId);
    assertThat(folder.resolve("errors.csv")).exists();
    assertThat(folder.resolve("upload"))
        .as("the upload is deleted when the job ends")
        .doesNotExist();
    clock.advance(Duration.ofHours(71));
    try {
      server.app().sweepImports();
      assertThat(folder.resolve("errors.csv")).as("kept until 72 h").exists();
      clock.advance(Duration.ofHours(2));
      assertThat(server.app().sweepImports()).isGreaterThanOrEqualTo(1);
    } finally {
      clock.reset();
    }
    assertThat(folder).doesNotExist();
    JsonNode after = ImportFixture.status(server, jobId);
    assertThat(after.at("/results/errors_url").isMissingNode()).isTrue();
    assertThat(after.at("/results/errored_count").asLong()).isEqualTo(1);
  }

  // --- the request ----------------------------------------------------------------------------

  @Test
  void a_file_type_other_than_csv_is_400() {
    assertError(put("{\"file_type\":\"json\",\"field_mappings\":[\"_rf2_T\"]}"), 400, "file_type");
    assertError(put("{\"field_mappings\":[\"_rf2_T\"]}"), 400, "file_type");
  }

  @Test
  void unknown_field_ids_are_400_naming_them() {
    Response r =
        put("{\"file_type\":\"csv\",\"field_mappings\":[\"_rf2_T\",\"e999_T\",null,\"nickname\"]}");
    assertError(r, 400, "field_mappings");
    assertThat(r.getBody()).contains("e999_T").contains("nickname");
  }

  @Test
  void read_only_reserved_fields_cannot_be_mapped() {
    Response r = put("{\"file_type\":\"csv\",\"field_mappings\":[\"_rf2_T\",\"_rf23_T\"]}");
    assertError(r, 400, "field_mappings");
    assertThat(r.getBody()).contains("_rf23_T");
  }

  @Test
  void mappings_without_an_identifier_are_400() {
    Response r = put("{\"file_type\":\"csv\",\"field_mappings\":[\"_rf0_T\",\"_rf1_T\",null]}");
    assertError(r, 400, "field_mappings");
    assertThat(r.getBody()).contains("identifier");
    assertError(put("{\"file_type\":\"csv\",\"field_mappings\":[]}"), 400, "field_mappings");
    assertError(
        put("{\"file_type\":\"csv\",\"field_mappings\":[\"_rf2_T\",\"_rf2_T\"]}"),
        400,
        "field_mappings");
    assertError(
        put("{\"file_type\":\"csv\",\"field_mappings\":\"_rf2_T\"}"), 400, "field_mappings");
  }

  @Test
  void every_identifier_field_counts_and_ids_without_a_suffix_are_accepted() {
    for (String id : List.of("_rf24_T", "_rf25_T", "_rf26_T", "_rf2")) {
      assertThat(put("{\"file_type\":\"csv\",\"field_mappings\":[\"" + id + "\"]}").getStatusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void an_unknown_list_is_404() {
    Response r =
        put(
            "{\"file_type\":\"csv\",\"list_ids\":[\"6b7c5a0e-0000-4000-8000-000000000000\"],\"field_mappings\":[\"_rf2_T\"]}");
    assertError(r, 404, "list_ids");
  }

  // --- the upload -----------------------------------------------------------------------------

  @Test
  void an_upload_url_works_once() {
    JsonNode created = request(server, "{\"file_type\":\"csv\",\"field_mappings\":[\"_rf2_T\"]}");
    String email = unique("once") + "@example.com";
    assertThat(upload(created, utf8("email\n" + email + "\n")).statusCode()).isEqualTo(200);
    HttpResponse<String> again = upload(created, utf8("email\nother@example.com\n"));
    assertThat(again.statusCode()).isEqualTo(403);
    assertThat(again.body()).contains("access forbidden");
    JsonNode job = await(server, created.get("job_id").asText());
    assertThat(job.at("/results/requested_count").asLong()).isEqualTo(1);
  }

  @Test
  void an_expired_or_tampered_upload_url_is_403() {
    JsonNode created = request(server, "{\"file_type\":\"csv\",\"field_mappings\":[\"_rf2_T\"]}");
    String uri = created.get("upload_uri").asText();
    String tampered = uri.replaceAll("/uploads/(\\d+)/", "/uploads/9$1/");
    assertThat(
            ImportFixture.send(
                    HttpRequest.newBuilder(URI.create(tampered))
                        .PUT(HttpRequest.BodyPublishers.ofString("email\n"))
                        .build())
                .statusCode())
        .isEqualTo(403);
    clock.advance(Duration.ofHours(2));
    try {
      assertThat(upload(created, utf8("email\nlate@example.com\n")).statusCode()).isEqualTo(403);
    } finally {
      clock.reset();
    }
    assertThat(ImportFixture.status(server, created.get("job_id").asText()).get("status").asText())
        .isEqualTo("pending");
  }

  @Test
  void an_import_whose_upload_url_expired_unused_ends_failed() throws Exception {
    JsonNode created = request(server, "{\"file_type\":\"csv\",\"field_mappings\":[\"_rf2_T\"]}");
    String jobId = created.get("job_id").asText();
    assertThat(server.app().sweepImports()).as("nothing has expired yet").isZero();
    assertThat(ImportFixture.status(server, jobId).get("status").asText()).isEqualTo("pending");
    clock.advance(Duration.ofHours(2));
    try {
      assertThat(server.app().sweepImports()).isGreaterThanOrEqualTo(1);
    } finally {
      clock.reset();
    }
    JsonNode job = ImportFixture.status(server, jobId);
    assertThat(job.get("status").asText()).isEqualTo("failed");
    assertThat(job.get("message").asText()).contains("expired");
    assertThat(upload(created, utf8("email\nlate@example.com\n")).statusCode()).isEqualTo(403);
  }

  @Test
  void an_upload_over_the_size_limit_is_refused_and_fails_the_job() {
    JsonNode created = request(server, "{\"file_type\":\"csv\",\"field_mappings\":[\"_rf2_T\"]}");
    byte[] big = new byte[(int) MAX_BYTES + 1024];
    java.util.Arrays.fill(big, (byte) 'a');
    HttpResponse<String> up = upload(created, big);
    assertThat(up.statusCode()).isEqualTo(413);
    JsonNode job = ImportFixture.status(server, created.get("job_id").asText());
    assertThat(job.get("status").asText()).isEqualTo("failed");
    assertThat(job.get("message").asText()).contains("larger than");
    assertHealthy();
  }

  // --- bad files: each fails the job clearly, writes nothing, and the server stays healthy ----

  @Test
  void binary_garbage_fails_the_job() {
    byte[] garbage = new byte[50_000];
    new Random(7).nextBytes(garbage);
    garbage[0] = 'x'; // not the gzip magic
    assertFailed(importFile(server, "[\"_rf2_T\"]", garbage), "UTF-8");
  }

  @Test
  void a_truncated_gzip_stream_fails_the_job_and_applies_nothing() {
    String p = unique("trunc");
    StringBuilder csv = new StringBuilder("email\n");
    for (int i = 0; i < 500; i++) {
      csv.append(p).append(i).append("@example.com\n");
    }
    byte[] gz = gzip(utf8(csv.toString()));
    byte[] cut = java.util.Arrays.copyOf(gz, gz.length - 40);
    assertFailed(importFile(server, "[\"_rf2_T\"]", cut), "gzip");
    assertThat(contactByEmail(p + "0@example.com").isMissingNode()).isTrue();
  }

  @Test
  void a_quote_that_never_closes_fails_the_job_and_applies_nothing() {
    String p = unique("quote");
    String csv =
        "email,city\n"
            + p
            + "a@example.com,Lyon\n"
            + p
            + "b@example.com,\"Par\nis\n"
            + p
            + "c@example.com,X\n";
    assertFailed(importFile(server, "[\"_rf2_T\",\"_rf6_T\"]", utf8(csv)), "never closed");
    assertThat(contactByEmail(p + "a@example.com").isMissingNode()).isTrue();
  }

  @Test
  void a_bom_and_mixed_line_ends_are_read_as_plain_csv() {
    String p = unique("bom");
    String csv =
        "\uFEFFemail,first_name\r\n"
            + p
            + "a@example.com,A\n"
            + p
            + "b@example.com,\"B\r\nb\"\r\n"
            + p
            + "c@example.com,C";
    JsonNode job = importFile(server, "[\"_rf2_T\",\"_rf0_T\"]", utf8(csv));
    assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("completed");
    assertThat(job.at("/results/created_count").asLong()).isEqualTo(3);
    assertThat(contactByEmail(p + "b@example.com").get("first_name").asText()).isEqualTo("B\r\nb");
  }

  @Test
  void an_empty_file_fails_the_job() {
    assertFailed(importFile(server, "[\"_rf2_T\"]", new byte[0]), "empty");
  }

  @Test
  void a_header_only_file_fails_the_job() {
    assertFailed(importFile(server, "[\"_rf2_T\"]", utf8("email\r\n")), "no contacts");
  }

  @Test
  void a_header_with_another_column_count_than_the_mappings_fails_the_job() {
    assertFailed(
        importFile(server, "[\"_rf2_T\",null]", utf8("email\na@example.com\n")),
        "field mapping doesn't match");
  }

  @Test
  void ten_thousand_columns_fail_the_job() {
    StringBuilder header = new StringBuilder("email");
    for (int i = 1; i < 10_000; i++) {
      header.append(",c").append(i);
    }
    assertFailed(importFile(server, "[\"_rf2_T\"]", utf8(header + "\na@example.com\n")), "columns");
  }

  @Test
  void a_ten_megabyte_field_fails_the_job() {
    String csv = "email,city\nbig@example.com," + "x".repeat(10_000_000) + "\n";
    assertFailed(importFile(server, "[\"_rf2_T\",\"_rf6_T\"]", utf8(csv)), "longer than");
    assertThat(contactByEmail("big@example.com").isMissingNode()).isTrue();
  }

  @Test
  void a_multipart_body_fails_the_job_with_a_clear_reason() {
    String body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\nContent-Type: text/csv\r\n\r\n"
            + "email\r\nm@example.com\r\n--XyZ--\r\n";
    assertFailed(importFile(server, "[\"_rf2_T\"]", utf8(body)), "multipart");
  }

  @Test
  void more_rows_than_the_limit_fail_the_job_and_apply_nothing() {
    String p = unique("many");
    StringBuilder csv = new StringBuilder("email\n");
    for (int i = 0; i <= MAX_ROWS; i++) {
      csv.append(p).append(i).append("@example.com\n");
    }
    assertFailed(
        importFile(server, "[\"_rf2_T\"]", gzip(utf8(csv.toString()))),
        "more than " + MAX_ROWS + " rows");
    assertThat(contactByEmail(p + "0@example.com").isMissingNode()).isTrue();
  }

  // --- helpers --------------------------------------------------------------------------------

  void assertFailed(JsonNode job, String reason) {
    assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("failed");
    assertThat(job.get("message").asText()).containsIgnoringCase(reason);
    assertThat(job.at("/results/created_count").asLong()).isZero();
    assertThat(job.at("/results/updated_count").asLong()).isZero();
    String errors = download(job.at("/results/errors_url").asText());
    assertThat(errors).containsIgnoringCase(reason);
    assertHealthy();
  }

  void assertHealthy() {
    HttpResponse<String> r =
        ImportFixture.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + "/readyz")).build());
    assertThat(r.statusCode()).isEqualTo(200);
  }

  Response put(String body) {
    return server.call(Method.PUT, "marketing/contacts/imports", body);
  }

  static void assertError(Response r, int status, String field) {
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(status);
    JsonNode error = json(r.getBody()).at("/errors/0");
    assertThat(error.get("field").asText()).isEqualTo(field);
    assertThat(error.get("message").asText()).isNotBlank();
  }

  String createField(String name, String type) {
    Response r =
        server.call(
            Method.POST,
            "marketing/field_definitions",
            "{\"name\":\"" + name + "\",\"field_type\":\"" + type + "\"}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    return json(r.getBody()).get("id").asText();
  }

  String createList(String name) {
    Response r = server.call(Method.POST, "marketing/lists", "{\"name\":\"" + name + "\"}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(201);
    return json(r.getBody()).get("id").asText();
  }

  JsonNode contactByEmail(String email) {
    Response r =
        server.call(
            Method.POST, "marketing/contacts/search/emails", "{\"emails\":[\"" + email + "\"]}");
    if (r.getStatusCode() == 404) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    return json(r.getBody()).at("/result/" + email + "/contact");
  }

  static String unique(String prefix) {
    return prefix + System.nanoTime();
  }
}
