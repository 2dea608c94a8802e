package io.contactd.lists;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.HandleConsumer;

/** What lists need from contacts, implemented there so that lists does not depend on contacts. */
public interface ListContacts {
  /**
   * Records the job that deletes every contact of the list and runs {@code inSameTransaction} (the
   * list's own delete) in the transaction that records it, so that both happen or neither; queues
   * the job once they are committed. Returns the job id.
   */
  String deleteContactsOf(
      long accountId, long listSeq, HandleConsumer<RuntimeException> inSameTransaction);

  /** Queues the unlinking of contacts from the list; returns the job id. */
  String removeFromList(long accountId, long listSeq, List<String> contactIds);

  /** The ids among {@code contactIds} that name no contact of the account. */
  List<String> unknownContacts(long accountId, List<String> contactIds);

  /** Up to {@code limit} members of the list, rendered as contact details. */
  List<Map<String, Object>> sample(long accountId, long listSeq, int limit);
}
