package io.contactd.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for the api_keys table. Scopes are stored space-separated; NULL means full access. */
public final class ApiKeyStore {
  private static final String COLUMNS = "id, account_id, name, secret_hash, scopes";

  private final Jdbi jdbi;
  private final Clock clock;

  /** Told the id of each key this store changed or deleted (the {@link KeyCache} of this node). */
  private final java.util.List<java.util.function.Consumer<String>> changes =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public ApiKeyStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  public void insert(ApiKeySecret secret, long accountId, String name, List<String> scopes) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO api_keys (id, account_id, name, secret_hash, scopes, created_at)"
                        + " VALUES (:id, :account, :name, :hash, :scopes, :now)")
                .bind("id", secret.id())
                .bind("account", accountId)
                .bind("name", name)
                .bind("hash", secret.hash())
                .bind("scopes", join(scopes))
                .bind("now", clock.millis())
                .execute());
  }

  /** Calls {@code listener} with the id of every key this store updates or deletes. */
  void onChange(java.util.function.Consumer<String> listener) {
    changes.add(listener);
  }

  private boolean changed(String id, boolean changed) {
    if (changed) {
      changes.forEach(l -> l.accept(id));
    }
    return changed;
  }

  public Optional<ApiKey> byId(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM api_keys WHERE id = :id")
                .bind("id", id)
                .map(ApiKeyStore::map)
                .findOne());
  }

  public List<ApiKey> ofAccount(long accountId, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM api_keys WHERE account_id = :account"
                        + " ORDER BY created_at, id LIMIT :limit")
                .bind("account", accountId)
                .bind("limit", limit)
                .map(ApiKeyStore::map)
                .list());
  }

  public long count(long accountId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM api_keys WHERE account_id = :account")
                .bind("account", accountId)
                .mapTo(Long.class)
                .one());
  }

  public long countAll() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT COUNT(*) FROM api_keys").mapTo(Long.class).one());
  }

  /**
   * Renames, and replaces the scopes when {@code scopes} is given. Returns false for an unknown
   * key.
   */
  public boolean update(long accountId, String id, String name, Optional<List<String>> scopes) {
    String sql =
        scopes.isPresent()
            ? "UPDATE api_keys SET name = :name, scopes = :scopes WHERE id = :id AND account_id = :account"
            : "UPDATE api_keys SET name = :name WHERE id = :id AND account_id = :account";
    return changed(
        id,
        jdbi.withHandle(
                h -> {
                  var update =
                      h.createUpdate(sql)
                          .bind("name", name)
                          .bind("id", id)
                          .bind("account", accountId);
                  scopes.ifPresent(s -> update.bind("scopes", join(s)));
                  return update.execute();
                })
            == 1);
  }

  public boolean delete(long accountId, String id) {
    return changed(
        id,
        jdbi.withHandle(
                h ->
                    h.createUpdate("DELETE FROM api_keys WHERE id = :id AND account_id = :account")
                        .bind("id", id)
                        .bind("account", accountId)
                        .execute())
            == 1);
  }

  private static String join(List<String> scopes) {
    return scopes == null ? null : String.join(" ", scopes);
  }

  private static ApiKey map(ResultSet rs, StatementContext ctx) throws SQLException {
    String scopes = rs.getString("scopes");
    return new ApiKey(
        rs.getString("id"),
        rs.getLong("account_id"),
        rs.getString("name"),
        rs.getString("secret_hash"),
        scopes == null ? null : scopes.isEmpty() ? List.of() : Arrays.asList(scopes.split(" ")));
  }
}
