package io.contactd.segments;

import com.fasterxml.jackson.core.type.TypeReference;
import io.contactd.db.ContactFilter;
import io.contactd.db.Dialect;
import io.contactd.db.WriteTransactions;
import io.contactd.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * SQL for {@code segments}, the count and sample of a compiled query, and which segments given
 * contacts are in.
 */
final class SegmentStore {
  /** What {@link #create} and {@link #update} did. */
  enum Outcome {
    DONE,
    NAME_TAKEN,
    LIMIT_REACHED,
    NOT_FOUND
  }

  /** A query's matches when it was evaluated: how many, and the first few contact ids. */
  record Evaluation(long count, List<String> sampleIds) {}

  /** A segment due for a new sample, with its account. */
  record Due(long accountId, Segment segment) {}

  /** A segment's compiled query, for {@link #memberships}. */
  record Member(String segmentId, CompiledQuery query) {}

  /** Union branches per statement: SQLite takes at most 500 terms in one compound SELECT. */
  private static final int BRANCHES_PER_STATEMENT = 100;

  private static final String COLUMNS =
      "seq, id, name, query_dsl, parent_list_id, contacts_count, sample_ids,"
          + " sample_updated_at, created_at, updated_at, last_refreshed_at, refresh_time_zone";
  private static final String SELECT = "SELECT " + COLUMNS + " FROM segments";
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final Jdbi jdbi;
  private final Dialect dialect;

  SegmentStore(Jdbi jdbi, Dialect dialect) {
    this.jdbi = jdbi;
    this.dialect = dialect;
  }

  Optional<Segment> byId(long accountId, String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(SELECT + " WHERE account_id = :account AND id = :id")
                .bind("account", accountId)
                .bind("id", id)
                .map(SegmentStore::map)
                .findOne());
  }

  /** The account's segments in creation order. */
  List<Segment> list(long accountId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(SELECT + " WHERE account_id = :account ORDER BY seq")
                .bind("account", accountId)
                .map(SegmentStore::map)
                .list());
  }

  /**
   * Inserts the segment unless the account has {@code limit} segments or one of that name, in one
   * transaction under the account's lock so that both rules hold under concurrent requests.
   */
  Outcome create(long accountId, Segment s, int limit) {
    return jdbi.inTransaction(
        h -> {
          dialect.lockAccount(h, accountId);
          long count =
              h.createQuery("SELECT COUNT(*) FROM segments WHERE account_id = :account")
                  .bind("account", accountId)
                  .mapTo(Long.class)
                  .one();
          if (count >= limit) {
            return Outcome.LIMIT_REACHED;
          }
          if (nameTaken(h, accountId, s.name(), s.id())) {
            return Outcome.NAME_TAKEN;
          }
          h.createUpdate(
                  "INSERT INTO segments (account_id, id, name, query_dsl, parent_list_id,"
                      + " contacts_count, sample_ids, sample_updated_at, created_at, updated_at)"
                      + " VALUES (:account, :id, :name, :query, :parent, :count, :sample,"
                      + " :sampled, :created, :updated)")
              .bind("account", accountId)
              .bind("id", s.id())
              .bind("name", s.name())
              .bind("query", s.queryDsl())
              .bind("parent", s.parentListId())
              .bind("count", s.contactsCount())
              .bind("sample", Json.write(s.sampleIds()))
              .bind("sampled", s.sampleUpdatedAt())
              .bind("created", s.createdAt())
              .bind("updated", s.updatedAt())
              .execute();
          return Outcome.DONE;
        });
  }

  /** Writes the segment's name, query, count and sample, unless another segment has the name. */
  Outcome update(long accountId, Segment s) {
    return jdbi.inTransaction(
        h -> {
          dialect.lockAccount(h, accountId);
          if (nameTaken(h, accountId, s.name(), s.id())) {
            return Outcome.NAME_TAKEN;
          }
          int n =
              h.createUpdate(
                      "UPDATE segments SET name = :name, query_dsl = :query, contacts_count = :count,"
                          + " sample_ids = :sample, sample_updated_at = :sampled, updated_at = :updated"
                          + " WHERE account_id = :account AND id = :id")
                  .bind("account", accountId)
                  .bind("id", s.id())
                  .bind("name", s.name())
                  .bind("query", s.queryDsl())
                  .bind("count", s.contactsCount())
                  .bind("sample", Json.write(s.sampleIds()))
                  .bind("sampled", s.sampleUpdatedAt())
                  .bind("updated", s.updatedAt())
                  .execute();
          return n == 1 ? Outcome.DONE : Outcome.NOT_FOUND;
        });
  }

  boolean delete(long accountId, String id) {
    return jdbi.withHandle(
            h ->
                h.createUpdate("DELETE FROM segments WHERE account_id = :account AND id = :id")
                    .bind("account", accountId)
                    .bind("id", id)
                    .execute())
        == 1;
  }

  /** How many contacts the query matches now, and the ids of the first {@code sampleSize}. */
  Evaluation evaluate(CompiledQuery query, int sampleSize) {
    return jdbi.withHandle(
        h -> {
          long count =
              bind(h.createQuery("SELECT COUNT(*) FROM contacts c WHERE " + query.where()), query)
                  .mapTo(Long.class)
                  .one();
          List<String> sample =
              bind(
                      h.createQuery(
                          "SELECT c.id FROM contacts c WHERE "
                              + query.where()
                              + " ORDER BY c.seq LIMIT "
                              + sampleSize),
                      query)
                  .mapTo(String.class)
                  .list();
          return new Evaluation(count, sample);
        });
  }

  /**
   * {@link #evaluate} under a time limit: a {@link StatementTimedOut} once either statement has run
   * for {@code limit}. In one read-only transaction, so both see the same contacts.
   */
  Evaluation evaluate(CompiledQuery query, int sampleSize, Duration limit) {
    Evaluation[] out = new Evaluation[1];
    try {
      WriteTransactions.reading(
          jdbi,
          h -> {
            try (Dialect.TimeLimit ignored = dialect.limitTime(h, limit)) {
              long count =
                  bind(
                          h.createQuery("SELECT COUNT(*) FROM contacts c WHERE " + query.where()),
                          query)
                      .mapTo(Long.class)
                      .one();
              List<String> sample =
                  count == 0
                      ? List.of()
                      : bind(
                              h.createQuery(
                                  "SELECT c.id FROM contacts c WHERE "
                                      + query.where()
                                      + " ORDER BY c.seq LIMIT "
                                      + sampleSize),
                              query)
                          .mapTo(String.class)
                          .list();
              out[0] = new Evaluation(count, sample);
            }
          });
    } catch (RuntimeException e) {
      if (dialect.timedOut(e)) {
        throw new StatementTimedOut(limit);
      }
      throw e;
    }
    return out[0];
  }

  /** A statement stopped by its time limit. */
  static final class StatementTimedOut extends RuntimeException {
    StatementTimedOut(Duration limit) {
      super("stopped after " + limit.toMillis() + " ms", null, false, false);
    }
  }

  /**
   * For each contact seq, the ids of the segments whose query matches it now, each segment's query
   * restricted to those contacts: one statement per {@value #BRANCHES_PER_STATEMENT} segments, a
   * {@code UNION ALL} of one branch per segment.
   */
  Map<Long, List<String>> memberships(List<Member> segments, Collection<Long> contactSeqs) {
    Map<Long, List<String>> out = new HashMap<>();
    if (segments.isEmpty() || contactSeqs.isEmpty()) {
      return out;
    }
    List<Long> seqs = List.copyOf(contactSeqs);
    jdbi.useHandle(
        h -> {
          for (int from = 0; from < segments.size(); from += BRANCHES_PER_STATEMENT) {
            List<Member> chunk =
                segments.subList(from, Math.min(segments.size(), from + BRANCHES_PER_STATEMENT));
            List<String> branches = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
              branches.add(
                  "SELECT "
                      + i
                      + " AS k, c.seq FROM contacts c WHERE "
                      + dialect.inList("c.seq", "?")
                      + " AND ("
                      + chunk.get(i).query().where()
                      + ")");
              values.add(seqs);
              values.addAll(chunk.get(i).query().values());
            }
            Query q = h.createQuery(String.join(" UNION ALL ", branches) + " ORDER BY k");
            new ContactFilter("", values).bind(dialect, q, 0);
            q.map((rs, ctx) -> Map.entry(rs.getInt(1), rs.getLong(2)))
                .forEach(
                    e ->
                        out.computeIfAbsent(e.getValue(), k -> new ArrayList<>())
                            .add(chunk.get(e.getKey()).segmentId()));
          }
        });
    return out;
  }

  /**
   * The valid-or-not segments of every account whose sample was taken at or before {@code before},
   * oldest first.
   */
  List<Due> due(long before, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT account_id, "
                        + COLUMNS
                        + " FROM segments WHERE sample_updated_at <= :before"
                        + " ORDER BY sample_updated_at LIMIT :limit")
                .bind("before", before)
                .bind("limit", limit)
                .map((rs, ctx) -> new Due(rs.getLong(1), map(rs, 1)))
                .list());
  }

  /**
   * Stores a new count and sample unless the segment changed since {@code expectedSampledAt} was
   * read (its query was edited, or another node sampled it first): false then, nothing written.
   */
  boolean updateSample(long accountId, String id, long expectedSampledAt, Segment sampled) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE segments SET contacts_count = :count, sample_ids = :sample,"
                            + " sample_updated_at = :sampled WHERE account_id = :account AND id = :id"
                            + " AND sample_updated_at = :expected")
                    .bind("account", accountId)
                    .bind("id", id)
                    .bind("count", sampled.contactsCount())
                    .bind("sample", Json.write(sampled.sampleIds()))
                    .bind("sampled", sampled.sampleUpdatedAt())
                    .bind("expected", expectedSampledAt)
                    .execute())
        == 1;
  }

  private static Query bind(Query statement, CompiledQuery query) {
    List<Object> values = query.values();
    for (int i = 0; i < values.size(); i++) {
      statement.bind(i, values.get(i));
    }
    return statement;
  }

  private static boolean nameTaken(Handle h, long accountId, String name, String exceptId) {
    return h.createQuery(
                "SELECT COUNT(*) FROM segments WHERE account_id = :account AND name = :name"
                    + " AND id <> :id")
            .bind("account", accountId)
            .bind("name", name)
            .bind("id", exceptId)
            .mapTo(Long.class)
            .one()
        > 0;
  }

  private static Segment map(ResultSet rs, StatementContext ctx) throws SQLException {
    return map(rs, 0);
  }

  /** The segment in the columns after the first {@code skip}. */
  private static Segment map(ResultSet rs, int skip) throws SQLException {
    List<String> sample;
    try {
      sample = Json.MAPPER.readValue(rs.getString(skip + 7), STRINGS);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored sample_ids is not a JSON array", e);
    }
    long lastRefreshed = rs.getLong(skip + 11);
    return new Segment(
        rs.getLong(skip + 1),
        rs.getString(skip + 2),
        rs.getString(skip + 3),
        rs.getString(skip + 4),
        rs.getString(skip + 5),
        rs.getLong(skip + 6),
        sample,
        rs.getLong(skip + 8),
        rs.getLong(skip + 9),
        rs.getLong(skip + 10),
        rs.wasNull() ? null : lastRefreshed,
        rs.getString(skip + 12));
  }
}
