package io.contactd.segments;

/**
 * A segment query contactd does not accept, with a message naming the problem: a syntax error, an
 * unknown or unsupported field, a value of the wrong type, a query over the size or nesting bounds.
 */
public final class InvalidQuery extends RuntimeException {
  public InvalidQuery(String message) {
    super(message);
  }
}
