package io.contactd.auth;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** SQL for the accounts table. */
public final class AccountStore {
  private final Jdbi jdbi;
  private final Clock clock;

  public AccountStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** The first account, created on first start; owner of the keys the CLI makes. */
  public Account ensureOwner(String username, String email) {
    return jdbi.inTransaction(
        h -> {
          Optional<Account> first =
              h.createQuery(
                      "SELECT id, parent_id, username, email FROM accounts"
                          + " WHERE parent_id IS NULL ORDER BY id LIMIT 1")
                  .map(AccountStore::map)
                  .findOne();
          if (first.isPresent()) {
            return first.get();
          }
          return insert(h, null, username, email);
        });
  }

  public Optional<Account> byId(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT id, parent_id, username, email FROM accounts WHERE id = :id")
                .bind("id", id)
                .map(AccountStore::map)
                .findOne());
  }

  public Optional<Account> byUsername(String username) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, parent_id, username, email FROM accounts WHERE username = :username")
                .bind("username", username)
                .map(AccountStore::map)
                .findOne());
  }

  public List<Account> subusers(long parentId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, parent_id, username, email FROM accounts"
                        + " WHERE parent_id = :parent ORDER BY id")
                .bind("parent", parentId)
                .map(AccountStore::map)
                .list());
  }

  /** Returns empty when the username is taken. */
  public Optional<Account> createSubuser(long parentId, String username, String email) {
    return jdbi.inTransaction(
        h -> {
          boolean taken =
              h.createQuery("SELECT COUNT(*) FROM accounts WHERE username = :username")
                      .bind("username", username)
                      .mapTo(Long.class)
                      .one()
                  > 0;
          if (taken) {
            return Optional.empty();
          }
          return Optional.of(insert(h, parentId, username, email));
        });
  }

  private Account insert(Handle h, Long parentId, String username, String email) {
    long id =
        h.createUpdate(
                "INSERT INTO accounts (parent_id, username, email, created_at)"
                    + " VALUES (:parent, :username, :email, :now)")
            .bind("parent", parentId)
            .bind("username", username)
            .bind("email", email)
            .bind("now", clock.millis())
            .executeAndReturnGeneratedKeys("id")
            .mapTo(Long.class)
            .one();
    return new Account(id, parentId, username, email);
  }

  private static Account map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws java.sql.SQLException {
    long parent = rs.getLong("parent_id");
    Long parentId = rs.wasNull() ? null : parent;
    return new Account(rs.getLong("id"), parentId, rs.getString("username"), rs.getString("email"));
  }
}
