package io.contactd.exports;

import io.contactd.auth.Account;
import io.contactd.auth.AccountStore;
import io.contactd.files.BlobStore;
import io.contactd.mail.Mailer;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code notifications.email: true}: mails the account the download links once the export is ready.
 * A mail that cannot be sent is logged; the export stays ready (the links are in the API).
 */
final class ExportNotifier {
  private static final Logger log = LoggerFactory.getLogger(ExportNotifier.class);

  private final Mailer mailer;
  private final AccountStore accounts;
  private final BlobStore blobs;

  ExportNotifier(Mailer mailer, AccountStore accounts, BlobStore blobs) {
    this.mailer = mailer;
    this.accounts = accounts;
    this.blobs = blobs;
  }

  void exportReady(Export export, List<String> keys, long count) {
    try {
      send(export, keys, count);
    } catch (Exception e) {
      log.warn(
          "export {}: could not mail the download links; they stay available through the API",
          export.id(),
          e);
    }
  }

  private void send(Export export, List<String> keys, long count) throws Exception {
    Optional<Account> account = accounts.byId(export.accountId());
    if (account.isEmpty()) {
      log.warn("export {}: account {} is gone; no mail sent", export.id(), export.accountId());
      return;
    }
    Instant expires = Instant.ofEpochMilli(export.expiresAt());
    StringBuilder text = new StringBuilder();
    text.append("Your contacts export ")
        .append(export.id())
        .append(" is ready: ")
        .append(count)
        .append(count == 1 ? " contact" : " contacts")
        .append(" in ")
        .append(keys.size())
        .append(keys.size() == 1 ? " file" : " files")
        .append(".\n\nDownload until ")
        .append(RecordFormat.timestamp(export.expiresAt()))
        .append(":\n");
    for (String key : keys) {
      text.append(blobs.signedUrl(key, expires)).append('\n');
    }
    mailer.send(account.get().email(), "Your contacts export is ready", text.toString());
    if (mailer.enabled()) {
      log.info("export {}: download links mailed to {}", export.id(), account.get().email());
    }
  }
}
