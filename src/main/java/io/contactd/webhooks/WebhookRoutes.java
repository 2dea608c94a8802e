package io.contactd.webhooks;

import io.contactd.auth.Principal;
import io.contactd.auth.Scopes;
import io.contactd.http.Api;
import io.contactd.http.ApiException;
import io.contactd.http.QueryParams;
import io.contactd.json.Json;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /_contactd/webhooks} (dev mode): register, list and delete endpoints, and read an
 * endpoint's delivery log. A full-access key of the owner account; on-behalf-of a subuser works on
 * the subuser's endpoints.
 */
final class WebhookRoutes {
  static final String BASE = "/_contactd/webhooks";
  private static final Set<String> ANY = Set.copyOf(Scopes.ALL);

  private final WebhookService service;
  private final long ownerId;
  private final String notificationSecret;

  WebhookRoutes(WebhookService service, long ownerId, String notificationSecret) {
    this.service = service;
    this.ownerId = ownerId;
    this.notificationSecret = notificationSecret;
  }

  void register(Api api) {
    api.post(BASE, ANY, this::create);
    api.get(BASE, ANY, this::list);
    api.delete(BASE + "/{id}", ANY, this::delete);
    api.get(BASE + "/{id}/deliveries", ANY, this::deliveries);
  }

  private void owner(Principal p) {
    if (!p.isFullAccessOf(ownerId)) {
      throw ApiException.forbidden();
    }
  }

  private void create(Context ctx, Principal p) {
    owner(p);
    Endpoint e = service.register(p.accountId(), Json.object(ctx.bodyAsBytes()));
    Map<String, Object> out = view(e);
    out.put("secret", e.secret()); // shown once, as Stripe does
    ctx.status(201).json(out);
  }

  private void list(Context ctx, Principal p) {
    owner(p);
    List<Object> result = new ArrayList<>();
    for (Endpoint e : service.list(p.accountId())) {
      result.add(view(e));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("result", result);
    out.put("notification_secret", notificationSecret);
    ctx.json(out);
  }

  private void delete(Context ctx, Principal p) {
    owner(p);
    service.delete(p.accountId(), ctx.pathParam("id"));
    ctx.status(204);
  }

  private void deliveries(Context ctx, Principal p) {
    owner(p);
    int limit = QueryParams.intParam(ctx, "limit", 100, 1, 1000);
    List<Object> result = new ArrayList<>();
    for (WebhookStore.Delivery d : service.deliveries(p.accountId(), ctx.pathParam("id"), limit)) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", d.id());
      item.put("event_id", d.eventId());
      item.put("event", d.eventType());
      item.put("status", d.status().wire());
      item.put("attempts", d.attempts());
      item.put("created_at", iso(d.createdAt()));
      if (d.deliveredAt() != null) {
        item.put("delivered_at", iso(d.deliveredAt()));
      } else if (d.status() == DeliveryState.PENDING) {
        item.put("next_attempt_at", iso(d.nextAttemptAt()));
      }
      List<Object> log = new ArrayList<>();
      for (WebhookStore.Attempt a : service.attempts(d.id())) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("attempt", a.attempt());
        entry.put("at", iso(a.attemptedAt()));
        entry.put("response_status", a.responseStatus());
        if (a.error() != null) {
          entry.put("error", a.error());
        }
        entry.put("duration_ms", a.durationMillis());
        log.add(entry);
      }
      item.put("log", log);
      result.add(item);
    }
    ctx.json(Map.of("result", result));
  }

  private static Map<String, Object> view(Endpoint e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", e.id());
    out.put("url", e.url());
    out.put("events", e.events().isEmpty() ? List.copyOf(WebhookService.EVENTS) : e.events());
    out.put("source", e.source());
    out.put("created_at", iso(e.createdAt()));
    return out;
  }

  private static String iso(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
