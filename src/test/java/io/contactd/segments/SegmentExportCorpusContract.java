package io.contactd.segments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sendgrid.Method;
import com.sendgrid.Response;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.contactd.fields.FieldDefinition;
import io.contactd.segments.SegmentQueryCorpusContract.Case;
import io.contactd.testing.Backend;
import io.contactd.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Segment exports checked row by row against the query corpus: the corpus's contacts stored in a
 * running server's database, a sample of the corpus's queries made into segments, each exported by
 * {@code segment_ids}, downloaded, and the set of exported contact ids compared with the query's
 * expected matches (and the segment's {@code contacts_count} with their number).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SegmentExportCorpusContract {
  /** Every n-th valid query of the corpus is exported. */
  private static final int EVERY = 4;

  abstract Backend backend();

  TestServer server;

  @BeforeAll
  void start() {
    server = TestServer.start(backend());
    server
        .app()
        .database()
        .jdbi()
        .useTransaction(
            h -> {
              long owner =
                  h.createQuery("SELECT id FROM accounts WHERE parent_id IS NULL")
                      .mapTo(Long.class)
                      .one();
              long other = owner + 1000;
              h.execute(
                  "INSERT INTO accounts (id, username, email, created_at) VALUES (?, ?, ?, 0)",
                  other,
                  "corpus-other",
                  "other@example.org");
              for (FieldDefinition f : SegmentQueryCorpusContract.FIELDS) {
                h.execute(
                    "INSERT INTO field_definitions (account_id, id, name, name_key, field_type,"
                        + " created_at) VALUES (?, ?, ?, ?, ?, 0)",
                    owner,
                    f.id(),
                    f.name(),
                    f.name().toLowerCase(Locale.ROOT),
                    f.type().name());
              }
              SegmentQueryCorpusContract.insertContacts(h, owner, other);
            });
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  void each_exported_segment_has_exactly_the_contacts_its_query_matches() throws Exception {
    List<Case> sample = new ArrayList<>();
    List<Case> all = SegmentQueryCorpusContract.valid().toList();
    for (int i = 0; i < all.size(); i += EVERY) {
      sample.add(all.get(i));
    }
    assertThat(sample).hasSizeGreaterThanOrEqualTo(20);

    Map<String, Case> exports = new LinkedHashMap<>();
    List<String> segments = new ArrayList<>();
    for (int i = 0; i < sample.size(); i++) {
      Case c = sample.get(i);
      Response made =
          server.call(
              Method.POST,
              "marketing/segments/2.0",
              "{\"name\":\"corpus-"
                  + i
                  + "\",\"query_dsl\":"
                  + ContactSearchContract.quote(c.query())
                  + "}");
      assertThat(made.getStatusCode()).as(c.query() + " → " + made.getBody()).isEqualTo(201);
      String segment = ContactSearchContract.json(made).get("id").asText();
      segments.add(segment);
      assertThat(ContactSearchContract.json(made).get("contacts_count").asInt())
          .as(c.query())
          .isEqualTo(expected(c).size());
      Response export =
          server.call(
              Method.POST,
              "marketing/contacts/exports",
              "{\"segment_ids\":[\"" + segment + "\"],\"file_type\":\"csv\"}");
      assertThat(export.getStatusCode()).as(export.getBody()).isEqualTo(202);
      exports.put(ContactSearchContract.json(export).get("id").asText(), c);
    }

    for (Map.Entry<String, Case> e : exports.entrySet()) {
      JsonNode done =
          TestServer.awaitEnd(
              server.client(), "marketing/contacts/exports/" + e.getKey(), Duration.ofSeconds(60));
      assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("ready");
      assertThat(exportedIds(done)).as(e.getValue().query()).isEqualTo(expected(e.getValue()));
    }
    for (String id : segments) {
      server.call(Method.DELETE, "marketing/segments/2.0/" + id, null);
    }
  }

  private static Set<String> expected(Case c) {
    return c.expected().isBlank() ? Set.of() : new TreeSet<>(List.of(c.expected().split(" ")));
  }

  /** The CONTACT_ID of every row of every file of a ready CSV export. */
  private static Set<String> exportedIds(JsonNode export) throws Exception {
    Set<String> ids = new TreeSet<>();
    HttpClient http = HttpClient.newHttpClient();
    for (JsonNode url : export.get("urls")) {
      byte[] gz =
          http.send(
                  HttpRequest.newBuilder(URI.create(url.asText())).build(),
                  HttpResponse.BodyHandlers.ofByteArray())
              .body();
      String csv =
          new String(
              new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes(),
              StandardCharsets.UTF_8);
      int column = -1;
      for (CsvRecord r : CsvReader.builder().ofCsvRecord(csv)) {
        if (column < 0) {
          column = r.getFields().indexOf("CONTACT_ID");
          assertThat(column).as("a CONTACT_ID column in " + r.getFields()).isNotNegative();
        } else {
          ids.add(r.getField(column));
        }
      }
    }
    return ids;
  }
}
