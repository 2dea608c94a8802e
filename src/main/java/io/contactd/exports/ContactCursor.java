package io.contactd.exports;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The contact a streamed export is at, read column by column; valid only inside the row callback.
 * Text columns are read as their stored UTF-8 bytes: the CSV needs nothing else, and decoding a
 * million rows into Strings only to encode them again was most of an export's time.
 */
final class ContactCursor {
  // Column numbers of ExportStore's contact query, in the order of the CSV file's columns.
  static final int EMAIL = 1;
  static final int FIRST_NAME = 2;
  static final int LAST_NAME = 3;
  static final int ADDRESS_LINE_1 = 4;
  static final int ADDRESS_LINE_2 = 5;
  static final int CITY = 6;
  static final int STATE_PROVINCE_REGION = 7;
  static final int POSTAL_CODE = 8;
  static final int COUNTRY = 9;
  static final int ALTERNATE_EMAILS = 10;
  static final int PHONE_NUMBER = 11;
  static final int WHATSAPP = 12;
  static final int LINE = 13;
  static final int FACEBOOK = 14;
  static final int UNIQUE_NAME = 15;
  static final int PHONE_NUMBER_ID = 16;
  static final int EXTERNAL_ID = 17;
  static final int ANONYMOUS_ID = 18;
  static final int CUSTOM_FIELDS = 19;
  static final int CREATED_AT = 20;
  static final int UPDATED_AT = 21;
  static final int ID = 22;

  /** NULL unless the query was asked for list ids (JSON exports). */
  static final int LIST_IDS = 23;

  /** Optional: the bits (1 << column) of the columns up to CUSTOM_FIELDS that are not NULL. */
  private static final int PRESENT = 24;

  private final ResultSet rs;
  private final boolean withPresence;
  private long present = -1;

  ContactCursor(ResultSet rs, boolean withPresence) {
    this.rs = rs;
    this.withPresence = withPresence;
  }

  /** Called once the result set is on a new row. */
  void next() throws SQLException {
    if (withPresence) {
      present = rs.getLong(PRESENT) | ~((1L << (CUSTOM_FIELDS + 1)) - 1);
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
