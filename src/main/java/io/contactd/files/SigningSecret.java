package io.contactd.files;

import java.security.SecureRandom;
import java.util.Base64;
import org.jdbi.v3.core.Jdbi;

/**
 * The URL-signing secret: generated once and kept in the {@code settings} table, so that URLs
 * handed out before a restart stay valid after it and every node of a cluster signs alike.
 */
public final class SigningSecret {
  private static final String NAME = "blob_signing_secret";

  private SigningSecret() {}

  public static byte[] load(Jdbi jdbi) {
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    String encoded = Base64.getEncoder().encodeToString(fresh);
    return jdbi.inTransaction(
        h -> {
          // Two nodes starting at once both try; the first insert wins and both read it back.
          h.createUpdate(
                  "INSERT INTO settings (name, value) VALUES (:name, :value)"
                      + " ON CONFLICT (name) DO NOTHING")
              .bind("name", NAME)
              .bind("value", encoded)
              .execute();
          String stored =
              h.createQuery("SELECT value FROM settings WHERE name = :name")
                  .bind("name", NAME)
                  .mapTo(String.class)
                  .one();
          return Base64.getDecoder().decode(stored);
        });
  }
}
