package io.contactd.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.jdbi.v3.core.Jdbi;

/**
 * The URL-signing secret. Given by the operator ({@code CONTACTD_SIGNING_SECRET}, the value itself
 * or {@code file:<path>}), it lives outside the database, so that a copy of the database alone
 * cannot forge download URLs; the secret the database may hold from earlier starts is then deleted.
 * Otherwise it is generated once and kept in the {@code settings} table, so that URLs handed out
 * before a restart stay valid after it and every node of a cluster signs alike.
 */
public final class SigningSecret {
  private static final String NAME = "blob_signing_secret";

  /** What {@link UrlSigner} needs; a shorter secret is refused at start. */
  static final int MIN_LENGTH = 32;

  private SigningSecret() {}

  /** The configured secret when there is one ({@code null} = the database's). */
  public static byte[] resolve(String configured, Jdbi jdbi) {
    if (configured == null) {
      return load(jdbi);
    }
    byte[] secret = read(configured);
    jdbi.useHandle(
        h ->
            h.createUpdate("DELETE FROM settings WHERE name = :name").bind("name", NAME).execute());
    return secret;
  }

  /** The value itself, or the content of the file after {@code file:} (surrounding blanks cut). */
  static byte[] read(String configured) {
    String text = configured;
    if (configured.startsWith("file:")) {
      Path file = Path.of(configured.substring("file:".length()));
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot read the signing secret from " + file + " (CONTACTD_SIGNING_SECRET)", e);
      }
    }
    text = text.strip();
    if (text.length() < MIN_LENGTH) {
      throw new IllegalArgumentException(
          "CONTACTD_SIGNING_SECRET must have at least "
              + MIN_LENGTH
              + " characters, e.g. the output of: openssl rand -base64 48");
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

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
