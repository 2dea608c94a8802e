-- Emulator control (dev mode) and webhooks. Keep in step with ../postgresql/V10__control_and_webhooks.sql
-- (MigrationsDriftTest). The business clock's offset lives in settings (name 'business_clock_offset_ms').

-- Fault rules, per cluster: 'remaining' is decremented with a guarded UPDATE, so "times": 3 means
-- three matches across every node. NULL remaining = until deleted.
CREATE TABLE control_faults (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  account_id INTEGER,
  method TEXT,
  path TEXT,
  action TEXT NOT NULL,
  status INTEGER,
  message TEXT,
  seconds INTEGER,
  remaining INTEGER,
  created_at INTEGER NOT NULL
);

-- Jobs held by a 'stall' fault until POST /_contactd/exports/{id}/release; a released job runs
-- without faults (released_at set), so a rule without "times" does not hold it again.
CREATE TABLE control_stalls (
  kind TEXT NOT NULL,
  job_id TEXT NOT NULL,
  account_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  released_at INTEGER,
  PRIMARY KEY (kind, job_id)
);

-- Where an account's events go. secret NULL: a notifications.webhook_url endpoint, signed with the
-- cluster's notification secret (CONTACTD_WEBHOOK_SECRET or one generated into settings).
CREATE TABLE webhook_endpoints (
  id TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL,
  url TEXT NOT NULL,
  secret TEXT,
  events TEXT NOT NULL,
  source TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX webhook_endpoints_account ON webhook_endpoints (account_id);

-- The notifications.webhook_url of one export or import.
CREATE TABLE webhook_watches (
  kind TEXT NOT NULL,
  job_id TEXT NOT NULL,
  account_id INTEGER NOT NULL,
  endpoint_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (kind, job_id)
);

-- The outbox: one row per event and endpoint (unique), claimed by one node at a time.
CREATE TABLE webhook_deliveries (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  account_id INTEGER NOT NULL,
  endpoint_id TEXT NOT NULL,
  body TEXT NOT NULL,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  claimed_until INTEGER,
  give_up_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  delivered_at INTEGER
);
CREATE UNIQUE INDEX webhook_deliveries_event ON webhook_deliveries (event_id, endpoint_id);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at);

-- Each attempt of a delivery: the delivery log.
CREATE TABLE webhook_attempts (
  delivery_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  attempted_at INTEGER NOT NULL,
  response_status INTEGER,
  error TEXT,
  duration_ms INTEGER NOT NULL,
  PRIMARY KEY (delivery_id, attempt)
);
