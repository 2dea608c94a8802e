package io.contactd.auth;

/** A valid key that may not act as asked (on-behalf-of an account it does not own): 403. */
public final class Forbidden extends RuntimeException {
  Forbidden() {
    super("access forbidden", null, false, false);
  }
}
