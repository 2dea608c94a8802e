package io.contactd.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactd.client.ApiClient;
import io.contactd.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code contactd restore}: a backup folder into an account, in the order the ids need.
 *
 * <ol>
 *   <li>Every file is checked against its manifest's size and SHA-256 before anything is written.
 *   <li>Custom fields and lists are matched by name (fields case-insensitively, as their names are
 *       unique that way): an existing one is reused, a missing one created, so a second run creates
 *       nothing. Old list ids map to new ones; fields need no map, as exports and segment queries
 *       name them.
 *   <li>The contacts: each export file is uploaded as it is (gzip CSV) through the CSV import API,
 *       its columns mapped by the server's own field definitions (read-only columns and the
 *       export's own ids skipped); then each list's export again, mapped to the identifier columns
 *       only, with that list's new id: the memberships.
 *   <li>Segments last, so that their counts see the contacts: matched by name, created with the
 *       list ids in {@code query_dsl} ({@code 'old-id'}) and {@code parent_list_ids} rewritten.
 * </ol>
 */
public final class Restore {
  /** What a restore did. */
  public record Summary(
      int fieldsCreated,
      int fieldsReused,
      int listsCreated,
      int listsReused,
      int segmentsCreated,
      int segmentsReused,
      long contactsCreated,
      long contactsUpdated) {}

  private final ApiClient api;
  private final Clock clock;
  private final Progress progress;

  public Restore(ApiClient api, Clock clock, Progress progress) {
    this.api = api;
    this.clock = clock;
    this.progress = progress;
  }

  public Summary run(Path dir) {
    Path folder = Backup.resolve(dir);
    progress.line("restoring " + folder + " into " + api.baseUrl());
    JsonNode fields = Folders.readJson(folder.resolve("field_definitions.json"));
    JsonNode lists = Folders.readJson(folder.resolve("lists.json"));
    JsonNode segments = Folders.readJson(folder.resolve("segments.json"));
    Manifest contacts = verified(folder, "contacts");
    List<ListExport> listExports = new ArrayList<>();
    for (JsonNode l : lists) {
      String export = l.path("export").asText();
      if (!export.matches("lists/\\d{1,9}")) {
        throw new BackupException(folder + "/lists.json names an export folder " + export);
      }
      listExports.add(new ListExport(l.path("id").asText(), export, verified(folder, export)));
    }

    Counter fieldCount = new Counter();
    // Exports and segment queries name custom fields by name: the new ids need no mapping.
    restoreFields(fields, fieldCount);
    Counter listCount = new Counter();
    Map<String, String> listIds = restoreLists(lists, listCount);
    ColumnMap columns = ColumnMap.of(api, progress);
    CsvImport imports = new CsvImport(api, clock, progress);

    long[] counts = new long[2];
    for (Manifest.FileEntry f : contacts.files()) {
      if (f.rows() > 0) {
        Path file = folder.resolve("contacts").resolve(f.name());
        add(
            counts,
            imports.run(file, "contacts/" + f.name(), f.rows(), columns.all(file), List.of()));
      }
    }
    for (ListExport e : listExports) {
      for (Manifest.FileEntry f : e.manifest().files()) {
        if (f.rows() > 0) {
          Path file = folder.resolve(e.folder()).resolve(f.name());
          imports.run(
              file,
              e.folder() + "/" + f.name(),
              f.rows(),
              columns.identifiers(file),
              List.of(listIds.get(e.oldId())));
        }
      }
    }

    Counter segmentCount = new Counter();
    restoreSegments(segments, listIds, segmentCount);
    Summary s =
        new Summary(
            fieldCount.created,
            fieldCount.reused,
            listCount.created,
            listCount.reused,
            segmentCount.created,
            segmentCount.reused,
            counts[0],
            counts[1]);
    progress.line(
        "restored: custom fields "
            + s.fieldsCreated()
            + " created, "
            + s.fieldsReused()
            + " reused; lists "
            + s.listsCreated()
            + " created, "
            + s.listsReused()
            + " reused; segments "
            + s.segmentsCreated()
            + " created, "
            + s.segmentsReused()
            + " reused; contacts "
            + s.contactsCreated()
            + " created, "
            + s.contactsUpdated()
            + " updated");
    return s;
  }

  private record ListExport(String oldId, String folder, Manifest manifest) {}

  private static final class Counter {
    int created;
    int reused;
  }

  private static void add(long[] counts, long[] more) {
    counts[0] += more[0];
    counts[1] += more[1];
  }

  /** The export in {@code folder/sub}, every file checked against its manifest. */
  private static Manifest verified(Path folder, String sub) {
    Path dir = folder.resolve(sub);
    Manifest m = Manifest.read(dir);
    for (Manifest.FileEntry f : m.files()) {
      Path file = dir.resolve(f.name());
      long size;
      try {
        size = Files.size(file);
      } catch (IOException e) {
        throw new BackupException("the backup is damaged: " + sub + "/" + f.name() + " is missing");
      }
      if (size != f.size() || !FileCheck.sha256(file).equals(f.sha256())) {
        throw new BackupException(
            "the backup is damaged: " + sub + "/" + f.name() + " does not match its SHA-256");
      }
    }
    return m;
  }

  private void restoreFields(JsonNode backup, Counter count) {
    Map<String, JsonNode> existing = new HashMap<>();
    for (JsonNode f : api.get("/v3/marketing/field_definitions").path("custom_fields")) {
      existing.put(f.path("name").asText().toLowerCase(Locale.ROOT), f);
    }
    for (JsonNode f : backup.path("custom_fields")) {
      String name = f.path("name").asText();
      String type = f.path("field_type").asText();
      JsonNode there = existing.get(name.toLowerCase(Locale.ROOT));
      if (there != null) {
        if (!there.path("field_type").asText().equals(type)) {
          throw new BackupException(
              "custom field "
                  + name
                  + " is "
                  + type
                  + " in the backup but "
                  + there.path("field_type").asText()
                  + " on the server; rename or delete one of them");
        }
        count.reused++;
      } else {
        ObjectNode body = Json.MAPPER.createObjectNode().put("name", name).put("field_type", type);
        JsonNode made = api.post("/v3/marketing/field_definitions", body);
        existing.put(name.toLowerCase(Locale.ROOT), made);
        count.created++;
      }
    }
  }

  private Map<String, String> restoreLists(JsonNode backup, Counter count) {
    Map<String, String> byName = new HashMap<>();
    api.forEachPage(
        "/v3/marketing/lists?page_size=1000",
        "result",
        l -> byName.putIfAbsent(l.path("name").asText(), l.path("id").asText()));
    Map<String, String> ids = new HashMap<>();
    for (JsonNode l : backup) {
      String name = l.path("name").asText();
      String id = byName.get(name);
      if (id != null) {
        count.reused++;
      } else {
        id =
            api.post("/v3/marketing/lists", Json.MAPPER.createObjectNode().put("name", name))
                .path("id")
                .asText();
        byName.put(name, id);
        count.created++;
      }
      ids.put(l.path("id").asText(), id);
    }
    return ids;
  }

  private void restoreSegments(JsonNode backup, Map<String, String> listIds, Counter count) {
    Set<String> existing = new LinkedHashSet<>();
    if (backup.isEmpty()) {
      return;
    }
    for (JsonNode s : api.get("/v3/marketing/segments/2.0").path("results")) {
      existing.add(s.path("name").asText());
    }
    for (JsonNode s : backup) {
      String name = s.path("name").asText();
      if (existing.contains(name)) {
        count.reused++;
        continue;
      }
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.put("name", name);
      body.put("query_dsl", rewrite(s.path("query_dsl").asText(), listIds));
      if (!s.path("parent_list_ids").isEmpty()) {
        var parents = body.putArray("parent_list_ids");
        for (JsonNode p : s.path("parent_list_ids")) {
          parents.add(listIds.getOrDefault(p.asText(), p.asText()));
        }
      }
      api.post("/v3/marketing/segments/2.0", body);
      existing.add(name);
      count.created++;
    }
  }

  /**
   * Old list ids, as quoted strings in a query ({@code array_contains(list_ids, 'id')}), to new.
   */
  static String rewrite(String query, Map<String, String> listIds) {
    String out = query;
    for (Map.Entry<String, String> e : listIds.entrySet()) {
      out = out.replace("'" + e.getKey() + "'", "'" + e.getValue() + "'");
    }
    return out;
  }
}
