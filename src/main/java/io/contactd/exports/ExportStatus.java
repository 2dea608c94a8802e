package io.contactd.exports;

/**
 * The lifecycle of an export: {@code pending → ready} or {@code pending → failure}; nothing leaves
 * {@code ready} or {@code failure} except the sweeper's delete.
 */
enum ExportStatus {
  PENDING("pending"),
  READY("ready"),
  FAILURE("failure");

  private final String wire;

  ExportStatus(String wire) {
    this.wire = wire;
  }

  String wire() {
    return wire;
  }

  static ExportStatus of(String wire) {
    for (ExportStatus s : values()) {
      if (s.wire.equals(wire)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown export status " + wire);
  }
}
