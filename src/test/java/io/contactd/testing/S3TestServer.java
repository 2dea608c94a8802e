package io.contactd.testing;

import java.net.URI;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 API server for tests: s3proxy in this JVM on a free loopback port, in memory, checking
 * SigV4 signatures (and so the expiry and integrity of presigned URLs) against one test identity.
 * It ignores the {@code x-amz-checksum-sha256} headers contactd sends (it implements no checksums).
 * One server serves the whole test run; each test takes a bucket of its own ({@link #newBucket}).
 * The identity is also set as the {@code aws.accessKeyId} / {@code aws.secretAccessKey} system
 * properties, which the default AWS credential chain reads, so an in-process contactd with {@code
 * --blob-store s3://…} signs with it as a real deployment would with {@code AWS_ACCESS_KEY_ID}.
 */
public final class S3TestServer {
  public static final String ACCESS_KEY = "contactd-test";
  public static final String SECRET_KEY = "contactd-test-secret-key-0123456789";

  private static S3TestServer shared;

  private final S3Proxy proxy;
  private final org.jclouds.blobstore.BlobStore backend;

  private S3TestServer() throws Exception {
    Properties overrides = new Properties();
    BlobStoreContext context =
        ContextBuilder.newBuilder("transient")
            .credentials(ACCESS_KEY, SECRET_KEY)
            .overrides(overrides)
            .build(BlobStoreContext.class);
    backend = context.getBlobStore();
    proxy =
        S3Proxy.builder()
            .blobStore(backend)
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .endpoint(URI.create("http://127.0.0.1:0"))
            // s3proxy implements no x-amz-checksum-* headers and would refuse them with 501;
            // AWS and MinIO check them.
            .ignoreUnknownHeaders(true)
            .build();
    proxy.start();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"STARTED".equals(proxy.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
      }
      Thread.sleep(10);
    }
  }

  /** The server of this test run, started on first use. */
  public static synchronized S3TestServer get() {
    if (shared == null) {
      try {
        shared = new S3TestServer();
      } catch (Exception e) {
        throw new IllegalStateException("cannot start s3proxy", e);
      }
      System.setProperty("aws.accessKeyId", ACCESS_KEY);
      System.setProperty("aws.secretAccessKey", SECRET_KEY);
    }
    return shared;
  }

  public int port() {
    return proxy.getPort();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /** A new, empty bucket. */
  public String newBucket() {
    String name = "t-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    backend.createContainerInLocation(null, name);
    return name;
  }

  /** {@code --blob-store} for a new bucket on this server. */
  public String newBlobStore() {
    return "s3://" + newBucket() + "?endpoint=" + endpoint();
  }

  /** The keys stored in {@code bucket} under {@code prefix}, read from the backend itself. */
  public java.util.List<String> keys(String bucket, String prefix) {
    java.util.List<String> keys = new java.util.ArrayList<>();
    for (var m :
        backend.list(
            bucket,
            org.jclouds.blobstore.options.ListContainerOptions.Builder.prefix(prefix)
                .recursive())) {
      if (m.getType() == org.jclouds.blobstore.domain.StorageType.BLOB) {
        keys.add(m.getName());
      }
    }
    return keys;
  }
}
