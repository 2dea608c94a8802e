package io.contactd.webhooks;

import io.contactd.http.Api;
import io.contactd.jobs.JobHooks;
import io.contactd.jobs.JobQueue;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.jdbi.v3.core.Jdbi;

/**
 * The webhooks feature as the composition root sees it: the job hooks that write events, the
 * recurring delivery round, and the dev-mode routes.
 */
public final class Webhooks {
  private static final String SECRET_NAME = "webhook_notification_secret";

  /** How often the cluster looks for due deliveries. */
  static final Duration ROUND = Duration.ofSeconds(1);

  private final WebhookEvents events;
  private final WebhookSender sender;
  private final WebhookService service;
  private final String notificationSecret;

  /**
   * {@code configuredSecret} signs deliveries to {@code notifications.webhook_url} (null: one
   * generated once and kept in the database); {@code firstRetry} is the first retry interval.
   */
  public Webhooks(
      Jdbi jdbi, Clock clock, Clock infraClock, String configuredSecret, Duration firstRetry) {
    WebhookStore store = new WebhookStore(jdbi);
    this.notificationSecret = configuredSecret != null ? configuredSecret : storedSecret(jdbi);
    this.events = new WebhookEvents(store, infraClock);
    this.service = new WebhookService(store, clock);
    this.sender =
        new WebhookSender(
            store,
            infraClock,
            firstRetry,
            e -> e.secret() != null ? e.secret() : notificationSecret);
  }

  /** What exports and imports call at their start and end. */
  public JobHooks hooks() {
    return events;
  }

  /** Where event bodies come from (the status endpoints' renderers). */
  public void bodies(StatusBodies bodies) {
    events.bodies(bodies);
  }

  /** The delivery round, once per cluster; call before the queue starts. */
  public void schedule(JobQueue jobs) {
    jobs.recurring("webhook-deliveries", ROUND, sender::round);
  }

  /** Sends what is due now (tests). */
  public int deliverDue() throws InterruptedException {
    return sender.round();
  }

  /** Dev mode's {@code /_contactd/webhooks} routes. */
  public void registerRoutes(Api api, long ownerId) {
    new WebhookRoutes(service, ownerId, notificationSecret).register(api);
  }

  private static String storedSecret(Jdbi jdbi) {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    String encoded = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(fresh);
    return jdbi.inTransaction(
        h -> {
          // Two nodes starting at once both try; the first insert wins and both read it back.
          h.createUpdate(
                  "INSERT INTO settings (name, value) VALUES (:name, :value)"
                      + " ON CONFLICT (name) DO NOTHING")
              .bind("name", SECRET_NAME)
              .bind("value", encoded)
              .execute();
          return h.createQuery("SELECT value FROM settings WHERE name = :name")
              .bind("name", SECRET_NAME)
              .mapTo(String.class)
              .one();
        });
  }
}
