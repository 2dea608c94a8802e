package io.contactd.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.contactd.client.ApiClient;
import io.contactd.client.ApiError;
import io.contactd.client.Transfers;
import io.contactd.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * {@code contactd restore}: a backup folder into an account, in the order the ids need.
 *
 * <ol>
 *   <li>Every file is checked against its manifest's size and SHA-256 before anything is written.
 *   <li>Custom fields and lists are matched by name (fields case-insensitively, as their names are
 *       unique that way): an existing one is reused, a missing one created. That maps each old id
 *       to a new one, and makes a second run create nothing.
 *   <li>The contacts: each export file is uploaded as it is (gzip CSV) through the CSV import API,
 *       its columns mapped by the server's own field definitions (read-only columns and the
 *       export's own ids skipped); then each list's export again, mapped to the identifier columns
 *       only, with that list's new id: the memberships.
 *   <li>Segments last, so that their counts see the contacts: matched by name, created with the
 *       list ids in {@code query_dsl} ({@code 'old-id'}) and {@code parent_list_ids} rewritten.
 * </ol>
 */
public final class Restore {
  /** Columns that must never be mapped: the export's own list and segment ids are old ids. */
  private static final Set<String> NEVER = Set.of("list_ids", "segment_ids");

  private static final Set<String> IDENTIFIERS =
      Set.of("email", "phone_number_id", "external_id", "anonymous_id");

  private static final Duration SLOWEST_POLL = Duration.ofSeconds(3);

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
  private final Transfers transfers;
  private final Clock clock;
  private final Progress progress;

  public Restore(ApiClient api, Clock clock, Progress progress) {
    this.api = api;
    this.transfers = api.transfers();
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
    Map<String, String> fieldIds = restoreFields(fields, fieldCount);
    Counter listCount = new Counter();
    Map<String, String> listIds = restoreLists(lists, listCount);
    Target target = target();

    long[] counts = new long[2];
    for (Manifest.FileEntry f : contacts.files()) {
      if (f.rows() > 0) {
        Path file = folder.resolve("contacts").resolve(f.name());
        add(
            counts,
            importFile(
                file, "contacts/" + f.name(), f.rows(), mappings(file, target, false), List.of()));
      }
    }
    for (ListExport e : listExports) {
      for (Manifest.FileEntry f : e.manifest().files()) {
        if (f.rows() > 0) {
          Path file = folder.resolve(e.folder()).resolve(f.name());
          importFile(
              file,
              e.folder() + "/" + f.name(),
              f.rows(),
              mappings(file, target, true),
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

  private Map<String, String> restoreFields(JsonNode backup, Counter count) {
    Map<String, JsonNode> existing = new HashMap<>();
    for (JsonNode f : api.get("/v3/marketing/field_definitions").path("custom_fields")) {
      existing.put(f.path("name").asText().toLowerCase(Locale.ROOT), f);
    }
    Map<String, String> ids = new HashMap<>();
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
        ids.put(f.path("id").asText(), there.path("id").asText());
        count.reused++;
      } else {
        ObjectNode body = Json.MAPPER.createObjectNode().put("name", name).put("field_type", type);
        JsonNode made = api.post("/v3/marketing/field_definitions", body);
        ids.put(f.path("id").asText(), made.path("id").asText());
        existing.put(name.toLowerCase(Locale.ROOT), made);
        count.created++;
      }
    }
    return ids;
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

  /** The server's own field definitions: where each export column goes. */
  private record Target(
      Map<String, String> writable, Map<String, String> custom, Set<String> readOnly) {}

  private Target target() {
    JsonNode defs = api.get("/v3/marketing/field_definitions");
    Map<String, String> writable = new HashMap<>();
    Set<String> readOnly = new java.util.HashSet<>();
    for (JsonNode f : defs.path("reserved_fields")) {
      String name = f.path("name").asText().toLowerCase(Locale.ROOT);
      if (f.path("read_only").asBoolean(false)) {
        readOnly.add(name);
      } else if (!NEVER.contains(name)) {
        writable.put(name, f.path("id").asText());
      }
    }
    Map<String, String> custom = new HashMap<>();
    for (JsonNode f : defs.path("custom_fields")) {
      custom.put(f.path("name").asText().toLowerCase(Locale.ROOT), f.path("id").asText());
    }
    return new Target(writable, custom, readOnly);
  }

  /** One field id (or null) per column of the file's header. */
  private List<String> mappings(Path file, Target target, boolean identifiersOnly) {
    List<String> header = header(file);
    List<String> mappings = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    boolean identifier = false;
    for (String column : header) {
      String key = column.strip().toLowerCase(Locale.ROOT);
      String id = null;
      if (target.writable().containsKey(key)) {
        if (!identifiersOnly || IDENTIFIERS.contains(key)) {
          id = target.writable().get(key);
          identifier |= IDENTIFIERS.contains(key);
        }
      } else if (target.custom().containsKey(key)) {
        id = identifiersOnly ? null : target.custom().get(key);
      } else if (!target.readOnly().contains(key) && !NEVER.contains(key)) {
        unknown.add(column);
      }
      mappings.add(id);
    }
    if (!identifier) {
      throw new BackupException(
          file + " has no identifier column (EMAIL, PHONE_NUMBER_ID, EXTERNAL_ID, ANONYMOUS_ID)");
    }
    if (!unknown.isEmpty() && !identifiersOnly) {
      progress.line(
          file.getFileName() + ": columns without a field on the server are skipped: " + unknown);
    }
    return mappings;
  }

  private static List<String> header(Path file) {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file));
        CsvReader<CsvRecord> csv =
            CsvReader.builder().ofCsvRecord(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      Iterator<CsvRecord> records = csv.iterator();
      if (!records.hasNext()) {
        throw new BackupException(file + " has no header row");
      }
      return records.next().getFields();
    } catch (IOException e) {
      throw new BackupException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Imports one file; returns {created, updated}. */
  private long[] importFile(
      Path file, String label, long rows, List<String> mappings, List<String> listIds) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("file_type", "csv");
    var m = body.putArray("field_mappings");
    mappings.forEach(m::add);
    if (!listIds.isEmpty()) {
      listIds.forEach(body.putArray("list_ids")::add);
    }
    JsonNode started = startImport(body);
    String jobId = started.path("job_id").asText();
    List<Transfers.Header> headers = new ArrayList<>();
    for (JsonNode h : started.path("upload_headers")) {
      headers.add(new Transfers.Header(h.path("header").asText(), h.path("value").asText()));
    }
    URI upload;
    try {
      upload = URI.create(started.path("upload_uri").asText());
    } catch (IllegalArgumentException e) {
      throw new BackupException("the import of " + label + " has no usable upload_uri");
    }
    try (Progress.Bar bar = progress.bar("upload " + label, 0, Progress.Unit.BYTES)) {
      transfers.upload(
          upload,
          headers,
          file,
          label,
          new Transfers.Bytes() {
            @Override
            public void moved(long delta) {
              bar.step(delta);
            }

            @Override
            public void size(long size) {
              bar.max(size);
            }
          });
    }
    return awaitImport(jobId, label, rows);
  }

  /**
   * SendGrid refuses a custom field id for a few seconds after the field was made ("invalid custom
   * field ids supplied"): that answer is tried again for up to a minute.
   */
  private JsonNode startImport(ObjectNode body) {
    Instant until = clock.instant().plusSeconds(60);
    while (true) {
      try {
        return api.put("/v3/marketing/contacts/imports", body);
      } catch (ApiError e) {
        boolean fresh =
            e.status() == 400
                && e.getMessage().contains("custom field")
                && clock.instant().isBefore(until);
        if (!fresh) {
          throw e;
        }
        progress.line("the server does not take the new custom fields yet; trying again in 5 s");
        Exporter.sleep(Duration.ofSeconds(5));
      }
    }
  }

  private long[] awaitImport(String jobId, String label, long rows) {
    Duration wait = Duration.ofMillis(200);
    try (Progress.Bar bar = progress.bar("import " + label, rows, Progress.Unit.ITEMS)) {
      while (true) {
        JsonNode job = api.get("/v3/marketing/contacts/imports/" + jobId);
        JsonNode r = job.path("results");
        long created = r.path("created_count").asLong();
        long updated = r.path("updated_count").asLong();
        long errored = r.path("errored_count").asLong();
        bar.stepTo(created + updated + errored);
        String status = job.path("status").asText("");
        switch (status) {
          case "completed" -> {
            return new long[] {created, updated};
          }
          case "errored", "failed" ->
              throw new BackupException(
                  "the import of "
                      + label
                      + " "
                      + status
                      + ": "
                      + errored
                      + " of "
                      + rows
                      + " rows failed (job "
                      + jobId
                      + "; its errors file is at GET /v3/marketing/contacts/imports/"
                      + jobId
                      + ")");
          case "pending", "" -> bar.note("pending");
          default -> bar.note(status);
        }
        Exporter.sleep(wait);
        wait = wait.compareTo(SLOWEST_POLL) < 0 ? wait.multipliedBy(2) : SLOWEST_POLL;
      }
    }
  }
}
