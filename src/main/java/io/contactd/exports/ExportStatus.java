package io.contactd.exports;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of an export: {@code pending → ready} or {@code pending → failure}; nothing leaves
 * {@code ready} or {@code failure} except the sweeper's delete. {@link ExportStore} names the state
 * it expects in every update.
 */
enum ExportStatus {
  PENDING,
  READY,
  FAILURE;

  private static final Map<ExportStatus, Set<ExportStatus>> NEXT =
      Map.of(
          PENDING, Set.of(READY, FAILURE),
          READY, Set.of(),
          FAILURE, Set.of());

  /** As stored and as the API shows it; {@code Locale.ROOT}, or "failure" turns Turkish. */
  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ExportStatus of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }

  /** No state follows this one: the export's row stays as it is until the sweeper deletes it. */
  boolean isFinal() {
    return NEXT.get(this).isEmpty();
  }

  boolean canMoveTo(ExportStatus to) {
    return NEXT.get(this).contains(to);
  }

  static void require(ExportStatus from, ExportStatus to) {
    if (!from.canMoveTo(to)) {
      throw new IllegalArgumentException("an export does not go from " + from + " to " + to);
    }
  }
}
