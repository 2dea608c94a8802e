package io.contactd.exports;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.contactd.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
    this.fieldsByName =
        fields.stream().sorted(Comparator.comparing(ExportStore.Field::name)).toList();
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
  public void record(RowBatch batch, int row, RecordBuffer out) throws IOException {
    Contact c = new Contact(batch, row);
    buffer.reset();
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(buffer)) {
      g.writeStartObject();
      text(g, "address_line_1", c.text(ContactCursor.ADDRESS_LINE_1));
      text(g, "address_line_2", c.text(ContactCursor.ADDRESS_LINE_2));
      JsonNode alternates =
          RecordFormat.parse(c.bytes(ContactCursor.ALTERNATE_EMAILS), "alternate_emails");
      if (alternates.isArray() && !alternates.isEmpty()) {
        g.writeFieldName("alternate_emails");
        g.writeTree(alternates);
      }
      text(g, "anonymous_id", c.text(ContactCursor.ANONYMOUS_ID));
      text(g, "city", c.text(ContactCursor.CITY));
      text(g, "contact_id", c.text(ContactCursor.ID));
      text(g, "country", c.text(ContactCursor.COUNTRY));
      g.writeStringField(
          "created_at", RecordFormat.timestamp(batch.millis(row, ContactCursor.CREATED_AT)));
      g.writeObjectFieldStart("custom_fields");
      if (!fieldsByName.isEmpty()) {
        JsonNode custom = RecordFormat.parse(c.bytes(ContactCursor.CUSTOM_FIELDS), "custom_fields");
        for (ExportStore.Field f : fieldsByName) {
          JsonNode value = custom.get(f.id());
          if (value != null
              && !value.isNull()
              && !(value.isTextual() && value.asText().isEmpty())) {
            g.writeFieldName(f.name());
            g.writeTree(value);
          }
        }
      }
      g.writeEndObject();
      text(g, "email", c.text(ContactCursor.EMAIL));
      text(g, "external_id", c.text(ContactCursor.EXTERNAL_ID));
      text(g, "facebook", c.text(ContactCursor.FACEBOOK));
      text(g, "first_name", c.text(ContactCursor.FIRST_NAME));
      text(g, "last_name", c.text(ContactCursor.LAST_NAME));
      text(g, "line", c.text(ContactCursor.LINE));
      String listIds = c.text(ContactCursor.LIST_IDS);
      if (listIds != null && !listIds.isEmpty()) {
        g.writeArrayFieldStart("list_ids");
        for (String id : listIds.split(",")) {
          g.writeString(id);
        }
        g.writeEndArray();
      }
      text(g, "phone_number", c.text(ContactCursor.PHONE_NUMBER));
      text(g, "phone_number_id", c.text(ContactCursor.PHONE_NUMBER_ID));
      text(g, "postal_code", c.text(ContactCursor.POSTAL_CODE));
      text(g, "state_province_region", c.text(ContactCursor.STATE_PROVINCE_REGION));
      text(g, "unique_name", c.text(ContactCursor.UNIQUE_NAME));
      g.writeStringField(
          "updated_at", RecordFormat.timestamp(batch.millis(row, ContactCursor.UPDATED_AT)));
      text(g, "whatsapp", c.text(ContactCursor.WHATSAPP));
      g.writeEndObject();
    }
    buffer.write('\n');
    out.write(buffer.toByteArray());
  }

  /** One contact of the batch, read as Strings. */
  private record Contact(RowBatch batch, int row) {
    String text(int column) {
      return batch.string(row, column);
    }

    byte[] bytes(int column) {
      return batch.bytes(row, column);
    }
  }

  private static void text(JsonGenerator g, String name, String value) throws IOException {
    if (value != null && !value.isEmpty()) {
      g.writeStringField(name, value);
    }
  }
}
