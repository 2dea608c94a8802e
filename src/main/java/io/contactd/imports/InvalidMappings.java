package io.contactd.imports;

/**
 * Field mappings that name fields which are unknown, read-only or mapped twice. The request answers
 * it as a 400; a job that finds a mapped field deleted since the request fails with it.
 */
final class InvalidMappings extends Exception {
  InvalidMappings(String message) {
    super(message, null, false, false);
  }
}
