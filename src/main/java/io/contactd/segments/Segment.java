package io.contactd.segments;

import java.util.List;

/**
 * One stored segment: its query as written, the parent list it is limited to (if any), and the
 * count and sample computed when it was last evaluated.
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
    long updatedAt) {}
