package io.contactd.exports;

import static io.contactd.exports.ExportFixture.awaitDone;
import static io.contactd.exports.ExportFixture.call;
import static io.contactd.exports.ExportFixture.download;
import static io.contactd.exports.ExportFixture.gunzip;
import static io.contactd.exports.ExportFixture.json;
import static io.contactd.exports.ExportFixture.startExport;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sendgrid.Method;
import com.sendgrid.Response;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.contactd.exports.ExportFixture.Account;
import io.contactd.testing.Backend;
import io.contactd.testing.MutableClock;
import io.contactd.testing.OpenApi;
import io.contactd.testing.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Exports over real HTTP with the official client; contacts are written with SQL by the fixture.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExportContract {
  static final OpenApi SPEC = OpenApi.of("tsg_mc_contacts_v3.yaml");
  static final String EXPORTS = "marketing/contacts/exports";
  static final List<String> CSV_HEADER =
      List.of(
          "EMAIL",
          "FIRST_NAME",
          "LAST_NAME",
          "ADDRESS_LINE_1",
          "ADDRESS_LINE_2",
          "CITY",
          "STATE_PROVINCE_REGION",
          "POSTAL_CODE",
          "COUNTRY",
          "ALTERNATE_EMAILS",
          "PHONE_NUMBER",
          "WHATSAPP",
          "LINE",
          "FACEBOOK",
          "UNIQUE_NAME",
          "PHONE_NUMBER_ID",
          "EXTERNAL_ID",
          "ANONYMOUS_ID",
          "FAVOURITE_COLOUR",
          "SCORE",
          "CREATED_AT",
          "UPDATED_AT",
          "CONTACT_ID");

  abstract Backend backend();

  final MutableClock clock = new MutableClock();
  GreenMail mail;
  TestServer server;
  ExportFixture fixture;

  @BeforeAll
  void start() {
    mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    mail.start();
    String smtp = "smtp://127.0.0.1:" + mail.getSmtp().getPort();
    server = TestServer.start(backend(), clock, b -> b.smtp(smtp, "exports@contactd.test"));
    fixture = new ExportFixture(server);
  }

  @AfterAll
  void stop() {
    server.close();
    mail.stop();
  }

  /** Two custom fields (created in this order) and three contacts with awkward values. */
  Account accountWithContacts() {
    Account a = fixture.account();
    fixture.field(a, "e1_T", "favourite_colour", "Text", 1);
    fixture.field(a, "e2_N", "score", "Number", 2);
    fixture
        .contact()
        .email("ann@example.com")
        .set("first_name", "Ann, \"the\" first")
        .set("last_name", "Ünïcödé 名前")
        .set("address_line_1", "line one\nline two")
        .set("postal_code", "02134")
        .custom("{\"e1_T\":\"blue, green\",\"e2_N\":42}")
        .alternates("[\"ann@work.example\",\"ann@home.example\"]")
        .insert(a);
    fixture
        .contact()
        .email("bob@example.com")
        .set("first_name", "")
        .custom("{\"e2_N\":2.5}")
        .insert(a);
    fixture.contact().set("external_id", "ext-3").set("phone_number_id", "+15555550100").insert(a);
    return a;
  }

  static List<List<String>> csv(byte[] bytes) {
    List<List<String>> rows = new ArrayList<>();
    for (CsvRecord r : CsvReader.builder().ofCsvRecord(new String(bytes, StandardCharsets.UTF_8))) {
      rows.add(r.getFields());
    }
    return rows;
  }

  /** Downloads every URL of a ready export and returns the gunzipped files. */
  static List<byte[]> files(JsonNode status) throws Exception {
    List<byte[]> files = new ArrayList<>();
    for (JsonNode url : status.get("urls")) {
      HttpResponse<byte[]> r = download(url.asText());
      assertThat(r.statusCode()).isEqualTo(200);
      files.add(gunzip(r.body()));
    }
    return files;
  }

  @Test
  void empty_body_exports_every_contact_as_csv_with_sendgrids_header_and_quoting()
      throws Exception {
    Account a = accountWithContacts();
    Response created = call(a, Method.POST, EXPORTS, null);
    assertThat(created.getStatusCode()).isEqualTo(202);
    SPEC.assertResponse("POST", "/v3/marketing/contacts/exports", 202, created.getBody());
    String id = json(created).get("id").asText();
    assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(json(created).at("/_metadata/self").asText())
        .isEqualTo(server.baseUrl() + "/v3/marketing/contacts/exports/" + id);

    JsonNode done = awaitDone(a, id);
    SPEC.assertResponse("GET", "/v3/marketing/contacts/exports/{id}", 200, done.toString());
    assertThat(done.get("status").asText()).isEqualTo("ready");
    assertThat(done.get("contact_count").asLong()).isEqualTo(3);
    assertThat(done.get("urls")).hasSize(1);
    assertThat(done.get("urls").get(0).asText()).endsWith(".csv.gzip");
    assertThat(done.has("completed_at")).isTrue();
    assertThat(java.time.Instant.parse(done.get("expires_at").asText()))
        .isEqualTo(
            java.time.Instant.parse(done.get("created_at").asText()).plus(Duration.ofHours(72)));

    byte[] file = files(done).get(0);
    String text = new String(file, StandardCharsets.UTF_8);
    assertThat(text).startsWith("\"EMAIL\",\"FIRST_NAME\",\"LAST_NAME\",");
    List<List<String>> rows = csv(file);
    assertThat(rows.get(0)).isEqualTo(CSV_HEADER);
    assertThat(rows).hasSize(4);
    List<String> ann =
        rows.stream().filter(r -> r.get(0).equals("ann@example.com")).findFirst().orElseThrow();
    assertThat(ann.get(1)).isEqualTo("Ann, \"the\" first");
    assertThat(ann.get(2)).isEqualTo("Ünïcödé 名前");
    assertThat(ann.get(3)).isEqualTo("line one\nline two");
    assertThat(ann.get(7)).isEqualTo("02134");
    assertThat(ann.get(9)).isEqualTo("ann@work.example,ann@home.example");
    assertThat(ann.get(18)).isEqualTo("blue, green");
    assertThat(ann.get(19)).isEqualTo("42");
    assertThat(ann.get(20)).isEqualTo("2020-09-13T12:26:40Z");
    assertThat(ann.get(22)).matches("[0-9a-f-]{36}");
    // Empty values are written as nothing, not as "".
    assertThat(text).contains("\"bob@example.com\",,,");
    assertThat(
            rows.stream()
                .filter(r -> r.get(0).equals("bob@example.com"))
                .findFirst()
                .orElseThrow()
                .get(19))
        .isEqualTo("2.5");
    assertThat(
            rows.stream().filter(r -> r.get(16).equals("ext-3")).findFirst().orElseThrow().get(15))
        .isEqualTo("+15555550100");
  }

  @Test
  void json_export_is_ndjson_with_sorted_keys_contact_id_and_custom_fields_by_name()
      throws Exception {
    Account a = accountWithContacts();
    String listId = fixture.list(a, "friends");
    fixture.contact().email("carol@example.com").inList(listId).insert(a);
    JsonNode done = awaitDone(a, startExport(a, "{\"file_type\":\"json\"}"));
    assertThat(done.get("status").asText()).isEqualTo("ready");
    assertThat(done.get("urls").get(0).asText()).endsWith(".json.gzip");
    String[] lines = new String(files(done).get(0), StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(4);
    for (String line : lines) {
      JsonNode o = ExportFixture.JSON.readTree(line);
      List<String> keys = new ArrayList<>();
      o.fieldNames().forEachRemaining(keys::add);
      assertThat(keys)
          .isSorted()
          .contains("contact_id", "created_at", "updated_at", "custom_fields")
          .doesNotContain("id");
      o.fields()
          .forEachRemaining(
              e ->
                  assertThat(e.getValue().isTextual() && e.getValue().asText().isEmpty())
                      .as(e.getKey())
                      .isFalse());
      if (o.path("email").asText().equals("ann@example.com")) {
        assertThat(o.get("custom_fields").toString())
            .isEqualTo("{\"favourite_colour\":\"blue, green\",\"score\":42}");
        assertThat(o.get("alternate_emails").toString())
            .isEqualTo("[\"ann@work.example\",\"ann@home.example\"]");
        assertThat(o.get("address_line_1").asText()).isEqualTo("line one\nline two");
        assertThat(o.get("last_name").asText()).isEqualTo("Ünïcödé 名前");
      }
      if (o.path("email").asText().equals("bob@example.com")) {
        assertThat(o.has("first_name")).as("empty fields are omitted").isFalse();
      }
      if (o.path("email").asText().equals("carol@example.com")) {
        assertThat(o.get("custom_fields").toString()).isEqualTo("{}");
        assertThat(o.get("list_ids").toString()).isEqualTo("[\"" + listId + "\"]");
      }
    }
  }

  @Test
  void list_export_holds_each_member_once_and_the_listing_names_the_lists() throws Exception {
    Account a = fixture.account();
    String one = fixture.list(a, "one");
    String two = fixture.list(a, "two");
    fixture.contact().email("both@example.com").inList(one).inList(two).insert(a);
    fixture.contact().email("one@example.com").inList(one).insert(a);
    fixture.contact().email("none@example.com").insert(a);
    String all = startExport(a, "{}");
    clock.advance(Duration.ofSeconds(2)); // distinct created_at, so "newest first" is observable
    String byList =
        startExport(a, "{\"list_ids\":[\"" + one + "\",\"" + two + "\"],\"file_type\":\"csv\"}");
    JsonNode done = awaitDone(a, byList);
    awaitDone(a, all);
    clock.reset();
    assertThat(done.get("contact_count").asLong()).isEqualTo(2);
    List<List<String>> rows = csv(files(done).get(0));
    assertThat(rows.subList(1, rows.size()))
        .extracting(r -> r.get(0))
        .containsExactlyInAnyOrder("both@example.com", "one@example.com");

    Response listing = call(a, Method.GET, EXPORTS, null);
    assertThat(listing.getStatusCode()).isEqualTo(200);
    JsonNode body = json(listing);
    assertListingMatchesSpec(body);
    assertThat(body.get("result"))
        .extracting(n -> n.get("id").asText())
        .containsExactly(byList, all);
    JsonNode item = body.get("result").get(0);
    assertThat(item.get("export_type").asText()).isEqualTo("list_export");
    assertThat(item.get("user_id").isNumber()).isTrue();
    assertThat(item.get("user_id").asLong()).isEqualTo(a.id());
    assertThat(item.get("lists").toString())
        .isEqualTo(
            "[{\"ID\":\""
                + one
                + "\",\"Name\":\"one\"},{\"ID\":\""
                + two
                + "\",\"Name\":\"two\"}]");
    assertThat(item.get("segments").toString()).isEqualTo("[]");
    assertThat(item.get("urls")).hasSize(1);
    assertThat(item.at("/_metadata/self").asText())
        .endsWith("/v3/marketing/contacts/exports/" + byList);
    assertThat(body.at("/_metadata/self").asText())
        .isEqualTo(server.baseUrl() + "/v3/marketing/contacts/exports");
    assertThat(body.get("result").get(1).get("export_type").asText()).isEqualTo("contacts_export");
  }

  /**
   * The spec types {@code user_id} as a string; contactd deliberately sends a number (contract
   * §8.10, issue 4). Everything else must match the schema as written.
   */
  static void assertListingMatchesSpec(JsonNode body) {
    SPEC.assertOwnSchema("GET", "/v3/marketing/contacts/exports", 200, body.toString());
    JsonNode copy = body.deepCopy();
    for (JsonNode item : copy.get("result")) {
      ((ObjectNode) item).put("user_id", item.get("user_id").asText());
    }
    SPEC.assertOfficialSchema("GET", "/v3/marketing/contacts/exports", 200, copy.toString());
  }

  long exportRows() {
    return fixture
        .jdbi()
        .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM exports").mapTo(Long.class).one());
  }

  @Test
  void invalid_bodies_are_400_naming_the_field_and_create_nothing() throws Exception {
    Account a = fixture.account();
    String[][] cases = {
      {"{\"file_type\":\"xml\"}", "file_type"},
      {"{\"file_type\":5}", "file_type"},
      {"{\"max_file_size\":0}", "max_file_size"},
      {"{\"max_file_size\":\"5\"}", "max_file_size"},
      {"{\"max_file_size\":1.5}", "max_file_size"},
      {"{\"max_file_size\":99999999999}", "max_file_size"},
      {"{\"notifications\":{\"email\":\"yes\"}}", "notifications.email"},
      {"{\"notifications\":true}", "notifications"},
      {"{\"list_ids\":\"abc\"}", "list_ids"},
      {"{\"list_ids\":[1]}", "list_ids"},
      {"{\"segment_ids\":{}}", "segment_ids"},
    };
    long before = exportRows();
    for (String[] c : cases) {
      Response r = call(a, Method.POST, EXPORTS, c[0]);
      assertThat(r.getStatusCode()).as(c[0]).isEqualTo(400);
      SPEC.assertResponse("POST", "/v3/marketing/contacts/exports", 400, r.getBody());
      assertThat(json(r).at("/errors/0/field").asText()).as(c[0]).isEqualTo(c[1]);
    }
    assertThat(call(a, Method.POST, EXPORTS, "{not json").getStatusCode()).isEqualTo(400);
    assertThat(call(a, Method.POST, EXPORTS, "[]").getStatusCode()).isEqualTo(400);
    assertThat(exportRows()).isEqualTo(before);
  }

  @Test
  void unknown_list_or_any_segment_is_404_and_creates_nothing() throws Exception {
    Account a = fixture.account();
    String real = fixture.list(a, "real");
    Account other = fixture.account();
    String foreign = fixture.list(other, "theirs");
    long before = exportRows();
    for (String body :
        List.of(
            "{\"list_ids\":[\"" + real + "\",\"" + java.util.UUID.randomUUID() + "\"]}",
            "{\"list_ids\":[\"" + foreign + "\"]}",
            "{\"segment_ids\":[\"" + java.util.UUID.randomUUID() + "\"]}")) {
      Response r = call(a, Method.POST, EXPORTS, body);
      assertThat(r.getStatusCode()).as(body).isEqualTo(404);
      SPEC.assertResponse("POST", "/v3/marketing/contacts/exports", 404, r.getBody());
    }
    assertThat(exportRows()).isEqualTo(before);
  }

  @Test
  void unknown_or_another_accounts_export_is_404() throws Exception {
    Account a = fixture.account();
    Account b = fixture.account();
    String id = startExport(a, "{}");
    for (Response r :
        List.of(
            call(b, Method.GET, EXPORTS + "/" + id, null),
            call(a, Method.GET, EXPORTS + "/" + java.util.UUID.randomUUID(), null),
            server.call(Method.GET, EXPORTS + "/" + id, null))) {
      assertThat(r.getStatusCode()).isEqualTo(404);
      assertThat(r.getBody())
          .isEqualTo("{\"errors\":[{\"field\":null,\"message\":\"resource not found\"}]}");
      SPEC.assertResponse("GET", "/v3/marketing/contacts/exports/{id}", 404, r.getBody());
    }
    assertThat(json(call(b, Method.GET, EXPORTS, null)).get("result")).isEmpty();
    awaitDone(a, id);
  }

  @Test
  void files_download_without_a_key_as_gzip_with_length_etag_and_byte_ranges() throws Exception {
    Account a = accountWithContacts();
    JsonNode done = awaitDone(a, startExport(a, null));
    String url = done.get("urls").get(0).asText();
    HttpResponse<byte[]> full = download(url, "Accept-Encoding", "gzip");
    assertThat(full.statusCode()).isEqualTo(200);
    assertThat(full.headers().firstValue("Content-Type")).hasValue("application/gzip");
    assertThat(full.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(full.headers().firstValue("Accept-Ranges")).hasValue("bytes");
    assertThat(full.headers().firstValueAsLong("Content-Length").orElse(-1))
        .isEqualTo(full.body().length);
    String etag = full.headers().firstValue("ETag").orElseThrow();
    assertThat(full.body()[0] & 0xff).isEqualTo(0x1f);
    assertThat(full.body()[1] & 0xff).isEqualTo(0x8b);
    int n = full.body().length;

    HttpResponse<byte[]> head = ExportFixture.request("HEAD", url);
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValueAsLong("Content-Length").orElse(-1)).isEqualTo(n);

    HttpResponse<byte[]> part = download(url, "Range", "bytes=10-");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.headers().firstValue("Content-Range"))
        .hasValue("bytes 10-" + (n - 1) + "/" + n);
    byte[] resumed = new byte[n];
    System.arraycopy(full.body(), 0, resumed, 0, 10);
    System.arraycopy(part.body(), 0, resumed, 10, part.body().length);
    assertThat(resumed).isEqualTo(full.body());

    HttpResponse<byte[]> middle = download(url, "Range", "bytes=2-5", "If-Range", etag);
    assertThat(middle.statusCode()).isEqualTo(206);
    assertThat(middle.body()).isEqualTo(java.util.Arrays.copyOfRange(full.body(), 2, 6));
    HttpResponse<byte[]> suffix = download(url, "Range", "bytes=-4");
    assertThat(suffix.body()).isEqualTo(java.util.Arrays.copyOfRange(full.body(), n - 4, n));
    assertThat(download(url, "Range", "bytes=2-5", "If-Range", "\"stale\"").statusCode())
        .isEqualTo(200);
    HttpResponse<byte[]> beyond = download(url, "Range", "bytes=" + n + "-");
    assertThat(beyond.statusCode()).isEqualTo(416);
    assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + n);
  }

  @Test
  void tampered_or_expired_urls_are_403_a_swept_file_is_404_and_the_export_is_gone()
      throws Exception {
    Account a = accountWithContacts();
    String id = startExport(a, "{}");
    String url = awaitDone(a, id).get("urls").get(0).asText();
    URI u = URI.create(url);
    String[] parts = u.getPath().split("/", 5); // "", files, expires, signature, key
    String tamperedKey =
        server.baseUrl()
            + "/files/"
            + parts[2]
            + "/"
            + parts[3]
            + "/"
            + parts[4].replace("contacts-1", "contacts-2");
    String laterExpiry =
        server.baseUrl()
            + "/files/"
            + (Long.parseLong(parts[2]) + 3600)
            + "/"
            + parts[3]
            + "/"
            + parts[4];
    String badSignature =
        server.baseUrl() + "/files/" + parts[2] + "/AAAA" + parts[3].substring(4) + "/" + parts[4];
    for (String bad :
        List.of(tamperedKey, laterExpiry, badSignature, server.baseUrl() + "/files/x/y/z")) {
      assertThat(download(bad).statusCode()).as(bad).isEqualTo(403);
    }
    try {
      clock.advance(Duration.ofHours(72).plusMinutes(1));
      assertThat(download(url).statusCode()).as("expired").isEqualTo(403);
      assertThat(call(a, Method.GET, EXPORTS, null).getBody()).doesNotContain(id);
      assertThat(server.app().sweepExpiredExports()).isGreaterThanOrEqualTo(1);
    } finally {
      clock.reset();
    }
    // The URL is valid again under the real clock, but its file was swept.
    HttpResponse<byte[]> swept = download(url);
    assertThat(swept.statusCode()).isEqualTo(404);
    assertThat(call(a, Method.GET, EXPORTS + "/" + id, null).getStatusCode()).isEqualTo(404);
  }

  @Test
  void
      a_large_export_is_split_on_record_boundaries_below_max_file_size_and_each_part_has_the_header()
          throws Exception {
    Account a = fixture.account();
    int count = 12_000;
    fixture.bulk(a, count, 42);
    JsonNode done = awaitDone(a, startExport(a, "{\"max_file_size\":1}"));
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("ready");
    assertThat(done.get("contact_count").asLong()).isEqualTo(count);
    assertThat(done.get("urls").size()).isGreaterThanOrEqualTo(2);
    Set<String> ids = new HashSet<>();
    Set<String> urls = new HashSet<>();
    for (JsonNode url : done.get("urls")) {
      assertThat(urls.add(url.asText())).isTrue();
      HttpResponse<byte[]> r = download(url.asText());
      assertThat(r.body().length).isLessThanOrEqualTo(1_000_000);
      List<List<String>> rows = csv(gunzip(r.body()));
      assertThat(rows.get(0))
          .isEqualTo(
              CSV_HEADER.subList(0, 18).stream()
                  .collect(
                      java.util.stream.Collectors.collectingAndThen(
                          java.util.stream.Collectors.toList(),
                          l -> {
                            l.addAll(List.of("CREATED_AT", "UPDATED_AT", "CONTACT_ID"));
                            return l;
                          })));
      for (List<String> row : rows.subList(1, rows.size())) {
        assertThat(row).hasSize(21);
        assertThat(row.get(1)).startsWith("Näme, \"");
        ids.add(row.get(20));
      }
    }
    assertThat(ids).hasSize(count);

    JsonNode json = awaitDone(a, startExport(a, "{\"max_file_size\":1,\"file_type\":\"json\"}"));
    long lines = 0;
    for (byte[] file : files(json)) {
      lines += new String(file, StandardCharsets.UTF_8).lines().count();
    }
    assertThat(json.get("urls").size()).isGreaterThanOrEqualTo(2);
    assertThat(lines).isEqualTo(count);
  }

  @Test
  void an_export_that_fails_reports_failure_with_a_message_and_leaves_no_files() throws Exception {
    Account a = fixture.account();
    fixture.field(a, "e1_T", "colour", "Text", 1);
    fixture.bulk(a, 3000, 7);
    fixture.contact().email("broken@example.com").custom("{not json").insert(a);
    String id = startExport(a, "{}");
    JsonNode done = awaitDone(a, id);
    SPEC.assertResponse("GET", "/v3/marketing/contacts/exports/{id}", 200, done.toString());
    assertThat(done.get("status").asText()).isEqualTo("failure");
    assertThat(done.get("message").asText()).contains("export failed").contains("custom_fields");
    assertThat(done.has("urls")).isFalse();
    assertThat(server.dataDir().resolve("files/exports/" + id)).doesNotExist();
  }

  @Test
  void notifications_email_mails_the_account_its_download_links() throws Exception {
    Account a = accountWithContacts();
    String id = startExport(a, "{\"notifications\":{\"email\":true}}");
    JsonNode done = awaitDone(a, id);
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                java.util.Arrays.stream(mail.getReceivedMessages())
                    .anyMatch(m -> uncheckedRecipient(m).equals(a.email())));
    MimeMessage m =
        java.util.Arrays.stream(mail.getReceivedMessages())
            .filter(x -> uncheckedRecipient(x).equals(a.email()))
            .findFirst()
            .orElseThrow();
    assertThat(m.getFrom()[0].toString()).isEqualTo("exports@contactd.test");
    String text = m.getContent().toString();
    assertThat(text).contains(id).contains(done.get("urls").get(0).asText());
  }

  private static String uncheckedRecipient(MimeMessage m) {
    try {
      return m.getAllRecipients()[0].toString();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void many_exports_at_once_are_queued_and_each_gets_its_own_files() throws Exception {
    Account a = accountWithContacts();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ids.add(startExport(a, i % 2 == 0 ? "{}" : "{\"file_type\":\"json\"}"));
    }
    Set<String> urls = new HashSet<>();
    for (String id : ids) {
      JsonNode done = awaitDone(a, id);
      assertThat(done.get("status").asText()).isEqualTo("ready");
      assertThat(done.get("contact_count").asLong()).isEqualTo(3);
      done.get("urls").forEach(u -> urls.add(URI.create(u.asText()).getPath().split("/", 5)[4]));
    }
    assertThat(urls).hasSize(ids.size());
  }

  @Test
  void download_urls_stay_valid_across_a_restart() throws Exception {
    Account a = accountWithContacts();
    String id = startExport(a, "{}");
    String before = URI.create(awaitDone(a, id).get("urls").get(0).asText()).getPath();
    server.restart();
    Response again = TestServer.call(server.client(), Method.GET, EXPORTS, null);
    assertThat(again.getStatusCode()).isEqualTo(200);
    HttpResponse<byte[]> r = download(server.baseUrl() + before);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(csv(gunzip(r.body()))).hasSize(4);
  }
}
