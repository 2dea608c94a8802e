package io.contactd.fields;

import java.util.List;
import java.util.Locale;

/** The reserved fields, in the order SendGrid lists them (contract §5). */
public record ReservedField(String id, String name, FieldType type, boolean readOnly) {
  public static final List<ReservedField> ALL =
      List.of(
          rw("_rf0_T", "first_name"),
          rw("_rf1_T", "last_name"),
          rw("_rf2_T", "email"),
          rw("_rf3_T", "alternate_emails"),
          rw("_rf4_T", "address_line_1"),
          rw("_rf5_T", "address_line_2"),
          rw("_rf6_T", "city"),
          rw("_rf7_T", "state_province_region"),
          rw("_rf8_T", "postal_code"),
          rw("_rf9_T", "country"),
          rw("_rf10_T", "phone_number"),
          rw("_rf11_T", "whatsapp"),
          rw("_rf12_T", "line"),
          rw("_rf13_T", "facebook"),
          rw("_rf14_T", "unique_name"),
          rw("_rf27_T", "list_ids"),
          rw("_rf28_T", "segment_ids"),
          ro("_rf15_T", "email_domains", FieldType.Text),
          ro("_rf16_D", "last_clicked", FieldType.Date),
          ro("_rf17_D", "last_opened", FieldType.Date),
          ro("_rf18_D", "last_emailed", FieldType.Date),
          ro("_rf19_T", "singlesend_id", FieldType.Text),
          ro("_rf20_T", "automation_id", FieldType.Text),
          ro("_rf21_D", "created_at", FieldType.Date),
          ro("_rf22_D", "updated_at", FieldType.Date),
          ro("_rf23_T", "contact_id", FieldType.Text),
          rw("_rf24_T", "phone_number_id"),
          rw("_rf25_T", "external_id"),
          rw("_rf26_T", "anonymous_id"));

  private static ReservedField rw(String id, String name) {
    return new ReservedField(id, name, FieldType.Text, false);
  }

  private static ReservedField ro(String id, String name, FieldType type) {
    return new ReservedField(id, name, type, true);
  }

  /** The reserved field with this id ({@code _rf2_T}), if any. */
  public static java.util.Optional<ReservedField> byId(String id) {
    return ALL.stream().filter(f -> f.id().equals(id)).findFirst();
  }

  static boolean isReservedName(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    return ALL.stream().anyMatch(f -> f.name().equals(key)) || key.equals("id");
  }

  static boolean isReservedId(String id) {
    return ALL.stream().anyMatch(f -> f.id().equals(id));
  }
}
