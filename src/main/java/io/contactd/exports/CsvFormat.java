package io.contactd.exports;

import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategies;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * SendGrid's export CSV: upper-case quoted header in the order of a real export, the three newer
 * identifier columns after UNIQUE_NAME and the custom fields (upper-cased names) before CREATED_AT
 * (contract §2.4, §8.6); non-empty values quoted, empty ones written as nothing, LF line ends,
 * alternate emails comma-joined in one cell.
 */
final class CsvFormat implements RecordFormat {
  private static final List<String> LEADING =
      List.of(
          "EMAIL", "FIRST_NAME", "LAST_NAME", "ADDRESS_LINE_1", "ADDRESS_LINE_2", "CITY",
          "STATE_PROVINCE_REGION", "POSTAL_CODE", "COUNTRY", "ALTERNATE_EMAILS", "PHONE_NUMBER",
          "WHATSAPP", "LINE", "FACEBOOK", "UNIQUE_NAME", "PHONE_NUMBER_ID", "EXTERNAL_ID",
          "ANONYMOUS_ID");
  private static final List<String> TRAILING = List.of("CREATED_AT", "UPDATED_AT", "CONTACT_ID");

  private final List<ExportStore.Field> fields;
  private final StringBuilder line = new StringBuilder(512);
  private final CsvWriter csv;
  private final String[] values;
  private final byte[] header;

  CsvFormat(List<ExportStore.Field> fields) {
    this.fields = fields;
    // Onto a StringBuilder, flushed after every record: each record is rendered alone so that
    // its size is known before it goes into the compressed file.
    this.csv =
        CsvWriter.builder()
            .quoteStrategy(QuoteStrategies.NON_EMPTY)
            .lineDelimiter(LineDelimiter.LF)
            .autoFlush(true)
            .build(new LineWriter(line));
    this.values = new String[LEADING.size() + fields.size() + TRAILING.size()];
    int i = 0;
    for (String name : LEADING) {
      values[i++] = name;
    }
    for (ExportStore.Field f : fields) {
      values[i++] = f.name().toUpperCase(Locale.ROOT);
    }
    for (String name : TRAILING) {
      values[i++] = name;
    }
    this.header = render();
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
  public byte[] record(ContactRow c) throws IOException {
    int i = 0;
    values[i++] = c.email();
    values[i++] = c.firstName();
    values[i++] = c.lastName();
    values[i++] = c.addressLine1();
    values[i++] = c.addressLine2();
    values[i++] = c.city();
    values[i++] = c.stateProvinceRegion();
    values[i++] = c.postalCode();
    values[i++] = c.country();
    values[i++] = alternateEmails(c.alternateEmails());
    values[i++] = c.phoneNumber();
    values[i++] = c.whatsapp();
    values[i++] = c.line();
    values[i++] = c.facebook();
    values[i++] = c.uniqueName();
    values[i++] = c.phoneNumberId();
    values[i++] = c.externalId();
    values[i++] = c.anonymousId();
    if (!fields.isEmpty()) {
      JsonNode custom = RecordFormat.parse(c.customFields(), "custom_fields");
      for (ExportStore.Field f : fields) {
        values[i++] = RecordFormat.text(custom.get(f.id()));
      }
    }
    values[i++] = RecordFormat.timestamp(c.createdAt());
    values[i++] = RecordFormat.timestamp(c.updatedAt());
    values[i] = c.id();
    return render();
  }

  private byte[] render() {
    line.setLength(0);
    csv.writeRecord(values);
    return line.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String alternateEmails(String json) throws IOException {
    JsonNode emails = RecordFormat.parse(json, "alternate_emails");
    if (!emails.isArray() || emails.isEmpty()) {
      return null;
    }
    StringBuilder joined = new StringBuilder();
    for (JsonNode e : emails) {
      if (!joined.isEmpty()) {
        joined.append(',');
      }
      joined.append(e.asText());
    }
    return joined.toString();
  }

  /** A Writer into a StringBuilder that the format clears before each record. */
  private static final class LineWriter extends Writer {
    private final StringBuilder target;

    LineWriter(StringBuilder target) {
      this.target = target;
    }

    @Override
    public void write(char[] cbuf, int off, int len) {
      target.append(cbuf, off, len);
    }

    @Override
    public void write(String str, int off, int len) {
      target.append(str, off, off + len);
    }

    @Override
    public void write(int c) {
      target.append((char) c);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
