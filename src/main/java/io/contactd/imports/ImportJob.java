package io.contactd.imports;

import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategies;
import io.contactd.contacts.ContactJobStore;
import io.contactd.contacts.ContactRules;
import io.contactd.contacts.ContactWriter;
import io.contactd.contacts.JobStatus;
import io.contactd.fields.FieldDefinition;
import io.contactd.fields.FieldStore;
import io.contactd.files.BlobStore;
import io.contactd.files.FormulaGuard;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one CSV import. A first pass reads the whole file without writing anything, so a file that
 * turns out unusable half-way (truncated gzip, a quote that never closes, too many rows) fails the
 * job with nothing applied. The second pass applies rows in batches, each in one transaction with
 * its counts, its failed rows and the checkpoint of rows done; a run after a crash skips the rows
 * before the checkpoint, so nothing is applied twice and nothing is lost. Finally the failed rows
 * become the errors CSV and the job ends.
 */
final class ImportJob {
  static final String KIND = "csv-import";
  private static final Logger log = LoggerFactory.getLogger(ImportJob.class);

  private final ImportStore store;
  private final FieldStore fields;
  private final ContactWriter writer;
  private final BlobStore blobs;
  private final Clock clock;
  private final ImportLimits limits;
  private final boolean formulaGuard;
  private final Runnable afterBulkWrite;
  private volatile Imports.Observer observer = (created, updated, errored) -> {};
  private volatile io.contactd.jobs.JobHooks hooks = io.contactd.jobs.JobHooks.NONE;

  /** Rows an import must have written for the database to be tidied after it (afterBulkWrite). */
  private static final long BULK_ROWS = 10_000;

  void observe(Imports.Observer observer) {
    this.observer = observer;
  }

  ImportJob(
      ImportStore store,
      FieldStore fields,
      ContactWriter writer,
      BlobStore blobs,
      Clock clock,
      ImportLimits limits,
      boolean formulaGuard,
      Runnable afterBulkWrite) {
    this.afterBulkWrite = afterBulkWrite;
    this.store = store;
    this.fields = fields;
    this.writer = writer;
    this.blobs = blobs;
    this.clock = clock;
    this.limits = limits;
    this.formulaGuard = formulaGuard;
  }

  void hooks(io.contactd.jobs.JobHooks hooks) {
    this.hooks = hooks;
  }

  static String uploadKey(String jobId) {
    return "imports/" + jobId + "/upload";
  }

  static String errorsKey(String jobId) {
    return "imports/" + jobId + "/errors.csv";
  }

  void run(String jobId) throws Exception {
    Optional<ImportStore.Import> found = store.find(jobId);
    if (found.isEmpty() || !store.isPending(jobId)) {
      return; // done by an earlier run; this is the queue repeating itself
    }
    ImportStore.Import job = found.get();
    if (job.upload() != UploadState.RECEIVED) {
      log.warn("import {} was queued before its file arrived; nothing to do yet", jobId);
      return;
    }
    if (!store.start(jobId, clock.millis())) {
      return;
    }
    // Says which node runs it: in a cluster the job may move to another node after a crash.
    log.info("import {} runs on this node (rows done so far: {})", jobId, job.rowsDone());
    try {
      // Emulator faults: an import is failed or delayed here, never stalled.
      hooks.starting("import", job.accountId(), jobId);
    } catch (io.contactd.jobs.JobHooks.InjectedFailure e) {
      fail(jobId, job.accountId(), new UnusableFile(0, e.getMessage()));
      return;
    }
    List<FieldDefinition> customFields = fields.list(job.accountId());
    ContactRules rules = new ContactRules(customFields);
    List<Column> columns;
    try {
      columns = ImportRequest.resolve(job.mappings(), customFields);
    } catch (InvalidMappings e) {
      // A custom field was deleted after the import was requested.
      fail(jobId, job.accountId(), new UnusableFile(0, e.getMessage()));
      return;
    }
    try {
      long start = System.nanoTime();
      List<String> header = check(job, columns.size());
      long checked = System.nanoTime();
      apply(job, columns, rules, header);
      log.debug(
          "import {}: file checked in {} ms, rows applied in {} ms",
          jobId,
          (checked - start) / 1_000_000,
          (System.nanoTime() - checked) / 1_000_000);
    } catch (UnusableFile e) {
      fail(jobId, job.accountId(), e);
    } catch (BlobStore.BlobChangedException e) {
      // A direct upload URL works until it expires: a second PUT replaced the pinned file.
      fail(
          jobId,
          job.accountId(),
          new UnusableFile(
              0,
              "the uploaded file was replaced after it arrived (an upload URL takes one file);"
                  + " request a new import"));
    }
  }

  /** The uploaded file: exactly the pinned object of a direct upload, else the received file. */
  private java.io.InputStream upload(ImportStore.Import job) throws IOException {
    return job.pinned() != null
        ? blobs.openPinned(job.pinned())
        : blobs.open(uploadKey(job.jobId()), 0, Long.MAX_VALUE);
  }

  /** Pass 1: reads every record, writes nothing; returns the header. */
  private List<String> check(ImportStore.Import job, int columns) throws UnusableFile, IOException {
    String jobId = job.jobId();
    long rows = 0;
    try (CsvFile file = CsvFile.open(upload(job), columns)) {
      CsvRecord r;
      while ((r = file.next()) != null) {
        if (++rows > limits.maxRows()) {
          throw new UnusableFile(
              r.getStartingLineNumber(),
              "the file has more than " + limits.maxRows() + " rows, the most one import takes");
        }
      }
      if (rows == 0) {
        throw new UnusableFile(0, "the file has a header row but no contacts");
      }
      if (!store.setRequested(jobId, rows)) {
        throw new IllegalStateException("import " + jobId + " ended while it was being read");
      }
      return file.header();
    }
  }

  /**
   * Pass 2: applies the rows after the checkpoint, one transaction per batch, while the next
   * batches are read ahead.
   */
  private void apply(
      ImportStore.Import job, List<Column> columns, ContactRules rules, List<String> header)
      throws UnusableFile, IOException, SQLException, InterruptedException {
    String jobId = job.jobId();
    if (job.rowsDone() > 0) {
      log.info("import {} resumes after row {}", jobId, job.rowsDone());
    }
    try (CsvFile file = CsvFile.open(upload(job), columns.size());
        ReadAhead batches =
            new ReadAhead(
                new RowBatches(file, columns, rules, job.rowsDone(), limits.batchSize()),
                2,
                "import-reader-" + jobId)) {
      RowBatches.Batch b;
      while ((b = batches.next()) != null) {
        write(job, b);
      }
    }
    finish(jobId, job.accountId(), header);
  }

  private void write(ImportStore.Import job, RowBatches.Batch b) throws SQLException {
    store
        .jdbi()
        .useTransaction(
            h -> {
              long created = 0;
              long updated = 0;
              List<ImportStore.RowError> errors = new ArrayList<>(b.errors());
              if (!b.contacts().isEmpty()) {
                ContactWriter.Counts c =
                    writer.upsert(h, job.accountId(), b.contacts(), job.listIds());
                created = c.created();
                updated = c.updated();
                for (ContactWriter.RowError e : c.errors()) {
                  errors.add(new ImportStore.RowError(b.lines().get(e.index()), e.message(), null));
                }
              }
              store.recordBatch(h, job.jobId(), b.before(), b.after(), created, updated, errors);
            });
  }

  /** Writes the errors file (when rows failed), then ends the job with its outcome. */
  private void finish(String jobId, long accountId, List<String> header) throws IOException {
    ContactJobStore.Counts c = store.counts(jobId);
    String errorsKey = null;
    if (c.errored() > 0) {
      errorsKey = errorsKey(jobId);
      writeErrors(errorsKey, header, jobId, null);
    }
    JobStatus status;
    if (c.errored() == 0) {
      status = JobStatus.COMPLETED;
    } else if (c.created() + c.updated() == 0) {
      status = JobStatus.FAILED;
    } else {
      status = JobStatus.ERRORED;
    }
    String message = status == JobStatus.FAILED ? "no row could be imported; see errors_url" : null;
    if (store.finish(jobId, status, message, errorsKey, null, clock.millis())) {
      observer.ended(c.created(), c.updated(), c.errored());
      log.info(
          "import {} {}: {} rows, {} created, {} updated, {} errored; upload deleted",
          jobId,
          status.wire(),
          c.requested(),
          c.created(),
          c.updated(),
          c.errored());
      hooks.ended("import", accountId, jobId, status.wire());
    } else {
      log.warn("import {} had ended already (another run?); its outcome stays as it was", jobId);
    }
    blobs.delete(uploadKey(jobId));
    if (c.created() + c.updated() >= BULK_ROWS) {
      afterBulkWrite.run();
    }
  }

  private void fail(String jobId, long accountId, UnusableFile e) throws IOException {
    String key = errorsKey(jobId);
    writeErrors(key, List.of(), jobId, e);
    String message = (e.line() > 0 ? "line " + e.line() + ": " : "") + e.getMessage();
    if (store.finish(jobId, JobStatus.FAILED, message, key, 0L, clock.millis())) {
      log.info("import {} failed: {}; nothing was imported, upload deleted", jobId, message);
      hooks.ended("import", accountId, jobId, JobStatus.FAILED.wire());
    } else {
      log.warn("import {} had ended already (another run?); its outcome stays as it was", jobId);
    }
    blobs.delete(uploadKey(jobId));
  }

  /**
   * The errors CSV: {@code line,reason} and the failing row's cells under the file's own header.
   * For an unusable file it holds the one reason instead.
   */
  private void writeErrors(String key, List<String> header, String jobId, UnusableFile unusable)
      throws IOException {
    try (BlobStore.Pending pending = blobs.create(key)) {
      Writer out = new OutputStreamWriter(pending.stream(), StandardCharsets.UTF_8);
      // Every non-empty field quoted, as in exports; cells go through the formula guard when it is
      // on, since the errors file repeats what the uploader sent.
      CsvWriter csv =
          CsvWriter.builder()
              .quoteStrategy(QuoteStrategies.NON_EMPTY)
              .lineDelimiter(LineDelimiter.CRLF)
              .build(out);
      List<String> head = new ArrayList<>(List.of("line", "reason"));
      for (String cell : header) {
        head.add(formulaGuard ? FormulaGuard.apply(cell) : cell);
      }
      csv.writeRecord(head);
      if (unusable != null) {
        csv.writeRecord(
            unusable.line() > 0 ? Long.toString(unusable.line()) : "", unusable.getMessage());
      } else {
        store.eachError(
            jobId,
            e -> {
              List<String> record = new ArrayList<>();
              record.add(Long.toString(e.line()));
              record.add(e.reason());
              if (e.cells() != null) {
                for (String cell : CsvLine.split(e.cells())) {
                  record.add(formulaGuard ? FormulaGuard.apply(cell) : cell);
                }
              }
              csv.writeRecord(record);
            });
      }
      csv.flush();
      out.flush();
      pending.publish();
    }
  }
}
