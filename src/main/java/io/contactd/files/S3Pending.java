package io.contactd.files;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * One blob on its way into S3. Bytes collect in one buffer of at most {@code partSize}; each time
 * it fills, it goes out as the next part of a multipart upload (started with the first full part)
 * and the buffer is reused, so a 5 GB blob never holds more than one part in memory. {@link
 * #publish()} sends what is left: as the last part, or, for a blob smaller than a part, as one
 * plain PUT. Until then nothing is visible under the key; {@link #close()} without publishing
 * aborts the upload, and S3 drops its parts.
 */
final class S3Pending implements BlobStore.Pending {
  private static final int FIRST_BUFFER = 64 * 1024;

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final String contentType;
  private final int partSize;
  private final List<CompletedPart> parts = new ArrayList<>();
  private final OutputStream stream = new PartStream();
  private byte[] buffer = new byte[FIRST_BUFFER];
  private int filled;
  private String uploadId;
  private boolean published;
  private boolean closed;

  S3Pending(S3Client s3, String bucket, String key, String contentType, int partSize) {
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.contentType = contentType;
    this.partSize = partSize;
  }

  @Override
  public OutputStream stream() {
    return stream;
  }

  @Override
  public void publish() throws IOException {
    if (closed) {
      throw new IOException("blob " + key + " was closed before it was published");
    }
    try {
      if (uploadId == null) {
        String sha256 = sha256(buffer, filled);
        s3.putObject(
            b ->
                b.bucket(bucket)
                    .key(key)
                    .contentType(contentType)
                    .contentDisposition(disposition())
                    .contentLength((long) filled)
                    .checksumSHA256(sha256),
            body(buffer, filled));
      } else {
        if (filled > 0) {
          sendPart();
        }
        s3.completeMultipartUpload(
            b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
      }
    } catch (SdkException e) {
      throw S3Errors.io("PUT", key, e);
    }
    published = true;
    closed = true;
    buffer = null;
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    buffer = null;
    if (uploadId != null) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
      } catch (S3Exception e) {
        if (e.statusCode() != 404) { // 404: a deletePrefix of its folder aborted it already
          throw S3Errors.io("abort of the upload of", key, e);
        }
      } catch (SdkException e) {
        // Aborted by a deletePrefix already, or S3 is away: a lifecycle rule or the next
        // deletePrefix of this folder removes the parts.
        throw S3Errors.io("abort of the upload of", key, e);
      }
    }
  }

  private String disposition() {
    return "attachment; filename=\"" + key.substring(key.lastIndexOf('/') + 1) + "\"";
  }

  private void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("blob " + key + " is closed");
    }
    while (len > 0) {
      if (filled == buffer.length && buffer.length < partSize) {
        buffer = Arrays.copyOf(buffer, Math.min(partSize, buffer.length * 2));
      }
      int n = Math.min(len, buffer.length - filled);
      System.arraycopy(b, off, buffer, filled, n);
      filled += n;
      off += n;
      len -= n;
      if (filled == partSize) {
        try {
          sendPart();
        } catch (SdkException e) {
          throw S3Errors.io("PUT part of", key, e);
        }
      }
    }
  }

  private void sendPart() {
    if (uploadId == null) {
      uploadId =
          s3.createMultipartUpload(
                  b ->
                      b.bucket(bucket)
                          .key(key)
                          .contentType(contentType)
                          .contentDisposition(disposition())
                          .checksumAlgorithm(ChecksumAlgorithm.SHA256))
              .uploadId();
    }
    int number = parts.size() + 1;
    String sha256 = sha256(buffer, filled);
    long length = filled;
    String etag =
        s3.uploadPart(
                b ->
                    b.bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .partNumber(number)
                        .contentLength(length)
                        .checksumSHA256(sha256),
                body(buffer, filled))
            .eTag();
    parts.add(CompletedPart.builder().partNumber(number).eTag(etag).checksumSHA256(sha256).build());
    filled = 0;
  }

  /** The buffer as a request body without copying it; repeatable, so the SDK may retry. */
  private RequestBody body(byte[] bytes, int length) {
    return RequestBody.fromContentProvider(
        () -> new ByteArrayInputStream(bytes, 0, length), length, contentType);
  }

  private static String sha256(byte[] bytes, int length) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(bytes, 0, length);
      return Base64.getEncoder().encodeToString(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the writer sees; flush() sends nothing (only full parts go out before publish). */
  private final class PartStream extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      S3Pending.this.write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      S3Pending.this.write(b, off, len);
    }
  }
}
