package io.contactd.exports;

import java.util.List;

/** One row of the {@code exports} table. Times are epoch millis; nullable ones are boxed. */
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
    long expiresAt) {

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
