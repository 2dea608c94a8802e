package io.contactd.webhooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactd.jobs.JobHooks;
import io.contactd.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a job's end into outbox rows: one per endpoint that wants the event (the account's
 * registered endpoints, and the request's {@code notifications.webhook_url}). Written right after
 * the status change committed, with an event id derived from the job and the event, unique per
 * endpoint: a run repeated after a crash tells the same event again and adds nothing.
 */
final class WebhookEvents implements JobHooks {
  private static final Logger log = LoggerFactory.getLogger(WebhookEvents.class);

  /** Deliveries are attempted for this long after the event. */
  static final Duration RETRY_FOR = Duration.ofHours(24);

  private final WebhookStore store;
  private final Clock infraClock;
  private volatile StatusBodies bodies = (kind, account, id) -> Optional.empty();

  WebhookEvents(WebhookStore store, Clock infraClock) {
    this.store = store;
    this.infraClock = infraClock;
  }

  void bodies(StatusBodies bodies) {
    this.bodies = bodies;
  }

  /**
   * {@code export.ready}, {@code export.failed}, {@code import.completed}, {@code import.failed}.
   */
  static String eventType(String kind, String outcome) {
    return switch (kind + "." + outcome) {
      case "export.ready" -> "export.ready";
      case "export.failure" -> "export.failed";
      case "import.completed", "import.errored" -> "import.completed";
      case "import.failed" -> "import.failed";
      default -> null;
    };
  }

  static String eventId(String type, String jobId) {
    return "evt_"
        + UUID.nameUUIDFromBytes((type + "/" + jobId).getBytes(StandardCharsets.UTF_8))
            .toString()
            .replace("-", "");
  }

  @Override
  public void created(String kind, long accountId, String jobId, String webhookUrl) {
    if (webhookUrl == null) {
      return;
    }
    long now = infraClock.millis();
    Endpoint endpoint =
        store
            .notificationEndpoint(accountId, webhookUrl)
            .orElseGet(
                () -> {
                  Endpoint e =
                      new Endpoint(
                          "wh_" + UUID.randomUUID().toString().replace("-", ""),
                          accountId,
                          webhookUrl,
                          null,
                          List.of(),
                          Endpoint.NOTIFICATION,
                          now);
                  store.insert(e);
                  return e;
                });
    store.watch(kind, jobId, accountId, endpoint.id(), now);
  }

  @Override
  public void ended(String kind, long accountId, String jobId, String outcome) {
    String type = eventType(kind, outcome);
    if (type == null) {
      return;
    }
    try {
      record(kind, accountId, jobId, type);
    } catch (RuntimeException e) {
      // The job's outcome stands; only its webhook is lost. Say so where someone will look.
      log.error("{} of {} {} could not be written to the webhook outbox", type, kind, jobId, e);
    }
  }

  private void record(String kind, long accountId, String jobId, String type) {
    List<String> targets = new ArrayList<>();
    for (Endpoint e : store.endpoints(accountId)) {
      if (e.source().equals(Endpoint.REGISTERED) && e.wants(type)) {
        targets.add(e.id());
      }
    }
    store.watcher(kind, jobId).filter(id -> !targets.contains(id)).ifPresent(targets::add);
    if (targets.isEmpty()) {
      return;
    }
    Optional<Object> status = bodies.body(kind, accountId, jobId);
    if (status.isEmpty()) {
      return; // deleted meanwhile (a reset)
    }
    String eventId = eventId(type, jobId);
    ObjectNode body = Json.MAPPER.valueToTree(status.get());
    body.put("event_id", eventId);
    body.put("event", type);
    String json = Json.write(body);
    long now = infraClock.millis();
    for (String endpoint : targets) {
      String id =
          "whd_"
              + UUID.nameUUIDFromBytes((eventId + "/" + endpoint).getBytes(StandardCharsets.UTF_8))
                  .toString()
                  .replace("-", "");
      if (store.insert(
          new WebhookStore.Delivery(
              id,
              eventId,
              type,
              accountId,
              endpoint,
              json,
              DeliveryState.PENDING,
              0,
              now,
              now + RETRY_FOR.toMillis(),
              now,
              null))) {
        log.info("{} {} of {} {} queued for endpoint {}", type, eventId, kind, jobId, endpoint);
      }
    }
  }
}
