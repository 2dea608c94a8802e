package io.contactd.mail;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends one plain-text mail. */
public interface Mailer {

  void send(String to, String subject, String text) throws Exception;

  /** True when mail really leaves this process. */
  boolean enabled();

  /** The mailer without an SMTP server: it logs that the mail was skipped. */
  static Mailer disabled() {
    Logger log = LoggerFactory.getLogger(Mailer.class);
    return new Mailer() {
      @Override
      public void send(String to, String subject, String text) {
        log.info("no SMTP server configured (--smtp-url); skipped mail to {}: {}", to, subject);
      }

      @Override
      public boolean enabled() {
        return false;
      }
    };
  }
}
