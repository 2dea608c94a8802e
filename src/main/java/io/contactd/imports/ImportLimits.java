package io.contactd.imports;

import java.time.Duration;

/**
 * The bounds of one import.
 *
 * @param maxRows data rows per file (SendGrid: 1,000,000)
 * @param maxBytes bytes per upload as sent, compressed or not (SendGrid: 5 GB)
 * @param batchSize rows applied per transaction; also how far a crash can set the job back
 * @param uploadValidity how long an upload URL works
 * @param filesKeptFor how long the files of a finished import (its errors CSV) are kept
 */
public record ImportLimits(
    long maxRows, long maxBytes, int batchSize, Duration uploadValidity, Duration filesKeptFor) {
  public static final long DEFAULT_MAX_ROWS = 1_000_000;
  public static final long DEFAULT_MAX_BYTES = 5L * 1024 * 1024 * 1024;

  public ImportLimits {
    if (maxRows < 1 || maxBytes < 1 || batchSize < 1) {
      throw new IllegalArgumentException("import limits must be positive");
    }
  }
}
