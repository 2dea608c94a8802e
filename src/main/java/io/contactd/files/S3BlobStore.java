package io.contactd.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

/**
 * Blobs as objects of one S3 bucket (scaled-out mode: every node sees the same files). A blob is
 * sent as it is written, in parts of {@code partSize} bytes (a multipart upload; a blob smaller
 * than one part is one PUT), and S3 shows it under its key only once the upload completes, so
 * readers never see a partial object. Download and upload URLs are SigV4 presigned: S3 itself
 * checks their signature and expiry and answers 403, and the bytes never pass through contactd.
 *
 * <p>Every object carries a SHA-256 checksum that S3 verifies on arrival ({@code
 * x-amz-checksum-sha256}): a single-PUT blob has the SHA-256 of its bytes; a multipart blob has
 * S3's composite checksum (the SHA-256 of its parts' SHA-256s, shown as {@code …-N}), since S3
 * keeps a whole-object checksum of a multipart upload only for the CRC algorithms. Each part's own
 * SHA-256 is checked by S3 as the part arrives.
 */
public final class S3BlobStore implements BlobStore {
  /** S3's smallest part (except the last) is 5 MiB; 8 MiB keeps a 5 GB blob far under 10,000. */
  static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

  /** The longest a SigV4 presigned URL may live. */
  private static final Duration MAX_PRESIGN = Duration.ofDays(7);

  private final S3Client s3;
  private final S3Presigner presigner;
  private final String bucket;
  private final Clock clock;
  private final int partSize;

  S3BlobStore(S3Client s3, S3Presigner presigner, String bucket, Clock clock, int partSize) {
    this.s3 = s3;
    this.presigner = presigner;
    this.bucket = bucket;
    this.clock = clock;
    this.partSize = partSize;
  }

  /**
   * Connects to the bucket with the default AWS credential chain ({@code AWS_ACCESS_KEY_ID} / …,
   * the profile, the instance role) and checks that it answers, so a wrong bucket, endpoint or key
   * stops the start instead of the first export.
   */
  public static S3BlobStore open(S3Location location, Clock clock) {
    S3Clients clients = S3Clients.create(location);
    S3BlobStore store =
        new S3BlobStore(
            clients.client(), clients.presigner(), location.bucket(), clock, DEFAULT_PART_SIZE);
    try {
      clients.client().headBucket(b -> b.bucket(location.bucket()));
    } catch (SdkException e) {
      store.close();
      throw new BlobStoreUnavailable(
          "cannot open the blob store " + location.describe() + ": " + S3Errors.describe(e), e);
    }
    return store;
  }

  @Override
  public Pending create(String key) {
    return new S3Pending(s3, bucket, BlobKeys.require(key), contentType(key), partSize);
  }

  @Override
  public Optional<BlobInfo> stat(String key) throws IOException {
    if (!BlobKeys.valid(key)) {
      return Optional.empty();
    }
    HeadObjectResponse head;
    try {
      head = s3.headObject(b -> b.bucket(bucket).key(key));
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw S3Errors.io("HEAD", key, e);
    } catch (SdkException e) {
      throw S3Errors.io("HEAD", key, e);
    }
    return Optional.of(new BlobInfo(key, head.contentLength(), head.eTag(), head.versionId()));
  }

  @Override
  public InputStream open(String key, long offset, long length) throws IOException {
    BlobKeys.require(key);
    if (length <= 0) {
      return InputStream.nullInputStream();
    }
    GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(bucket).key(key);
    if (offset > 0 || length != Long.MAX_VALUE) {
      long last = length == Long.MAX_VALUE ? -1 : offset + length - 1;
      get.range("bytes=" + offset + "-" + (last < 0 ? "" : Long.toString(last)));
    }
    return get(get.build(), key);
  }

  @Override
  public InputStream openPinned(BlobInfo blob) throws IOException {
    GetObjectRequest.Builder get =
        GetObjectRequest.builder().bucket(bucket).key(BlobKeys.require(blob.key()));
    if (blob.version() != null) {
      get.versionId(blob.version()); // a versioned bucket: later writes are other versions
    } else {
      get.ifMatch(blob.etag()); // else S3 answers 412 once the object was replaced
    }
    return get(get.build(), blob.key());
  }

  private InputStream get(GetObjectRequest request, String key) throws IOException {
    try {
      return s3.getObject(request);
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        throw new NoSuchFileException(key);
      }
      if (e.statusCode() == 412) {
        throw new BlobChangedException(key);
      }
      throw S3Errors.io("GET", key, e);
    } catch (SdkException e) {
      throw S3Errors.io("GET", key, e);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(BlobKeys.require(key)));
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw S3Errors.io("DELETE", key, e);
      }
    } catch (SdkException e) {
      throw S3Errors.io("DELETE", key, e);
    }
  }

  /**
   * Deletes the objects under {@code prefix} (up to 1,000 per request) and aborts the multipart
   * uploads still open there: those of a run that died mid-file, whose parts S3 would otherwise
   * keep (and bill) until a lifecycle rule removes them.
   */
  @Override
  public void deletePrefix(String prefix) throws IOException {
    if (!prefix.endsWith("/")) {
      throw new IllegalArgumentException("a prefix to delete ends with /: " + prefix);
    }
    BlobKeys.require(prefix.substring(0, prefix.length() - 1));
    try {
      List<ObjectIdentifier> batch = new ArrayList<>();
      for (S3Object o :
          s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
        batch.add(ObjectIdentifier.builder().key(o.key()).build());
        if (batch.size() == 1000) {
          deleteAll(batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        deleteAll(batch);
      }
      for (MultipartUpload u :
          s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix)).uploads()) {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId()));
      }
    } catch (SdkException e) {
      throw S3Errors.io("DELETE", prefix, e);
    }
  }

  private void deleteAll(List<ObjectIdentifier> keys) {
    var result =
        s3.deleteObjects(
            b -> b.bucket(bucket).delete(Delete.builder().objects(keys).quiet(true).build()));
    if (result.hasErrors() && !result.errors().isEmpty()) {
      var first = result.errors().get(0);
      throw S3Exception.builder()
          .message(
              result.errors().size()
                  + " object(s) not deleted, e.g. "
                  + first.key()
                  + ": "
                  + first.code()
                  + " "
                  + first.message())
          .build();
    }
  }

  @Override
  public String signedUrl(String key, Instant expiresAt) {
    BlobKeys.require(key);
    return presigner
        .presignGetObject(
            b ->
                b.signatureDuration(lifetime(expiresAt))
                    .getObjectRequest(g -> g.bucket(bucket).key(key)))
        .url()
        .toString();
  }

  /**
   * A presigned PUT with the {@code Content-Type} it was signed with: S3 refuses (403) a PUT that
   * sends another one, so the client must send {@code upload_headers} as given.
   */
  @Override
  public Optional<DirectUpload> directUpload(String key, Instant expiresAt) {
    BlobKeys.require(key);
    PresignedPutObjectRequest put =
        presigner.presignPutObject(
            b ->
                b.signatureDuration(lifetime(expiresAt))
                    .putObjectRequest(p -> p.bucket(bucket).key(key).contentType("text/csv")));
    List<Header> headers = new ArrayList<>();
    for (Map.Entry<String, List<String>> h : put.signedHeaders().entrySet()) {
      if (!h.getKey().equalsIgnoreCase("host")) {
        headers.add(new Header(canonical(h.getKey()), String.join(",", h.getValue())));
      }
    }
    return Optional.of(new DirectUpload(put.url().toString(), List.copyOf(headers)));
  }

  @Override
  public boolean takesDirectUploads() {
    return true;
  }

  /** {@code content-type} → {@code Content-Type}, as clients show headers. */
  private static String canonical(String name) {
    StringBuilder s = new StringBuilder(name.length());
    boolean up = true;
    for (char c : name.toCharArray()) {
      s.append(up ? Character.toUpperCase(c) : c);
      up = c == '-';
    }
    return s.toString();
  }

  /**
   * From now until {@code expiresAt}: the presigner counts from the current time, so the URL ends
   * at {@code expiresAt} (to the second); never less than a second, never more than SigV4 allows.
   */
  private Duration lifetime(Instant expiresAt) {
    // Whole seconds, as SigV4 counts them from the (whole-second) signing time.
    Duration d = Duration.ofSeconds(expiresAt.getEpochSecond() - clock.instant().getEpochSecond());
    if (d.compareTo(Duration.ofSeconds(1)) < 0) {
      return Duration.ofSeconds(1);
    }
    return d.compareTo(MAX_PRESIGN) > 0 ? MAX_PRESIGN : d;
  }

  static String contentType(String key) {
    if (key.endsWith(".gzip") || key.endsWith(".gz")) {
      return "application/gzip";
    }
    return key.endsWith(".csv") ? "text/csv" : "application/octet-stream";
  }

  /** Closes the HTTP connections of the client and the presigner. */
  @Override
  public void close() {
    presigner.close();
    s3.close();
  }
}
