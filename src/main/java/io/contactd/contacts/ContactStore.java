package io.contactd.contacts;

import io.contactd.db.ContactFilter;
import io.contactd.db.Dialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Reads of contacts and their list memberships, always within one account. */
final class ContactStore {
  private static final String SELECT =
      "SELECT seq, id, "
          + String.join(", ", ContactWriter.COLUMNS)
          + ", alternate_emails, custom_fields, created_at, updated_at FROM contacts";

  private final Jdbi jdbi;
  private final Dialect dialect;

  ContactStore(Jdbi jdbi, Dialect dialect) {
    this.jdbi = jdbi;
    this.dialect = dialect;
  }

  Optional<ContactRow> byId(long accountId, String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(SELECT + " WHERE account_id = :account AND id = :id")
                .bind("account", accountId)
                .bind("id", id)
                .map(ContactStore::map)
                .findOne());
  }

  List<ContactRow> byIds(long accountId, Collection<String> ids) {
    return where(accountId, "id", ids);
  }

  /** Contacts whose {@code column} (an identifier column) is one of {@code values}. */
  List<ContactRow> where(long accountId, String column, Collection<String> values) {
    if (values.isEmpty()) {
      return List.of();
    }
    return jdbi.withHandle(
        h ->
            dialect
                .bindList(
                    h.createQuery(
                        SELECT
                            + " WHERE account_id = :account AND "
                            + column
                            + " IS NOT NULL AND "
                            + dialect.inList(column, ":values")),
                    "values",
                    values)
                .bind("account", accountId)
                .map(ContactStore::map)
                .list());
  }

  /**
   * Contacts holding {@code email} among their alternate emails. No index covers these, so this
   * scans the account's contacts; it runs only for addresses not found as a primary email.
   */
  List<ContactRow> byAlternateEmail(long accountId, String email) {
    return jdbi.withHandle(
        h ->
            h
                .createQuery(
                    SELECT
                        + " WHERE account_id = :account AND alternate_emails IS NOT NULL"
                        + " AND alternate_emails LIKE :pattern")
                .bind("account", accountId)
                .bind("pattern", "%\"" + email.replace("\\", "\\\\").replace("\"", "\\\"") + "\"%")
                .map(ContactStore::map)
                .list()
                .stream()
                .filter(r -> ContactWriter.alternates(r.alternateEmails()).contains(email))
                .toList());
  }

  /** The {@code limit} contacts of the filter written last. */
  List<ContactRow> newest(ContactFilter filter, int limit) {
    return jdbi.withHandle(
        h ->
            filter
                .bind(
                    dialect,
                    h.createQuery(
                        SELECT + " c WHERE " + filter.where() + " ORDER BY c.seq DESC LIMIT ?"),
                    0)
                .bind(filter.values().size(), limit)
                .map(ContactStore::map)
                .list());
  }

  /**
   * Up to {@code limit} members of a list. Driven by the list's members, so it stops after {@code
   * limit} of them: the same sample through a {@link ContactFilter} ({@code ORDER BY seq LIMIT})
   * makes SQLite read the whole list first (0.9 s for a list of 500,000).
   */
  List<ContactRow> members(long accountId, long listSeq, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    SELECT
                        + " WHERE account_id = :account AND seq IN"
                        + " (SELECT contact_seq FROM list_members WHERE list_seq = :list ORDER BY contact_seq LIMIT :limit)")
                .bind("account", accountId)
                .bind("list", listSeq)
                .bind("limit", limit)
                .map(ContactStore::map)
                .list());
  }

  /** The list ids of each contact, by contact seq. */
  Map<Long, List<String>> listIds(Collection<ContactRow> contacts) {
    Map<Long, List<String>> out = new HashMap<>();
    if (contacts.isEmpty()) {
      return out;
    }
    List<Long> seqs = new ArrayList<>();
    for (ContactRow c : contacts) {
      seqs.add(c.seq());
    }
    jdbi.useHandle(
        h ->
            dialect
                .bindList(
                    h.createQuery(
                        "SELECT m.contact_seq, l.id FROM list_members m JOIN lists l ON l.seq = m.list_seq"
                            + " WHERE "
                            + dialect.inList("m.contact_seq", ":seqs")
                            + " ORDER BY m.contact_seq, l.seq"),
                    "seqs",
                    seqs)
                .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2)))
                .forEach(
                    e ->
                        out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue())));
    return out;
  }

  /** Total contacts and how many carry each identifier. */
  Map<String, Long> counts(long accountId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT COUNT(*), COUNT(email), COUNT(phone_number_id), COUNT(external_id),"
                        + " COUNT(anonymous_id) FROM contacts WHERE account_id = :account")
                .bind("account", accountId)
                .map(
                    (rs, ctx) -> {
                      Map<String, Long> m = new LinkedHashMap<>();
                      m.put("total", rs.getLong(1));
                      m.put("EID", rs.getLong(2));
                      m.put("PHNID", rs.getLong(3));
                      m.put("EXTID", rs.getLong(4));
                      m.put("AID", rs.getLong(5));
                      return m;
                    })
                .one());
  }

  /** The number of contacts of each subuser of {@code parentId}, by subuser id (0 for none). */
  Map<Long, Long> subuserTotals(long parentId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT a.id, COUNT(c.account_id) FROM accounts a"
                        + " LEFT JOIN contacts c ON c.account_id = a.id"
                        + " WHERE a.parent_id = :parent GROUP BY a.id ORDER BY a.id")
                .bind("parent", parentId)
                .reduceResultSet(
                    new LinkedHashMap<Long, Long>(),
                    (m, rs, ctx) -> {
                      m.put(rs.getLong(1), rs.getLong(2));
                      return m;
                    }));
  }

  private static ContactRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    int n = ContactWriter.COLUMNS.size();
    String[] values = new String[n];
    for (int i = 0; i < n; i++) {
      values[i] = rs.getString(3 + i);
    }
    return new ContactRow(
        rs.getLong(1),
        rs.getString(2),
        values,
        rs.getString(3 + n),
        rs.getString(4 + n),
        rs.getLong(5 + n),
        rs.getLong(6 + n));
  }
}
