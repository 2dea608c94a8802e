package io.contactd.fields;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The catalogue against the lists it replaced, written out here once more so that a change to it
 * shows: GET /field_definitions, the writable columns and their lengths, the API's key order.
 */
class ReservedFieldTest {
  @Test
  void field_definitions_list_the_reserved_fields_as_sendgrid_does() {
    List<String> listed =
        Arrays.stream(ReservedField.values())
            .map(f -> f.id() + " " + f.fieldName() + " " + f.type() + (f.readOnly() ? " ro" : ""))
            .toList();
    assertThat(listed)
        .containsExactly(
            "_rf0_T first_name Text",
            "_rf1_T last_name Text",
            "_rf2_T email Text",
            "_rf3_T alternate_emails Text",
            "_rf4_T address_line_1 Text",
            "_rf5_T address_line_2 Text",
            "_rf6_T city Text",
            "_rf7_T state_province_region Text",
            "_rf8_T postal_code Text",
            "_rf9_T country Text",
            "_rf10_T phone_number Text",
            "_rf11_T whatsapp Text",
            "_rf12_T line Text",
            "_rf13_T facebook Text",
            "_rf14_T unique_name Text",
            "_rf27_T list_ids Text",
            "_rf28_T segment_ids Text",
            "_rf15_T email_domains Text ro",
            "_rf16_D last_clicked Date ro",
            "_rf17_D last_opened Date ro",
            "_rf18_D last_emailed Date ro",
            "_rf19_T singlesend_id Text ro",
            "_rf20_T automation_id Text ro",
            "_rf21_D created_at Date ro",
            "_rf22_D updated_at Date ro",
            "_rf23_T contact_id Text ro",
            "_rf24_T phone_number_id Text",
            "_rf25_T external_id Text",
            "_rf26_T anonymous_id Text");
  }

  @Test
  void clients_write_these_text_columns_up_to_these_lengths() {
    Map<String, Integer> written = new LinkedHashMap<>();
    for (ReservedField f : ReservedField.writableText()) {
      assertThat(f.column()).isEqualTo(f.fieldName());
      written.put(f.column(), f.maxLength());
    }
    assertThat(written)
        .isEqualTo(
            Map.ofEntries(
                Map.entry("email", 254),
                Map.entry("phone_number_id", 254),
                Map.entry("external_id", 254),
                Map.entry("anonymous_id", 254),
                Map.entry("first_name", 50),
                Map.entry("last_name", 50),
                Map.entry("unique_name", 254),
                Map.entry("address_line_1", 100),
                Map.entry("address_line_2", 100),
                Map.entry("city", 60),
                Map.entry("state_province_region", 50),
                Map.entry("postal_code", 60),
                Map.entry("country", 50),
                Map.entry("phone_number", 24),
                Map.entry("whatsapp", 254),
                Map.entry("line", 254),
                Map.entry("facebook", 254)));
  }

  @Test
  void a_contact_is_identified_by_email_or_one_of_three_ids() {
    assertThat(ReservedField.identifiers())
        .containsExactly(
            ReservedField.EMAIL,
            ReservedField.PHONE_NUMBER_ID,
            ReservedField.EXTERNAL_ID,
            ReservedField.ANONYMOUS_ID);
  }

  @Test
  void the_api_renders_a_contacts_text_fields_in_sendgrids_order() {
    assertThat(ReservedField.inApiOrder().stream().map(ReservedField::fieldName))
        .containsExactly(
            "first_name",
            "last_name",
            "unique_name",
            "email",
            "phone_number_id",
            "external_id",
            "anonymous_id",
            "address_line_1",
            "address_line_2",
            "city",
            "state_province_region",
            "country",
            "postal_code",
            "phone_number",
            "whatsapp",
            "line",
            "facebook");
  }

  @Test
  void a_csv_export_has_the_writable_fields_first_then_the_read_only_ones() {
    List<ReservedField> csv = ReservedField.inCsvOrder();
    assertThat(csv).hasSize(21).doesNotHaveDuplicates();
    assertThat(csv.subList(0, 18)).noneMatch(ReservedField::readOnly);
    assertThat(csv.subList(18, 21))
        .containsExactly(
            ReservedField.CREATED_AT, ReservedField.UPDATED_AT, ReservedField.CONTACT_ID);
    assertThat(ReservedField.inJsonExport()).containsAll(csv).contains(ReservedField.LIST_IDS);
  }

  @Test
  void ids_and_names_are_unique_and_found_again() {
    for (ReservedField f : ReservedField.values()) {
      assertThat(ReservedField.byId(f.id())).contains(f);
      assertThat(ReservedField.isReservedName(f.fieldName().toUpperCase())).isTrue();
    }
    assertThat(Arrays.stream(ReservedField.values()).map(ReservedField::id))
        .doesNotHaveDuplicates();
    assertThat(ReservedField.byId("_rf99_T")).isEmpty();
    assertThat(ReservedField.CONTACT_ID.column()).isEqualTo("id");
    assertThat(ReservedField.LIST_IDS.column()).isNull();
  }
}
