package io.contactd.exports;

import io.contactd.files.BlobStore;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes records into gzip files of at most {@code maxBytes} compressed bytes each, cutting only
 * between records; every file starts with the header. Files are published one by one as they
 * complete and are only listed (by {@link #keys()}) after {@link #finish()}.
 *
 * <p>The compressed size of what the deflater still holds is unknown, so before each record it
 * checks a safe upper bound (compressed so far + what is pending + deflate's worst-case overhead +
 * the trailer). Only when that bound would pass the limit does it sync-flush to learn the exact
 * size, and cuts the file if the record still does not fit. Far from the limit no flush happens, so
 * compression stays as good as one long stream.
 *
 * <p>Each file's SHA-256 is computed from the compressed bytes on their way to the file, so the
 * checksum costs no second read; {@link #checksums()} lists them in the order of {@link #keys()}.
 */
final class PartWriter implements AutoCloseable {
  /**
   * gzip trailer (8) + final empty deflate block + one sync-flush marker, rounded up generously.
   */
  private static final int END_OVERHEAD = 64;

  private final BlobStore blobs;
  private final String keyPrefix;
  private final String namePrefix;
  private final String extension;
  private final byte[] header;
  private final long maxBytes;
  private final int level;
  private final Duration pauseAfterPart;
  private final List<String> keys = new ArrayList<>();
  private final List<String> checksums = new ArrayList<>();

  private BlobStore.Pending pending;
  private CountingStream counter;
  private LevelGzip gzip;

  /** Records are small; the deflater is fed 64 KB at a time, each call into zlib costs. */
  private java.io.BufferedOutputStream input;

  private long uncompressedSinceFlush;
  private long recordsInPart;

  /** Files are named {@code keyPrefix + namePrefix + n + "." + extension + ".gzip"}, n from 1. */
  PartWriter(
      BlobStore blobs,
      String keyPrefix,
      String namePrefix,
      String extension,
      byte[] header,
      long maxBytes,
      int level,
      Duration pauseAfterPart) {
    this.blobs = blobs;
    this.keyPrefix = keyPrefix;
    this.namePrefix = namePrefix;
    this.extension = extension;
    this.header = header;
    this.maxBytes = maxBytes;
    this.level = level;
    this.pauseAfterPart = pauseAfterPart;
  }

  /** Writes one complete record: {@code len} bytes of {@code bytes} from {@code off}. */
  void write(byte[] bytes, int off, int len) throws IOException {
    if (gzip == null) {
      open();
    } else if (!fits(len)) {
      input.flush(); // and a sync flush of the gzip stream: now everything written is counted
      uncompressedSinceFlush = 0;
      if (!fits(len) && recordsInPart > 0) {
        closePart();
        open();
      }
    }
    input.write(bytes, off, len);
    uncompressedSinceFlush += len;
    recordsInPart++;
  }

  /** Publishes the last file; an export of nothing still gets one file (just the header). */
  List<String> finish() throws IOException {
    if (gzip == null) {
      open();
    }
    closePart();
    return keys();
  }

  List<String> keys() {
    return List.copyOf(keys);
  }

  /** {@code sha256:<hex>} of each published file, in the order of {@link #keys()}. */
  List<String> checksums() {
    return List.copyOf(checksums);
  }

  /** Files published so far. */
  int filesWritten() {
    return checksums.size();
  }

  private boolean fits(long next) {
    long unflushed = uncompressedSinceFlush + next;
    // deflate never grows data by more than ~5 bytes per 16 KB stored block; 1/1024 is ample.
    long bound = counter.count + unflushed + (unflushed >> 10) + END_OVERHEAD;
    return bound <= maxBytes;
  }

  private void open() throws IOException {
    String key = keyPrefix + namePrefix + (keys.size() + 1) + "." + extension + ".gzip";
    pending = blobs.create(key);
    counter = new CountingStream(pending.stream());
    gzip = new LevelGzip(counter, level);
    input = new java.io.BufferedOutputStream(gzip, 64 * 1024);
    keys.add(key);
    recordsInPart = 0;
    uncompressedSinceFlush = 0;
    if (header.length > 0) {
      input.write(header);
      uncompressedSinceFlush = header.length;
    }
  }

  private void closePart() throws IOException {
    input.close(); // finishes the gzip stream, frees the deflater and closes the file
    pending.publish();
    checksums.add("sha256:" + java.util.HexFormat.of().formatHex(counter.digest.digest()));
    pending = null;
    gzip = null;
    input = null;
    if (pauseAfterPart.isPositive()) {
      // Only crash tests set this: a published file, and the export certainly still pending.
      try {
        Thread.sleep(pauseAfterPart);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted after an export part");
      }
    }
  }

  /** Discards a file still being written (after an error). */
  @Override
  public void close() throws IOException {
    if (gzip != null) {
      try {
        gzip.close();
      } catch (IOException e) {
        // The file is discarded below anyway; what matters is that the deflater is freed.
      }
      gzip = null;
      input = null;
    }
    if (pending != null) {
      pending.close();
      pending = null;
    }
  }

  /** gzip at a chosen level, with sync flush so {@link #flush()} makes the output size exact. */
  private static final class LevelGzip extends GZIPOutputStream {
    LevelGzip(OutputStream out, int level) throws IOException {
      super(out, 64 * 1024, true);
      def.setLevel(level);
    }
  }

  /** Counts and hashes the compressed bytes on their way to the file. */
  private static final class CountingStream extends FilterOutputStream {
    final java.security.MessageDigest digest = sha256();
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    private static java.security.MessageDigest sha256() {
      try {
        return java.security.MessageDigest.getInstance("SHA-256");
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      digest.update((byte) b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      digest.update(b, off, len);
      count += len;
    }
  }
}
