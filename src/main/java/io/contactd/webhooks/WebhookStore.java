package io.contactd.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** SQL for the webhook tables: endpoints, watches, the delivery outbox and its attempts. */
final class WebhookStore {
  private static final String ENDPOINT_COLUMNS =
      "id, account_id, url, secret, events, source, created_at";
  private static final String DELIVERY_COLUMNS =
      "id, event_id, event_type, account_id, endpoint_id, body, status, attempts,"
          + " next_attempt_at, give_up_at, created_at, delivered_at";

  private final Jdbi jdbi;

  WebhookStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** A row of the outbox. */
  record Delivery(
      String id,
      String eventId,
      String eventType,
      long accountId,
      String endpointId,
      String body,
      DeliveryState status,
      int attempts,
      long nextAttemptAt,
      long giveUpAt,
      long createdAt,
      Long deliveredAt) {}

  /** One attempt of a delivery. */
  record Attempt(
      int attempt, long attemptedAt, Integer responseStatus, String error, long durationMillis) {}

  void insert(Endpoint e) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO webhook_endpoints ("
                        + ENDPOINT_COLUMNS
                        + ") VALUES (:id, :account, :url, :secret, :events, :source, :created)")
                .bind("id", e.id())
                .bind("account", e.accountId())
                .bind("url", e.url())
                .bind("secret", e.secret())
                .bind("events", String.join(" ", e.events()))
                .bind("source", e.source())
                .bind("created", e.createdAt())
                .execute());
  }

  List<Endpoint> endpoints(long accountId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + ENDPOINT_COLUMNS
                        + " FROM webhook_endpoints WHERE account_id = :account"
                        + " ORDER BY created_at, id")
                .bind("account", accountId)
                .map(WebhookStore::endpoint)
                .list());
  }

  Optional<Endpoint> endpoint(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoints WHERE id = :id")
                .bind("id", id)
                .map(WebhookStore::endpoint)
                .findOne());
  }

  /** The notification endpoint of the account for this URL, if one was made before. */
  Optional<Endpoint> notificationEndpoint(long accountId, String url) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + ENDPOINT_COLUMNS
                        + " FROM webhook_endpoints WHERE account_id = :account AND url = :url"
                        + " AND source = :source ORDER BY created_at, id LIMIT 1")
                .bind("account", accountId)
                .bind("url", url)
                .bind("source", Endpoint.NOTIFICATION)
                .map(WebhookStore::endpoint)
                .findOne());
  }

  /** Deletes the endpoint with its deliveries and their log; false when it is unknown. */
  boolean delete(long accountId, String id) {
    return jdbi.inTransaction(
        h -> {
          h.createUpdate(
                  "DELETE FROM webhook_attempts WHERE delivery_id IN"
                      + " (SELECT id FROM webhook_deliveries WHERE endpoint_id = :id)")
              .bind("id", id)
              .execute();
          h.createUpdate("DELETE FROM webhook_deliveries WHERE endpoint_id = :id")
              .bind("id", id)
              .execute();
          return h.createUpdate(
                      "DELETE FROM webhook_endpoints WHERE id = :id AND account_id = :account")
                  .bind("id", id)
                  .bind("account", accountId)
                  .execute()
              == 1;
        });
  }

  void watch(String kind, String jobId, long accountId, String endpointId, long now) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO webhook_watches (kind, job_id, account_id, endpoint_id, created_at)"
                        + " VALUES (:kind, :job, :account, :endpoint, :now) ON CONFLICT DO NOTHING")
                .bind("kind", kind)
                .bind("job", jobId)
                .bind("account", accountId)
                .bind("endpoint", endpointId)
                .bind("now", now)
                .execute());
  }

  Optional<String> watcher(String kind, String jobId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT endpoint_id FROM webhook_watches WHERE kind = :kind AND job_id = :job")
                .bind("kind", kind)
                .bind("job", jobId)
                .mapTo(String.class)
                .findOne());
  }

  /** Writes the delivery unless one for this event and endpoint exists (the event told twice). */
  boolean insert(Delivery d) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO webhook_deliveries ("
                            + DELIVERY_COLUMNS
                            + ") VALUES (:id, :event, :type, :account, :endpoint, :body, :status,"
                            + " 0, :next, :giveUp, :created, NULL) ON CONFLICT DO NOTHING")
                    .bind("id", d.id())
                    .bind("event", d.eventId())
                    .bind("type", d.eventType())
                    .bind("account", d.accountId())
                    .bind("endpoint", d.endpointId())
                    .bind("body", d.body())
                    .bind("status", DeliveryState.PENDING.wire())
                    .bind("next", d.nextAttemptAt())
                    .bind("giveUp", d.giveUpAt())
                    .bind("created", d.createdAt())
                    .execute())
        == 1;
  }

  /** Pending deliveries due now and not claimed by a node, oldest first. */
  List<String> due(long now, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id FROM webhook_deliveries WHERE status = :pending"
                        + " AND next_attempt_at <= :now"
                        + " AND (claimed_until IS NULL OR claimed_until < :now)"
                        + " ORDER BY next_attempt_at, id LIMIT :limit")
                .bind("pending", DeliveryState.PENDING.wire())
                .bind("now", now)
                .bind("limit", limit)
                .mapTo(String.class)
                .list());
  }

  /**
   * Claims a due delivery until {@code until}; false when another node has it, or it is no longer
   * pending or due. The guard is the whole condition {@link #due} selected by.
   */
  boolean claim(String id, long now, long until) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE webhook_deliveries SET claimed_until = :until"
                            + " WHERE id = :id AND status = :pending AND next_attempt_at <= :now"
                            + " AND (claimed_until IS NULL OR claimed_until < :now)")
                    .bind("until", until)
                    .bind("id", id)
                    .bind("pending", DeliveryState.PENDING.wire())
                    .bind("now", now)
                    .execute())
        == 1;
  }

  Optional<Delivery> delivery(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries WHERE id = :id")
                .bind("id", id)
                .map(WebhookStore::delivery)
                .findOne());
  }

  /**
   * Logs an attempt and moves the delivery: delivered, failed for good, or due again at {@code
   * next}. Guarded by pending and the attempt count it read, so a stale claim changes nothing.
   */
  boolean recordAttempt(Delivery d, Attempt a, DeliveryState to, long next) {
    if (to != DeliveryState.PENDING) {
      DeliveryState.require(DeliveryState.PENDING, to);
    }
    return jdbi.inTransaction(
        h -> {
          int moved =
              h.createUpdate(
                      "UPDATE webhook_deliveries SET status = :to, attempts = :attempts,"
                          + " next_attempt_at = :next, claimed_until = NULL,"
                          + " delivered_at = :delivered"
                          + " WHERE id = :id AND status = :pending AND attempts = :before")
                  .bind("to", to.wire())
                  .bind("attempts", a.attempt())
                  .bind("next", next)
                  .bind("delivered", to == DeliveryState.DELIVERED ? a.attemptedAt() : null)
                  .bind("id", d.id())
                  .bind("pending", DeliveryState.PENDING.wire())
                  .bind("before", d.attempts())
                  .execute();
          if (moved != 1) {
            return false;
          }
          h.createUpdate(
                  "INSERT INTO webhook_attempts (delivery_id, attempt, attempted_at,"
                      + " response_status, error, duration_ms)"
                      + " VALUES (:id, :attempt, :at, :status, :error, :ms)")
              .bind("id", d.id())
              .bind("attempt", a.attempt())
              .bind("at", a.attemptedAt())
              .bind("status", a.responseStatus())
              .bind("error", a.error())
              .bind("ms", a.durationMillis())
              .execute();
          return true;
        });
  }

  /** The endpoint's deliveries, newest first. */
  List<Delivery> deliveries(String endpointId, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + DELIVERY_COLUMNS
                        + " FROM webhook_deliveries WHERE endpoint_id = :endpoint"
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                .bind("endpoint", endpointId)
                .bind("limit", limit)
                .map(WebhookStore::delivery)
                .list());
  }

  List<Attempt> attempts(String deliveryId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT attempt, attempted_at, response_status, error, duration_ms"
                        + " FROM webhook_attempts WHERE delivery_id = :id ORDER BY attempt")
                .bind("id", deliveryId)
                .map(
                    (rs, ctx) -> {
                      int status = rs.getInt("response_status");
                      Integer response = rs.wasNull() ? null : status;
                      return new Attempt(
                          rs.getInt("attempt"),
                          rs.getLong("attempted_at"),
                          response,
                          rs.getString("error"),
                          rs.getLong("duration_ms"));
                    })
                .list());
  }

  private static Endpoint endpoint(ResultSet rs, StatementContext ctx) throws SQLException {
    String events = rs.getString("events");
    return new Endpoint(
        rs.getString("id"),
        rs.getLong("account_id"),
        rs.getString("url"),
        rs.getString("secret"),
        events.isEmpty() ? List.of() : Arrays.asList(events.split(" ")),
        rs.getString("source"),
        rs.getLong("created_at"));
  }

  private static Delivery delivery(ResultSet rs, StatementContext ctx) throws SQLException {
    long delivered = rs.getLong("delivered_at");
    Long deliveredAt = rs.wasNull() ? null : delivered;
    return new Delivery(
        rs.getString("id"),
        rs.getString("event_id"),
        rs.getString("event_type"),
        rs.getLong("account_id"),
        rs.getString("endpoint_id"),
        rs.getString("body"),
        DeliveryState.of(rs.getString("status")),
        rs.getInt("attempts"),
        rs.getLong("next_attempt_at"),
        rs.getLong("give_up_at"),
        rs.getLong("created_at"),
        deliveredAt);
  }
}
