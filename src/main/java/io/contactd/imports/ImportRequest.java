package io.contactd.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactd.contacts.ContactRules;
import io.contactd.fields.FieldDefinition;
import io.contactd.fields.ReservedField;
import io.contactd.http.ApiException;
import io.contactd.http.WebhookUrl;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The body of {@code PUT /v3/marketing/contacts/imports}, checked: {@code file_type} is "csv",
 * every {@code field_mappings} entry is null, a writable reserved field id or a custom field id of
 * the account, no field twice, and at least one identifier is mapped. The raw ids are kept too: the
 * job resolves them again against the fields that exist when it runs.
 *
 * @param mappings one entry per CSV column: a field id or null
 * @param listIds lists every imported contact is added to
 * @param webhookUrl {@code notifications.webhook_url} (an extension): where import.completed /
 *     import.failed are posted; null when absent
 */
record ImportRequest(List<String> mappings, List<String> listIds, String webhookUrl) {
  /** More columns than reserved plus the maximum of custom fields, with room for skipped ones. */
  static final int MAX_COLUMNS = 1000;

  /** An account has at most 1,000 lists; a longer array is refused before any database work. */
  static final int MAX_LIST_IDS = 1000;

  private static final Set<String> IDENTIFIERS =
      ReservedField.identifiers().stream()
          .map(ReservedField::fieldName)
          .collect(Collectors.toUnmodifiableSet());

  /** {@code _rf1} as in the spec's example: a reserved id without its type suffix. */
  private static final Pattern BARE_RESERVED = Pattern.compile("_rf\\d+");

  static ImportRequest parse(ObjectNode body, List<FieldDefinition> customFields) {
    JsonNode fileType = body.get("file_type");
    if (fileType == null || fileType.isNull()) {
      throw ApiException.badRequest("file_type", "missing required argument");
    }
    if (!fileType.isTextual() || !fileType.asText().equals("csv")) {
      throw ApiException.badRequest("file_type", "file_type must be csv");
    }
    JsonNode mappings = body.get("field_mappings");
    if (mappings == null || mappings.isNull()) {
      throw ApiException.badRequest("field_mappings", "missing required argument");
    }
    if (!mappings.isArray() || mappings.isEmpty()) {
      throw ApiException.badRequest(
          "field_mappings", "field_mappings must be a non-empty array of field ids or nulls");
    }
    if (mappings.size() > MAX_COLUMNS) {
      throw ApiException.badRequest(
          "field_mappings", "field_mappings may have at most " + MAX_COLUMNS + " entries");
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode m : mappings) {
      if (m.isNull()) {
        ids.add(null);
      } else if (m.isTextual()) {
        ids.add(m.asText());
      } else {
        throw ApiException.badRequest(
            "field_mappings", "field_mappings must be a non-empty array of field ids or nulls");
      }
    }
    List<Column> columns;
    try {
      columns = resolve(ids, customFields);
    } catch (InvalidMappings e) {
      throw ApiException.badRequest("field_mappings", e.getMessage());
    }
    boolean identified =
        columns.stream()
            .anyMatch(c -> c.kind() == Column.Kind.RESERVED && IDENTIFIERS.contains(c.target()));
    if (!identified) {
      throw ApiException.badRequest(
          "field_mappings",
          "field_mappings must map at least one identifier: email (_rf2_T), phone_number_id"
              + " (_rf24_T), external_id (_rf25_T) or anonymous_id (_rf26_T)");
    }
    return new ImportRequest(ids, listIds(body.get("list_ids")), webhookUrl(body));
  }

  /**
   * The columns for these ids against the account's custom fields; {@link InvalidMappings} names
   * every id that is unknown, read-only or mapped twice.
   */
  static List<Column> resolve(List<String> ids, List<FieldDefinition> customFields)
      throws InvalidMappings {
    Map<String, FieldDefinition> custom = new HashMap<>();
    for (FieldDefinition f : customFields) {
      custom.put(f.id(), f);
    }
    List<Column> columns = new ArrayList<>();
    Set<String> unknown = new LinkedHashSet<>();
    Set<String> readOnly = new LinkedHashSet<>();
    Set<String> twice = new LinkedHashSet<>();
    Set<Column> seen = new HashSet<>();
    for (String id : ids) {
      if (id == null || id.isEmpty()) {
        columns.add(Column.SKIP);
        continue;
      }
      Column column;
      Optional<ReservedField> reserved = reserved(id);
      if (reserved.isPresent()) {
        String name = reserved.get().fieldName();
        if (reserved.get() == ReservedField.ALTERNATE_EMAILS) {
          column = new Column(Column.Kind.ALTERNATE_EMAILS, name);
        } else if (ContactRules.WRITABLE.containsKey(name)) {
          column = new Column(Column.Kind.RESERVED, name);
        } else {
          // Read-only fields (created_at, contact_id, …) and list/segment membership are not
          // values a contact can be given; list membership comes from list_ids.
          readOnly.add(id);
          continue;
        }
      } else if (custom.containsKey(id)) {
        column = new Column(Column.Kind.CUSTOM, id);
      } else {
        unknown.add(id);
        continue;
      }
      if (!seen.add(column)) {
        twice.add(id);
      }
      columns.add(column);
    }
    if (!unknown.isEmpty()) {
      throw new InvalidMappings("invalid field ids supplied - " + String.join(", ", unknown));
    }
    if (!readOnly.isEmpty()) {
      throw new InvalidMappings(
          "these fields cannot be imported (read-only) - " + String.join(", ", readOnly));
    }
    if (!twice.isEmpty()) {
      throw new InvalidMappings("field ids mapped more than once - " + String.join(", ", twice));
    }
    return columns;
  }

  private static Optional<ReservedField> reserved(String id) {
    if (BARE_RESERVED.matcher(id).matches()) {
      return Arrays.stream(ReservedField.values())
          .filter(f -> f.id().startsWith(id + "_"))
          .findFirst();
    }
    return ReservedField.byId(id);
  }

  private static String webhookUrl(ObjectNode body) {
    JsonNode n = body.get("notifications");
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isObject()) {
      throw ApiException.badRequest("notifications", "notifications must be an object");
    }
    return WebhookUrl.parse(n.get("webhook_url"), "notifications.webhook_url");
  }

  private static List<String> listIds(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw ApiException.badRequest("list_ids", "list_ids must be an array of strings");
    }
    if (node.size() > MAX_LIST_IDS) {
      throw ApiException.badRequest(
          "list_ids", "at most " + MAX_LIST_IDS + " list_ids are allowed");
    }
    for (JsonNode id : node) {
      if (!id.isTextual()) {
        throw ApiException.badRequest("list_ids", "list_ids must be an array of strings");
      }
      if (!out.contains(id.asText())) {
        out.add(id.asText());
      }
    }
    return out;
  }
}
