package io.contactd.fields;

/** The three custom field types, spelled as the API spells them; the id suffix encodes the type. */
public enum FieldType {
  Text('T'),
  Number('N'),
  Date('D');

  private final char suffix;

  FieldType(char suffix) {
    this.suffix = suffix;
  }

  public char suffix() {
    return suffix;
  }

  /** Null when {@code name} is not exactly one of Text, Number, Date. */
  public static FieldType parse(String name) {
    for (FieldType t : values()) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    return null;
  }
}
