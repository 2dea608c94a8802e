package io.contactd.files;

import io.contactd.http.Links;
import java.time.Duration;
import java.time.Instant;

/**
 * Signed, expiring URLs that let a client {@code PUT} one blob without an API key (embedded mode;
 * an S3 store hands out presigned PUT URLs instead). The signature covers the method, so a download
 * URL never works for an upload nor the reverse. Single use is the caller's business: only it knows
 * whether the upload it expects has already arrived.
 */
public final class UploadUrls {
  /** The route under which uploads arrive; {@code <key>} may contain slashes. */
  public static final String ROUTE = "/uploads/{expires}/{signature}/<key>";

  private final UrlSigner signer;
  private final Links links;
  private final Duration maxLifetime;

  /** {@code maxLifetime}: a URL claiming to expire later than this from now is refused. */
  public UploadUrls(UrlSigner signer, Links links, Duration maxLifetime) {
    this.signer = signer;
    this.links = links;
    this.maxLifetime = maxLifetime;
  }

  public String signedUrl(String key, Instant expiresAt) {
    long expires = expiresAt.getEpochSecond();
    BlobKeys.require(key);
    return links.to("/uploads/" + expires + "/" + signer.sign("PUT", key, expires) + "/" + key);
  }

  /**
   * True when the signature is ours for this key and expiry, {@code now} is before it and it is no
   * further away than the longest lifetime this server gives.
   */
  public boolean allows(String key, String expires, String signature, Instant now) {
    long at;
    try {
      at = Long.parseLong(expires);
    } catch (NumberFormatException e) {
      return false;
    }
    return BlobKeys.valid(key)
        && signer.verify("PUT", key, at, signature)
        && now.getEpochSecond() < at
        && at - now.getEpochSecond() <= maxLifetime.toSeconds();
  }
}
