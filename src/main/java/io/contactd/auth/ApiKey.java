package io.contactd.auth;

import java.util.List;

/** A stored API key: never the secret, only its hash. {@code scopes} null means full access. */
public record ApiKey(
    String id, long accountId, String name, String secretHash, List<String> scopes) {

  public List<String> effectiveScopes() {
    return scopes == null ? Scopes.ALL : scopes;
  }
}
