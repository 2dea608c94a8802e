package io.contactd.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactd.client.ApiClient;
import io.contactd.client.ClientException;
import io.contactd.client.Transfers;
import io.contactd.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One contact export from start to a verified folder: {@code POST /contacts/exports}, its status
 * polled until {@code ready} (every 0.5 s at first, then less often, up to every 5 s, inside the
 * rate limit), its files downloaded in parallel (each resumed where a broken transfer stopped),
 * each checked ({@link FileCheck}), their rows added up against {@code contact_count}, and {@code
 * manifest.json} written last. Files arrive as {@code NAME.partial} and get their name once
 * checked.
 */
public final class Exporter {
  private static final Duration FIRST_POLL = Duration.ofMillis(500);
  private static final Duration SLOWEST_POLL = Duration.ofSeconds(5);

  /**
   * What to export: lists and segments (none = every contact), {@code csv} or {@code json}, and the
   * largest file in MB (null: the server's default).
   */
  public record Request(
      List<String> listIds, List<String> segmentIds, String fileType, Integer maxFileSizeMb) {
    public Request {
      listIds = List.copyOf(listIds);
      segmentIds = List.copyOf(segmentIds);
      if (!fileType.equals("csv") && !fileType.equals("json")) {
        throw new IllegalArgumentException("--format must be csv or json, was " + fileType);
      }
      if (maxFileSizeMb != null && maxFileSizeMb < 1) {
        throw new IllegalArgumentException("--max-file-size must be at least 1 (MB)");
      }
    }

    public Request(List<String> listIds, List<String> segmentIds, String fileType) {
      this(listIds, segmentIds, fileType, null);
    }
  }

  private final ApiClient api;
  private final Transfers transfers;
  private final Clock clock;
  private final Progress progress;
  private final int parallel;
  private final Duration maxWait;

  public Exporter(ApiClient api, Clock clock, Progress progress, int parallel, Duration maxWait) {
    if (parallel < 1 || parallel > 32) {
      throw new IllegalArgumentException("--parallel must be 1..32, was " + parallel);
    }
    this.api = api;
    this.transfers = api.transfers();
    this.clock = clock;
    this.progress = progress;
    this.parallel = parallel;
    this.maxWait = maxWait;
  }

  /** Creates the export, waits for it and downloads it into {@code out}. */
  public Manifest export(Request request, Path out) {
    if (Files.exists(out.resolve(Manifest.NAME))) {
      throw new IllegalArgumentException(
          out + " already holds an export (" + Manifest.NAME + "); choose another --out");
    }
    String id = create(request);
    return download(id, await(id), request, out);
  }

  /** Starts an export; returns its id. */
  public String create(Request request) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("file_type", request.fileType());
    if (!request.listIds().isEmpty()) {
      request.listIds().forEach(body.putArray("list_ids")::add);
    }
    if (!request.segmentIds().isEmpty()) {
      request.segmentIds().forEach(body.putArray("segment_ids")::add);
    }
    if (request.maxFileSizeMb() != null) {
      body.put("max_file_size", request.maxFileSizeMb());
    }
    String id = api.post("/v3/marketing/contacts/exports", body).path("id").asText("");
    if (id.isEmpty()) {
      throw new BackupException("POST /v3/marketing/contacts/exports answered without an id");
    }
    progress.line("export " + id + " started" + describe(request));
    return id;
  }

  private static String describe(Request r) {
    if (r.listIds().isEmpty() && r.segmentIds().isEmpty()) {
      return " (all contacts, " + r.fileType() + ")";
    }
    List<String> parts = new ArrayList<>();
    if (!r.listIds().isEmpty()) {
      parts.add("lists " + String.join(",", r.listIds()));
    }
    if (!r.segmentIds().isEmpty()) {
      parts.add("segments " + String.join(",", r.segmentIds()));
    }
    return " (" + String.join("; ", parts) + ", " + r.fileType() + ")";
  }

  /** Polls the export's status until it is ready; returns that status. */
  public JsonNode await(String id) {
    Instant start = clock.instant();
    Duration wait = FIRST_POLL;
    try (Progress.Bar bar = progress.bar("export " + id, -1, Progress.Unit.ITEMS)) {
      while (true) {
        JsonNode status = api.get("/v3/marketing/contacts/exports/" + id);
        String s = status.path("status").asText("");
        switch (s) {
          case "ready" -> {
            bar.note("ready");
            return status;
          }
          case "failure", "failed" ->
              throw new BackupException(
                  "export "
                      + id
                      + " failed on the server: "
                      + status.path("message").asText("no message"));
          case "pending" -> bar.note("pending");
          default -> throw new BackupException("export " + id + " has an unknown status " + s);
        }
        if (Duration.between(start, clock.instant()).compareTo(maxWait) > 0) {
          throw new BackupException(
              "export " + id + " is still pending after " + maxWait.toMinutes() + " minutes");
        }
        sleep(wait);
        wait = min(Duration.ofMillis(wait.toMillis() * 3 / 2), SLOWEST_POLL);
      }
    }
  }

  /** Downloads and checks the files of a ready export into {@code out}, then its manifest. */
  public Manifest download(String id, JsonNode ready, Request request, Path out) {
    if (!ready.path("contact_count").canConvertToLong()) {
      throw new BackupException(
          "export " + id + " is ready without contact_count: its rows cannot be checked");
    }
    long expected = ready.path("contact_count").asLong();
    List<URI> urls = new ArrayList<>();
    for (JsonNode u : ready.path("urls")) {
      try {
        urls.add(URI.create(u.asText()));
      } catch (IllegalArgumentException e) {
        throw new BackupException("export " + id + " names a download that is not a URL");
      }
    }
    List<String> names = names(urls, request.fileType());
    Folders.create(out);
    List<Manifest.FileEntry> files = new ArrayList<>();
    try (Progress.Bar bar = progress.bar("download " + id, 0, Progress.Unit.BYTES);
        ExecutorService pool =
            Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, urls.size())))) {
      List<Future<Manifest.FileEntry>> running = new ArrayList<>();
      for (int i = 0; i < urls.size(); i++) {
        URI url = urls.get(i);
        String name = names.get(i);
        running.add(pool.submit(() -> fetch(url, name, out, request.fileType(), bar)));
      }
      for (Future<Manifest.FileEntry> f : running) {
        files.add(result(f, pool));
      }
    } finally {
      if (files.size() < urls.size()) {
        for (String name : names) {
          deleteQuietly(out.resolve(name + ".partial"));
        }
      }
    }
    long rows = files.stream().mapToLong(Manifest.FileEntry::rows).sum();
    if (rows != expected) {
      throw new BackupException(
          "export "
              + id
              + ": its files hold "
              + rows
              + " rows but the server counted "
              + expected
              + " contacts; no manifest was written");
    }
    Manifest manifest =
        new Manifest(
            id,
            api.baseUrl(),
            request.fileType(),
            request.listIds(),
            request.segmentIds(),
            ready.path("created_at").asText(null),
            ready.path("completed_at").asText(null),
            clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(),
            expected,
            List.copyOf(files));
    manifest.write(out);
    long bytes = files.stream().mapToLong(Manifest.FileEntry::size).sum();
    progress.line(
        "export "
            + id
            + ": "
            + expected
            + " contacts in "
            + files.size()
            + (files.size() == 1 ? " file" : " files")
            + ", "
            + bytes
            + " bytes, checked");
    return manifest;
  }

  private Manifest.FileEntry fetch(
      URI url, String name, Path out, String fileType, Progress.Bar bar) {
    Path partial = out.resolve(name + ".partial");
    // One bar for all files: each adds its size once the server names it.
    Transfers.Downloaded d =
        transfers.download(
            url,
            name,
            partial,
            new Transfers.Bytes() {
              @Override
              public void moved(long delta) {
                bar.step(delta);
              }

              @Override
              public void size(long size) {
                bar.grow(size);
              }
            });
    Manifest.FileEntry entry = FileCheck.check(partial, name, fileType);
    try {
      Files.move(partial, out.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new BackupException("cannot rename " + partial + ": " + e.getMessage(), e);
    }
    if (d.resumes() > 0) {
      progress.line(name + ": resumed " + d.resumes() + (d.resumes() == 1 ? " time" : " times"));
    }
    return entry;
  }

  private static Manifest.FileEntry result(Future<Manifest.FileEntry> f, ExecutorService pool) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pool.shutdownNow();
      throw new BackupException("interrupted", e);
    } catch (ExecutionException e) {
      pool.shutdownNow();
      Throwable cause = e.getCause();
      if (cause instanceof BackupException b) {
        throw b;
      }
      if (cause instanceof ClientException c) {
        throw c;
      }
      throw new BackupException("download failed: " + cause, cause);
    }
  }

  /**
   * Each URL's last path segment when it is a plain file name (SendGrid's and contactd's are), else
   * {@code contacts-N.csv.gzip}; never two alike.
   */
  static List<String> names(List<URI> urls, String fileType) {
    List<String> names = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (int i = 0; i < urls.size(); i++) {
      String path = urls.get(i).getPath() == null ? "" : urls.get(i).getPath();
      String last = path.substring(path.lastIndexOf('/') + 1);
      String name =
          Folders.SAFE_NAME.matcher(last).matches()
                  && !last.equals(Manifest.NAME)
                  && !last.endsWith(".partial")
                  && !taken.contains(last)
              ? last
              : "contacts-" + (i + 1) + "." + fileType + ".gzip";
      taken.add(name);
      names.add(name);
    }
    return names;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BackupException("interrupted", e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // a leftover .partial is harmless: the next export of this folder replaces it
    }
  }
}
