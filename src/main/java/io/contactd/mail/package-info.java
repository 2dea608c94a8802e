/**
 * Outgoing mail (export notifications): SMTP through Jakarta Mail when {@code --smtp-url} is set,
 * otherwise a mailer that logs what it skipped.
 */
package io.contactd.mail;
