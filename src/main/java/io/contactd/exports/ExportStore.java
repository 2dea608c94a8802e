package io.contactd.exports;

import com.fasterxml.jackson.core.type.TypeReference;
import io.contactd.db.ContactFilter;
import io.contactd.db.Database;
import io.contactd.db.Dialect;
import io.contactd.json.Json;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * SQL for the {@code exports} table, and the streaming read of the contacts an export contains
 * (contacts, lists, list_members and field_definitions are read directly, never written).
 */
final class ExportStore {
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private static final String EXPORT_COLUMNS =
      "id, account_id, status, export_type, list_ids, segment_ids, file_type, max_file_size,"
          + " notify_email, contact_count, file_keys, message, created_at, updated_at,"
          + " completed_at, expires_at";

  /** The contact query's columns up to the list ids, as {@link ContactCursor} numbers them. */
  private static final List<String> CONTACT_COLUMNS = ContactCursor.contactColumns();

  /**
   * Where the dialect reads a non-NULL mask (SQLite): one bit per text column that is not NULL.
   * Each column read is a call into the native driver, the export's bottleneck on SQLite, and most
   * contacts leave most columns empty.
   */
  private static final String PRESENT_COLUMNS =
      IntStream.rangeClosed(1, CONTACT_COLUMNS.size())
          .filter(ContactCursor::mayBeNull)
          .mapToObj(
              column ->
                  "CASE WHEN c."
                      + CONTACT_COLUMNS.get(column - 1)
                      + " IS NULL THEN 0 ELSE "
                      + (1 << column)
                      + " END")
          .collect(Collectors.joining(" + "));

  private final Database database;
  private final Dialect dialect;
  private final Jdbi jdbi;

  ExportStore(Database database) {
    this.database = database;
    this.dialect = database.dialect();
    this.jdbi = database.jdbi();
  }

  /** A custom field as the export names it. */
  record Field(String id, String name, String type) {}

  /** A new export starts pending. */
  void insert(Export e) {
    if (e.status() != ExportStatus.PENDING) {
      throw new IllegalArgumentException("a new export is pending, not " + e.status());
    }
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO exports ("
                        + EXPORT_COLUMNS
                        + ") VALUES (:id, :account, :status,"
                        + " :type, :lists, :segments, :fileType, :maxSize, :notify, NULL, NULL,"
                        + " NULL, :created, :created, NULL, :expires)")
                .bind("id", e.id())
                .bind("account", e.accountId())
                .bind("status", e.status().wire())
                .bind("type", e.exportType())
                .bind("lists", Json.write(e.listIds()))
                .bind("segments", Json.write(e.segmentIds()))
                .bind("fileType", e.fileType().wire)
                .bind("maxSize", e.maxFileSizeMb())
                .bind("notify", e.notifyEmail() ? 1 : 0)
                .bind("created", e.createdAt())
                .bind("expires", e.expiresAt())
                .execute());
  }

  /**
   * The status poll's one query, in plain JDBC on a pooled connection: it runs for every poll of a
   * pending export, and a JDBI handle per request cost about as much as the query itself.
   */
  Optional<Export> byId(long accountId, String id) {
    try (Connection c = database.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT " + EXPORT_COLUMNS + " FROM exports WHERE id = ? AND account_id = ?")) {
      ps.setString(1, id);
      ps.setLong(2, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(export(rs, null)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read export " + id + ": " + e.getMessage(), e);
    }
  }

  /** For the job, which runs for whichever account owns the export. */
  Optional<Export> byId(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + EXPORT_COLUMNS + " FROM exports WHERE id = :id")
                .bind("id", id)
                .map(ExportStore::export)
                .findOne());
  }

  /** The account's unexpired exports, newest first; bounded, since the sweeper drops old ones. */
  List<Export> listed(long accountId, long now) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + EXPORT_COLUMNS
                        + " FROM exports"
                        + " WHERE account_id = :account AND expires_at > :now"
                        + " ORDER BY created_at DESC, id DESC")
                .bind("account", accountId)
                .bind("now", now)
                .map(ExportStore::export)
                .list());
  }

  /** Names of the account's lists among {@code ids}, by id; ids that do not exist are absent. */
  Map<String, String> listNames(long accountId, Collection<String> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    return jdbi.withHandle(
        h -> {
          Map<String, String> names = new LinkedHashMap<>();
          dialect
              .bindList(
                  h.createQuery(
                      "SELECT id, name FROM lists WHERE account_id = :account AND "
                          + dialect.inList("id", ":ids")),
                  "ids",
                  ids)
              .bind("account", accountId)
              .map((rs, ctx) -> Map.entry(rs.getString("id"), rs.getString("name")))
              .forEach(e -> names.put(e.getKey(), e.getValue()));
          return names;
        });
  }

  /**
   * The contacts the export covers: all of the account's, or the members of its lists; empty when
   * every one of its lists was deleted.
   */
  Optional<ContactFilter> contactsOf(Export export) {
    if (export.listIds().isEmpty()) {
      return Optional.of(ContactFilter.all(export.accountId()));
    }
    List<Long> seqs =
        jdbi.withHandle(
            h ->
                dialect
                    .bindList(
                        h.createQuery(
                            "SELECT seq FROM lists WHERE account_id = :account AND "
                                + dialect.inList("id", ":ids")),
                        "ids",
                        export.listIds())
                    .bind("account", export.accountId())
                    .mapTo(Long.class)
                    .list());
    return seqs.isEmpty()
        ? Optional.empty()
        : Optional.of(ContactFilter.inLists(dialect, export.accountId(), seqs));
  }

  /** Custom fields in creation order: the order of the extra CSV columns. */
  List<Field> customFields(long accountId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, name, field_type FROM field_definitions"
                        + " WHERE account_id = :account ORDER BY created_at, id")
                .bind("account", accountId)
                .map(
                    (rs, ctx) ->
                        new Field(
                            rs.getString("id"), rs.getString("name"), rs.getString("field_type")))
                .list());
  }

  /** pending → ready with its files, count and completion time, in one statement. */
  boolean markReady(String id, List<String> fileKeys, long count, long now) {
    ExportStatus.require(ExportStatus.PENDING, ExportStatus.READY);
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE exports SET status = :to, file_keys = :keys, contact_count = :count,"
                            + " completed_at = :now, updated_at = :now"
                            + " WHERE id = :id AND status = :from")
                    .bind("to", ExportStatus.READY.wire())
                    .bind("keys", Json.write(fileKeys))
                    .bind("count", count)
                    .bind("now", now)
                    .bind("id", id)
                    .bind("from", ExportStatus.PENDING.wire())
                    .execute())
        == 1;
  }

  /** pending → failure with the message the API shows. */
  boolean markFailed(String id, String message, long now) {
    ExportStatus.require(ExportStatus.PENDING, ExportStatus.FAILURE);
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE exports SET status = :to, message = :message,"
                            + " completed_at = :now, updated_at = :now"
                            + " WHERE id = :id AND status = :from")
                    .bind("to", ExportStatus.FAILURE.wire())
                    .bind("message", message)
                    .bind("now", now)
                    .bind("id", id)
                    .bind("from", ExportStatus.PENDING.wire())
                    .execute())
        == 1;
  }

  List<String> pendingIds() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT id FROM exports WHERE status = :pending")
                .bind("pending", ExportStatus.PENDING.wire())
                .mapTo(String.class)
                .list());
  }

  List<String> expiredIds(long now, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id FROM exports WHERE expires_at <= :now ORDER BY expires_at LIMIT :limit")
                .bind("now", now)
                .bind("limit", limit)
                .mapTo(String.class)
                .list());
  }

  boolean deleteExpired(String id, long now) {
    return jdbi.withHandle(
            h ->
                h.createUpdate("DELETE FROM exports WHERE id = :id AND expires_at <= :now")
                    .bind("id", id)
                    .bind("now", now)
                    .execute())
        == 1;
  }

  /** Receives the streamed contacts one by one; the cursor is only valid during the call. */
  @FunctionalInterface
  interface RowHandler {
    void accept(ContactCursor row) throws IOException, SQLException;
  }

  /**
   * Streams the contacts of {@code filter} without holding them in memory (a forward-only query,
   * prepared by the dialect for streaming, in a transaction). Each contact appears once, even if it
   * is in several of the lists.
   */
  void streamContacts(ContactFilter filter, boolean withListIds, RowHandler handler)
      throws SQLException, IOException {
    StringBuilder sql = new StringBuilder("SELECT ");
    sql.append(CONTACT_COLUMNS.stream().map(name -> "c." + name).collect(Collectors.joining(", ")));
    if (withListIds) {
      sql.append(", (SELECT ")
          .append(dialect.joinedWithCommas("l.id"))
          .append(" FROM list_members lm JOIN lists l ON l.seq = lm.list_seq")
          .append(" WHERE lm.contact_seq = c.seq) AS list_ids");
    } else {
      sql.append(", NULL AS list_ids");
    }
    boolean presence = dialect.readsNonNullMask();
    if (presence) {
      sql.append(", ").append(PRESENT_COLUMNS);
    }
    sql.append(" FROM contacts c WHERE ").append(filter.where());
    try (Connection c = database.dataSource().getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement(
              sql.toString(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
        dialect.prepareForStreaming(ps);
        filter.bind(dialect, c, ps, 1);
        try (ResultSet rs = ps.executeQuery()) {
          ContactCursor cursor = new ContactCursor(rs, presence);
          while (rs.next()) {
            cursor.next();
            handler.accept(cursor);
          }
        }
        c.commit();
      } catch (SQLException | IOException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    }
  }

  /** A row of {@link #EXPORT_COLUMNS}, read by position (by name costs a lookup per column). */
  private static Export export(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Export(
        rs.getString(1),
        rs.getLong(2),
        ExportStatus.of(rs.getString(3)),
        rs.getString(4),
        strings(rs.getString(5)),
        strings(rs.getString(6)),
        Export.FileType.of(rs.getString(7)),
        rs.getInt(8),
        rs.getLong(9) != 0,
        nullableLong(rs, 10),
        strings(rs.getString(11)),
        rs.getString(12),
        rs.getLong(13),
        rs.getLong(14),
        nullableLong(rs, 15),
        rs.getLong(16));
  }

  private static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static List<String> strings(String json) {
    if (json == null || json.isEmpty()) {
      return List.of();
    }
    try {
      return Json.MAPPER.readValue(json, STRINGS);
    } catch (IOException e) {
      throw new IllegalStateException("stored id list is not JSON: " + json, e);
    }
  }
}
