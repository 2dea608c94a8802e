package io.contactd.auth;

import java.util.Optional;
import java.util.Set;

/**
 * Turns the Authorization and on-behalf-of headers into a {@link Principal}, with SendGrid's exact
 * 401/403 answers (as {@link Unauthenticated} and {@link Forbidden}, which the HTTP layer maps).
 * Keys come from a {@link KeyCache}: a key deleted on this node stops working at once, on the other
 * nodes within the cache's time to live.
 */
public final class Authenticator {
  private final KeyCache keys;
  private final AccountStore accounts;

  /** Dev mode: the account unknown well-formed keys are registered for; null otherwise. */
  private final Long devOwner;

  public Authenticator(KeyCache keys, AccountStore accounts) {
    this(keys, accounts, null);
  }

  /**
   * With {@code devOwner} (dev mode), any well-formed key that is not stored yet is registered on
   * first use as a full-access key of that account; a stored key still needs its own secret.
   */
  public Authenticator(KeyCache keys, AccountStore accounts, Long devOwner) {
    this.keys = keys;
    this.accounts = accounts;
    this.devOwner = devOwner;
  }

  public Principal authenticate(String authorization, String onBehalfOf) {
    if (authorization == null || authorization.isBlank()) {
      throw new Unauthenticated("authorization required");
    }
    String token = authorization.trim();
    if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = token.substring(7).trim();
    }
    ApiKeySecret presented = ApiKeySecret.parse(token);
    Optional<KeyCache.Entry> stored =
        presented == null ? Optional.empty() : keys.find(presented.id());
    if (stored.isEmpty() && presented != null && devOwner != null) {
      stored = keys.register(presented, devOwner, "dev mode");
    }
    if (stored.isEmpty() || !presented.matches(stored.get().key().secretHash())) {
      throw invalidGrant();
    }
    ApiKey key = stored.get().key();
    Set<String> scopes = stored.get().scopes();
    long accountId = key.accountId();
    if (onBehalfOf != null && !onBehalfOf.isBlank()) {
      accountId = subuserOf(key.accountId(), onBehalfOf.trim());
    }
    return new Principal(accountId, key.accountId(), key.id(), scopes);
  }

  /** The subuser the header names, if it is a child of the key's account; otherwise 403. */
  private long subuserOf(long parentId, String header) {
    Optional<Account> target;
    if (header.regionMatches(true, 0, "account-id ", 0, 11)) {
      try {
        target = accounts.byId(Long.parseLong(header.substring(11).trim()));
      } catch (NumberFormatException e) {
        target = Optional.empty();
      }
    } else {
      target = accounts.byUsername(header);
    }
    return target
        .filter(a -> a.parentId() != null && a.parentId() == parentId)
        .map(Account::id)
        .orElseThrow(Forbidden::new);
  }

  private static Unauthenticated invalidGrant() {
    return new Unauthenticated("The provided authorization grant is invalid, expired, or revoked");
  }
}
