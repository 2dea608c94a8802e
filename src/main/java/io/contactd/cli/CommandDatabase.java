package io.contactd.cli;

import io.contactd.auth.Account;
import io.contactd.auth.AccountStore;
import io.contactd.auth.ApiKeyStore;
import io.contactd.db.Database;
import java.time.Clock;

/**
 * The database a one-off command ({@code keys}, {@code subusers}) works on, with the stores and the
 * account lookups those commands share. Closing it closes the database.
 */
final class CommandDatabase implements AutoCloseable {
  private final Database db;
  private final Clock clock = Clock.systemUTC();
  private final AccountStore accounts;

  CommandDatabase(Database db) {
    this.db = db;
    this.accounts = new AccountStore(db.jdbi(), clock);
  }

  AccountStore accounts() {
    return accounts;
  }

  ApiKeyStore apiKeys() {
    return new ApiKeyStore(db.jdbi(), clock);
  }

  /** The parent account, made on first use just as the server makes it. */
  Account owner() {
    return accounts.ensureOwner("contactd", "owner@contactd.local");
  }

  /** The subuser named {@code username}, or the parent account when it is null. */
  Account ownerOrSubuser(String username) {
    Account owner = owner();
    if (username == null) {
      return owner;
    }
    return accounts
        .byUsername(username)
        .filter(a -> a.parentId() != null)
        .orElseThrow(() -> new IllegalArgumentException("no subuser named " + username));
  }

  @Override
  public void close() {
    db.close();
  }
}
