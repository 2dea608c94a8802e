-- Rate-limit budgets shared by the nodes of a cluster: one row per account, route group and minute
-- (of the infrastructure clock), holding how many requests the nodes have taken from that minute's
-- budget. Nodes take it in small leases, not one row update per request (http/SharedRateLimits).
-- Rows of past minutes are deleted as the minutes pass. Keep in step with the other folder's V8.
CREATE TABLE rate_limit_windows (
  account_id BIGINT NOT NULL,
  route_group TEXT NOT NULL,
  window_minute BIGINT NOT NULL,
  taken BIGINT NOT NULL,
  PRIMARY KEY (account_id, route_group, window_minute)
);
