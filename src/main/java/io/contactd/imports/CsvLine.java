package io.contactd.imports;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** A failed row's cells kept as one CSV line in the database until the errors file is written. */
final class CsvLine {
  private CsvLine() {}

  static String join(List<String> cells) {
    StringWriter out = new StringWriter();
    try (CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(out)) {
      csv.writeRecord(cells);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    String line = out.toString();
    return line.substring(0, line.length() - 1);
  }

  static List<String> split(String line) {
    return CsvReader.builder().ofSingleCsvRecord(line).getFields();
  }
}
