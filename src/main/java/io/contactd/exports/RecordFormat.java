package io.contactd.exports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.contactd.http.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Turns contacts into the bytes of one export file format. */
interface RecordFormat {

  /** "csv" or "json": the file name ends in {@code .<extension>.gzip}. */
  String extension();

  /** Bytes that start every file (the CSV header), or an empty array. */
  byte[] header();

  /** One complete record, line end included. */
  byte[] record(ContactRow row) throws IOException;

  /** SendGrid's timestamp form in files and API bodies: whole seconds, UTC, {@code Z}. */
  static String timestamp(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static JsonNode parse(String json, String what) throws IOException {
    if (json == null || json.isEmpty()) {
      return NullNode.instance;
    }
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IOException("a contact's stored " + what + " is not valid JSON", e);
    }
  }

  /** A custom field value as CSV text: numbers without a useless ".0", text as is. */
  static String text(JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return null;
    }
    if (value.isFloatingPointNumber()) {
      return value.decimalValue().stripTrailingZeros().toPlainString();
    }
    if (value.isValueNode()) {
      String s = value.asText();
      return s.isEmpty() ? null : s;
    }
    return value.toString();
  }
}
