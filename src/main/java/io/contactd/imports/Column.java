package io.contactd.imports;

/**
 * What one CSV column becomes: a reserved text column of the contact ({@code target} = column name,
 * e.g. {@code email}), the alternate emails, a custom field ({@code target} = field id), or
 * nothing.
 */
record Column(Kind kind, String target) {
  enum Kind {
    SKIP,
    RESERVED,
    ALTERNATE_EMAILS,
    CUSTOM
  }

  static final Column SKIP = new Column(Kind.SKIP, null);
}
