package io.contactd.contacts;

import io.contactd.db.Dialect;
import java.sql.SQLException;
import java.util.Collection;
import org.jdbi.v3.core.Handle;

/** Deletes contacts and unlinks them from lists, inside the caller's (a job's) transaction. */
final class ContactRemovals {
  /** What removing an identifier did. */
  enum IdentifierOutcome {
    REMOVED,
    NOT_FOUND,
    LAST_IDENTIFIER
  }

  private final Dialect dialect;
  private final java.time.Clock clock;

  ContactRemovals(Dialect dialect, java.time.Clock clock) {
    this.dialect = dialect;
    this.clock = clock;
  }

  int deleteByIds(Handle h, long accountId, Collection<String> ids) throws SQLException {
    dialect.lockAccount(h, accountId);
    dialect
        .bindList(
            h.createUpdate(
                "DELETE FROM list_members WHERE contact_seq IN (SELECT seq FROM contacts"
                    + " WHERE account_id = :account AND "
                    + dialect.inList("id", ":ids")
                    + ")"),
            "ids",
            ids)
        .bind("account", accountId)
        .execute();
    return dialect
        .bindList(
            h.createUpdate(
                "DELETE FROM contacts WHERE account_id = :account AND "
                    + dialect.inList("id", ":ids")),
            "ids",
            ids)
        .bind("account", accountId)
        .execute();
  }

  int deleteAll(Handle h, long accountId) throws SQLException {
    dialect.lockAccount(h, accountId);
    h.createUpdate(
            "DELETE FROM list_members WHERE contact_seq IN (SELECT seq FROM contacts WHERE account_id = :account)")
        .bind("account", accountId)
        .execute();
    return h.createUpdate("DELETE FROM contacts WHERE account_id = :account")
        .bind("account", accountId)
        .execute();
  }

  /** Deletes every member contact of a list (the list row may already be gone). */
  int deleteMembersOf(Handle h, long accountId, long listSeq) throws SQLException {
    dialect.lockAccount(h, accountId);
    String members = "SELECT contact_seq FROM list_members WHERE list_seq = :list";
    h.createUpdate(
            "DELETE FROM list_members WHERE list_seq <> :list AND contact_seq IN (" + members + ")")
        .bind("list", listSeq)
        .execute();
    int deleted =
        h.createUpdate(
                "DELETE FROM contacts WHERE account_id = :account AND seq IN (" + members + ")")
            .bind("account", accountId)
            .bind("list", listSeq)
            .execute();
    h.createUpdate("DELETE FROM list_members WHERE list_seq = :list")
        .bind("list", listSeq)
        .execute();
    return deleted;
  }

  int removeFromList(Handle h, long accountId, long listSeq, Collection<String> ids)
      throws SQLException {
    dialect.lockAccount(h, accountId);
    return dialect
        .bindList(
            h.createUpdate(
                "DELETE FROM list_members WHERE list_seq = :list AND contact_seq IN"
                    + " (SELECT seq FROM contacts WHERE account_id = :account AND "
                    + dialect.inList("id", ":ids")
                    + ")"),
            "ids",
            ids)
        .bind("list", listSeq)
        .bind("account", accountId)
        .execute();
  }

  IdentifierOutcome removeIdentifier(
      Handle h, long accountId, String contactId, Identifier type, String value)
      throws SQLException {
    dialect.lockAccount(h, accountId);
    var row =
        h.createQuery(
                "SELECT email, phone_number_id, external_id, anonymous_id FROM contacts"
                    + " WHERE account_id = :account AND id = :id")
            .bind("account", accountId)
            .bind("id", contactId)
            .map(
                (rs, ctx) ->
                    new String[] {
                      rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)
                    })
            .findOne();
    if (row.isEmpty() || !value.equals(row.get()[type.ordinal()])) {
      return IdentifierOutcome.NOT_FOUND;
    }
    int present = 0;
    for (String v : row.get()) {
      if (v != null) {
        present++;
      }
    }
    if (present <= 1) {
      return IdentifierOutcome.LAST_IDENTIFIER;
    }
    // The column name comes from the enum, never from the request.
    int updated =
        h.createUpdate(
                "UPDATE contacts SET "
                    + type.column()
                    + " = NULL, updated_at = :now WHERE account_id = :account AND id = :id AND "
                    + type.column()
                    + " = :value")
            .bind("now", clock.millis())
            .bind("account", accountId)
            .bind("id", contactId)
            .bind("value", value)
            .execute();
    return updated == 1 ? IdentifierOutcome.REMOVED : IdentifierOutcome.NOT_FOUND;
  }
}
