package io.contactd.backup;

import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * A backup folder with its ids and timestamps taken out: lists and fields by name, segments with
 * list ids replaced by list names, contacts as their exported rows sorted by email, memberships as
 * emails per list name. Two backups of equal accounts have equal views.
 */
final class BackupView {
  private static final Set<String> VOLATILE = Set.of("CONTACT_ID", "CREATED_AT", "UPDATED_AT");

  private BackupView() {}

  static Map<String, Object> of(Path folder) throws IOException {
    Map<String, Object> view = new LinkedHashMap<>();
    Set<String> fields = new TreeSet<>();
    for (JsonNode f : read(folder.resolve("field_definitions.json")).get("custom_fields")) {
      fields.add(f.get("name").asText() + ":" + f.get("field_type").asText());
    }
    view.put("fields", fields);

    Map<String, String> listNames = new HashMap<>();
    Map<String, Long> lists = new TreeMap<>();
    Map<String, Set<String>> members = new TreeMap<>();
    for (JsonNode l : read(folder.resolve("lists.json"))) {
      listNames.put(l.get("id").asText(), l.get("name").asText());
      lists.put(l.get("name").asText(), l.get("contact_count").asLong());
      Set<String> emails = new TreeSet<>();
      for (Map<String, String> row : rows(folder.resolve(l.get("export").asText()))) {
        emails.add(row.get("EMAIL"));
      }
      members.put(l.get("name").asText(), emails);
    }
    view.put("lists", lists);
    view.put("memberships", members);

    Set<String> segments = new TreeSet<>();
    for (JsonNode s : read(folder.resolve("segments.json"))) {
      String query = s.get("query_dsl").asText();
      for (Map.Entry<String, String> e : listNames.entrySet()) {
        query = query.replace(e.getKey(), "list:" + e.getValue());
      }
      List<String> parents = new ArrayList<>();
      s.get("parent_list_ids").forEach(p -> parents.add(listNames.get(p.asText())));
      segments.add(s.get("name").asText() + " | " + query + " | " + parents);
    }
    view.put("segments", segments);

    Map<String, Map<String, String>> contacts = new TreeMap<>();
    for (Map<String, String> row : rows(folder.resolve("contacts"))) {
      VOLATILE.forEach(row::remove);
      contacts.put(row.get("EMAIL"), row);
    }
    view.put("contacts", contacts);
    JsonNode info = read(folder.resolve("backup.json"));
    view.put(
        "counts",
        List.of(
            info.get("custom_fields").asInt(),
            info.get("lists").asInt(),
            info.get("segments").asInt(),
            info.get("contacts").asLong()));
    return view;
  }

  private static JsonNode read(Path file) throws IOException {
    return Seed.JSON.readTree(file.toFile());
  }

  /** Every row of the export in {@code folder}, as header → value. */
  static List<Map<String, String>> rows(Path folder) throws IOException {
    List<Map<String, String>> out = new ArrayList<>();
    for (JsonNode f : read(folder.resolve("manifest.json")).get("files")) {
      try (Reader in =
              new InputStreamReader(
                  new GZIPInputStream(Files.newInputStream(folder.resolve(f.get("name").asText()))),
                  StandardCharsets.UTF_8);
          CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(in)) {
        Iterator<CsvRecord> records = csv.iterator();
        if (!records.hasNext()) {
          continue;
        }
        List<String> header = records.next().getFields();
        while (records.hasNext()) {
          CsvRecord r = records.next();
          Map<String, String> row = new TreeMap<>();
          for (int i = 0; i < header.size(); i++) {
            row.put(header.get(i), r.getField(i));
          }
          out.add(row);
        }
      }
    }
    return out;
  }
}
