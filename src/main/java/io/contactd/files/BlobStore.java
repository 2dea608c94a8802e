package io.contactd.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Optional;

/**
 * Immutable files under slash-separated keys ({@code exports/<id>/contacts-1.csv.gzip}). A blob is
 * written under a temporary name and becomes visible under its key only when {@link
 * Pending#publish()} succeeds, so a reader never sees a partial file. Keys are segments of {@code
 * [A-Za-z0-9._-]} joined by {@code /}.
 */
public interface BlobStore {

  /** Starts a new blob; nothing is visible under {@code key} until {@link Pending#publish()}. */
  Pending create(String key) throws IOException;

  /** Size and ETag of a published blob; empty when there is none. */
  Optional<BlobInfo> stat(String key) throws IOException;

  /**
   * Reads {@code length} bytes from {@code offset}; {@link java.nio.file.NoSuchFileException} when
   * missing.
   */
  InputStream open(String key, long offset, long length) throws IOException;

  /** Size in bytes of a published blob; {@link java.nio.file.NoSuchFileException} when missing. */
  default long size(String key) throws IOException {
    return stat(key).orElseThrow(() -> new java.nio.file.NoSuchFileException(key)).size();
  }

  /** Deletes a published blob; no error when it does not exist. */
  void delete(String key) throws IOException;

  /** Deletes every blob, published or still being written, whose key starts with {@code prefix}. */
  void deletePrefix(String prefix) throws IOException;

  /** A URL that downloads the blob without an API key until {@code expiresAt}. */
  String signedUrl(String key, Instant expiresAt);

  /** A blob being written. Closing it without publishing discards it. */
  interface Pending extends AutoCloseable {
    OutputStream stream();

    /** Makes the complete blob visible under its key (atomically). */
    void publish() throws IOException;

    /** Discards the blob unless it was published. */
    @Override
    void close() throws IOException;
  }

  /** What a reader needs to serve a blob: its size and a strong ETag. */
  record BlobInfo(String key, long size, String etag) {}
}
