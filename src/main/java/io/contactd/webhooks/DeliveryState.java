package io.contactd.webhooks;

import java.util.Map;
import java.util.Set;

/**
 * A delivery's lifecycle: {@code pending} (attempted until delivered or 24 h passed) → {@code
 * delivered} | {@code failed}. Every UPDATE names the state it expects.
 */
enum DeliveryState {
  PENDING,
  DELIVERED,
  FAILED;

  private static final Map<DeliveryState, Set<DeliveryState>> NEXT =
      Map.of(PENDING, Set.of(DELIVERED, FAILED), DELIVERED, Set.of(), FAILED, Set.of());

  String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  static DeliveryState of(String wire) {
    return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
  }

  static void require(DeliveryState from, DeliveryState to) {
    if (!NEXT.get(from).contains(to)) {
      throw new IllegalStateException("no delivery moves from " + from + " to " + to);
    }
  }
}
