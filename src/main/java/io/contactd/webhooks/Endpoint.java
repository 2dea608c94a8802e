package io.contactd.webhooks;

import java.util.List;

/**
 * Where an account's events go. {@code secret} null: an endpoint made for a request's {@code
 * notifications.webhook_url}, signed with the cluster's notification secret. {@code events} empty
 * means every event.
 */
record Endpoint(
    String id,
    long accountId,
    String url,
    String secret,
    List<String> events,
    String source,
    long createdAt) {
  static final String REGISTERED = "registered";
  static final String NOTIFICATION = "notification";

  boolean wants(String eventType) {
    return events.isEmpty() || events.contains(eventType);
  }
}
