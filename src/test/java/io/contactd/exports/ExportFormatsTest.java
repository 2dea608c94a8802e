package io.contactd.exports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bytes of an export file, pinned: the full CSV header and one record of each format, for a
 * contact with every exported field set and for one with nothing but an email. The contact comes
 * from a real SQLite result set laid out as the export's contact query.
 */
class ExportFormatsTest {
  private static final List<ExportStore.Field> CUSTOM =
      List.of(
          new ExportStore.Field("f1", "colour \"x\"", "Text"),
          new ExportStore.Field("f2", "score", "Number"),
          new ExportStore.Field("f3", "birthday", "Date"));

  /** Every column of the contact query, in its order, with list ids. */
  private static final String FULL =
      "SELECT 'ann@example.com', 'Ann \"The\"', 'Lee', '1 Main St, Apt 2', 'c/o Bob', 'Zürich',"
          + " 'ZH', '8001', 'CH', '[\"a@example.com\",\"b@example.com\"]', '+41 44 000', 'wa1',"
          + " 'line1', 'fb1', 'ann_lee', 'pid1', 'ext1', 'anon1',"
          + " '{\"f1\":\"blue\",\"f2\":42,\"f3\":\"2020-02-29T00:00:00Z\"}',"
          + " 1600000000123, 1600000001999, 'contact-1', 'list-1,list-2'";

  /** Only what every contact has, and an email. */
  private static final String BARE =
      "SELECT 'bob@example.com', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
          + " NULL, NULL, NULL, NULL, NULL, NULL, '{}', 1600000000000, 1600000000000, 'contact-2',"
          + " NULL";

  /** Every text starts with "=": which columns the formula guard defuses, and which it leaves. */
  private static final String FORMULAS =
      "SELECT '=1', '=2', '=3', '=4', '=5', '=6', '=7', '=8', '=9', '[\"=a@example.com\"]',"
          + " '=11', '=12', '=13', '=14', '=15', '=16', '=17', '=18', '{\"f1\":\"=f1\"}',"
          + " 1600000000000, 1600000000000, '=id', NULL";

  private Connection db;

  @BeforeEach
  void open() throws SQLException {
    db = DriverManager.getConnection("jdbc:sqlite::memory:");
  }

  @AfterEach
  void close() throws SQLException {
    db.close();
  }

  @Test
  void the_csv_header_names_every_reserved_column_and_the_custom_fields_in_sendgrids_order() {
    assertThat(new String(new CsvFormat(CUSTOM).header(), StandardCharsets.UTF_8))
        .isEqualTo(
            "\"EMAIL\",\"FIRST_NAME\",\"LAST_NAME\",\"ADDRESS_LINE_1\",\"ADDRESS_LINE_2\",\"CITY\","
                + "\"STATE_PROVINCE_REGION\",\"POSTAL_CODE\",\"COUNTRY\",\"ALTERNATE_EMAILS\","
                + "\"PHONE_NUMBER\",\"WHATSAPP\",\"LINE\",\"FACEBOOK\",\"UNIQUE_NAME\","
                + "\"PHONE_NUMBER_ID\",\"EXTERNAL_ID\",\"ANONYMOUS_ID\",\"COLOUR \"\"X\"\"\","
                + "\"SCORE\",\"BIRTHDAY\",\"CREATED_AT\",\"UPDATED_AT\",\"CONTACT_ID\"\n");
    assertThat(new String(new CsvFormat(List.of()).header(), StandardCharsets.UTF_8))
        .isEqualTo(
            "\"EMAIL\",\"FIRST_NAME\",\"LAST_NAME\",\"ADDRESS_LINE_1\",\"ADDRESS_LINE_2\",\"CITY\","
                + "\"STATE_PROVINCE_REGION\",\"POSTAL_CODE\",\"COUNTRY\",\"ALTERNATE_EMAILS\","
                + "\"PHONE_NUMBER\",\"WHATSAPP\",\"LINE\",\"FACEBOOK\",\"UNIQUE_NAME\","
                + "\"PHONE_NUMBER_ID\",\"EXTERNAL_ID\",\"ANONYMOUS_ID\",\"CREATED_AT\","
                + "\"UPDATED_AT\",\"CONTACT_ID\"\n");
  }

  @Test
  void a_csv_record_of_a_contact_with_every_field_set() throws Exception {
    assertThat(record(new CsvFormat(CUSTOM), FULL))
        .isEqualTo(
            "\"ann@example.com\",\"Ann \"\"The\"\"\",\"Lee\",\"1 Main St, Apt 2\",\"c/o Bob\","
                + "\"Zürich\",\"ZH\",\"8001\",\"CH\",\"a@example.com,b@example.com\","
                + "\"+41 44 000\",\"wa1\",\"line1\",\"fb1\",\"ann_lee\",\"pid1\",\"ext1\","
                + "\"anon1\",\"blue\",\"42\",\"2020-02-29T00:00:00Z\","
                + "\"2020-09-13T12:26:40Z\",\"2020-09-13T12:26:41Z\",\"contact-1\"\n");
  }

  @Test
  void a_csv_record_of_a_contact_with_only_an_email() throws Exception {
    assertThat(record(new CsvFormat(CUSTOM), BARE))
        .isEqualTo(
            "\"bob@example.com\",,,,,,,,,,,,,,,,,,,,,"
                + "\"2020-09-13T12:26:40Z\",\"2020-09-13T12:26:40Z\",\"contact-2\"\n");
    assertThat(record(new CsvFormat(List.of()), BARE))
        .isEqualTo(
            "\"bob@example.com\",,,,,,,,,,,,,,,,,,"
                + "\"2020-09-13T12:26:40Z\",\"2020-09-13T12:26:40Z\",\"contact-2\"\n");
  }

  @Test
  void the_formula_guard_defuses_the_contacts_values_and_leaves_the_rest() throws Exception {
    assertThat(record(new CsvFormat(CUSTOM, true), FORMULAS))
        .isEqualTo(
            "\"'=1\",\"'=2\",\"'=3\",\"'=4\",\"'=5\",\"'=6\",\"'=7\",\"'=8\",\"'=9\","
                + "\"'=a@example.com\",\"'=11\",\"'=12\",\"'=13\",\"'=14\",\"'=15\","
                + "\"'=16\",\"'=17\",\"'=18\",\"'=f1\",,,"
                + "\"2020-09-13T12:26:40Z\",\"2020-09-13T12:26:40Z\",\"=id\"\n");
  }

  @Test
  void a_json_record_of_a_contact_with_every_field_set() throws Exception {
    assertThat(record(new JsonFormat(CUSTOM), FULL))
        .isEqualTo(
            "{\"address_line_1\":\"1 Main St, Apt 2\",\"address_line_2\":\"c/o Bob\","
                + "\"alternate_emails\":[\"a@example.com\",\"b@example.com\"],"
                + "\"anonymous_id\":\"anon1\",\"city\":\"Zürich\",\"contact_id\":\"contact-1\","
                + "\"country\":\"CH\",\"created_at\":\"2020-09-13T12:26:40Z\","
                + "\"custom_fields\":{\"birthday\":\"2020-02-29T00:00:00Z\","
                + "\"colour \\\"x\\\"\":\"blue\",\"score\":42},"
                + "\"email\":\"ann@example.com\",\"external_id\":\"ext1\",\"facebook\":\"fb1\","
                + "\"first_name\":\"Ann \\\"The\\\"\",\"last_name\":\"Lee\",\"line\":\"line1\","
                + "\"list_ids\":[\"list-1\",\"list-2\"],\"phone_number\":\"+41 44 000\","
                + "\"phone_number_id\":\"pid1\",\"postal_code\":\"8001\","
                + "\"state_province_region\":\"ZH\",\"unique_name\":\"ann_lee\","
                + "\"updated_at\":\"2020-09-13T12:26:41Z\",\"whatsapp\":\"wa1\"}\n");
  }

  @Test
  void a_json_record_of_a_contact_with_only_an_email() throws Exception {
    assertThat(record(new JsonFormat(CUSTOM), BARE))
        .isEqualTo(
            "{\"contact_id\":\"contact-2\",\"created_at\":\"2020-09-13T12:26:40Z\","
                + "\"custom_fields\":{},\"email\":\"bob@example.com\","
                + "\"updated_at\":\"2020-09-13T12:26:40Z\"}\n");
  }

  private String record(RecordFormat format, String select) throws Exception {
    try (Statement s = db.createStatement();
        ResultSet rs = s.executeQuery(select)) {
      assertThat(rs.next()).isTrue();
      ContactCursor cursor = new ContactCursor(rs, false);
      cursor.next();
      RowBatch batch = new RowBatch();
      batch.add(cursor);
      RecordBuffer out = new RecordBuffer();
      format.record(batch, 0, out);
      return new String(Arrays.copyOf(out.data(), out.length()), StandardCharsets.UTF_8);
    }
  }
}
