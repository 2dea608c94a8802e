package io.contactd.files;

import io.contactd.http.ErrorMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Serves blobs under signed URLs, without an API key (like S3 presigned URLs): 403 when the
 * signature does not match or has expired, 404 when the blob is gone. The bytes go out exactly as
 * stored: a {@code .gzip} file is {@code application/gzip} without {@code Content-Encoding}, so
 * clients that gunzip by hand get what they expect. Single byte ranges make downloads resumable.
 */
public final class FileRoutes {
  private final BlobStore blobs;
  private final UrlSigner signer;
  private final Clock clock;
  private final Duration maxLifetime;
  private final Function<String, Optional<byte[]>> sha256;

  /**
   * {@code maxLifetime}: the longest any URL this server hands out lives. A URL claiming to expire
   * later was not made here, so it is refused even with a valid signature: a leaked secret cannot
   * mint downloads valid until 2100.
   */
  public FileRoutes(BlobStore blobs, UrlSigner signer, Clock clock, Duration maxLifetime) {
    this(blobs, signer, clock, maxLifetime, key -> Optional.empty());
  }

  /**
   * {@code sha256}: the SHA-256 of a blob's whole content where the feature that wrote it knows one
   * (export files), sent as {@code Repr-Digest} (RFC 9530) so a client can check what it
   * downloaded, also when it fetched it in ranges.
   */
  public FileRoutes(
      BlobStore blobs,
      UrlSigner signer,
      Clock clock,
      Duration maxLifetime,
      Function<String, Optional<byte[]>> sha256) {
    this.blobs = blobs;
    this.signer = signer;
    this.clock = clock;
    this.maxLifetime = maxLifetime;
    this.sha256 = sha256;
  }

  public void register(RoutesConfig routes) {
    String path = "/files/{expires}/{signature}/<key>";
    routes.get(path, ctx -> serve(ctx, false));
    routes.head(path, ctx -> serve(ctx, true));
  }

  private void serve(Context ctx, boolean head) throws Exception {
    String key = ctx.pathParam("key");
    long expires;
    try {
      expires = Long.parseLong(ctx.pathParam("expires"));
    } catch (NumberFormatException e) {
      ErrorMapper.write(ctx, 403, null, "access forbidden");
      return;
    }
    long now = clock.instant().getEpochSecond();
    if (!BlobKeys.valid(key)
        || !signer.verify("GET", key, expires, ctx.pathParam("signature"))
        || now >= expires
        || expires - now > maxLifetime.toSeconds()) {
      ErrorMapper.write(ctx, 403, null, "access forbidden");
      return;
    }
    Optional<BlobStore.BlobInfo> found = blobs.stat(key);
    if (found.isEmpty()) {
      ErrorMapper.write(ctx, 404, null, "resource not found");
      return;
    }
    BlobStore.BlobInfo blob = found.get();
    if (notModified(ctx.header("If-None-Match"), blob.etag())) {
      // The client's copy is current (RFC 9110 §13.1.2): no body, but the validator again.
      ctx.header("ETag", blob.etag());
      ctx.header("Cache-Control", "private, no-transform");
      ctx.status(304);
      return;
    }
    long size = blob.size();
    ByteRange range = ByteRange.parse(ctx.header("Range"), size);
    String ifRange = ctx.header("If-Range");
    if (range != null && ifRange != null && !ifRange.equals(blob.etag())) {
      range = null; // the file changed since the client's first part: send it whole
    }
    ctx.header("Accept-Ranges", "bytes");
    ctx.header("ETag", blob.etag());
    sha256
        .apply(key)
        .ifPresent(
            digest ->
                ctx.header(
                    "Repr-Digest",
                    "sha-256=:" + java.util.Base64.getEncoder().encodeToString(digest) + ":"));
    ctx.header("Cache-Control", "private, no-transform");
    ctx.header(
        "Content-Disposition",
        "attachment; filename=\"" + key.substring(key.lastIndexOf('/') + 1) + "\"");
    ctx.contentType(
        key.endsWith(".gzip") || key.endsWith(".gz")
            ? "application/gzip"
            : "application/octet-stream");
    if (range == ByteRange.UNSATISFIABLE) {
      ctx.header("Content-Range", "bytes */" + size);
      ErrorMapper.write(ctx, 416, null, "range not satisfiable");
      return;
    }
    long offset = 0;
    long length = size;
    if (range != null) {
      offset = range.first();
      length = range.last() - range.first() + 1;
      ctx.status(206);
      ctx.header("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size);
    } else {
      ctx.status(200);
    }
    // Written straight to the servlet stream: Javalin's compression must not touch these bytes.
    ctx.res().setContentLengthLong(length);
    if (head) {
      return;
    }
    try (InputStream in = blobs.open(key, offset, length)) {
      OutputStream out = ctx.res().getOutputStream();
      in.transferTo(out);
      out.flush();
    } catch (NoSuchFileException e) {
      // Swept between stat and open; headers may be out already, so just end the response.
      ctx.res().setStatus(404);
    }
  }

  /** True when {@code If-None-Match} names {@code etag} (weak comparison) or is {@code *}. */
  static boolean notModified(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.equals("*") || tag.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  /** One byte range of a {@code Range: bytes=…} header; multiple ranges are served whole. */
  record ByteRange(long first, long last) {
    static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

    static ByteRange parse(String header, long size) {
      if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
        return null;
      }
      String spec = header.substring("bytes=".length()).trim();
      int dash = spec.indexOf('-');
      if (dash < 0) {
        return null;
      }
      try {
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        if (a.isEmpty()) {
          long suffix = Long.parseLong(b);
          if (suffix <= 0 || size == 0) {
            return UNSATISFIABLE;
          }
          return new ByteRange(Math.max(0, size - suffix), size - 1);
        }
        long first = Long.parseLong(a);
        long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
        if (first >= size || last < first) {
          return UNSATISFIABLE;
        }
        return new ByteRange(first, last);
      } catch (NumberFormatException e) {
        return null; // a malformed header is ignored, as RFC 9110 allows
      }
    }
  }
}
