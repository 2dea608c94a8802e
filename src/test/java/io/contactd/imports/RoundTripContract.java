package io.contactd.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendgrid.Method;
import com.sendgrid.Response;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.contactd.testing.Backend;
import io.contactd.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A CSV export of N contacts, re-imported into an empty account with the field mappings its header
 * calls for, reproduces the same contacts and custom values: exporting the second account gives the
 * same rows (apart from ids and timestamps).
 */
abstract class RoundTripContract {
  private static final int CONTACTS = 300;
  private static final Map<String, String> RESERVED =
      Map.ofEntries(
          Map.entry("EMAIL", "_rf2_T"),
          Map.entry("FIRST_NAME", "_rf0_T"),
          Map.entry("LAST_NAME", "_rf1_T"),
          Map.entry("ADDRESS_LINE_1", "_rf4_T"),
          Map.entry("ADDRESS_LINE_2", "_rf5_T"),
          Map.entry("CITY", "_rf6_T"),
          Map.entry("STATE_PROVINCE_REGION", "_rf7_T"),
          Map.entry("POSTAL_CODE", "_rf8_T"),
          Map.entry("COUNTRY", "_rf9_T"),
          Map.entry("ALTERNATE_EMAILS", "_rf3_T"),
          Map.entry("PHONE_NUMBER", "_rf10_T"),
          Map.entry("WHATSAPP", "_rf11_T"),
          Map.entry("LINE", "_rf12_T"),
          Map.entry("FACEBOOK", "_rf13_T"),
          Map.entry("UNIQUE_NAME", "_rf14_T"),
          Map.entry("PHONE_NUMBER_ID", "_rf24_T"),
          Map.entry("EXTERNAL_ID", "_rf25_T"),
          Map.entry("ANONYMOUS_ID", "_rf26_T"));

  /** Assigned by each server, so not part of what must survive the trip. */
  private static final Set<String> OWN = Set.of("CREATED_AT", "UPDATED_AT", "CONTACT_ID");

  abstract Backend backend();

  @Test
  void an_exported_csv_reimported_into_an_empty_account_reproduces_the_contacts() {
    try (TestServer source = TestServer.start(backend());
        TestServer target = TestServer.start(backend())) {
      Map<String, String> sourceFields = createFields(source);
      seed(source, sourceFields);
      byte[] exported = exportCsv(source);

      createFields(target);
      Map<String, String> targetIds = customIdsByUpperName(target);
      List<String> header = records(exported).getFirst();
      List<String> mappings = new ArrayList<>();
      for (String column : header) {
        String id =
            OWN.contains(column) ? null : RESERVED.getOrDefault(column, targetIds.get(column));
        assertThat(id != null || OWN.contains(column)).as("a field for column " + column).isTrue();
        mappings.add(id);
      }
      JsonNode job =
          ImportFixture.importFile(
              target, ImportFixture.JSON.valueToTree(mappings).toString(), exported);
      assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("completed");
      assertThat(job.at("/results/created_count").asLong()).isEqualTo(CONTACTS);

      Map<String, Map<String, String>> before = byEmail(exported);
      Map<String, Map<String, String>> after = byEmail(exportCsv(target));
      assertThat(after).hasSize(CONTACTS);
      assertThat(after).isEqualTo(before);
    }
  }

  /** Text, Number and Date fields, by name; returns name → id. */
  private static Map<String, String> createFields(TestServer s) {
    Map<String, String> ids = new LinkedHashMap<>();
    for (String[] f :
        List.of(
            new String[] {"nickname", "Text"},
            new String[] {"score", "Number"},
            new String[] {"joined", "Date"})) {
      Response r =
          s.call(
              Method.POST,
              "marketing/field_definitions",
              "{\"name\":\"" + f[0] + "\",\"field_type\":\"" + f[1] + "\"}");
      assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
      ids.put(f[0], ImportFixture.json(r.getBody()).get("id").asText());
    }
    return ids;
  }

  private static Map<String, String> customIdsByUpperName(TestServer s) {
    Response r = s.call(Method.GET, "marketing/field_definitions", null);
    assertThat(r.getStatusCode()).isEqualTo(200);
    Map<String, String> out = new HashMap<>();
    for (JsonNode f : ImportFixture.json(r.getBody()).get("custom_fields")) {
      out.put(f.get("name").asText().toUpperCase(), f.get("id").asText());
    }
    return out;
  }

  private static void seed(TestServer s, Map<String, String> fields) {
    ObjectNode body = ImportFixture.JSON.createObjectNode();
    ArrayNode contacts = body.putArray("contacts");
    for (int i = 0; i < CONTACTS; i++) {
      ObjectNode c = contacts.addObject();
      c.put("email", "trip" + i + "@example.com");
      c.put("first_name", "Zoë " + i);
      c.put("last_name", i % 3 == 0 ? "O'Brien, \"Jr\"" : "Smith");
      c.put("address_line_1", i + " Main St");
      if (i % 2 == 0) {
        c.put("address_line_2", "Apt\n" + i);
      }
      c.put("city", "Lyon");
      c.put("state_province_region", "ARA");
      c.put("postal_code", "690" + (i % 10));
      c.put("country", "FR");
      c.put("phone_number", "+3361234" + (1000 + i));
      c.put("unique_name", "u" + i);
      c.put("external_id", "ext-" + i);
      if (i % 4 == 0) {
        c.putArray("alternate_emails")
            .add("alt" + i + "@example.org")
            .add("other" + i + "@example.org");
      }
      ObjectNode custom = c.putObject("custom_fields");
      custom.put(fields.get("nickname"), "nick " + i);
      if (i % 2 == 0) {
        custom.put(fields.get("score"), i);
      } else {
        custom.put(fields.get("score"), i + 0.25);
      }
      custom.put(
          fields.get("joined"), "2024-01-" + String.format("%02d", 1 + i % 28) + "T10:20:30Z");
    }
    Response r = s.call(Method.PUT, "marketing/contacts", body.toString());
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
    JsonNode job = ImportFixture.await(s, ImportFixture.json(r.getBody()).get("job_id").asText());
    assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("completed");
  }

  /** POST /exports (csv), waits for it and downloads its one file (gzip, as served). */
  private static byte[] exportCsv(TestServer s) {
    Response r = s.call(Method.POST, "marketing/contacts/exports", "{\"file_type\":\"csv\"}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
    String id = ImportFixture.json(r.getBody()).get("id").asText();
    JsonNode[] done = new JsonNode[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              done[0] =
                  ImportFixture.json(
                      s.call(Method.GET, "marketing/contacts/exports/" + id, null).getBody());
              return !done[0].get("status").asText().equals("pending");
            });
    assertThat(done[0].get("status").asText()).as(done[0].toString()).isEqualTo("ready");
    assertThat(done[0].get("urls")).hasSize(1);
    HttpResponse<byte[]> file;
    try {
      file =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(done[0].get("urls").get(0).asText())).build(),
                  HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    assertThat(file.statusCode()).isEqualTo(200);
    return file.body();
  }

  private static List<List<String>> records(byte[] gzip) {
    List<List<String>> out = new ArrayList<>();
    try (CsvReader<CsvRecord> reader =
        CsvReader.builder().ofCsvRecord(new GZIPInputStream(new ByteArrayInputStream(gzip)))) {
      for (CsvRecord r : reader) {
        out.add(r.getFields());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Each row as column → value without the columns the server assigns, keyed by email. */
  private static Map<String, Map<String, String>> byEmail(byte[] gzip) {
    List<List<String>> rows = records(gzip);
    List<String> header = rows.getFirst();
    Map<String, Map<String, String>> out = new HashMap<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      Map<String, String> values = new HashMap<>();
      for (int i = 0; i < header.size(); i++) {
        if (!OWN.contains(header.get(i))) {
          values.put(header.get(i), row.get(i));
        }
      }
      out.put(values.get("EMAIL"), values);
    }
    return out;
  }
}
