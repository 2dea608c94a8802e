package io.contactd.contacts;

/** The four identifiers a contact may be matched by, with their names in URLs and bodies. */
public enum Identifier {
  EMAIL("email", "EMAIL"),
  PHONE_NUMBER_ID("phone_number_id", "PHONENUMBERID"),
  EXTERNAL_ID("external_id", "EXTERNALID"),
  ANONYMOUS_ID("anonymous_id", "ANONYMOUSID");

  private final String column;
  private final String bodyName;

  Identifier(String column, String bodyName) {
    this.column = column;
    this.bodyName = bodyName;
  }

  public String column() {
    return column;
  }

  /** Null when unknown; {@code email}, {@code phone_number_id}, … as in the search path. */
  public static Identifier ofPath(String value) {
    for (Identifier i : values()) {
      if (i.column.equals(value)) {
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
