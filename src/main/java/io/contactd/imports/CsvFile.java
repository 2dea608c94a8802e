package io.contactd.imports;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.CsvRecordHandler;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An uploaded import file read as CSV records, one at a time, in constant memory: gzip is detected
 * by its magic bytes (clients send no Content-Encoding), a UTF-8 byte order mark is dropped, bytes
 * that are not UTF-8 stop the read, and field, record and column sizes are capped so that a 10 MB
 * field or an unclosed quote cannot take the heap. The header row is read on open and must have
 * exactly as many columns as {@code field_mappings}. Every problem that makes the rest of the file
 * unreadable is an {@link UnusableFile} with the line it happened at.
 */
final class CsvFile implements AutoCloseable {
  /** Far above any valid value (custom text ≤ 1,000 chars), far below what hurts the heap. */
  static final int MAX_FIELD_CHARS = 100_000;

  private static final int MAX_RECORD_CHARS = 1_000_000;
  private static final int BUFFER = 64 * 1024;
  private static final int SNIFF = 4096;

  private final InputStream in;
  private final QuoteTracker quotes;
  private final CsvReader<CsvRecord> reader;
  private final Iterator<CsvRecord> records;
  private final List<String> header;
  private long lastLine;

  private CsvFile(InputStream in, QuoteTracker quotes, CsvReader<CsvRecord> reader, int columns)
      throws UnusableFile, IOException {
    this.in = in;
    this.quotes = quotes;
    this.reader = reader;
    this.records = reader.iterator();
    CsvRecord first = next();
    if (first == null) {
      throw new UnusableFile(0, "the file is empty: a CSV file with a header row is expected");
    }
    if (first.getFieldCount() != columns) {
      throw new UnusableFile(
          first.getStartingLineNumber(),
          "the header row has "
              + first.getFieldCount()
              + " columns but field_mappings has "
              + columns
              + " entries; the field mapping doesn't match the CSV");
    }
    this.header = first.getFields();
  }

  /** Opens {@code raw} (plain or gzip) and reads its header row. Closes {@code raw} on failure. */
  static CsvFile open(InputStream raw, int columns) throws UnusableFile, IOException {
    InputStream in = null;
    try {
      in = new BufferedInputStream(raw, BUFFER);
      if (startsWith(in, 0x1f, 0x8b)) {
        in = new BufferedInputStream(gunzip(in), BUFFER);
      }
      if (startsWith(in, 0xef, 0xbb, 0xbf)) {
        in.skipNBytes(3);
      } else if (startsWith(in, 0xff, 0xfe) || startsWith(in, 0xfe, 0xff)) {
        throw new UnusableFile(0, "the file is UTF-16; save it as UTF-8");
      }
      if (isMultipart(in)) {
        throw new UnusableFile(
            0,
            "the upload is a multipart form, not a CSV file: PUT the raw file bytes to upload_uri");
      }
      var decoder =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT);
      CsvRecordHandler handler =
          CsvRecordHandler.of(
              b ->
                  b.maxFieldSize(MAX_FIELD_CHARS)
                      .maxRecordSize(MAX_RECORD_CHARS)
                      .maxFields(ImportRequest.MAX_COLUMNS));
      QuoteTracker quotes = new QuoteTracker(new InputStreamReader(in, decoder));
      CsvReader<CsvRecord> reader =
          CsvReader.builder()
              .skipEmptyLines(true)
              // A row with too few or too many columns fails alone, not the whole file.
              .allowMissingFields(true)
              .allowExtraFields(true)
              .maxBufferSize(2 * MAX_RECORD_CHARS)
              .build(handler, quotes);
      return new CsvFile(in, quotes, reader, columns);
    } catch (UnusableFile | IOException | RuntimeException e) {
      (in != null ? in : raw).close();
      throw e;
    }
  }

  private static InputStream gunzip(InputStream in) throws UnusableFile, IOException {
    try {
      return new GZIPInputStream(in, BUFFER);
    } catch (ZipException | EOFException e) {
      throw new UnusableFile(0, "the file starts like gzip but is not a valid gzip stream");
    }
  }

  List<String> header() {
    return header;
  }

  /** The next record, or null at the end of the file. */
  CsvRecord next() throws UnusableFile, IOException {
    try {
      if (!records.hasNext()) {
        if (quotes.open()) {
          throw new UnusableFile(
              lastLine, "a quote opened in the row starting on this line is never closed");
        }
        return null;
      }
      CsvRecord r = records.next();
      lastLine = r.getStartingLineNumber();
      return r;
    } catch (CsvParseException e) {
      throw new UnusableFile(lastLine + 1, parseProblem(e));
    } catch (UncheckedIOException e) {
      throw readProblem(e.getCause());
    }
  }

  private UnusableFile readProblem(IOException e) throws IOException {
    if (e instanceof CharacterCodingException) {
      return new UnusableFile(
          lastLine + 1, "the file is not UTF-8 text (binary data or another encoding)");
    }
    if (e instanceof EOFException || e instanceof ZipException) {
      return new UnusableFile(lastLine + 1, "the gzip stream is truncated or corrupt");
    }
    throw e; // the store could not be read: not the file's fault, the job is retried
  }

  private static String parseProblem(CsvParseException e) {
    String message = (e.getCause() != null ? e.getCause() : e).getMessage();
    String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
    if (m.contains("max field size") || m.contains("maximum buffer size")) {
      return "a field is longer than "
          + MAX_FIELD_CHARS
          + " characters, or a quote is never closed";
    }
    if (m.contains("maximum limit of")) {
      return "a row has more than " + ImportRequest.MAX_COLUMNS + " columns";
    }
    if (m.contains("record size")) {
      return "a row is longer than " + MAX_RECORD_CHARS + " characters";
    }
    if (m.contains("closing quote")) {
      return "a quoted field is followed by other characters before the next comma";
    }
    return "the file is not valid CSV: " + message;
  }

  private static boolean startsWith(InputStream in, int... bytes) throws IOException {
    in.mark(bytes.length);
    try {
      for (int b : bytes) {
        if (in.read() != b) {
          return false;
        }
      }
      return true;
    } finally {
      in.reset();
    }
  }

  /** A multipart body starts with a boundary line and names its parts in Content-Disposition. */
  private static boolean isMultipart(InputStream in) throws IOException {
    in.mark(SNIFF);
    try {
      byte[] head = in.readNBytes(SNIFF);
      String text = new String(head, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
      return text.startsWith("--") && text.contains("content-disposition:");
    } catch (EOFException | ZipException e) {
      return false; // a truncated gzip is reported by the read that follows, with its line
    } finally {
      in.reset();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      reader.close();
    } finally {
      in.close();
    }
  }
}
