package io.contactd.files;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures over (method, key, expiry), so a URL can carry its own permission: whoever
 * holds it may do that one thing to that one blob until it expires. The method is signed so that a
 * download URL can never be turned into an upload URL.
 */
public final class UrlSigner {
  /** Initialised once; every signature works on a clone (cheaper than a provider lookup). */
  private final Mac prototype;

  public UrlSigner(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("the signing secret must have at least 32 bytes");
    }
    try {
      prototype = Mac.getInstance("HmacSHA256");
      prototype.init(new SecretKeySpec(secret.clone(), "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  public String sign(String method, String key, long expiresEpochSeconds) {
    try {
      Mac mac = (Mac) prototype.clone();
      byte[] sig =
          mac.doFinal(
              (method + "\n" + key + "\n" + expiresEpochSeconds).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("HmacSHA256 cannot be cloned", e);
    }
  }

  /** Constant-time comparison, so the signature cannot be guessed byte by byte. */
  public boolean verify(String method, String key, long expiresEpochSeconds, String signature) {
    byte[] expected = sign(method, key, expiresEpochSeconds).getBytes(StandardCharsets.US_ASCII);
    byte[] given = signature.getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given);
  }
}
