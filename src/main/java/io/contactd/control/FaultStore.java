package io.contactd.control;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for {@code control_faults} and {@code control_stalls}. */
final class FaultStore {
  private static final String COLUMNS =
      "id, kind, account_id, method, path, action, status, message, seconds, remaining, created_at";

  private final Jdbi jdbi;

  FaultStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  void insert(Fault f) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO control_faults ("
                        + COLUMNS
                        + ") VALUES (:id, :kind, :account, :method, :path, :action, :status,"
                        + " :message, :seconds, :remaining, :created)")
                .bind("id", f.id())
                .bind("kind", f.kind())
                .bind("account", f.accountId())
                .bind("method", f.method())
                .bind("path", f.path())
                .bind("action", f.action())
                .bind("status", f.status())
                .bind("message", f.message())
                .bind("seconds", f.seconds())
                .bind("remaining", f.remaining())
                .bind("created", f.createdAt())
                .execute());
  }

  /** Every rule, oldest first (the order in which they are tried). */
  List<Fault> all() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM control_faults ORDER BY created_at, id")
                .map(FaultStore::map)
                .list());
  }

  /** The rules of one kind that still apply, oldest first. */
  List<Fault> live(String kind) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM control_faults WHERE kind = :kind"
                        + " AND (remaining IS NULL OR remaining > 0) ORDER BY created_at, id")
                .bind("kind", kind)
                .map(FaultStore::map)
                .list());
  }

  /**
   * Uses the rule once: true when it still applied. One guarded UPDATE, so a rule of {@code times}
   * N fires N times across every node.
   */
  boolean use(Fault f) {
    if (f.remaining() == null) {
      return true;
    }
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE control_faults SET remaining = remaining - 1"
                            + " WHERE id = :id AND remaining > 0")
                    .bind("id", f.id())
                    .execute())
        == 1;
  }

  boolean delete(String id) {
    return jdbi.withHandle(
            h ->
                h.createUpdate("DELETE FROM control_faults WHERE id = :id")
                    .bind("id", id)
                    .execute())
        == 1;
  }

  int deleteAll() {
    return jdbi.withHandle(h -> h.createUpdate("DELETE FROM control_faults").execute());
  }

  /** A job held by a stall rule. */
  record Stall(String kind, String jobId, long accountId, long createdAt) {}

  void stall(String kind, String jobId, long accountId, long now) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO control_stalls (kind, job_id, account_id, created_at)"
                        + " VALUES (:kind, :id, :account, :now) ON CONFLICT DO NOTHING")
                .bind("kind", kind)
                .bind("id", jobId)
                .bind("account", accountId)
                .bind("now", now)
                .execute());
  }

  /** Whether the job is held (true), was released (false), or never stalled (empty). */
  java.util.Optional<Boolean> held(String kind, String jobId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT released_at FROM control_stalls WHERE kind = :kind AND job_id = :id")
                .bind("kind", kind)
                .bind("id", jobId)
                .map((rs, ctx) -> rs.getObject("released_at") == null)
                .findOne());
  }

  /** Releases a held job; false when it was not held. */
  boolean release(String kind, String jobId, long now) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE control_stalls SET released_at = :now"
                            + " WHERE kind = :kind AND job_id = :id AND released_at IS NULL")
                    .bind("now", now)
                    .bind("kind", kind)
                    .bind("id", jobId)
                    .execute())
        == 1;
  }

  List<Stall> stalls() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT kind, job_id, account_id, created_at FROM control_stalls"
                        + " WHERE released_at IS NULL ORDER BY created_at, job_id")
                .map(
                    (rs, ctx) ->
                        new Stall(
                            rs.getString("kind"),
                            rs.getString("job_id"),
                            rs.getLong("account_id"),
                            rs.getLong("created_at")))
                .list());
  }

  private static Fault map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Fault(
        rs.getString("id"),
        rs.getString("kind"),
        nullableLong(rs, "account_id"),
        rs.getString("method"),
        rs.getString("path"),
        rs.getString("action"),
        nullableInt(rs, "status"),
        rs.getString("message"),
        nullableInt(rs, "seconds"),
        nullableInt(rs, "remaining"),
        rs.getLong("created_at"));
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static Integer nullableInt(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }
}
