package io.contactd.exports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendgrid.Method;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.contactd.testing.Backend;
import io.contactd.testing.OpenApi;
import io.contactd.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 4 item 8, end to end with nothing but the official client: upsert contacts into a list,
 * export the list, poll the status, download every URL, gunzip, parse, and compare with what was
 * upserted, for CSV and JSON, split into several files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExportFlowContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OpenApi SPEC = OpenApi.of("tsg_mc_contacts_v3.yaml");

  /** Enough incompressible text that max_file_size 1 (MB) needs several files. */
  private static final int IN_LIST = 12_000;

  abstract Backend backend();

  TestServer server;
  SendGrid client;
  String listId;
  String colourField;
  String scoreField;
  final Map<String, ObjectNode> upserted = new HashMap<>();

  @BeforeAll
  void upsertContacts() throws Exception {
    server = TestServer.start(backend());
    client = server.client();
    colourField =
        json(ok(
                call(
                    Method.POST,
                    "marketing/field_definitions",
                    "{\"name\":\"favourite_colour\",\"field_type\":\"Text\"}")))
            .get("id")
            .asText();
    scoreField =
        json(ok(
                call(
                    Method.POST,
                    "marketing/field_definitions",
                    "{\"name\":\"score\",\"field_type\":\"Number\"}")))
            .get("id")
            .asText();
    listId =
        json(ok(call(Method.POST, "marketing/lists", "{\"name\":\"export me\"}")))
            .get("id")
            .asText();

    Random random = new Random(4);
    ObjectNode inList = JSON.createObjectNode();
    inList.putArray("list_ids").add(listId);
    ArrayNode contacts = inList.putArray("contacts");
    for (int i = 0; i < IN_LIST; i++) {
      ObjectNode c = contacts.addObject();
      c.put("email", "member" + i + "@example.com");
      c.put("first_name", i % 7 == 0 ? "Zoë, \"Z\" " + i : "First" + i);
      c.put("address_line_1", noise(random, 100));
      c.put("address_line_2", i % 3 == 0 ? "two\nlines " + i : noise(random, 100));
      c.putObject("custom_fields").put(colourField, "colour " + (i % 5)).put(scoreField, i);
      if (i % 11 == 0) {
        c.putArray("alternate_emails").add("alt" + i + "@example.com");
      }
      upserted.put("member" + i + "@example.com", c);
    }
    awaitJob(ok(call(Method.PUT, "marketing/contacts", inList.toString())));
    ObjectNode outside = JSON.createObjectNode();
    outside
        .putArray("contacts")
        .addObject()
        .put("email", "outsider@example.com")
        .put("first_name", "Out");
    awaitJob(ok(call(Method.PUT, "marketing/contacts", outside.toString())));
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void a_list_exported_as_csv_in_several_files_holds_exactly_the_upserted_contacts()
      throws Exception {
    JsonNode done = export("csv");
    int seen = 0;
    for (byte[] file : download(done)) {
      List<String> header = null;
      for (CsvRecord r :
          CsvReader.builder().ofCsvRecord(new String(file, StandardCharsets.UTF_8))) {
        if (header == null) {
          header = r.getFields();
          assertThat(header)
              .startsWith("EMAIL", "FIRST_NAME", "LAST_NAME")
              .endsWith("FAVOURITE_COLOUR", "SCORE", "CREATED_AT", "UPDATED_AT", "CONTACT_ID");
          continue;
        }
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
          row.put(header.get(i), r.getField(i));
        }
        ObjectNode expected = upserted.get(row.get("EMAIL"));
        assertThat(expected).as(row.get("EMAIL")).isNotNull();
        assertThat(row.get("FIRST_NAME")).isEqualTo(expected.get("first_name").asText());
        assertThat(row.get("ADDRESS_LINE_1")).isEqualTo(expected.get("address_line_1").asText());
        assertThat(row.get("ADDRESS_LINE_2")).isEqualTo(expected.get("address_line_2").asText());
        assertThat(row.get("FAVOURITE_COLOUR"))
            .isEqualTo(expected.at("/custom_fields/" + colourField).asText());
        assertThat(row.get("SCORE"))
            .isEqualTo(expected.at("/custom_fields/" + scoreField).asText());
        assertThat(row.get("ALTERNATE_EMAILS"))
            .isEqualTo(
                expected.has("alternate_emails")
                    ? expected.at("/alternate_emails/0").asText()
                    : "");
        assertThat(row.get("CONTACT_ID")).matches("[0-9a-f-]{36}");
        seen++;
      }
    }
    assertThat(seen).isEqualTo(IN_LIST);
  }

  @Test
  void a_list_exported_as_json_in_several_files_holds_exactly_the_upserted_contacts()
      throws Exception {
    JsonNode done = export("json");
    int seen = 0;
    for (byte[] file : download(done)) {
      for (String line : new String(file, StandardCharsets.UTF_8).split("\n")) {
        JsonNode o = JSON.readTree(line);
        ObjectNode expected = upserted.get(o.get("email").asText());
        assertThat(expected).as(line).isNotNull();
        assertThat(o.get("first_name").asText()).isEqualTo(expected.get("first_name").asText());
        assertThat(o.get("address_line_2").asText())
            .isEqualTo(expected.get("address_line_2").asText());
        assertThat(o.at("/custom_fields/favourite_colour").asText())
            .isEqualTo(expected.at("/custom_fields/" + colourField).asText());
        assertThat(o.at("/custom_fields/score").asLong())
            .isEqualTo(expected.at("/custom_fields/" + scoreField).asLong());
        assertThat(o.get("list_ids").toString()).isEqualTo("[\"" + listId + "\"]");
        assertThat(o.path("alternate_emails")).isEqualTo(expected.path("alternate_emails"));
        seen++;
      }
    }
    assertThat(seen).isEqualTo(IN_LIST);
  }

  private JsonNode export(String fileType) throws Exception {
    Response created =
        ok(
            call(
                Method.POST,
                "marketing/contacts/exports",
                "{\"list_ids\":[\""
                    + listId
                    + "\"],\"file_type\":\""
                    + fileType
                    + "\",\"max_file_size\":1}"));
    SPEC.assertResponse("POST", "/v3/marketing/contacts/exports", 202, created.getBody());
    String id = json(created).get("id").asText();
    JsonNode[] last = new JsonNode[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              Response r = call(Method.GET, "marketing/contacts/exports/" + id, null);
              SPEC.assertResponse("GET", "/v3/marketing/contacts/exports/{id}", 200, r.getBody());
              last[0] = json(r);
              return !last[0].get("status").asText().equals("pending");
            });
    assertThat(last[0].get("status").asText()).as(last[0].toString()).isEqualTo("ready");
    assertThat(last[0].get("contact_count").asLong()).isEqualTo(IN_LIST);
    assertThat(last[0].get("urls").size()).as("split into several files").isGreaterThan(1);
    return last[0];
  }

  private static List<byte[]> download(JsonNode done) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    java.util.ArrayList<byte[]> files = new java.util.ArrayList<>();
    for (JsonNode url : done.get("urls")) {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url.asText())).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body().length).isLessThanOrEqualTo(1_000_000);
      files.add(ExportFixture.gunzip(r.body()));
    }
    return files;
  }

  private void awaitJob(Response accepted) throws Exception {
    String jobId = json(accepted).get("job_id").asText();
    Awaitility.await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              JsonNode status = json(call(Method.GET, "marketing/contacts/imports/" + jobId, null));
              return !status.path("status").asText().equals("pending");
            });
    JsonNode status = json(call(Method.GET, "marketing/contacts/imports/" + jobId, null));
    assertThat(status.get("status").asText()).as(status.toString()).isEqualTo("completed");
  }

  private Response call(Method method, String endpoint, String body) {
    return TestServer.call(client, method, endpoint, body);
  }

  private static Response ok(Response r) {
    assertThat(r.getStatusCode()).as(r.getBody()).isBetween(200, 202);
    return r;
  }

  private static JsonNode json(Response r) throws Exception {
    return JSON.readTree(r.getBody());
  }

  private static String noise(Random random, int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,\"é";
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }
}
