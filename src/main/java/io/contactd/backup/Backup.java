package io.contactd.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactd.client.ApiClient;
import io.contactd.client.ApiError;
import io.contactd.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code contactd backup}: one folder named for the UTC moment it began ({@code 20261204T030000Z})
 * holding
 *
 * <pre>
 *   backup.json              what was backed up, from where, the counts (written last)
 *   field_definitions.json   the custom fields: id, name, field_type
 *   lists.json               id, name, contact_count and the folder of each list's export
 *   segments.json            segments 2.0: id, name, query_dsl, parent_list_ids
 *   contacts/                an export (CSV) of every contact, with its manifest.json
 *   lists/N/                 an export of list N's members: the memberships
 * </pre>
 *
 * <p>Neither SendGrid's nor contactd's CSV export has a list column, so memberships come from one
 * export per list, at most {@value #IN_FLIGHT} running at once. The folder is written as {@code
 * .partial-NAME} and renamed when complete, so a broken backup never takes the place of a good one;
 * then all but the newest {@code keep} backups are removed, and so are partial folders older than
 * the newest complete one (runs that died).
 */
public final class Backup {
  public static final String INFO = "backup.json";
  static final String PARTIAL = ".partial-";
  static final Pattern NAME = Pattern.compile("\\d{8}T\\d{6}Z");
  private static final DateTimeFormatter FOLDER =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final int IN_FLIGHT = 4;

  /**
   * Files of at most 10 MB: a restore imports each file as one CSV import, and an import takes at
   * most 1,000,000 rows (SendGrid's limit, contactd's default); 10 MB of gzip CSV stays well below
   * that for any real contact.
   */
  private static final int FILE_MB = 10;

  private final ApiClient api;
  private final Exporter exporter;
  private final Clock clock;
  private final Progress progress;

  public Backup(ApiClient api, Exporter exporter, Clock clock, Progress progress) {
    this.api = api;
    this.exporter = exporter;
    this.clock = clock;
    this.progress = progress;
  }

  /** Writes a new backup under {@code root}, then keeps the newest {@code keep}; returns it. */
  public Path run(Path root, int keep) {
    if (keep < 1) {
      throw new IllegalArgumentException("--keep must be at least 1, was " + keep);
    }
    Folders.create(root);
    String name = FOLDER.format(clock.instant());
    Path done = root.resolve(name);
    if (Files.exists(done)) {
      throw new BackupException("a backup named " + name + " exists already in " + root);
    }
    Path partial = root.resolve(PARTIAL + name);
    try {
      Folders.create(partial);
      write(partial);
      Files.move(partial, done, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      Folders.deleteRecursively(partial);
      throw new BackupException("cannot rename " + partial + " to " + done + ": " + e, e);
    } catch (RuntimeException e) {
      Folders.deleteRecursively(partial);
      throw e;
    }
    List<Path> removed = prune(root, keep);
    progress.line(
        "backup "
            + done
            + " complete"
            + (removed.isEmpty()
                ? ""
                : "; removed " + removed.size() + " older (--keep " + keep + ")"));
    return done;
  }

  private void write(Path folder) {
    ObjectNode info = Json.MAPPER.createObjectNode();
    info.put("format", 1);
    info.put("base_url", api.baseUrl());
    info.put(
        "started_at",
        clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());

    ArrayNode fields = Json.MAPPER.createArrayNode();
    for (JsonNode f : api.get("/v3/marketing/field_definitions").path("custom_fields")) {
      fields
          .addObject()
          .put("id", f.path("id").asText())
          .put("name", f.path("name").asText())
          .put("field_type", f.path("field_type").asText());
    }
    ObjectNode fieldFile = Json.MAPPER.createObjectNode();
    fieldFile.set("custom_fields", fields);
    Folders.writeJson(folder.resolve("field_definitions.json"), fieldFile);

    ArrayNode lists = Json.MAPPER.createArrayNode();
    api.forEachPage(
        "/v3/marketing/lists?page_size=1000",
        "result",
        l -> {
          String export = "lists/" + (lists.size() + 1);
          lists
              .addObject()
              .put("id", l.path("id").asText())
              .put("name", l.path("name").asText())
              .put("contact_count", l.path("contact_count").asLong())
              .put("export", export);
        });
    Folders.writeJson(folder.resolve("lists.json"), lists);

    ArrayNode segments = segments();
    Folders.writeJson(folder.resolve("segments.json"), segments);
    progress.line(
        "backup: "
            + fields.size()
            + " custom fields, "
            + lists.size()
            + " lists, "
            + segments.size()
            + " segments; exporting contacts");

    List<Job> jobs = new ArrayList<>();
    jobs.add(new Job(folder.resolve("contacts"), List.of()));
    for (JsonNode l : lists) {
      jobs.add(new Job(folder.resolve(l.path("export").asText()), List.of(l.path("id").asText())));
    }
    long contacts = exportAll(jobs);

    info.put("custom_fields", fields.size());
    info.put("lists", lists.size());
    info.put("segments", segments.size());
    info.put("contacts", contacts);
    info.put(
        "completed_at",
        clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    Folders.writeJson(folder.resolve(INFO), info);
  }

  private ArrayNode segments() {
    ArrayNode out = Json.MAPPER.createArrayNode();
    JsonNode all;
    try {
      all = api.get("/v3/marketing/segments/2.0");
    } catch (ApiError e) {
      if (e.status() == 404) {
        progress.line("the server has no segments 2.0 API; no segments backed up");
        return out;
      }
      throw e;
    }
    for (JsonNode s : all.path("results")) {
      // The listing leaves out query_dsl: each segment is read once more.
      JsonNode full =
          api.get("/v3/marketing/segments/2.0/" + s.path("id").asText() + "?contacts_sample=false");
      ObjectNode o =
          out.addObject()
              .put("id", full.path("id").asText())
              .put("name", full.path("name").asText())
              .put("query_dsl", full.path("query_dsl").asText());
      ArrayNode parents = o.putArray("parent_list_ids");
      for (JsonNode p : full.path("parent_list_ids")) {
        parents.add(p.asText());
      }
    }
    return out;
  }

  private record Job(Path folder, List<String> listIds) {}

  /** Runs the exports, {@value #IN_FLIGHT} at a time; returns the contact count of the first. */
  private long exportAll(List<Job> jobs) {
    Deque<Job> waiting = new ArrayDeque<>(jobs);
    Deque<Started> started = new ArrayDeque<>();
    long first = -1;
    while (!waiting.isEmpty() || !started.isEmpty()) {
      while (!waiting.isEmpty() && started.size() < IN_FLIGHT) {
        Job job = waiting.poll();
        Exporter.Request request = new Exporter.Request(job.listIds(), List.of(), "csv", FILE_MB);
        started.add(new Started(job, request, exporter.create(request)));
      }
      Started s = started.poll();
      Manifest m = exporter.download(s.id(), exporter.await(s.id()), s.request(), s.job().folder());
      if (first < 0) {
        first = m.contactCount();
      }
    }
    return first;
  }

  private record Started(Job job, Exporter.Request request, String id) {}

  /**
   * Removes all but the newest {@code keep} complete backups, and partial folders older than the
   * newest complete one; returns the complete backups removed.
   */
  static List<Path> prune(Path root, int keep) {
    List<Path> complete = new ArrayList<>();
    List<Path> partial = new ArrayList<>();
    try (Stream<Path> entries = Files.list(root)) {
      for (Path p : entries.toList()) {
        String n = p.getFileName().toString();
        if (Files.isDirectory(p) && NAME.matcher(n).matches() && Files.exists(p.resolve(INFO))) {
          complete.add(p);
        } else if (Files.isDirectory(p)
            && n.startsWith(PARTIAL)
            && NAME.matcher(n.substring(PARTIAL.length())).matches()) {
          partial.add(p);
        }
      }
    } catch (IOException e) {
      throw new BackupException("cannot list " + root + ": " + e.getMessage(), e);
    }
    complete.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
    List<Path> removed = new ArrayList<>();
    for (int i = keep; i < complete.size(); i++) {
      Folders.deleteRecursively(complete.get(i));
      removed.add(complete.get(i));
    }
    if (!complete.isEmpty()) {
      String newest = complete.getFirst().getFileName().toString();
      for (Path p : partial) {
        if (p.getFileName().toString().substring(PARTIAL.length()).compareTo(newest) < 0) {
          Folders.deleteRecursively(p);
        }
      }
    }
    return removed;
  }

  /**
   * The backup {@code dir} names: itself when it holds {@code backup.json}, else the newest
   * complete backup inside it.
   */
  public static Path resolve(Path dir) {
    if (Files.exists(dir.resolve(INFO))) {
      return dir;
    }
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + " is not a folder");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(p -> NAME.matcher(p.getFileName().toString()).matches())
          .filter(p -> Files.exists(p.resolve(INFO)))
          .max(Comparator.comparing(p -> p.getFileName().toString()))
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      dir + " is not a complete backup (no " + INFO + ") and holds none"));
    } catch (IOException e) {
      throw new BackupException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }
}
