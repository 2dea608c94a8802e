package io.contactd.contacts;

import io.contactd.fields.ReservedField;
import java.util.Locale;

/**
 * The reserved fields a contact may be matched by (those the catalogue marks as identifiers, in its
 * order), with their names in URLs ({@code phone_number_id}) and bodies ({@code PHONENUMBERID}).
 */
public enum Identifier {
  EMAIL,
  PHONE_NUMBER_ID,
  EXTERNAL_ID,
  ANONYMOUS_ID;

  private final ReservedField field = ReservedField.valueOf(name());
  private final String bodyName = name().replace("_", "").toUpperCase(Locale.ROOT);

  ReservedField field() {
    return field;
  }

  public String column() {
    return field.column();
  }

  /** Null when unknown; {@code email}, {@code phone_number_id}, … as in the search path. */
  public static Identifier ofPath(String value) {
    for (Identifier i : values()) {
      if (i.field.fieldName().equals(value)) {
        return i;
      }
    }
    return null;
  }

  /** Null when unknown; {@code EMAIL}, {@code PHONENUMBERID}, … as in DELETE …/identifiers. */
  public static Identifier ofBody(String value) {
    for (Identifier i : values()) {
      if (i.bodyName.equals(value)) {
        return i;
      }
    }
    return null;
  }
}
