package io.contactd.auth;

import java.util.Set;

/**
 * Who a request acts for. {@code accountId} is the account whose data the request sees (a subuser
 * when {@code on-behalf-of} named one); {@code keyAccountId} owns the key.
 */
public record Principal(long accountId, long keyAccountId, String keyId, Set<String> scopes) {

  /** A full-access key of {@code ownerId}: what the emulator's control API asks for. */
  public boolean isFullAccessOf(long ownerId) {
    return keyAccountId == ownerId && scopes.containsAll(Scopes.ALL);
  }

  public boolean hasAny(Set<String> required) {
    for (String scope : required) {
      if (scopes.contains(scope)) {
        return true;
      }
    }
    return false;
  }
}
