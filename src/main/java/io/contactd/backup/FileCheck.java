package io.contactd.backup;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * Checks one downloaded export file in one pass: the SHA-256 of its bytes, its gzip stream to the
 * end (the trailer's CRC-32 and length included), and its rows: CSV records minus the header, read
 * with a real CSV parser since quoted fields may hold line breaks; NDJSON non-blank lines.
 */
final class FileCheck {
  private FileCheck() {}

  static Manifest.FileEntry check(Path file, String name, String fileType) {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long rows;
    try (InputStream raw = Files.newInputStream(file);
        DigestInputStream digested = new DigestInputStream(new BufferedInputStream(raw), sha)) {
      // The CSV reader closes what it reads; the digest stream must stay open for the rest.
      InputStream shielded =
          new FilterInputStream(digested) {
            @Override
            public void close() {}
          };
      try (InputStream gz = new GZIPInputStream(shielded, 64 * 1024);
          Reader text = new InputStreamReader(gz, StandardCharsets.UTF_8)) {
        rows = fileType.equals("json") ? ndjsonLines(text) : csvRecords(text);
        // What lies after the gzip stream (nothing, normally) belongs to the file's hash too.
        digested.transferTo(OutputStream.nullOutputStream());
      } catch (IOException | RuntimeException e) {
        throw new BackupException(
            name
                + " is damaged: "
                + reason(e)
                + " (not the gzip "
                + fileType
                + " file it should be)",
            e);
      }
      return new Manifest.FileEntry(
          name, Files.size(file), HexFormat.of().formatHex(sha.digest()), rows);
    } catch (IOException e) {
      throw new BackupException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The innermost message: FastCSV wraps the gzip error in one of its own. */
  private static String reason(Throwable e) {
    String reason = e.getClass().getSimpleName();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null) {
        reason = t.getMessage();
      }
    }
    return reason;
  }

  private static long csvRecords(Reader text) {
    long records = 0;
    try (CsvReader<CsvRecord> csv = CsvReader.builder().ofCsvRecord(text)) {
      for (CsvRecord ignored : csv) {
        records++;
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return Math.max(0, records - 1);
  }

  private static long ndjsonLines(Reader text) throws IOException {
    long lines = 0;
    BufferedReader reader = new BufferedReader(text, 64 * 1024);
    String line;
    while ((line = reader.readLine()) != null) {
      if (!line.isBlank()) {
        lines++;
      }
    }
    return lines;
  }

  /** The SHA-256 of a file, for checking a backup before it is restored. */
  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        sha.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new BackupException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
