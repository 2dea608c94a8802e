package io.contactd.files;

/** The configured blob store cannot be reached or used at start; the message says why. */
public final class BlobStoreUnavailable extends RuntimeException {
  BlobStoreUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
