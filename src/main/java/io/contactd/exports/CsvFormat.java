package io.contactd.exports;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactd.fields.ReservedField;
import io.contactd.files.FormulaGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

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

  /** What each column of the contact query becomes in the file. */
  private enum Cell {
    /** A value a client gave: with the formula guard when it is on. */
    VALUE,
    /** The contact's id. */
    ID,
    EMAILS,
    TIMESTAMP,
    CUSTOM
  }

  /** By column number of {@link ContactCursor}; the file's columns are the query's, in order. */
  private static final Cell[] CELLS = cells();

  private final List<ExportStore.Field> fields;
  private final CustomFieldScan scan;
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
    this.scan = new CustomFieldScan(fields);
    this.formulaGuard = formulaGuard;
    List<String> names = new ArrayList<>();
    for (int column = 1; column < CELLS.length; column++) {
      if (CELLS[column] == Cell.CUSTOM) {
        for (ExportStore.Field f : fields) {
          names.add(f.name().toUpperCase(Locale.ROOT).replace("\"", "\"\""));
        }
      } else {
        names.add(ContactCursor.field(column).csvHeader());
      }
    }
    String h = names.stream().map(n -> '"' + n + '"').collect(Collectors.joining(",")) + '\n';
    this.header = h.getBytes(StandardCharsets.UTF_8);
  }

  private static Cell[] cells() {
    Cell[] cells = new Cell[ContactCursor.LIST_IDS];
    for (int column = 1; column < cells.length; column++) {
      ReservedField f = ContactCursor.field(column);
      cells[column] =
          f == null
              ? Cell.CUSTOM
              : switch (f.kind()) {
                case EMAILS -> Cell.EMAILS;
                case TIMESTAMP -> Cell.TIMESTAMP;
                case ID -> Cell.ID;
                default -> Cell.VALUE;
              };
    }
    return cells;
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
    for (int column = 1; column < CELLS.length; column++) {
      switch (CELLS[column]) {
        case VALUE -> {
          separate(out, column);
          value(out, batch.bytes(row, column));
        }
        case ID -> {
          separate(out, column);
          cell(out, batch.bytes(row, column));
        }
        case EMAILS -> {
          separate(out, column);
          alternateEmails(out, batch.bytes(row, column));
        }
        case TIMESTAMP -> {
          separate(out, column);
          timestamp(out, batch.millis(row, column));
        }
        case CUSTOM -> custom(out, batch.bytes(row, column)); // a comma before each of its cells
      }
    }
    out.write('\n');
  }

  private static void separate(RecordBuffer out, int column) {
    if (column > 1) {
      out.write(',');
    }
  }

  /** One cell per custom field, each after a comma; nothing at all when there are none. */
  private void custom(RecordBuffer out, byte[] json) throws IOException {
    if (fields.isEmpty()) {
      return;
    }
    if (json == null || json.length == 0) {
      for (int i = 0; i < fields.size(); i++) {
        out.write(',');
      }
      return;
    }
    if (scan.scan(json)) {
      for (int i = 0; i < fields.size(); i++) {
        out.write(',');
        int len = scan.length(i);
        if (len == 0) {
          continue;
        }
        if (formulaGuard) {
          value(out, java.util.Arrays.copyOfRange(json, scan.start(i), scan.start(i) + len));
        } else {
          cell(out, json, scan.start(i), len);
        }
      }
      return;
    }
    JsonNode custom = RecordFormat.parse(json, "custom_fields");
    for (ExportStore.Field f : fields) {
      out.write(',');
      value(out, RecordFormat.text(custom.get(f.id())));
    }
  }

  /** A non-empty value quoted with inner quotes doubled; an empty or missing one as nothing. */
  static void cell(RecordBuffer out, byte[] value) {
    if (value == null || value.length == 0) {
      return;
    }
    cell(out, value, 0, value.length);
  }

  /** {@link #cell} of {@code len > 0} bytes of {@code value} from {@code off}. */
  static void cell(RecordBuffer out, byte[] value, int off, int len) {
    out.write(QUOTE);
    int from = off;
    int end = off + len;
    for (int i = off; i < end; i++) {
      if (value[i] == QUOTE) {
        out.write(value, from, i + 1 - from);
        from = i; // the quote is written again with the next run: doubled
      }
    }
    out.write(value, from, end - from);
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
    JsonNode emails = RecordFormat.parse(json, ReservedField.ALTERNATE_EMAILS.fieldName());
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
