package io.contactd.lists;

import io.contactd.db.Dialect;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** SQL for {@code lists} and their membership counts. */
public final class ListStore {
  private final Jdbi jdbi;
  private final Dialect dialect;
  private final Clock clock;

  public ListStore(Jdbi jdbi, Dialect dialect, Clock clock) {
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.clock = clock;
  }

  public Optional<ListRow> byId(long accountId, String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT seq, id, name FROM lists WHERE account_id = :account AND id = :id")
                .bind("account", accountId)
                .bind("id", id)
                .map((rs, ctx) -> new ListRow(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .findOne());
  }

  /** The ids among {@code ids} that name no list of the account. */
  public List<String> missing(long accountId, Collection<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    Set<String> found =
        new HashSet<>(
            jdbi.withHandle(
                h ->
                    dialect
                        .bindList(
                            h.createQuery(
                                "SELECT id FROM lists WHERE account_id = :account AND "
                                    + dialect.inList("id", ":ids")),
                            "ids",
                            ids)
                        .bind("account", accountId)
                        .mapTo(String.class)
                        .list()));
    List<String> missing = new ArrayList<>();
    for (String id : ids) {
      if (!found.contains(id)) {
        missing.add(id);
      }
    }
    return missing;
  }

  /** Empty when the account already has {@code limit} lists. */
  Optional<ListRow> create(long accountId, String name, int limit) {
    return jdbi.inTransaction(
        h -> {
          // So that two creations cannot both pass the limit.
          dialect.lockAccount(h, accountId);
          long count =
              h.createQuery("SELECT COUNT(*) FROM lists WHERE account_id = :account")
                  .bind("account", accountId)
                  .mapTo(Long.class)
                  .one();
          if (count >= limit) {
            return Optional.empty();
          }
          String id = UUID.randomUUID().toString();
          long now = clock.millis();
          long seq =
              h.createUpdate(
                      "INSERT INTO lists (account_id, id, name, created_at, updated_at)"
                          + " VALUES (:account, :id, :name, :now, :now)")
                  .bind("account", accountId)
                  .bind("id", id)
                  .bind("name", name)
                  .bind("now", now)
                  .executeAndReturnGeneratedKeys("seq")
                  .mapTo(Long.class)
                  .one();
          return Optional.of(new ListRow(seq, id, name));
        });
  }

  /** Lists of the account after {@code afterSeq} in creation order, at most {@code limit}. */
  List<ListRow> page(long accountId, long afterSeq, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT seq, id, name FROM lists WHERE account_id = :account AND seq > :after"
                        + " ORDER BY seq LIMIT :limit")
                .bind("account", accountId)
                .bind("after", afterSeq)
                .bind("limit", limit)
                .map((rs, ctx) -> new ListRow(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list());
  }

  /** Member counts of the given lists (lists without members are absent). */
  Map<Long, Long> counts(Collection<Long> listSeqs) {
    Map<Long, Long> out = new HashMap<>();
    if (listSeqs.isEmpty()) {
      return out;
    }
    jdbi.useHandle(
        h ->
            dialect
                .bindList(
                    h.createQuery(
                        "SELECT list_seq, COUNT(*) FROM list_members WHERE "
                            + dialect.inList("list_seq", ":seqs")
                            + " GROUP BY list_seq"),
                    "seqs",
                    listSeqs)
                .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }

  long count(long listSeq) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM list_members WHERE list_seq = :seq")
                .bind("seq", listSeq)
                .mapTo(Long.class)
                .one());
  }

  boolean rename(long accountId, String id, String name) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE lists SET name = :name, updated_at = :now"
                            + " WHERE account_id = :account AND id = :id")
                    .bind("name", name)
                    .bind("now", clock.millis())
                    .bind("account", accountId)
                    .bind("id", id)
                    .execute())
        == 1;
  }

  /**
   * Deletes the list; its memberships go too unless a job will delete the member contacts (that job
   * needs them, and removes them itself).
   */
  boolean delete(long accountId, ListRow list, boolean keepMembersForJob) {
    return jdbi.inTransaction(h -> delete(h, accountId, list, keepMembersForJob));
  }

  /** {@link #delete(long, ListRow, boolean)} inside the caller's transaction. */
  boolean delete(Handle h, long accountId, ListRow list, boolean keepMembersForJob) {
    // Not while an upsert of the account links contacts to the list.
    dialect.lockAccount(h, accountId);
    int deleted =
        h.createUpdate("DELETE FROM lists WHERE account_id = :account AND seq = :seq")
            .bind("account", accountId)
            .bind("seq", list.seq())
            .execute();
    if (deleted == 0) {
      return false;
    }
    if (!keepMembersForJob) {
      h.createUpdate("DELETE FROM list_members WHERE list_seq = :seq")
          .bind("seq", list.seq())
          .execute();
    }
    return true;
  }
}
