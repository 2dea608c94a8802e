package io.contactd.segments;

import java.util.List;

/**
 * One stored segment: its query as written, the parent list it is limited to (if any), the count
 * and sample computed when it was last evaluated, and when it was last refreshed by hand (null when
 * never) with the time zone that request named.
 */
record Segment(
    long seq,
    String id,
    String name,
    String queryDsl,
    String parentListId,
    long contactsCount,
    List<String> sampleIds,
    long sampleUpdatedAt,
    long createdAt,
    long updatedAt,
    Long lastRefreshedAt,
    String refreshTimeZone) {

  /** The same segment with a new count and sample, taken at {@code sampledAt}. */
  Segment withEvaluation(SegmentStore.Evaluation e, long sampledAt) {
    return new Segment(
        seq,
        id,
        name,
        queryDsl,
        parentListId,
        e.count(),
        e.sampleIds(),
        sampledAt,
        createdAt,
        updatedAt,
        lastRefreshedAt,
        refreshTimeZone);
  }
}
