package io.contactd.segments;

import io.contactd.contacts.ContactSegments;
import io.contactd.db.ContactFilter;
import io.contactd.db.Dialect;
import io.contactd.exports.ExportSegments;
import io.contactd.fields.FieldDefinition;
import io.contactd.fields.FieldStore;
import io.contactd.http.ApiException;
import io.contactd.lists.ListStore;
import io.contactd.segments.SegmentQuery.All;
import io.contactd.segments.SegmentQuery.ArrayContains;
import io.contactd.segments.SegmentQuery.Condition;
import io.contactd.segments.SegmentStore.Evaluation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The rules of segments: a query is parsed and checked against the account's fields before it is
 * stored (a query we cannot run is refused with 400 naming the problem), a name is unique in the
 * account, at most one parent list which must exist, at most {@code maxSegments} per account. The
 * count and sample are computed when a segment is created or its query changes, by a manual refresh
 * (within {@link RefreshLimits}), by the background round once they are {@code sampleInterval} old,
 * and when a segment is read after that (should the round lag).
 */
public final class SegmentService implements ExportSegments, ContactSegments {
  static final int SAMPLE_SIZE = 50;
  private static final int BATCH = 100;
  private static final int MAX_BATCHES_PER_ROUND = 100;

  private final SegmentStore store;
  private final FieldStore fields;
  private final ListStore lists;
  private final Dialect dialect;
  private final Clock clock;
  private final int maxSegments;
  private final Duration sampleInterval;
  private final RefreshService refreshes;

  public SegmentService(
      Jdbi jdbi,
      Dialect dialect,
      FieldStore fields,
      ListStore lists,
      Clock clock,
      int maxSegments,
      Duration sampleInterval,
      RefreshLimits refreshLimits) {
    this.store = new SegmentStore(jdbi, dialect);
    this.fields = fields;
    this.lists = lists;
    this.dialect = dialect;
    this.clock = clock;
    this.maxSegments = maxSegments;
    this.sampleInterval = sampleInterval;
    this.refreshes =
        new RefreshService(this, new RefreshStore(jdbi, dialect), clock, refreshLimits);
  }

  Duration sampleInterval() {
    return sampleInterval;
  }

  SegmentStore store() {
    return store;
  }

  Dialect dialect() {
    return dialect;
  }

  FieldStore fields() {
    return fields;
  }

  Segment create(long accountId, String name, String queryDsl, List<String> parentListIds) {
    if (parentListIds.size() > 1) {
      throw ApiException.badRequest("parent_list_ids", "at most one parent list is supported");
    }
    String parent = parentListIds.isEmpty() ? null : parentListIds.get(0);
    if (parent != null && lists.byId(accountId, parent).isEmpty()) {
      throw ApiException.notFound();
    }
    CompiledQuery query = compileOrRefuse(accountId, queryDsl, parent);
    long now = clock.millis();
    Evaluation e = store.evaluate(query, SAMPLE_SIZE);
    Segment s =
        new Segment(
            0,
            UUID.randomUUID().toString(),
            name,
            queryDsl,
            parent,
            e.count(),
            e.sampleIds(),
            now,
            now,
            now,
            null,
            null);
    switch (store.create(accountId, s, maxSegments)) {
      case LIMIT_REACHED ->
          throw ApiException.badRequest(
              "name", "you can create a maximum of " + maxSegments + " segments");
      case NAME_TAKEN -> throw nameTaken(name);
      default -> {}
    }
    return store.byId(accountId, s.id()).orElseThrow(ApiException::notFound);
  }

  /** The segment, its count and sample computed again when they are older than the interval. */
  Segment get(long accountId, String id) {
    Segment s = find(accountId, id);
    if (clock.millis() < s.sampleUpdatedAt() + sampleInterval.toMillis()) {
      return s;
    }
    return resample(accountId, s).orElse(s);
  }

  Optional<Segment> byId(long accountId, String id) {
    return store.byId(accountId, id);
  }

  List<Segment> list(long accountId) {
    return store.list(accountId);
  }

  Segment update(long accountId, String id, String name, String queryDsl) {
    Segment s = find(accountId, id);
    long now = clock.millis();
    Segment changed =
        new Segment(
            s.seq(),
            s.id(),
            name != null ? name : s.name(),
            queryDsl != null ? queryDsl : s.queryDsl(),
            s.parentListId(),
            s.contactsCount(),
            s.sampleIds(),
            s.sampleUpdatedAt(),
            s.createdAt(),
            now,
            s.lastRefreshedAt(),
            s.refreshTimeZone());
    if (queryDsl != null) {
      CompiledQuery query = compileOrRefuse(accountId, queryDsl, s.parentListId());
      changed = changed.withEvaluation(store.evaluate(query, SAMPLE_SIZE), now);
    }
    switch (store.update(accountId, changed)) {
      case NAME_TAKEN -> throw nameTaken(changed.name());
      case NOT_FOUND -> throw ApiException.notFound();
      default -> {}
    }
    return changed;
  }

  void delete(long accountId, String id) {
    if (!store.delete(accountId, id)) {
      throw ApiException.notFound();
    }
  }

  /** Manual refreshes and their limits. */
  RefreshService refreshes() {
    return refreshes;
  }

  /**
   * One background round: every segment (of any account) whose sample is at least the interval old
   * gets a new count and sample, oldest first, {@value #BATCH} at a time so that the list of due
   * segments stays small; a segment sampled or changed meanwhile (another node, a PATCH) is left as
   * the other writer made it. Returns how many were sampled.
   */
  public int sampleRound() {
    int sampled = 0;
    long cutoff = clock.millis() - sampleInterval.toMillis();
    // Bounded, whatever happens to the due segments meanwhile; the next round goes on.
    for (int round = 0; round < MAX_BATCHES_PER_ROUND; round++) {
      List<SegmentStore.Due> due = store.due(cutoff, BATCH);
      for (SegmentStore.Due d : due) {
        if (resample(d.accountId(), d.segment()).isPresent()) {
          sampled++;
        }
      }
      if (due.size() < BATCH) {
        break;
      }
    }
    // Refreshes older than two days can no longer count against a day's limit in any zone.
    refreshes.forgetOld();
    return sampled;
  }

  /**
   * A new count and sample for the segment, stored unless it changed meanwhile; empty when its
   * query cannot run (it shows INVALID; its sample time still moves on, so that the round does not
   * pick it again at once).
   */
  private Optional<Segment> resample(long accountId, Segment s) {
    long now = clock.millis();
    try {
      Segment fresh = s.withEvaluation(store.evaluate(compile(accountId, s), SAMPLE_SIZE), now);
      store.updateSample(accountId, s.id(), s.sampleUpdatedAt(), fresh);
      return Optional.of(fresh);
    } catch (InvalidQuery e) {
      store.updateSample(
          accountId, s.id(), s.sampleUpdatedAt(), s.withEvaluation(evaluationOf(s), now));
      return Optional.empty();
    }
  }

  private static Evaluation evaluationOf(Segment s) {
    return new Evaluation(s.contactsCount(), s.sampleIds());
  }

  /**
   * The segment's query compiled against the account's fields as they are now; {@link InvalidQuery}
   * when it no longer fits them (a field it names was deleted or renamed).
   */
  CompiledQuery compile(long accountId, Segment s) {
    return compile(s.queryDsl(), s.parentListId(), accountId, fields.list(accountId));
  }

  /** For exports: the segment's contacts now, compiled when the export asks. */
  @Override
  public Optional<Resolved> resolve(long accountId, String segmentId) {
    return store
        .byId(accountId, segmentId)
        .map(
            s -> {
              try {
                CompiledQuery q = compile(accountId, s);
                return new Resolved(s.name(), new ContactFilter(q.where(), q.values()), null);
              } catch (InvalidQuery e) {
                return new Resolved(s.name(), null, e.getMessage());
              }
            });
  }

  /**
   * For contacts' {@code segment_ids}: each of the account's segments whose query runs (at most
   * {@code maxSegments} of them), restricted to these contacts, evaluated now.
   */
  @Override
  public Map<Long, List<String>> segmentIds(long accountId, Collection<Long> contactSeqs) {
    List<Segment> all = store.list(accountId);
    if (all.isEmpty()) {
      return Map.of();
    }
    List<FieldDefinition> defs = fields.list(accountId);
    List<SegmentStore.Member> members = new ArrayList<>();
    for (Segment s : all.subList(0, Math.min(all.size(), Math.max(maxSegments, 1)))) {
      try {
        members.add(
            new SegmentStore.Member(
                s.id(), compile(s.queryDsl(), s.parentListId(), accountId, defs)));
      } catch (InvalidQuery e) {
        // An INVALID segment has no members.
      }
    }
    return store.memberships(members, contactSeqs);
  }

  /** Why the segment's query cannot run now, or null when it can. */
  String problem(long accountId, Segment s) {
    try {
      compile(accountId, s);
      return null;
    } catch (InvalidQuery e) {
      return e.getMessage();
    }
  }

  private CompiledQuery compileOrRefuse(long accountId, String queryDsl, String parent) {
    try {
      return compile(queryDsl, parent, accountId, fields.list(accountId));
    } catch (InvalidQuery e) {
      throw ApiException.badRequest("query_dsl", e.getMessage());
    }
  }

  private CompiledQuery compile(
      String queryDsl, String parent, long accountId, List<FieldDefinition> defs) {
    SegmentQuery query = QueryParser.parse(queryDsl);
    if (parent != null) {
      // A parent list limits the segment to the list's members.
      List<Condition> parts = new ArrayList<>();
      parts.add(new ArrayContains("list_ids", List.of(parent)));
      if (query.condition() != null) {
        parts.add(query.condition());
      }
      query = new SegmentQuery(new All(parts));
    }
    return QueryCompiler.compile(dialect, accountId, query, defs);
  }

  private Segment find(long accountId, String id) {
    return store.byId(accountId, id).orElseThrow(ApiException::notFound);
  }

  private static ApiException nameTaken(String name) {
    return ApiException.badRequest("name", "a segment named '" + name + "' already exists");
  }
}
