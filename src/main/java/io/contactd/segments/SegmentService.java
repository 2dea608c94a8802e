package io.contactd.segments;

import io.contactd.db.ContactFilter;
import io.contactd.db.Dialect;
import io.contactd.exports.ExportSegments;
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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * The rules of segments: a query is parsed and checked against the account's fields before it is
 * stored (a query we cannot run is refused with 400 naming the problem), a name is unique in the
 * account, at most one parent list which must exist, at most {@code maxSegments} per account. The
 * count and sample are computed when a segment is created or its query changes, and again when it
 * is read after {@code sampleInterval}.
 */
public final class SegmentService implements ExportSegments {
  static final int SAMPLE_SIZE = 50;

  private final SegmentStore store;
  private final FieldStore fields;
  private final ListStore lists;
  private final Dialect dialect;
  private final Clock clock;
  private final int maxSegments;
  private final Duration sampleInterval;

  public SegmentService(
      Jdbi jdbi,
      Dialect dialect,
      FieldStore fields,
      ListStore lists,
      Clock clock,
      int maxSegments,
      Duration sampleInterval) {
    this.store = new SegmentStore(jdbi, dialect);
    this.fields = fields;
    this.lists = lists;
    this.dialect = dialect;
    this.clock = clock;
    this.maxSegments = maxSegments;
    this.sampleInterval = sampleInterval;
  }

  Duration sampleInterval() {
    return sampleInterval;
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
            now);
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
    CompiledQuery query;
    try {
      query = compile(accountId, s);
    } catch (InvalidQuery e) {
      return s; // shown INVALID by the routes; nothing to count
    }
    Evaluation e = store.evaluate(query, SAMPLE_SIZE);
    Segment fresh = withEvaluation(s, e, clock.millis(), s.updatedAt());
    store.update(accountId, fresh);
    return fresh;
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
            now);
    if (queryDsl != null) {
      CompiledQuery query = compileOrRefuse(accountId, queryDsl, s.parentListId());
      changed = withEvaluation(changed, store.evaluate(query, SAMPLE_SIZE), now, now);
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

  /**
   * The segment's query compiled against the account's fields as they are now; {@link InvalidQuery}
   * when it no longer fits them (a field it names was deleted or renamed).
   */
  CompiledQuery compile(long accountId, Segment s) {
    return compile(accountId, s.queryDsl(), s.parentListId());
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
      return compile(accountId, queryDsl, parent);
    } catch (InvalidQuery e) {
      throw ApiException.badRequest("query_dsl", e.getMessage());
    }
  }

  private CompiledQuery compile(long accountId, String queryDsl, String parent) {
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
    return QueryCompiler.compile(dialect, accountId, query, fields.list(accountId));
  }

  private Segment find(long accountId, String id) {
    return store.byId(accountId, id).orElseThrow(ApiException::notFound);
  }

  private static Segment withEvaluation(Segment s, Evaluation e, long sampledAt, long updatedAt) {
    return new Segment(
        s.seq(),
        s.id(),
        s.name(),
        s.queryDsl(),
        s.parentListId(),
        e.count(),
        e.sampleIds(),
        sampledAt,
        s.createdAt(),
        updatedAt);
  }

  private static ApiException nameTaken(String name) {
    return ApiException.badRequest("name", "a segment named '" + name + "' already exists");
  }
}
