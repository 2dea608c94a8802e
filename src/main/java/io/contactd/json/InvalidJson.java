package io.contactd.json;

/** A request body that is not the JSON object it must be: a client mistake, answered 400. */
public final class InvalidJson extends RuntimeException {
  public InvalidJson(String message) {
    super(message, null, false, false);
  }
}
