package io.contactd.webhooks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of deliveries, run by the job queue once per cluster at a time: the due deliveries (at
 * most {@link #BATCH}) are claimed one by one with a guarded UPDATE and sent at once, each on a
 * virtual thread, with short timeouts. A 2xx answer delivers; anything else is retried after the
 * first retry interval, doubled each time (capped at an hour), until 24 h after the event. The
 * claim outlives the request timeout, so a node that dies mid-send leaves the delivery to the next
 * round after the claim ran out; the receiver may then get it twice and de-duplicates by event id.
 */
final class WebhookSender {
  private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
  static final int BATCH = 50;
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  static final Duration CLAIM = Duration.ofSeconds(30);
  static final Duration MAX_BACKOFF = Duration.ofHours(1);

  private final WebhookStore store;
  private final Clock infraClock;
  private final Duration firstRetry;
  private final Secrets secrets;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  /** The secret that signs deliveries to an endpoint. */
  @FunctionalInterface
  interface Secrets {
    String of(Endpoint endpoint);
  }

  WebhookSender(WebhookStore store, Clock infraClock, Duration firstRetry, Secrets secrets) {
    this.store = store;
    this.infraClock = infraClock;
    this.firstRetry = firstRetry;
    this.secrets = secrets;
  }

  /** Sends what is due now; returns how many were attempted. */
  int round() throws InterruptedException {
    long now = infraClock.millis();
    List<String> claimed = new ArrayList<>();
    for (String id : store.due(now, BATCH)) {
      if (store.claim(id, now, now + CLAIM.toMillis())) {
        claimed.add(id);
      }
    }
    if (claimed.isEmpty()) {
      return 0;
    }
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> sends = new ArrayList<>();
      for (String id : claimed) {
        sends.add(threads.submit(() -> attempt(id)));
      }
      for (Future<?> f : sends) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          log.warn("a webhook delivery round failed; it runs again", e.getCause());
        }
      }
    }
    return claimed.size();
  }

  private void attempt(String id) {
    Optional<WebhookStore.Delivery> found = store.delivery(id);
    if (found.isEmpty()) {
      return; // deleted meanwhile (a reset, the endpoint deleted)
    }
    WebhookStore.Delivery d = found.get();
    Optional<Endpoint> endpoint = store.endpoint(d.endpointId());
    if (endpoint.isEmpty()) {
      return;
    }
    long started = infraClock.millis();
    Integer status = null;
    String error = null;
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(endpoint.get().url()))
              .timeout(REQUEST_TIMEOUT)
              .header("Content-Type", "application/json")
              .header("User-Agent", "contactd-webhooks")
              .header("Contactd-Event", d.eventType())
              .header("Contactd-Event-Id", d.eventId())
              .header(
                  Signature.HEADER,
                  Signature.header(secrets.of(endpoint.get()), started / 1000, d.body()))
              .POST(HttpRequest.BodyPublishers.ofString(d.body()))
              .build();
      status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException | IllegalArgumentException e) {
      error = e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return; // the node stops; the claim runs out and another round sends it
    }
    long ended = infraClock.millis();
    int attempt = d.attempts() + 1;
    boolean ok = status != null && status >= 200 && status < 300;
    long next = ended + backoff(attempt).toMillis();
    DeliveryState to =
        ok
            ? DeliveryState.DELIVERED
            : next > d.giveUpAt() ? DeliveryState.FAILED : DeliveryState.PENDING;
    WebhookStore.Attempt a =
        new WebhookStore.Attempt(attempt, started, status, error, ended - started);
    if (!store.recordAttempt(d, a, to, ok ? ended : next)) {
      return;
    }
    switch (to) {
      case DELIVERED ->
          log.info("{} {} delivered to {}", d.eventType(), d.eventId(), d.endpointId());
      case FAILED ->
          log.warn(
              "{} {} to {} failed for 24 h (last: {}); given up",
              d.eventType(),
              d.eventId(),
              d.endpointId(),
              status != null ? status : error);
      case PENDING ->
          log.info(
              "{} {} to {} answered {}; attempt {} in {}",
              d.eventType(),
              d.eventId(),
              d.endpointId(),
              status != null ? status : error,
              attempt + 1,
              backoff(attempt));
    }
  }

  /** After attempt n: the first retry interval times 2^(n-1), at most an hour. */
  Duration backoff(int attempt) {
    Duration d = firstRetry;
    for (int i = 1; i < attempt && d.compareTo(MAX_BACKOFF) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }
}
