package io.contactd.exports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.contactd.json.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;

/** Turns contacts into the bytes of one export file format. */
interface RecordFormat {

  /** "csv" or "json": the file name ends in {@code .<extension>.gzip}. */
  String extension();

  /** Bytes that start every file (the CSV header), or an empty array. */
  byte[] header();

  /** Appends contact {@code row} of the batch as one complete record, line end included. */
  void record(RowBatch batch, int row, RecordBuffer out) throws IOException;

  /** SendGrid's timestamp form in files and API bodies: whole seconds, UTC, {@code Z}. */
  static String timestamp(long epochMillis) {
    long seconds = Math.floorDiv(epochMillis, 1000);
    long day = Math.floorDiv(seconds, 86_400);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400);
    LocalDate date = LocalDate.ofEpochDay(day);
    if (date.getYear() < 0 || date.getYear() > 9999) {
      return Instant.ofEpochSecond(seconds).toString();
    }
    // Hand-written digits: this runs twice per exported contact, and Instant.toString is slow.
    char[] c = new char[20];
    digits(c, 0, date.getYear(), 4);
    c[4] = '-';
    digits(c, 5, date.getMonthValue(), 2);
    c[7] = '-';
    digits(c, 8, date.getDayOfMonth(), 2);
    c[10] = 'T';
    digits(c, 11, secondOfDay / 3600, 2);
    c[13] = ':';
    digits(c, 14, secondOfDay / 60 % 60, 2);
    c[16] = ':';
    digits(c, 17, secondOfDay % 60, 2);
    c[19] = 'Z';
    return new String(c);
  }

  private static void digits(char[] into, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      into[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  static JsonNode parse(byte[] json, String what) throws IOException {
    if (json == null || json.length == 0) {
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
