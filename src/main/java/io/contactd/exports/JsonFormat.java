package io.contactd.exports;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.contactd.fields.ReservedField;
import io.contactd.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * SendGrid's JSON export: NDJSON, one object per contact with alphabetically sorted keys, {@code
 * contact_id} for the id, empty fields omitted, {@code custom_fields} always present and keyed by
 * field name with typed values (contract §2.5, §8.7).
 */
final class JsonFormat implements RecordFormat {
  /** How a key's value is written. */
  private enum Value {
    TEXT,
    EMAILS,
    TIMESTAMP,
    LIST_IDS,
    CUSTOM
  }

  /** A key of the object and the column of {@link ContactCursor} its value comes from. */
  private record Key(String name, int column, Value value) {}

  /** The catalogue's fields of a JSON export and {@code custom_fields}, sorted by name. */
  private static final List<Key> KEYS = keys();

  private final List<ExportStore.Field> fieldsByName;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);

  JsonFormat(List<ExportStore.Field> fields) {
    this.fieldsByName =
        fields.stream().sorted(Comparator.comparing(ExportStore.Field::name)).toList();
  }

  private static List<Key> keys() {
    List<Key> keys = new ArrayList<>();
    for (ReservedField f : ReservedField.inJsonExport()) {
      Value value =
          switch (f.kind()) {
            case EMAILS -> Value.EMAILS;
            case TIMESTAMP -> Value.TIMESTAMP;
            case LISTS -> Value.LIST_IDS;
            default -> Value.TEXT;
          };
      keys.add(new Key(f.fieldName(), ContactCursor.column(f), value));
    }
    keys.add(new Key("custom_fields", ContactCursor.CUSTOM_FIELDS, Value.CUSTOM));
    keys.sort(Comparator.comparing(Key::name));
    return List.copyOf(keys);
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
    buffer.reset();
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(buffer)) {
      g.writeStartObject();
      for (Key key : KEYS) {
        switch (key.value()) {
          case TEXT -> text(g, key.name(), batch.string(row, key.column()));
          case EMAILS -> {
            JsonNode emails = RecordFormat.parse(batch.bytes(row, key.column()), key.name());
            if (emails.isArray() && !emails.isEmpty()) {
              g.writeFieldName(key.name());
              g.writeTree(emails);
            }
          }
          case TIMESTAMP ->
              g.writeStringField(
                  key.name(), RecordFormat.timestamp(batch.millis(row, key.column())));
          case LIST_IDS -> {
            String listIds = batch.string(row, key.column());
            if (listIds != null && !listIds.isEmpty()) {
              g.writeArrayFieldStart(key.name());
              for (String id : listIds.split(",")) {
                g.writeString(id);
              }
              g.writeEndArray();
            }
          }
          case CUSTOM -> custom(g, key.name(), batch.bytes(row, key.column()));
        }
      }
      g.writeEndObject();
    }
    buffer.write('\n');
    out.write(buffer.toByteArray());
  }

  /** Always present; values keyed by field name, empty ones left out. */
  private void custom(JsonGenerator g, String name, byte[] json) throws IOException {
    g.writeObjectFieldStart(name);
    if (!fieldsByName.isEmpty()) {
      JsonNode custom = RecordFormat.parse(json, name);
      for (ExportStore.Field f : fieldsByName) {
        JsonNode value = custom.get(f.id());
        if (value != null && !value.isNull() && !(value.isTextual() && value.asText().isEmpty())) {
          g.writeFieldName(f.name());
          g.writeTree(value);
        }
      }
    }
    g.writeEndObject();
  }

  private static void text(JsonGenerator g, String name, String value) throws IOException {
    if (value != null && !value.isEmpty()) {
      g.writeStringField(name, value);
    }
  }
}
