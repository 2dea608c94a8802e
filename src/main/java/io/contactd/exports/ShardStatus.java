package io.contactd.exports;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of one shard of an export, beside {@link ExportStatus} and in its style: {@code
 * pending → done}, or {@code pending → failure} when the shard's run failed (which fails the whole
 * export). A shard is only ever pending while its export is; {@link ExportStore} names the state it
 * expects in every update, and a shard is marked done only while its export is still pending.
 */
enum ShardStatus {
  PENDING,
  DONE,
  FAILURE;

  private static final Map<ShardStatus, Set<ShardStatus>> NEXT =
      Map.of(
          PENDING, Set.of(DONE, FAILURE),
          DONE, Set.of(),
          FAILURE, Set.of());

  /** As stored; {@code Locale.ROOT}, or "failure" turns Turkish. */
  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ShardStatus of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }

  boolean canMoveTo(ShardStatus to) {
    return NEXT.get(this).contains(to);
  }

  static void require(ShardStatus from, ShardStatus to) {
    if (!from.canMoveTo(to)) {
      throw new IllegalArgumentException("an export shard does not go from " + from + " to " + to);
    }
  }
}
