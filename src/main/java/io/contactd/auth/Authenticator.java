package io.contactd.auth;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the Authorization and on-behalf-of headers into a {@link Principal}, with SendGrid's exact
 * 401/403 answers (as {@link Unauthenticated} and {@link Forbidden}, which the HTTP layer maps).
 * Looks the key up on every request so that a deleted key stops working at once, on every node.
 */
public final class Authenticator {
  private final ApiKeyStore keys;
  private final AccountStore accounts;

  /** Dev mode: the account unknown well-formed keys are registered for; null otherwise. */
  private final Long devOwner;

  public Authenticator(ApiKeyStore keys, AccountStore accounts) {
    this(keys, accounts, null);
  }

  /**
   * With {@code devOwner} (dev mode), any well-formed key that is not stored yet is registered on
   * first use as a full-access key of that account; a stored key still needs its own secret.
   */
  public Authenticator(ApiKeyStore keys, AccountStore accounts, Long devOwner) {
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
    Optional<ApiKey> stored = presented == null ? Optional.empty() : keys.byId(presented.id());
    if (stored.isEmpty() && presented != null && devOwner != null) {
      stored = registerDevKey(presented);
    }
    if (stored.isEmpty() || !presented.matches(stored.get().secretHash())) {
      throw invalidGrant();
    }
    ApiKey key = stored.get();
    Set<String> scopes = Set.copyOf(new HashSet<>(key.effectiveScopes()));
    long accountId = key.accountId();
    if (onBehalfOf != null && !onBehalfOf.isBlank()) {
      accountId = subuserOf(key.accountId(), onBehalfOf.trim());
    }
    return new Principal(accountId, key.accountId(), key.id(), scopes);
  }

  private Optional<ApiKey> registerDevKey(ApiKeySecret presented) {
    try {
      keys.insert(presented, devOwner, "dev mode", null);
    } catch (RuntimeException e) {
      // Two requests with the same new key at once: the other insert won; read it back below.
    }
    return keys.byId(presented.id());
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
