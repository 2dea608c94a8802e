package io.contactd.http;

/**
 * SendGrid-style limits: a fixed one-minute window per account and route group. {@link RateLimiter}
 * counts in this node's memory (one node: SQLite); {@link SharedRateLimits} shares each budget
 * among the nodes of a cluster through the database.
 */
public interface RateLimits {
  /** What the response headers say after a request was counted. */
  record Decision(boolean allowed, int limit, int remaining, long resetEpochSeconds) {}

  /** Counts one request of {@code accountId} on the route {@code group}. */
  Decision count(long accountId, String group);
}
