package io.contactd.segments;

import java.util.List;
import java.util.Map;

/**
 * Renders contacts as the contacts API does, for a segment's sample; a narrow interface so that
 * segments need not depend on how contacts are read.
 */
@FunctionalInterface
public interface SegmentContacts {
  /** The account's contacts with these ids that still exist, in the given order. */
  List<Map<String, Object>> render(long accountId, List<String> contactIds);
}
