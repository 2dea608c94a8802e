package io.contactd.contacts;

import io.contactd.db.Dialect;
import io.contactd.fields.FieldStore;
import io.contactd.http.Links;
import io.contactd.jobs.JobQueue;
import io.contactd.lists.ListContacts;
import io.contactd.lists.ListStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;

/**
 * The contacts feature as the rest of contactd sees it: builds its store, writer and jobs, renders
 * contacts, and does for lists what lists cannot do without knowing contacts.
 */
public final class ContactService implements ListContacts {
  final ContactStore store;
  final ContactJobs jobs;
  final FieldStore fields;
  final ListStore lists;
  final Links links;
  final int maxListsPerContact;
  private final ContactWriter writer;
  private final ContactJobStore jobStore;
  private final ContactSegments segments;

  /** Without segments: every contact's {@code segment_ids} is empty. */
  public ContactService(
      Jdbi jdbi,
      Dialect dialect,
      Clock clock,
      JobQueue queue,
      FieldStore fields,
      ListStore lists,
      Links links,
      int maxListsPerContact) {
    this(
        jdbi,
        dialect,
        clock,
        queue,
        fields,
        lists,
        links,
        maxListsPerContact,
        ContactSegments.NONE);
  }

  public ContactService(
      Jdbi jdbi,
      Dialect dialect,
      Clock clock,
      JobQueue queue,
      FieldStore fields,
      ListStore lists,
      Links links,
      int maxListsPerContact,
      ContactSegments segments) {
    this.store = new ContactStore(jdbi, dialect);
    this.writer = new ContactWriter(jdbi, dialect, clock, maxListsPerContact);
    this.jobStore = new ContactJobStore(jdbi);
    this.jobs =
        new ContactJobs(
            jdbi, jobStore, dialect, queue, clock, writer, new ContactRemovals(dialect, clock));
    this.fields = fields;
    this.lists = lists;
    this.links = links;
    this.maxListsPerContact = maxListsPerContact;
    this.segments = segments;
  }

  /** The batch upsert, for CSV imports. */
  public ContactWriter writer() {
    return writer;
  }

  /** The status and counts of contact jobs, for CSV imports, which are contact jobs too. */
  public ContactJobStore jobStore() {
    return jobStore;
  }

  /** Queues again the jobs accepted before a stop; call after the job queue started. */
  public void requeuePendingJobs() {
    jobs.requeuePending();
  }

  ContactView view(long accountId) {
    return new ContactView(links, fields.list(accountId));
  }

  /** The account's contacts with these ids as the API renders them, in the given order. */
  public List<Map<String, Object>> renderByIds(long accountId, List<String> ids) {
    Map<String, ContactRow> byId = new java.util.HashMap<>();
    for (ContactRow row : store.byIds(accountId, ids)) {
      byId.put(row.id(), row);
    }
    List<ContactRow> rows = new ArrayList<>();
    for (String id : ids) {
      ContactRow row = byId.get(id);
      if (row != null) {
        rows.add(row);
      }
    }
    return render(accountId, rows);
  }

  /** Renders contacts with their list ids and the segments they are in now, in the given order. */
  List<Map<String, Object>> render(long accountId, Collection<ContactRow> rows) {
    ContactView view = view(accountId);
    Map<Long, List<String>> listIds = store.listIds(rows);
    List<Long> seqs = new ArrayList<>();
    for (ContactRow row : rows) {
      seqs.add(row.seq());
    }
    Map<Long, List<String>> segmentIds =
        rows.isEmpty() ? Map.of() : segments.segmentIds(accountId, seqs);
    List<Map<String, Object>> out = new ArrayList<>();
    for (ContactRow row : rows) {
      out.add(view.render(row, listIds.get(row.seq()), segmentIds.get(row.seq())));
    }
    return out;
  }

  /**
   * What the account is billed for. Subusers are billed to their parent, so a parent's billable
   * count is its own contacts plus those of every subuser, broken down per subuser; a subuser or an
   * account without subusers is billed for its own contacts. Counts are the contacts stored now
   * (contactd keeps no monthly history).
   *
   * @param bySubuser contacts per subuser id; empty unless the account has subusers
   * @param subusers the sum of {@code bySubuser}
   */
  record Billable(long count, long subusers, Map<Long, Long> bySubuser) {}

  Billable billable(long accountId, long ownContacts) {
    Map<Long, Long> bySubuser = store.subuserTotals(accountId);
    long subusers = bySubuser.values().stream().mapToLong(Long::longValue).sum();
    return new Billable(ownContacts + subusers, subusers, bySubuser);
  }

  @Override
  public String deleteContactsOf(
      long accountId, long listSeq, HandleConsumer<RuntimeException> inSameTransaction) {
    return jobs.submitWith(
        accountId,
        ContactJobs.DELETE,
        ContactJobs.Op.DELETE_LIST_MEMBERS,
        ContactJobs.payload(Map.of("list_seq", listSeq)),
        0,
        inSameTransaction);
  }

  @Override
  public String removeFromList(long accountId, long listSeq, List<String> contactIds) {
    return jobs.submit(
        accountId,
        ContactJobs.UNLINK,
        ContactJobs.Op.REMOVE_FROM_LIST,
        ContactJobs.payload(Map.of("list_seq", listSeq, "ids", contactIds)),
        contactIds.size());
  }

  @Override
  public List<String> unknownContacts(long accountId, List<String> contactIds) {
    Set<String> found = new HashSet<>();
    for (ContactRow row : store.byIds(accountId, contactIds)) {
      found.add(row.id());
    }
    return contactIds.stream().filter(id -> !found.contains(id)).toList();
  }

  @Override
  public List<Map<String, Object>> sample(long accountId, long listSeq, int limit) {
    return render(accountId, store.members(accountId, listSeq, limit));
  }
}
