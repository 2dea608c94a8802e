package io.contactd.exports;

import io.contactd.db.ContactFilter;
import java.util.Optional;

/**
 * What exports need of segments, so that exports need not depend on how segments are stored or
 * their queries compiled.
 */
public interface ExportSegments {
  /**
   * A segment as an export sees it: its name, and the contacts it matches now, or (contacts null)
   * why its query cannot run.
   */
  record Resolved(String name, ContactFilter contacts, String problem) {}

  /** Empty when the account has no such segment. */
  Optional<Resolved> resolve(long accountId, String segmentId);
}
