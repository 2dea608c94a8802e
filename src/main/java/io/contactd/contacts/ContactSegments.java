package io.contactd.contacts;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Which segments contacts are in now, for their {@code segment_ids}; a narrow interface so that
 * contacts need not depend on how segments are stored or evaluated.
 */
@FunctionalInterface
public interface ContactSegments {
  /** For each of the account's contacts (by seq) in at least one segment, the segments' ids. */
  Map<Long, List<String>> segmentIds(long accountId, Collection<Long> contactSeqs);

  /** No segments at all. */
  ContactSegments NONE = (accountId, contactSeqs) -> Map.of();
}
