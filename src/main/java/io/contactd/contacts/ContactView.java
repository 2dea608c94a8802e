package io.contactd.contacts;

import com.fasterxml.jackson.core.type.TypeReference;
import io.contactd.fields.FieldDefinition;
import io.contactd.fields.ReservedField;
import io.contactd.http.Links;
import io.contactd.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders contacts as SendGrid's ContactDetails: every reserved text field present ({@code ""} when
 * unset), custom fields keyed by name with typed values, ISO-8601 UTC timestamps.
 */
final class ContactView {
  /** The text fields in response key order, as SendGrid's examples show it. */
  private static final List<ReservedField> TEXT = ReservedField.inApiOrder();

  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private final Links links;
  private final Map<String, String> namesById = new HashMap<>();

  ContactView(Links links, Collection<FieldDefinition> customFields) {
    this.links = links;
    for (FieldDefinition f : customFields) {
      namesById.put(f.id(), f.name());
    }
  }

  Map<String, Object> render(ContactRow row, List<String> listIds, List<String> segmentIds) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", row.id());
    for (ReservedField f : TEXT) {
      String v = row.value(f.column());
      out.put(f.fieldName(), v == null ? "" : v);
    }
    out.put(
        ReservedField.ALTERNATE_EMAILS.fieldName(),
        ContactWriter.alternates(row.alternateEmails()));
    out.put(ReservedField.LIST_IDS.fieldName(), listIds == null ? List.of() : listIds);
    out.put(ReservedField.SEGMENT_IDS.fieldName(), segmentIds == null ? List.of() : segmentIds);
    out.put("custom_fields", custom(row.customFields()));
    out.put(ReservedField.CREATED_AT.fieldName(), Instant.ofEpochMilli(row.createdAt()).toString());
    out.put(ReservedField.UPDATED_AT.fieldName(), Instant.ofEpochMilli(row.updatedAt()).toString());
    out.put("_metadata", Map.of("self", links.to("/v3/marketing/contacts/" + row.id())));
    return out;
  }

  private Map<String, Object> custom(String json) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (json == null || json.isEmpty()) {
      return out;
    }
    Map<String, Object> byId;
    try {
      byId = Json.MAPPER.readValue(json, MAP);
    } catch (IOException e) {
      throw new IllegalStateException("stored custom_fields is not a JSON object", e);
    }
    for (Map.Entry<String, Object> e : byId.entrySet()) {
      String name = namesById.get(e.getKey());
      if (name != null) {
        out.put(name, e.getValue());
      }
    }
    return out;
  }
}
