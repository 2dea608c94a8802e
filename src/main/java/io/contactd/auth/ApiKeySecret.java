package io.contactd.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A SendGrid-shaped key, {@code SG.<22-char id>.<43-char secret>}; only a hash of the secret is
 * kept.
 */
public record ApiKeySecret(String id, String secret) {
  private static final Pattern SHAPE =
      Pattern.compile("SG\\.([A-Za-z0-9_-]{22})\\.([A-Za-z0-9_-]{43})");
  private static final SecureRandom RANDOM = new SecureRandom();

  public static ApiKeySecret generate() {
    return new ApiKeySecret(randomToken(16), randomToken(32));
  }

  /** Returns null when the text does not have the shape of a key. */
  public static ApiKeySecret parse(String text) {
    var m = SHAPE.matcher(text == null ? "" : text.trim());
    return m.matches() ? new ApiKeySecret(m.group(1), m.group(2)) : null;
  }

  private static String randomToken(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public String hash() {
    return sha256(secret);
  }

  public boolean matches(String storedHash) {
    return MessageDigest.isEqual(
        hash().getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
  }

  static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "SG." + id + "." + secret;
  }
}
