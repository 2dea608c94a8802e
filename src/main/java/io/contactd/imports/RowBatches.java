package io.contactd.imports;

import de.siegmar.fastcsv.reader.CsvRecord;
import io.contactd.contacts.ContactInput;
import io.contactd.contacts.ContactRules;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The data rows of an import file after the checkpoint, checked with the contact rules and grouped
 * into batches of {@code size} rows: the valid contacts with their line numbers, and the rows that
 * failed with their reason and cells.
 */
final class RowBatches {
  /** Rows {@code before+1 .. after} of the file (1 = first data row). */
  record Batch(
      long before,
      long after,
      List<ContactInput> contacts,
      List<Long> lines,
      List<ImportStore.RowError> errors) {}

  private final CsvFile file;
  private final List<Column> columns;
  private final ContactRules rules;
  private final int size;
  private final long skip;
  private long row;

  RowBatches(CsvFile file, List<Column> columns, ContactRules rules, long skip, int size) {
    this.file = file;
    this.columns = columns;
    this.rules = rules;
    this.skip = skip;
    this.size = size;
  }

  /** The next batch, or null after the last row. */
  Batch next() throws UnusableFile, IOException {
    CsvRecord r;
    while (row < skip && file.next() != null) {
      row++;
    }
    long before = row;
    List<ContactInput> contacts = new ArrayList<>(size);
    List<Long> lines = new ArrayList<>(size);
    List<ImportStore.RowError> errors = new ArrayList<>();
    while (row - before < size && (r = file.next()) != null) {
      row++;
      long line = r.getStartingLineNumber();
      if (r.getFieldCount() != columns.size()) {
        errors.add(
            new ImportStore.RowError(
                line,
                "the row has "
                    + r.getFieldCount()
                    + " columns, field_mappings has "
                    + columns.size(),
                CsvLine.join(r.getFields())));
        continue;
      }
      switch (rules.fromStrings(reserved(r), alternates(r), custom(r), "line " + line)) {
        case ContactRules.Valid v -> {
          contacts.add(v.contact());
          lines.add(line);
        }
        case ContactRules.Invalid i ->
            errors.add(new ImportStore.RowError(line, i.message(), CsvLine.join(r.getFields())));
      }
    }
    return row == before ? null : new Batch(before, row, contacts, lines, errors);
  }

  private Map<String, String> reserved(CsvRecord r) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).kind() == Column.Kind.RESERVED) {
        out.put(columns.get(i).target(), r.getField(i));
      }
    }
    return out;
  }

  private String alternates(CsvRecord r) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).kind() == Column.Kind.ALTERNATE_EMAILS) {
        return r.getField(i);
      }
    }
    return null;
  }

  private Map<String, String> custom(CsvRecord r) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).kind() == Column.Kind.CUSTOM) {
        out.put(columns.get(i).target(), r.getField(i));
      }
    }
    return out;
  }
}
