package io.contactd.webhooks;

import io.contactd.testing.Backend;

class SqliteWebhookTest extends WebhookContract {
  @Override
  Backend backend() {
    return Backend.SQLITE;
  }
}
