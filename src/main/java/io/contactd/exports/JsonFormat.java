package io.contactd.exports;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.contactd.http.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;

/**
 * SendGrid's JSON export: NDJSON, one object per contact with alphabetically sorted keys, {@code
 * contact_id} for the id, empty fields omitted, {@code custom_fields} always present and keyed by
 * field name with typed values (contract §2.5, §8.7).
 */
final class JsonFormat implements RecordFormat {
  private final List<ExportStore.Field> fieldsByName;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);

  JsonFormat(List<ExportStore.Field> fields) {
    this.fieldsByName = fields.stream().sorted(Comparator.comparing(ExportStore.Field::name)).toList();
  }

  @Override
  public String extension() {
    return "json";
  }

  @Override
  public byte[] header() {
    return new byte[0];
  }

  @Override
  public void record(ContactCursor row, RecordChunk out) throws IOException, SQLException {
    ContactRow c = row.row();
    buffer.reset();
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(buffer)) {
      g.writeStartObject();
      text(g, "address_line_1", c.addressLine1());
      text(g, "address_line_2", c.addressLine2());
      JsonNode alternates = RecordFormat.parse(c.alternateEmails(), "alternate_emails");
      if (alternates.isArray() && !alternates.isEmpty()) {
        g.writeFieldName("alternate_emails");
        g.writeTree(alternates);
      }
      text(g, "anonymous_id", c.anonymousId());
      text(g, "city", c.city());
      text(g, "contact_id", c.id());
      text(g, "country", c.country());
      g.writeStringField("created_at", RecordFormat.timestamp(c.createdAt()));
      g.writeObjectFieldStart("custom_fields");
      if (!fieldsByName.isEmpty()) {
        JsonNode custom = RecordFormat.parse(c.customFields(), "custom_fields");
        for (ExportStore.Field f : fieldsByName) {
          JsonNode value = custom.get(f.id());
          if (value != null && !value.isNull() && !(value.isTextual() && value.asText().isEmpty())) {
            g.writeFieldName(f.name());
            g.writeTree(value);
          }
        }
      }
      g.writeEndObject();
      text(g, "email", c.email());
      text(g, "external_id", c.externalId());
      text(g, "facebook", c.facebook());
      text(g, "first_name", c.firstName());
      text(g, "last_name", c.lastName());
      text(g, "line", c.line());
      if (c.listIds() != null && !c.listIds().isEmpty()) {
        g.writeArrayFieldStart("list_ids");
        for (String id : c.listIds().split(",")) {
          g.writeString(id);
        }
        g.writeEndArray();
      }
      text(g, "phone_number", c.phoneNumber());
      text(g, "phone_number_id", c.phoneNumberId());
      text(g, "postal_code", c.postalCode());
      text(g, "state_province_region", c.stateProvinceRegion());
      text(g, "unique_name", c.uniqueName());
      g.writeStringField("updated_at", RecordFormat.timestamp(c.updatedAt()));
      text(g, "whatsapp", c.whatsapp());
      g.writeEndObject();
    }
    buffer.write('\n');
    out.write(buffer.toByteArray());
  }

  private static void text(JsonGenerator g, String name, String value) throws IOException {
    if (value != null && !value.isEmpty()) {
      g.writeStringField(name, value);
    }
  }
}
