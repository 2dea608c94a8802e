package io.contactd.exports;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategies;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvFormatTest {
  /** Characters that matter to CSV, plus multi-byte UTF-8 (2, 3 and 4 bytes). */
  private static final String[] PIECES = {
    "a", "Z", "0", " ", "\"", ",", "\r", "\n", "é", "名", "😀", "\"\"", ";"
  };

  @Test
  void byte_level_cells_are_identical_to_fastcsv_quoting_non_empty_values() {
    Random random = new Random(7);
    for (int i = 0; i < 5_000; i++) {
      String[] values = new String[1 + random.nextInt(5)];
      for (int v = 0; v < values.length; v++) {
        int kind = random.nextInt(6);
        if (kind == 0) {
          values[v] = null;
        } else if (kind == 1) {
          values[v] = "";
        } else {
          StringBuilder s = new StringBuilder();
          for (int p = random.nextInt(8); p >= 0; p--) {
            s.append(PIECES[random.nextInt(PIECES.length)]);
          }
          values[v] = s.toString();
        }
      }
      StringWriter expected = new StringWriter();
      CsvWriter.builder()
          .quoteStrategy(QuoteStrategies.NON_EMPTY)
          .lineDelimiter(LineDelimiter.LF)
          .autoFlush(true)
          .build(expected)
          .writeRecord(values);

      RecordBuffer chunk = new RecordBuffer();
      for (int v = 0; v < values.length; v++) {
        if (v > 0) {
          chunk.write(',');
        }
        CsvFormat.cell(
            chunk, values[v] == null ? null : values[v].getBytes(StandardCharsets.UTF_8));
      }
      chunk.write('\n');
      byte[] actual = Arrays.copyOf(chunk.data(), chunk.length());
      assertThat(new String(actual, StandardCharsets.UTF_8))
          .as(Arrays.toString(values))
          .isEqualTo(expected.toString());
    }
  }
}
