package io.contactd.segments;

import com.fasterxml.jackson.core.type.TypeReference;
import io.contactd.db.Dialect;
import io.contactd.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for {@code segments}, and the count and sample of a compiled query. */
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

  private static final String SELECT =
      "SELECT seq, id, name, query_dsl, parent_list_id, contacts_count, sample_ids,"
          + " sample_updated_at, created_at, updated_at FROM segments";
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
    List<String> sample;
    try {
      sample = Json.MAPPER.readValue(rs.getString(7), STRINGS);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("stored sample_ids is not a JSON array", e);
    }
    return new Segment(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getLong(6),
        sample,
        rs.getLong(8),
        rs.getLong(9),
        rs.getLong(10));
  }
}
