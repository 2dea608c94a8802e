package io.contactd.exports;

import io.contactd.fields.ReservedField;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The contact a streamed export is at, read column by column; valid only inside the row callback.
 * Text columns are read as their stored UTF-8 bytes: the CSV needs nothing else, and decoding a
 * million rows into Strings only to encode them again was most of an export's time.
 *
 * <p>It also numbers the columns of {@link ExportStore}'s contact query, from the field catalogue:
 * the reserved fields of a CSV export in its order, with {@code custom_fields} where the custom
 * columns go (after the writable fields, before the read-only ones), then the list ids.
 */
final class ContactCursor {
  private static final ReservedField[] FIELDS = layout();

  /** The column of {@code contacts.custom_fields}. */
  static final int CUSTOM_FIELDS = indexOf(null);

  /** The list ids, comma-joined; NULL unless the query was asked for them (JSON exports). */
  static final int LIST_IDS = indexOf(ReservedField.LIST_IDS);

  /** Optional: the bits (1 << column) of the columns that may be NULL and are not. */
  private static final int PRESENT = LIST_IDS + 1;

  /** The bits of the columns the mask does not track: never NULL, or not read as bytes. */
  private static final long UNTRACKED = untracked();

  private final ResultSet rs;
  private final boolean withPresence;
  private long present = -1;

  ContactCursor(ResultSet rs, boolean withPresence) {
    this.rs = rs;
    this.withPresence = withPresence;
  }

  /** Column 1 first; {@code null} at {@link #CUSTOM_FIELDS}. */
  private static ReservedField[] layout() {
    List<ReservedField> columns = new ArrayList<>();
    columns.add(null); // columns count from 1
    List<ReservedField> csv = ReservedField.inCsvOrder();
    csv.stream().filter(f -> !f.readOnly()).forEach(columns::add);
    columns.add(null);
    List<ReservedField> readOnly = csv.stream().filter(ReservedField::readOnly).toList();
    if (!csv.subList(csv.size() - readOnly.size(), csv.size()).equals(readOnly)) {
      throw new IllegalStateException("a CSV export lists the read-only reserved fields last");
    }
    columns.addAll(readOnly);
    columns.add(ReservedField.LIST_IDS);
    return columns.toArray(ReservedField[]::new);
  }

  private static int indexOf(ReservedField field) {
    for (int column = 1; column < FIELDS.length; column++) {
      if (FIELDS[column] == field) {
        return column;
      }
    }
    throw new IllegalStateException(field + " is not a column of an export");
  }

  private static long untracked() {
    long bits = 0;
    for (int column = 1; column <= LIST_IDS; column++) {
      if (!mayBeNull(column)) {
        bits |= 1L << column;
      }
    }
    return bits | ~((1L << PRESENT) - 1);
  }

  /** The reserved field at {@code column}; null at {@link #CUSTOM_FIELDS}. */
  static ReservedField field(int column) {
    return FIELDS[column];
  }

  /** The column of {@code field}, which an export holds. */
  static int column(ReservedField field) {
    return indexOf(field);
  }

  /** Columns 1 to {@code LIST_IDS - 1} as named in {@code contacts}, for the contact query. */
  static List<String> contactColumns() {
    List<String> names = new ArrayList<>();
    for (int column = 1; column < LIST_IDS; column++) {
      names.add(column == CUSTOM_FIELDS ? "custom_fields" : FIELDS[column].column());
    }
    return names;
  }

  /** A column the presence mask tracks: text that may be NULL. */
  static boolean mayBeNull(int column) {
    if (column == CUSTOM_FIELDS) {
      return true;
    }
    return column < LIST_IDS
        && switch (FIELDS[column].kind()) {
          case TEXT, EMAILS -> true;
          default -> false;
        };
  }

  /** An epoch millis column, read with {@link #millis}; all others with {@link #bytes}. */
  static boolean isMillis(int column) {
    return column != CUSTOM_FIELDS && FIELDS[column].kind() == ReservedField.Kind.TIMESTAMP;
  }

  /** Called once the result set is on a new row. */
  void next() throws SQLException {
    if (withPresence) {
      present = rs.getLong(PRESENT) | UNTRACKED;
    }
  }

  /** A text column's UTF-8 bytes, or null. */
  byte[] bytes(int column) throws SQLException {
    return (present & (1L << column)) == 0 ? null : rs.getBytes(column);
  }

  long millis(int column) throws SQLException {
    return rs.getLong(column);
  }
}
