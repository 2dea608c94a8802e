package io.contactd.exports;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactd.files.FormulaGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * SendGrid's export CSV: upper-case quoted header in the order of a real export, the three newer
 * identifier columns after UNIQUE_NAME and the custom fields (upper-cased names) before CREATED_AT
 * (contract §2.4, §8.6); non-empty values quoted, empty ones written as nothing, LF line ends,
 * alternate emails comma-joined in one cell.
 *
 * <p>Values go from the database's UTF-8 bytes straight into the output: the only bytes CSV cares
 * about ({@code "}, {@code ,}, CR, LF) are ASCII, and UTF-8 never uses ASCII byte values inside a
 * multi-byte character, so quoting every non-empty value and doubling {@code "} is exact.
 */
final class CsvFormat implements RecordFormat {
  private static final byte QUOTE = '"';
  private static final List<String> LEADING =
      List.of(
          "EMAIL",
          "FIRST_NAME",
          "LAST_NAME",
          "ADDRESS_LINE_1",
          "ADDRESS_LINE_2",
          "CITY",
          "STATE_PROVINCE_REGION",
          "POSTAL_CODE",
          "COUNTRY",
          "ALTERNATE_EMAILS",
          "PHONE_NUMBER",
          "WHATSAPP",
          "LINE",
          "FACEBOOK",
          "UNIQUE_NAME",
          "PHONE_NUMBER_ID",
          "EXTERNAL_ID",
          "ANONYMOUS_ID");
  private static final List<String> TRAILING = List.of("CREATED_AT", "UPDATED_AT", "CONTACT_ID");

  /** The reserved text columns between ALTERNATE_EMAILS and the custom fields. */
  private static final int[] MIDDLE = {
    ContactCursor.PHONE_NUMBER,
    ContactCursor.WHATSAPP,
    ContactCursor.LINE,
    ContactCursor.FACEBOOK,
    ContactCursor.UNIQUE_NAME,
    ContactCursor.PHONE_NUMBER_ID,
    ContactCursor.EXTERNAL_ID,
    ContactCursor.ANONYMOUS_ID
  };

  private final List<ExportStore.Field> fields;
  private final boolean formulaGuard;
  private final byte[] header;
  private long cachedSecond = Long.MIN_VALUE;
  private byte[] cachedTimestamp;

  CsvFormat(List<ExportStore.Field> fields) {
    this(fields, false);
  }

  /**
   * {@code formulaGuard}: prefix cells a spreadsheet would run with {@code '} ({@link
   * FormulaGuard}).
   */
  CsvFormat(List<ExportStore.Field> fields, boolean formulaGuard) {
    this.fields = fields;
    this.formulaGuard = formulaGuard;
    StringBuilder h = new StringBuilder();
    for (String name : LEADING) {
      h.append('"').append(name).append("\",");
    }
    for (ExportStore.Field f : fields) {
      h.append('"').append(f.name().toUpperCase(Locale.ROOT).replace("\"", "\"\"")).append("\",");
    }
    h.append(String.join(",", TRAILING.stream().map(n -> '"' + n + '"').toList())).append('\n');
    this.header = h.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String extension() {
    return "csv";
  }

  @Override
  public byte[] header() {
    return header.clone();
  }

  @Override
  public void record(RowBatch batch, int row, RecordBuffer out) throws IOException {
    for (int column = ContactCursor.EMAIL; column <= ContactCursor.COUNTRY; column++) {
      value(out, batch.bytes(row, column));
      out.write(',');
    }
    alternateEmails(out, batch.bytes(row, ContactCursor.ALTERNATE_EMAILS));
    for (int column : MIDDLE) {
      out.write(',');
      value(out, batch.bytes(row, column));
    }
    if (!fields.isEmpty()) {
      JsonNode custom =
          RecordFormat.parse(batch.bytes(row, ContactCursor.CUSTOM_FIELDS), "custom_fields");
      for (ExportStore.Field f : fields) {
        out.write(',');
        value(out, RecordFormat.text(custom.get(f.id())));
      }
    }
    out.write(',');
    timestamp(out, batch.millis(row, ContactCursor.CREATED_AT));
    out.write(',');
    timestamp(out, batch.millis(row, ContactCursor.UPDATED_AT));
    out.write(',');
    cell(out, batch.bytes(row, ContactCursor.ID));
    out.write('\n');
  }

  /** A non-empty value quoted with inner quotes doubled; an empty or missing one as nothing. */
  static void cell(RecordBuffer out, byte[] value) {
    if (value == null || value.length == 0) {
      return;
    }
    out.write(QUOTE);
    int from = 0;
    for (int i = 0; i < value.length; i++) {
      if (value[i] == QUOTE) {
        out.write(value, from, i + 1 - from);
        from = i; // the quote is written again with the next run: doubled
      }
    }
    out.write(value, from, value.length - from);
    out.write(QUOTE);
  }

  /** A contact's value: {@link #cell}, with the formula guard when it is on. */
  private void value(RecordBuffer out, byte[] value) {
    if (formulaGuard && FormulaGuard.risky(value)) {
      byte[] guarded = new byte[value.length + 1];
      guarded[0] = '\'';
      System.arraycopy(value, 0, guarded, 1, value.length);
      value = guarded;
    }
    cell(out, value);
  }

  private void value(RecordBuffer out, String value) {
    value(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  private void alternateEmails(RecordBuffer out, byte[] json) throws IOException {
    // Most contacts have none: no JSON parse for NULL or an empty array.
    if (json == null || json.length <= 2) {
      return;
    }
    JsonNode emails = RecordFormat.parse(json, "alternate_emails");
    if (!emails.isArray() || emails.isEmpty()) {
      return;
    }
    StringBuilder joined = new StringBuilder();
    for (JsonNode e : emails) {
      if (!joined.isEmpty()) {
        joined.append(',');
      }
      joined.append(e.asText());
    }
    value(out, joined.toString());
  }

  /**
   * {@link RecordFormat#timestamp} as quoted bytes. Contacts come mostly in creation order and many
   * were created in the same second, so the last second's bytes are kept and reused.
   */
  private void timestamp(RecordBuffer out, long epochMillis) {
    long seconds = Math.floorDiv(epochMillis, 1000);
    if (seconds != cachedSecond) {
      String text = RecordFormat.timestamp(epochMillis);
      cachedTimestamp = ('"' + text + '"').getBytes(StandardCharsets.UTF_8);
      cachedSecond = seconds;
    }
    out.write(cachedTimestamp);
  }
}
