package io.contactd.exports;

import java.util.List;

/**
 * One row of the {@code exports} table. Times are epoch millis; nullable ones are boxed. {@code
 * updatedSince}: only contacts changed at or after it (null: all); {@code contactsTotal}: the
 * matching contacts counted by the plan (null until planned); {@code checksums}: {@code
 * sha256:<hex>} of each file, in the order of {@code fileKeys}.
 */
record Export(
    String id,
    long accountId,
    ExportStatus status,
    String exportType,
    List<String> listIds,
    List<String> segmentIds,
    FileType fileType,
    int maxFileSizeMb,
    boolean notifyEmail,
    Long contactCount,
    List<String> fileKeys,
    String message,
    long createdAt,
    long updatedAt,
    Long completedAt,
    long expiresAt,
    Long updatedSince,
    Long contactsTotal,
    List<String> checksums) {

  enum FileType {
    CSV("csv"),
    JSON("json");

    final String wire;

    FileType(String wire) {
      this.wire = wire;
    }

    static FileType of(String wire) {
      return wire.equals("json") ? JSON : CSV;
    }
  }
}
