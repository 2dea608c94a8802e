package io.contactd.backup;

/** An export, backup or restore that cannot go on; the message is the one line to print. */
public final class BackupException extends RuntimeException {
  public BackupException(String line) {
    super(line);
  }

  public BackupException(String line, Throwable cause) {
    super(line, cause);
  }
}
