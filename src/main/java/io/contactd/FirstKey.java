package io.contactd;

import io.contactd.auth.Account;
import io.contactd.auth.ApiKey;
import io.contactd.auth.ApiKeySecret;
import io.contactd.auth.ApiKeyStore;
import java.util.Optional;

/**
 * The full-access key of a first start. It is created only once the server listens (a start that
 * fails creates nothing), stored under a name that says it was not shown yet, and renamed once it
 * was printed. Keys that exist but all still carry that name were never seen by anyone.
 */
final class FirstKey {
  static final String NOT_SHOWN = "first key (not shown yet)";
  static final String SHOWN = "first key";

  private final ApiKeyStore keys;
  private final Account owner;

  FirstKey(ApiKeyStore keys, Account owner) {
    this.keys = keys;
    this.owner = owner;
  }

  /** Creates the key when no key exists at all; returns it to be shown. */
  Optional<String> createIfNoKeys() {
    if (keys.countAll() > 0) {
      return Optional.empty();
    }
    ApiKeySecret secret = ApiKeySecret.generate();
    keys.insert(secret, owner.id(), NOT_SHOWN, null);
    return Optional.of(secret.toString());
  }

  /** Records that the key was printed. */
  void shown(String key) {
    ApiKeySecret secret = ApiKeySecret.parse(key);
    keys.update(owner.id(), secret.id(), SHOWN, Optional.empty());
  }

  /** True when keys exist but every one of them is a first key that was never shown. */
  boolean noneShown() {
    long all = keys.countAll();
    if (all == 0) {
      return false;
    }
    long unseen =
        keys.ofAccount(owner.id(), (int) Math.min(all, 10_000)).stream()
            .map(ApiKey::name)
            .filter(NOT_SHOWN::equals)
            .count();
    return unseen == all;
  }
}
