package io.contactd.exports;

import io.contactd.db.ContactFilter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which contacts an export holds, as one {@link ContactFilter}: all of the account's, or the union
 * of its lists and segments (each contact once), narrowed to those changed since {@code
 * updated_since} when it was given. Segments are compiled when asked, so each run sees their
 * queries as they are then.
 */
final class ExportContacts {
  private final ExportStore store;
  private final ExportSegments segments;

  ExportContacts(ExportStore store, ExportSegments segments) {
    this.store = store;
    this.segments = segments;
  }

  /** An {@link IOException} with a message for the user when a list or segment went away. */
  ContactFilter of(Export export) throws IOException {
    ContactFilter filter = lists(export);
    return export.updatedSince() == null ? filter : filter.updatedSince(export.updatedSince());
  }

  private ContactFilter lists(Export export) throws IOException {
    if (export.segmentIds().isEmpty()) {
      return store
          .contactsOf(export)
          .orElseThrow(() -> new IOException("the exported lists were deleted"));
    }
    List<ContactFilter> filters = new ArrayList<>();
    if (!export.listIds().isEmpty()) {
      store.contactsOf(export).ifPresent(filters::add);
    }
    for (String id : export.segmentIds()) {
      ExportSegments.Resolved segment =
          segments
              .resolve(export.accountId(), id)
              .orElseThrow(() -> new IOException("segment " + id + " was deleted"));
      if (segment.contacts() == null) {
        throw new IOException("segment " + id + " has an invalid query: " + segment.problem());
      }
      filters.add(segment.contacts());
    }
    return ContactFilter.anyOf(filters);
  }
}
