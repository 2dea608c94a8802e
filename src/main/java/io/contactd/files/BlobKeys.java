package io.contactd.files;

import java.util.regex.Pattern;

/** The one rule for keys, so that no key can name a file outside the store. */
final class BlobKeys {
  private static final Pattern KEY =
      Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");

  private BlobKeys() {}

  static boolean valid(String key) {
    return key != null && key.length() <= 1024 && KEY.matcher(key).matches();
  }

  static String require(String key) {
    if (!valid(key)) {
      throw new IllegalArgumentException("invalid blob key: " + key);
    }
    return key;
  }
}
