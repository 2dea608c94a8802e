package io.contactd.fields;

import io.contactd.db.Dialect;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** SQL for {@code field_definitions}, and the removal of a deleted field's values from contacts. */
public final class FieldStore {
  /** What {@link #create} did. */
  enum Outcome {
    CREATED,
    NAME_TAKEN,
    LIMIT_REACHED
  }

  record Creation(Outcome outcome, FieldDefinition field) {}

  private final Jdbi jdbi;
  private final Dialect dialect;
  private final Clock clock;

  public FieldStore(Jdbi jdbi, Dialect dialect, Clock clock) {
    this.jdbi = jdbi;
    this.dialect = dialect;
    this.clock = clock;
  }

  /** The custom fields of an account in creation order. */
  public List<FieldDefinition> list(long accountId) {
    return jdbi.withHandle(h -> list(h, accountId));
  }

  public static List<FieldDefinition> list(Handle h, long accountId) {
    return h.createQuery(
            "SELECT id, name, field_type FROM field_definitions WHERE account_id = :account"
                + " ORDER BY created_at, id")
        .bind("account", accountId)
        .map(
            (rs, ctx) ->
                new FieldDefinition(
                    rs.getString(1), rs.getString(2), FieldType.valueOf(rs.getString(3))))
        .list();
  }

  Optional<FieldDefinition> byId(long accountId, String id) {
    return list(accountId).stream().filter(f -> f.id().equals(id)).findFirst();
  }

  /**
   * Allocates the next {@code e{n}} of the account and inserts the field, in one transaction so
   * that the limit and the name rule hold under concurrent requests.
   */
  Creation create(long accountId, String name, FieldType type, int limit) {
    return jdbi.inTransaction(
        h -> {
          dialect.lockAccount(h, accountId);
          long count =
              h.createQuery("SELECT COUNT(*) FROM field_definitions WHERE account_id = :account")
                  .bind("account", accountId)
                  .mapTo(Long.class)
                  .one();
          if (count >= limit) {
            return new Creation(Outcome.LIMIT_REACHED, null);
          }
          String key = name.toLowerCase(Locale.ROOT);
          boolean taken =
              h.createQuery(
                          "SELECT COUNT(*) FROM field_definitions WHERE account_id = :account AND name_key = :key")
                      .bind("account", accountId)
                      .bind("key", key)
                      .mapTo(Long.class)
                      .one()
                  > 0;
          if (taken) {
            return new Creation(Outcome.NAME_TAKEN, null);
          }
          long n =
              h.createQuery("SELECT next_field_number FROM accounts WHERE id = :account")
                  .bind("account", accountId)
                  .mapTo(Long.class)
                  .one();
          int moved =
              h.createUpdate(
                      "UPDATE accounts SET next_field_number = :next WHERE id = :account AND next_field_number = :n")
                  .bind("next", n + 1)
                  .bind("account", accountId)
                  .bind("n", n)
                  .execute();
          if (moved != 1) {
            throw new IllegalStateException(
                "field number of account " + accountId + " moved concurrently");
          }
          FieldDefinition field = new FieldDefinition("e" + n + "_" + type.suffix(), name, type);
          h.createUpdate(
                  "INSERT INTO field_definitions (account_id, id, name, name_key, field_type, created_at)"
                      + " VALUES (:account, :id, :name, :key, :type, :now)")
              .bind("account", accountId)
              .bind("id", field.id())
              .bind("name", name)
              .bind("key", key)
              .bind("type", type.name())
              .bind("now", clock.millis())
              .execute();
          return new Creation(Outcome.CREATED, field);
        });
  }

  /**
   * Empty when the field does not exist; NAME_TAKEN (and nothing changed) when another field of the
   * account has that name in any case. The check comes before the update: the unique index on
   * {@code name_key} would otherwise refuse the update with an error.
   */
  Optional<Outcome> rename(long accountId, String id, String name) {
    return jdbi.inTransaction(
        h -> {
          boolean exists =
              h.createQuery(
                          "SELECT COUNT(*) FROM field_definitions WHERE account_id = :account AND id = :id")
                      .bind("account", accountId)
                      .bind("id", id)
                      .mapTo(Long.class)
                      .one()
                  > 0;
          if (!exists) {
            return Optional.empty();
          }
          String key = name.toLowerCase(Locale.ROOT);
          boolean taken =
              h.createQuery(
                          "SELECT COUNT(*) FROM field_definitions"
                              + " WHERE account_id = :account AND name_key = :key AND id <> :id")
                      .bind("account", accountId)
                      .bind("key", key)
                      .bind("id", id)
                      .mapTo(Long.class)
                      .one()
                  > 0;
          if (taken) {
            return Optional.of(Outcome.NAME_TAKEN);
          }
          int updated =
              h.createUpdate(
                      "UPDATE field_definitions SET name = :name, name_key = :key"
                          + " WHERE account_id = :account AND id = :id")
                  .bind("name", name)
                  .bind("key", key)
                  .bind("account", accountId)
                  .bind("id", id)
                  .execute();
          // 0 rows: deleted since the check above, as if it had never existed
          return updated == 0 ? Optional.<Outcome>empty() : Optional.of(Outcome.CREATED);
        });
  }

  /** Deletes the field and its value on every contact of the account; false when unknown. */
  boolean delete(long accountId, String id) {
    return jdbi.inTransaction(
        h -> {
          // An upsert of the account holds this lock from before it reads the fields until it
          // commits: the delete runs after it and removes what it wrote, never under it.
          dialect.lockAccount(h, accountId);
          int deleted =
              h.createUpdate(
                      "DELETE FROM field_definitions WHERE account_id = :account AND id = :id")
                  .bind("account", accountId)
                  .bind("id", id)
                  .execute();
          if (deleted == 0) {
            return false;
          }
          // The LIKE narrows the rewrite to contacts that hold a value for this field.
          h.createUpdate(
                  "UPDATE contacts SET custom_fields = "
                      + dialect.withoutJsonKey("custom_fields", ":field")
                      + " WHERE account_id = :account AND custom_fields LIKE :pattern")
              .bind("field", id)
              .bind("account", accountId)
              .bind("pattern", "%\"" + id + "\"%")
              .execute();
          return true;
        });
  }
}
