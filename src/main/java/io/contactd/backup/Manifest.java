package io.contactd.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactd.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code manifest.json} of one downloaded export: which export, when, the counts, and each file's
 * name, size, SHA-256 and rows. Written last, so a folder with a manifest is a complete export.
 */
public record Manifest(
    String exportId,
    String baseUrl,
    String fileType,
    List<String> listIds,
    List<String> segmentIds,
    String createdAt,
    String completedAt,
    String downloadedAt,
    long contactCount,
    List<FileEntry> files) {
  public static final String NAME = "manifest.json";

  /** One file as it lies in the folder. */
  public record FileEntry(String name, long size, String sha256, long rows) {}

  public long rows() {
    return files.stream().mapToLong(FileEntry::rows).sum();
  }

  ObjectNode toJson() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("export_id", exportId);
    o.put("base_url", baseUrl);
    o.put("file_type", fileType);
    ArrayNode lists = o.putArray("list_ids");
    listIds.forEach(lists::add);
    ArrayNode segments = o.putArray("segment_ids");
    segmentIds.forEach(segments::add);
    o.put("created_at", createdAt);
    o.put("completed_at", completedAt);
    o.put("downloaded_at", downloadedAt);
    o.put("contact_count", contactCount);
    ArrayNode array = o.putArray("files");
    for (FileEntry f : files) {
      array
          .addObject()
          .put("name", f.name())
          .put("size", f.size())
          .put("sha256", f.sha256())
          .put("rows", f.rows());
    }
    return o;
  }

  void write(Path folder) {
    Folders.writeJson(folder.resolve(NAME), toJson());
  }

  /** The manifest in {@code folder}; a missing or unreadable one is a {@link BackupException}. */
  public static Manifest read(Path folder) {
    Path file = folder.resolve(NAME);
    JsonNode o;
    try {
      o = Json.MAPPER.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new BackupException("cannot read " + file + ": " + e.getMessage(), e);
    }
    List<FileEntry> files = new ArrayList<>();
    for (JsonNode f : o.path("files")) {
      String name = f.path("name").asText();
      if (!Folders.SAFE_NAME.matcher(name).matches()) {
        throw new BackupException(file + " names a file outside its folder: " + name);
      }
      files.add(
          new FileEntry(
              name, f.path("size").asLong(), f.path("sha256").asText(), f.path("rows").asLong()));
    }
    return new Manifest(
        o.path("export_id").asText(),
        o.path("base_url").asText(),
        o.path("file_type").asText("csv"),
        texts(o.path("list_ids")),
        texts(o.path("segment_ids")),
        o.path("created_at").asText(null),
        o.path("completed_at").asText(null),
        o.path("downloaded_at").asText(null),
        o.path("contact_count").asLong(),
        List.copyOf(files));
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) {
      out.add(n.asText());
    }
    return List.copyOf(out);
  }
}
