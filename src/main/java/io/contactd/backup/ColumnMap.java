package io.contactd.backup;

import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.contactd.client.ApiClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Where each column of an export file goes in a CSV import ({@code field_mappings}), read from the
 * target server's own field definitions: a reserved field by its name, a custom field by its name
 * (export headers are upper-cased names), case-insensitively. Read-only columns ({@code
 * CONTACT_ID}, {@code CREATED_AT} …) and the export's own {@code LIST_IDS}/{@code SEGMENT_IDS} (old
 * ids) map to nothing.
 */
final class ColumnMap {
  /** Columns that must never be mapped: the export's own list and segment ids are old ids. */
  private static final Set<String> NEVER = Set.of("list_ids", "segment_ids");

  private static final Set<String> IDENTIFIERS =
      Set.of("email", "phone_number_id", "external_id", "anonymous_id");

  private final Map<String, String> writable;
  private final Map<String, String> custom;
  private final Set<String> readOnly;
  private final Progress progress;

  private ColumnMap(
      Map<String, String> writable,
      Map<String, String> custom,
      Set<String> readOnly,
      Progress progress) {
    this.writable = writable;
    this.custom = custom;
    this.readOnly = readOnly;
    this.progress = progress;
  }

  /** The field definitions of the server {@code api} talks to, as they are now. */
  static ColumnMap of(ApiClient api, Progress progress) {
    JsonNode defs = api.get("/v3/marketing/field_definitions");
    Map<String, String> writable = new HashMap<>();
    Set<String> readOnly = new HashSet<>();
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
    return new ColumnMap(writable, custom, readOnly, progress);
  }

  /** One field id (or null) per column of the file's header. */
  /** Every column of the file that has a field on the server. */
  List<String> all(Path file) {
    return mappings(file, false);
  }

  /** Only the identifier columns: enough to find each contact again. */
  List<String> identifiers(Path file) {
    return mappings(file, true);
  }

  private List<String> mappings(Path file, boolean identifiersOnly) {
    List<String> header = header(file);
    List<String> mappings = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    boolean identifier = false;
    for (String column : header) {
      String key = column.strip().toLowerCase(Locale.ROOT);
      String id = null;
      if (writable.containsKey(key)) {
        if (!identifiersOnly || IDENTIFIERS.contains(key)) {
          id = writable.get(key);
          identifier |= IDENTIFIERS.contains(key);
        }
      } else if (custom.containsKey(key)) {
        id = identifiersOnly ? null : custom.get(key);
      } else if (!readOnly.contains(key) && !NEVER.contains(key)) {
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
}
