package io.contactd.auth;

/** The request names no valid key: answered 401 with this message by the HTTP layer. */
public final class Unauthenticated extends RuntimeException {
  Unauthenticated(String message) {
    super(message, null, false, false);
  }
}
