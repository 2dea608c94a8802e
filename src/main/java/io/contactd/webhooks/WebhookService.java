package io.contactd.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactd.http.ApiException;
import io.contactd.http.WebhookUrl;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The rules of registered endpoints: an http(s) URL, known event names, at most 20 each. */
final class WebhookService {
  static final Set<String> EVENTS =
      Set.of("export.ready", "export.failed", "import.completed", "import.failed");
  static final int MAX_ENDPOINTS = 20;

  private final WebhookStore store;
  private final Clock clock;

  WebhookService(WebhookStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  Endpoint register(long accountId, ObjectNode body) {
    JsonNode url = body.get("url");
    if (url == null || url.isNull()) {
      throw ApiException.badRequest("url", "missing required argument");
    }
    String checked = WebhookUrl.parse(url, "url");
    List<String> events = new ArrayList<>();
    JsonNode e = body.get("events");
    if (e != null && !e.isNull()) {
      if (!e.isArray()) {
        throw ApiException.badRequest("events", "events must be an array of event names");
      }
      for (JsonNode n : e) {
        if (!n.isTextual() || !EVENTS.contains(n.asText())) {
          throw ApiException.badRequest(
              "events",
              "events must name export.ready, export.failed, import.completed or import.failed");
        }
        if (!events.contains(n.asText())) {
          events.add(n.asText());
        }
      }
    }
    long registered =
        store.endpoints(accountId).stream()
            .filter(x -> x.source().equals(Endpoint.REGISTERED))
            .count();
    if (registered >= MAX_ENDPOINTS) {
      throw ApiException.badRequest(
          "url", "an account may register at most " + MAX_ENDPOINTS + " webhook endpoints");
    }
    Endpoint endpoint =
        new Endpoint(
            "wh_" + UUID.randomUUID().toString().replace("-", ""),
            accountId,
            checked,
            Signature.newSecret(),
            events,
            Endpoint.REGISTERED,
            clock.millis());
    store.insert(endpoint);
    return endpoint;
  }

  List<Endpoint> list(long accountId) {
    return store.endpoints(accountId);
  }

  void delete(long accountId, String id) {
    if (!store.delete(accountId, id)) {
      throw ApiException.notFound();
    }
  }

  /** The endpoint of the account; 404 when it is another account's or unknown. */
  Endpoint get(long accountId, String id) {
    return store
        .endpoint(id)
        .filter(e -> e.accountId() == accountId)
        .orElseThrow(ApiException::notFound);
  }

  List<WebhookStore.Delivery> deliveries(long accountId, String endpointId, int limit) {
    get(accountId, endpointId);
    return store.deliveries(endpointId, limit);
  }

  List<WebhookStore.Attempt> attempts(String deliveryId) {
    return store.attempts(deliveryId);
  }
}
