package io.contactd.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Immutable files under slash-separated keys ({@code exports/<id>/contacts-1.csv.gzip}). A blob is
 * written under a temporary name and becomes visible under its key only when {@link
 * Pending#publish()} succeeds, so a reader never sees a partial file. Keys are segments of {@code
 * [A-Za-z0-9._-]} joined by {@code /}. Two implementations: {@link LocalBlobStore} (a folder of the
 * data dir, served by contactd itself) and {@link S3BlobStore} (any S3 API; URLs are presigned, so
 * downloads and uploads go to S3 and never through contactd).
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

  /**
   * Reads exactly the blob that {@link #stat} described, whole: when the key has been written again
   * since, it reads the version {@code blob} names where the store keeps versions, else it throws
   * {@link BlobChangedException} rather than read other bytes. {@link
   * java.nio.file.NoSuchFileException} when the blob is gone.
   */
  InputStream openPinned(BlobInfo blob) throws IOException;

  /** A URL that downloads the blob without an API key until {@code expiresAt}. */
  String signedUrl(String key, Instant expiresAt);

  /**
   * Where a client sends, without an API key, the file that becomes the blob {@code key} until
   * {@code expiresAt}, when the store takes such uploads itself (S3: a presigned PUT; contactd then
   * learns of the file by {@link #stat} alone). Empty when contactd receives the bytes on its own
   * upload route and writes them with {@link #create} (the local folder).
   */
  Optional<DirectUpload> directUpload(String key, Instant expiresAt);

  /**
   * True when {@link #directUpload} hands out URLs, so that whoever waits for an upload must look
   * for it with {@link #stat}: no request of contactd's says that it arrived.
   */
  boolean takesDirectUploads();

  /** Releases connections; the store is not used afterwards. */
  default void close() {}

  /** A presigned upload: PUT the file's bytes to {@code url} with exactly these headers. */
  record DirectUpload(String url, List<Header> headers) {}

  /** One HTTP header a client must send. */
  record Header(String name, String value) {}

  /** A blob being written. Closing it without publishing discards it. */
  interface Pending extends AutoCloseable {
    OutputStream stream();

    /** Makes the complete blob visible under its key (atomically). */
    void publish() throws IOException;

    /** Discards the blob unless it was published. */
    @Override
    void close() throws IOException;
  }

  /**
   * What a reader needs to serve a blob: its size and a strong ETag (quoted); {@code version} is
   * the store's version id where it keeps versions (an S3 bucket with versioning), else null.
   */
  record BlobInfo(String key, long size, String etag, String version) {
    public BlobInfo(String key, long size, String etag) {
      this(key, size, etag, null);
    }
  }

  /** The blob was written again after it was pinned; the pinned bytes cannot be read. */
  final class BlobChangedException extends IOException {
    public BlobChangedException(String key) {
      super(key + " was replaced after it was pinned");
    }
  }
}
