package io.contactd.lists;

import java.util.List;
import java.util.Map;

/** What lists need from contacts, implemented there so that lists does not depend on contacts. */
public interface ListContacts {
  /** Queues the deletion of every contact of the list; returns the job id. */
  String deleteContactsOf(long accountId, long listSeq);

  /** Queues the unlinking of contacts from the list; returns the job id. */
  String removeFromList(long accountId, long listSeq, List<String> contactIds);

  /** The ids among {@code contactIds} that name no contact of the account. */
  List<String> unknownContacts(long accountId, List<String> contactIds);

  /** Up to {@code limit} members of the list, rendered as contact details. */
  List<Map<String, Object>> sample(long accountId, long listSeq, int limit);
}
