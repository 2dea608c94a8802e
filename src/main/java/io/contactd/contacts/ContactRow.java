package io.contactd.contacts;

/** One stored contact as read for the API; {@code values} follow {@link ContactWriter#COLUMNS}. */
record ContactRow(
    long seq,
    String id,
    String[] values,
    String alternateEmails,
    String customFields,
    long createdAt,
    long updatedAt) {

  String value(String column) {
    return values[ContactWriter.COLUMNS.indexOf(column)];
  }
}
