package io.contactd.testing;

/** The databases every repository and API contract test runs against. */
public enum Backend {
  SQLITE,
  POSTGRESQL
}
