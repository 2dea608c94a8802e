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
          + " completed_at, expires_at, updated_since, contacts_total, checksums";

  private static final String SHARD_COLUMNS =
      "shard_no, status, seq_after, seq_upto, run_id, contacts_written, files_written, file_keys,"
          + " checksums";

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
                        + " NULL, :created, :created, NULL, :expires, :since, NULL, NULL)")
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
                .bind("since", e.updatedSince())
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

  // Shards: plan → shards → publish.

  /** One row of {@code export_shards}: the contacts with {@code seqAfter < seq <= seqUpto}. */
  record Shard(
      int no,
      ShardStatus status,
      long seqAfter,
      long seqUpto,
      String runId,
      long contactsWritten,
      int filesWritten,
      List<String> fileKeys,
      List<String> checksums) {}

  /** A shard's range as the plan cut it. */
  record Range(long after, long upto) {}

  /** The matching contacts and the highest seq among them (0 when there are none). */
  record Count(long contacts, long maxSeq) {}

  Count count(ContactFilter filter) {
    return jdbi.withHandle(
        h ->
            filter
                .bind(
                    dialect,
                    h.createQuery(
                        "SELECT COUNT(*) AS n, COALESCE(MAX(c.seq), 0) AS top FROM contacts c WHERE "
                            + filter.where()),
                    0)
                .map((rs, ctx) -> new Count(rs.getLong("n"), rs.getLong("top")))
                .one());
  }

  /**
   * The seq of every {@code every}-th matching contact in seq order: the cut points that give
   * shards of equal numbers of matching contacts however the matches are spread over the seqs
   * (lists and segments are often skewed). The database numbers the rows; only the cut points come
   * back, so memory stays flat.
   */
  List<Long> cutPoints(ContactFilter filter, long every) {
    return jdbi.withHandle(
        h -> {
          var q =
              filter.bind(
                  dialect,
                  h.createQuery(
                      "SELECT seq FROM (SELECT c.seq AS seq, ROW_NUMBER() OVER (ORDER BY c.seq) AS rn"
                          + " FROM contacts c WHERE "
                          + filter.where()
                          + ") numbered WHERE rn % ? = 0 ORDER BY seq"),
                  0);
          return q.bind(filter.values().size(), every).mapTo(Long.class).list();
        });
  }

  /**
   * Records the plan once: {@code contacts_total} goes from NULL to the count only while the export
   * is pending and unplanned, and only the transaction that made that change inserts the shards. A
   * second planner (a run taken over from a node thought dead) finds 0 rows and inserts nothing, so
   * two plans never mix. False when the export was already planned or no longer pending.
   */
  boolean plan(String id, long total, List<Range> ranges, long now) {
    return jdbi.inTransaction(
        h -> {
          int planned =
              h.createUpdate(
                      "UPDATE exports SET contacts_total = :total, updated_at = :now"
                          + " WHERE id = :id AND status = :pending AND contacts_total IS NULL")
                  .bind("total", total)
                  .bind("now", now)
                  .bind("id", id)
                  .bind("pending", ExportStatus.PENDING.wire())
                  .execute();
          if (planned == 0) {
            return false;
          }
          var batch =
              h.prepareBatch(
                  "INSERT INTO export_shards (export_id, shard_no, status, seq_after, seq_upto,"
                      + " updated_at) VALUES (:id, :no, :status, :after, :upto, :now)");
          for (int no = 0; no < ranges.size(); no++) {
            batch
                .bind("id", id)
                .bind("no", no)
                .bind("status", ShardStatus.PENDING.wire())
                .bind("after", ranges.get(no).after())
                .bind("upto", ranges.get(no).upto())
                .bind("now", now)
                .add();
          }
          batch.execute();
          return true;
        });
  }

  /** The export's shards in order; empty before it was planned. */
  List<Shard> shards(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + SHARD_COLUMNS
                        + " FROM export_shards WHERE export_id = :id ORDER BY shard_no")
                .bind("id", id)
                .map(ExportStore::shardRow)
                .list());
  }

  Optional<Shard> shard(String id, int no) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + SHARD_COLUMNS
                        + " FROM export_shards WHERE export_id = :id AND shard_no = :no")
                .bind("id", id)
                .bind("no", no)
                .map(ExportStore::shardRow)
                .findOne());
  }

  /**
   * Makes {@code runId} the one run allowed to finish the pending shard, taking it from {@code
   * previousRun} (null: none). False when the shard is done, failed, or another run took it first.
   */
  boolean claimShard(String id, int no, String previousRun, String runId, long now) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE export_shards SET run_id = :run, contacts_written = 0,"
                            + " files_written = 0, updated_at = :now"
                            + " WHERE export_id = :id AND shard_no = :no AND status = :pending"
                            + " AND COALESCE(run_id, '') = :previous")
                    .bind("run", runId)
                    .bind("now", now)
                    .bind("id", id)
                    .bind("no", no)
                    .bind("pending", ShardStatus.PENDING.wire())
                    .bind("previous", previousRun == null ? "" : previousRun)
                    .execute())
        == 1;
  }

  /** The run's progress; false when the run lost the shard (taken over) and must stop. */
  boolean progress(String id, int no, String runId, long contacts, int files, long now) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE export_shards SET contacts_written = :contacts,"
                            + " files_written = :files, updated_at = :now"
                            + " WHERE export_id = :id AND shard_no = :no AND status = :pending"
                            + " AND run_id = :run")
                    .bind("contacts", contacts)
                    .bind("files", files)
                    .bind("now", now)
                    .bind("id", id)
                    .bind("no", no)
                    .bind("pending", ShardStatus.PENDING.wire())
                    .bind("run", runId)
                    .execute())
        == 1;
  }

  /**
   * pending → done with the run's files, only for the run that holds the shard and only while the
   * export is pending (a canceled or failed export takes no more files).
   */
  boolean markShardDone(
      String id,
      int no,
      String runId,
      List<String> keys,
      List<String> checksums,
      long count,
      long now) {
    ShardStatus.require(ShardStatus.PENDING, ShardStatus.DONE);
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE export_shards SET status = :to, file_keys = :keys,"
                            + " checksums = :sums, contacts_written = :count,"
                            + " files_written = :files, updated_at = :now"
                            + " WHERE export_id = :id AND shard_no = :no AND status = :from"
                            + " AND run_id = :run AND EXISTS (SELECT 1 FROM exports e"
                            + " WHERE e.id = :id AND e.status = :pending)")
                    .bind("to", ShardStatus.DONE.wire())
                    .bind("keys", Json.write(keys))
                    .bind("sums", Json.write(checksums))
                    .bind("count", count)
                    .bind("files", keys.size())
                    .bind("now", now)
                    .bind("id", id)
                    .bind("no", no)
                    .bind("from", ShardStatus.PENDING.wire())
                    .bind("run", runId)
                    .bind("pending", ExportStatus.PENDING.wire())
                    .execute())
        == 1;
  }

  /** pending → failure, for the run that holds the shard; the export is failed beside it. */
  boolean markShardFailed(String id, int no, String runId, long now) {
    ShardStatus.require(ShardStatus.PENDING, ShardStatus.FAILURE);
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE export_shards SET status = :to, updated_at = :now"
                            + " WHERE export_id = :id AND shard_no = :no AND status = :from"
                            + " AND run_id = :run")
                    .bind("to", ShardStatus.FAILURE.wire())
                    .bind("now", now)
                    .bind("id", id)
                    .bind("no", no)
                    .bind("from", ShardStatus.PENDING.wire())
                    .bind("run", runId)
                    .execute())
        == 1;
  }

  /** What {@link #publish} did. */
  enum Published {
    /** This call made the export ready. */
    NOW,
    /** Some shard is not done yet; the last shard to finish publishes. */
    NOT_YET,
    /** The export is no longer pending: published before, failed or canceled. */
    NOT_PENDING
  }

  /**
   * The guarded final step: once every shard is done, pending → ready with the files and checksums
   * of all shards in shard order and the exact sum of their counts, in one statement naming the
   * state it expects, so that however many shards finish at once the export is published exactly
   * once. Each shard is marked done (committed) before it calls this, so the last one to finish
   * always sees every shard done.
   */
  Published publish(String id, long now) {
    ExportStatus.require(ExportStatus.PENDING, ExportStatus.READY);
    List<Shard> shards = shards(id);
    if (shards.isEmpty() || shards.stream().anyMatch(s -> s.status() != ShardStatus.DONE)) {
      return byId(id).map(e -> e.status() == ExportStatus.PENDING).orElse(false)
          ? Published.NOT_YET
          : Published.NOT_PENDING;
    }
    List<String> keys = new java.util.ArrayList<>();
    List<String> sums = new java.util.ArrayList<>();
    long count = 0;
    for (Shard s : shards) {
      keys.addAll(s.fileKeys());
      sums.addAll(s.checksums());
      count += s.contactsWritten();
    }
    long total = count;
    int changed =
        jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE exports SET status = :to, file_keys = :keys, checksums = :sums,"
                            + " contact_count = :count, completed_at = :now, updated_at = :now"
                            + " WHERE id = :id AND status = :from")
                    .bind("to", ExportStatus.READY.wire())
                    .bind("keys", Json.write(keys))
                    .bind("sums", Json.write(sums))
                    .bind("count", total)
                    .bind("now", now)
                    .bind("id", id)
                    .bind("from", ExportStatus.PENDING.wire())
                    .execute());
    return changed == 1 ? Published.NOW : Published.NOT_PENDING;
  }

  /** Contacts and files written so far by the shards of a pending export. */
  record Progress(long contactsWritten, long filesWritten) {}

  Progress progress(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT COALESCE(SUM(contacts_written), 0) AS contacts,"
                        + " COALESCE(SUM(files_written), 0) AS files"
                        + " FROM export_shards WHERE export_id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new Progress(rs.getLong("contacts"), rs.getLong("files")))
                .one());
  }

  /** The stored status alone: what a running shard checks between batches (cancel, failure). */
  Optional<ExportStatus> status(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT status FROM exports WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .findOne()
                .map(ExportStatus::of));
  }

  /** The export and its shards go (DELETE by the user, after its files were deleted). */
  boolean delete(long accountId, String id) {
    return jdbi.inTransaction(
        h -> {
          int n =
              h.createUpdate("DELETE FROM exports WHERE id = :id AND account_id = :account")
                  .bind("id", id)
                  .bind("account", accountId)
                  .execute();
          h.createUpdate("DELETE FROM export_shards WHERE export_id = :id")
              .bind("id", id)
              .execute();
          return n == 1;
        });
  }

  /**
   * The SHA-256 recorded for a file of a ready export ({@code exports/<id>/…}); empty for any other
   * key or an export published without checksums.
   */
  Optional<byte[]> sha256(String key) {
    if (!key.startsWith("exports/") || key.indexOf('/', 8) < 0) {
      return Optional.empty();
    }
    String id = key.substring(8, key.indexOf('/', 8));
    return byId(id)
        .filter(e -> e.status() == ExportStatus.READY)
        .flatMap(
            e -> {
              int at = e.fileKeys().indexOf(key);
              if (at < 0 || at >= e.checksums().size()) {
                return Optional.empty();
              }
              String sum = e.checksums().get(at);
              return Optional.of(
                  java.util.HexFormat.of().parseHex(sum.substring(sum.indexOf(':') + 1)));
            });
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
    return jdbi.inTransaction(
        h -> {
          int n =
              h.createUpdate("DELETE FROM exports WHERE id = :id AND expires_at <= :now")
                  .bind("id", id)
                  .bind("now", now)
                  .execute();
          if (n == 1) {
            h.createUpdate("DELETE FROM export_shards WHERE export_id = :id")
                .bind("id", id)
                .execute();
          }
          return n == 1;
        });
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
    streamContacts("contacts c", filter, withListIds, handler);
  }

  /**
   * {@code rows} made-up contacts with one custom field {@code e1_T}, generated by the database and
   * read through the very query shape, driver calls and cursor of an export: the start-up warm-up
   * ({@link ExportWarmup}), which touches no table.
   */
  void streamWarmup(int rows, RowHandler handler) throws SQLException, IOException {
    String made =
        "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
            + rows
            + ") SELECT "
            + CONTACT_COLUMNS.stream()
                .map(
                    column ->
                        switch (column) {
                              case "created_at", "updated_at" -> "1600000000000 + i";
                              case "custom_fields" -> "'{\"e1_T\":\"plan ' || (i % 7) || '\"}'";
                              case "email" -> "'warm' || i || '@example.com'";
                              case "id", "first_name", "last_name", "address_line_1", "city" ->
                                  "'" + column + " ' || i";
                              default -> "NULL";
                            }
                            + " AS "
                            + column)
                .collect(Collectors.joining(", "))
            + " FROM n) c";
    streamContacts(made, new ContactFilter("1 = 1", List.of()), false, handler);
  }

  private void streamContacts(
      String from, ContactFilter filter, boolean withListIds, RowHandler handler)
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
    sql.append(" FROM ").append(from).append(" WHERE ").append(filter.where());
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
        rs.getLong(16),
        nullableLong(rs, 17),
        nullableLong(rs, 18),
        strings(rs.getString(19)));
  }

  private static Shard shardRow(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Shard(
        rs.getInt(1),
        ShardStatus.of(rs.getString(2)),
        rs.getLong(3),
        rs.getLong(4),
        rs.getString(5),
        rs.getLong(6),
        rs.getInt(7),
        strings(rs.getString(8)),
        strings(rs.getString(9)));
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
