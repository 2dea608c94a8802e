package io.contactd.fields;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The reserved contact fields, each named once: everything else derives from this catalogue (GET
 * /field_definitions, what a contact may be given and how long, the columns of {@code contacts},
 * the identifiers, the API's contact, the export's CSV columns and JSON keys). Declared in the
 * order SendGrid lists them (contract §5). A field's name is its constant in lower case, its CSV
 * export header the constant itself.
 */
public enum ReservedField {
  FIRST_NAME(text(0, 50).csv(2).api(1)),
  LAST_NAME(text(1, 50).csv(3).api(2)),
  EMAIL(text(2, 254).identifier().csv(1).api(4)),
  ALTERNATE_EMAILS(of(3, FieldType.Text, Kind.EMAILS).csv(10)),
  ADDRESS_LINE_1(text(4, 100).csv(4).api(8)),
  ADDRESS_LINE_2(text(5, 100).csv(5).api(9)),
  CITY(text(6, 60).csv(6).api(10)),
  STATE_PROVINCE_REGION(text(7, 50).csv(7).api(11)),
  POSTAL_CODE(text(8, 60).csv(8).api(13)),
  COUNTRY(text(9, 50).csv(9).api(12)),
  PHONE_NUMBER(text(10, 24).csv(11).api(14)),
  WHATSAPP(text(11, 254).csv(12).api(15)),
  LINE(text(12, 254).csv(13).api(16)),
  FACEBOOK(text(13, 254).csv(14).api(17)),
  UNIQUE_NAME(text(14, 254).csv(15).api(3)),
  LIST_IDS(of(27, FieldType.Text, Kind.LISTS).jsonExport()),
  SEGMENT_IDS(of(28, FieldType.Text, Kind.SEGMENTS)),
  EMAIL_DOMAINS(of(15, FieldType.Text, Kind.COMPUTED)),
  LAST_CLICKED(of(16, FieldType.Date, Kind.COMPUTED)),
  LAST_OPENED(of(17, FieldType.Date, Kind.COMPUTED)),
  LAST_EMAILED(of(18, FieldType.Date, Kind.COMPUTED)),
  SINGLESEND_ID(of(19, FieldType.Text, Kind.COMPUTED)),
  AUTOMATION_ID(of(20, FieldType.Text, Kind.COMPUTED)),
  CREATED_AT(of(21, FieldType.Date, Kind.TIMESTAMP).csv(19)),
  UPDATED_AT(of(22, FieldType.Date, Kind.TIMESTAMP).csv(20)),
  CONTACT_ID(of(23, FieldType.Text, Kind.ID).csv(21)),
  PHONE_NUMBER_ID(text(24, 254).identifier().csv(16).api(5)),
  EXTERNAL_ID(text(25, 254).identifier().csv(17).api(6)),
  ANONYMOUS_ID(text(26, 254).identifier().csv(18).api(7));

  /** Where a field's value lives and who writes it. */
  public enum Kind {
    /** A text column of {@code contacts} a client writes, up to {@link #maxLength()}. */
    TEXT,
    /** {@code contacts.alternate_emails}, a JSON array a client writes. */
    EMAILS,
    /** List membership, kept in {@code list_members}; a client gives it as {@code list_ids}. */
    LISTS,
    /** Segment membership; no segment exists yet. */
    SEGMENTS,
    /** Read-only, kept by SendGrid's sending side, which contactd does not have. */
    COMPUTED,
    /** Read-only epoch millis column of {@code contacts}. */
    TIMESTAMP,
    /** Read-only: the contact's own id, column {@code id}. */
    ID
  }

  /** One row of the catalogue, as the constants above spell it. */
  private record Spec(
      int number,
      FieldType type,
      Kind kind,
      int maxLength,
      boolean identifies,
      int csv,
      boolean inJson,
      int api) {
    Spec identifier() {
      return new Spec(number, type, kind, maxLength, true, csv, inJson, api);
    }

    /** Column {@code position} among the reserved columns of a CSV export (and in JSON exports). */
    Spec csv(int position) {
      return new Spec(number, type, kind, maxLength, identifies, position, true, api);
    }

    /** In JSON exports only. */
    Spec jsonExport() {
      return new Spec(number, type, kind, maxLength, identifies, csv, true, api);
    }

    /** Place {@code position} among the text fields of a contact as the API renders it. */
    Spec api(int position) {
      return new Spec(number, type, kind, maxLength, identifies, csv, inJson, position);
    }
  }

  private static Spec text(int number, int maxLength) {
    return new Spec(number, FieldType.Text, Kind.TEXT, maxLength, false, 0, false, 0);
  }

  private static Spec of(int number, FieldType type, Kind kind) {
    return new Spec(number, type, kind, 0, false, 0, false, 0);
  }

  private final Spec spec;
  private final String id;
  private final String fieldName;

  ReservedField(Spec spec) {
    this.spec = spec;
    this.id = "_rf" + spec.number() + "_" + spec.type().name().charAt(0);
    this.fieldName = name().toLowerCase(Locale.ROOT);
  }

  /** As the API names it: {@code _rf2_T}. */
  public String id() {
    return id;
  }

  /** As the API and the JSON export name it: {@code first_name}. */
  public String fieldName() {
    return fieldName;
  }

  /** The header of its column in a CSV export: {@code FIRST_NAME}. */
  public String csvHeader() {
    return name();
  }

  public FieldType type() {
    return spec.type();
  }

  public Kind kind() {
    return spec.kind();
  }

  /** A client can never give it a value. */
  public boolean readOnly() {
    return switch (spec.kind()) {
      case COMPUTED, TIMESTAMP, ID -> true;
      case TEXT, EMAILS, LISTS, SEGMENTS -> false;
    };
  }

  /** The longest value a client may write; 0 unless {@link Kind#TEXT}. */
  public int maxLength() {
    return spec.maxLength();
  }

  /** A contact can be found by it (and needs at least one such value). */
  public boolean identifier() {
    return spec.identifies();
  }

  /** Its column of {@code contacts}, or null when it is not kept there. */
  public String column() {
    return switch (spec.kind()) {
      case TEXT, EMAILS, TIMESTAMP -> fieldName();
      case ID -> "id";
      case LISTS, SEGMENTS, COMPUTED -> null;
    };
  }

  /** The reserved field with this id ({@code _rf2_T}), if any. */
  public static Optional<ReservedField> byId(String id) {
    return Arrays.stream(values()).filter(f -> f.id().equals(id)).findFirst();
  }

  /** The text columns a client writes ({@link Kind#TEXT}), in catalogue order. */
  public static List<ReservedField> writableText() {
    return Arrays.stream(values()).filter(f -> f.kind() == Kind.TEXT).toList();
  }

  /** The identifiers, in catalogue order. */
  public static List<ReservedField> identifiers() {
    return Arrays.stream(values()).filter(ReservedField::identifier).toList();
  }

  /** The columns of a CSV export, in their order; custom fields go before the read-only ones. */
  public static List<ReservedField> inCsvOrder() {
    return Arrays.stream(values())
        .filter(f -> f.spec.csv() > 0)
        .sorted(Comparator.comparingInt(f -> f.spec.csv()))
        .toList();
  }

  /** What a JSON export holds besides {@code custom_fields}, in catalogue order. */
  public static List<ReservedField> inJsonExport() {
    return Arrays.stream(values()).filter(f -> f.spec.inJson()).toList();
  }

  /** The text fields of a contact as the API renders it, in their order. */
  public static List<ReservedField> inApiOrder() {
    return Arrays.stream(values())
        .filter(f -> f.spec.api() > 0)
        .sorted(Comparator.comparingInt(f -> f.spec.api()))
        .toList();
  }

  static boolean isReservedName(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).anyMatch(f -> f.fieldName().equals(key)) || key.equals("id");
  }

  static boolean isReservedId(String id) {
    return byId(id).isPresent();
  }
}
