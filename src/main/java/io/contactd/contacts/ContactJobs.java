package io.contactd.contacts;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactd.db.Dialect;
import io.contactd.fields.FieldDefinition;
import io.contactd.fields.FieldStore;
import io.contactd.jobs.JobQueue;
import io.contactd.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable contact writes. Accepting a write stores the job with its request (gzipped) in {@code
 * contact_jobs} and queues it; a worker applies it and records the outcome in the same transaction,
 * so a job that runs twice after a crash finds itself done and stops. Pending jobs are queued again
 * at start, in case the server stopped between storing and queueing one.
 */
public final class ContactJobs {
  private static final Logger log = LoggerFactory.getLogger(ContactJobs.class);
  static final String KIND = "contact-write";
  static final String UPSERT = "upsert_contacts";
  static final String DELETE = "delete_contacts";

  /** Contacts taken out of a list; they stay, so the job reports them updated, not deleted. */
  static final String UNLINK = "unlink_list_contacts";

  /** What a job does; the first line of its payload. */
  enum Op {
    UPSERT,
    DELETE_IDS,
    DELETE_ALL,
    DELETE_LIST_MEMBERS,
    REMOVE_FROM_LIST,
    REMOVE_IDENTIFIER
  }

  private record Outcome(ContactJobStore.Counts counts, String message) {
    Outcome(
        long requested, long created, long updated, long deleted, long errored, String message) {
      this(new ContactJobStore.Counts(requested, created, updated, deleted, errored), message);
    }
  }

  private final Jdbi jdbi;
  private final ContactJobStore store;
  private final Dialect dialect;
  private final JobQueue queue;
  private final Clock clock;
  private final ContactWriter writer;
  private final ContactRemovals removals;

  /**
   * Upserts the HTTP handler parsed, waiting for their job on this node: the job takes its request
   * from here instead of parsing the stored payload a second time (on a 2-core machine that parse
   * competed with the writes for CPU). A few at most, so memory stays flat; a job that finds
   * nothing here (run by another node, after a restart, or beyond the bound) parses the payload.
   */
  private final Map<String, Parsed> parsedAhead = new ConcurrentHashMap<>();

  private static final int MAX_PARSED_AHEAD = 2;

  /** Rows a job must have written for the database to be tidied after it (see afterBulkWrite). */
  private static final long BULK_ROWS = 10_000;

  ContactJobs(
      Jdbi jdbi,
      ContactJobStore store,
      Dialect dialect,
      JobQueue queue,
      Clock clock,
      ContactWriter writer,
      ContactRemovals removals) {
    this.jdbi = jdbi;
    this.store = store;
    this.dialect = dialect;
    this.queue = queue;
    this.clock = clock;
    this.writer = writer;
    this.removals = removals;
    queue.register(KIND, this::run);
  }

  /** Queues every job still pending; call once the queue has started. */
  void requeuePending() {
    List<String> pending = store.pendingWrites();
    for (String id : pending) {
      queue.enqueue(KIND, id);
    }
    if (!pending.isEmpty()) {
      log.info("{} pending contact jobs queued again after start", pending.size());
    }
  }

  /** Stores and queues a job; returns its id. */
  String submit(long accountId, String jobType, Op op, byte[] body, long requested) {
    return submit(accountId, jobType, op, body, requested, null, h -> {});
  }

  /**
   * Stores a job and runs {@code alongside} in the same transaction, then queues the job: either
   * both are committed or neither. A stop before the queueing leaves a pending job, which the next
   * start queues.
   */
  String submitWith(
      long accountId,
      String jobType,
      Op op,
      byte[] body,
      long requested,
      HandleConsumer<RuntimeException> alongside) {
    return submit(accountId, jobType, op, body, requested, null, alongside);
  }

  /** Stores and queues an upsert the HTTP handler has parsed already; returns its id. */
  String submitUpsert(long accountId, byte[] body, Parsed parsed) {
    return submit(
        accountId, UPSERT, Op.UPSERT, body, parsed.request().requested(), parsed, h -> {});
  }

  private String submit(
      long accountId,
      String jobType,
      Op op,
      byte[] body,
      long requested,
      Parsed parsed,
      HandleConsumer<RuntimeException> alongside) {
    String id = UUID.randomUUID().toString();
    byte[] payload = gzip(op, body);
    jdbi.useTransaction(
        h -> {
          store.create(h, id, accountId, jobType, requested, payload, clock.millis());
          alongside.useHandle(h);
        });
    if (parsed != null && parsedAhead.size() < MAX_PARSED_AHEAD) {
      parsedAhead.put(id, parsed);
    }
    try {
      queue.enqueue(KIND, id);
    } catch (RuntimeException e) {
      parsedAhead.remove(id); // the job runs after the next start, and parses its payload then
      throw e;
    }
    return id;
  }

  Optional<ContactJob> find(long accountId, String id) {
    return store.find(accountId, id);
  }

  /** The worker: applies a pending job and records its outcome in one transaction. */
  void run(String jobId) throws Exception {
    Parsed ahead = parsedAhead.remove(jobId);
    Optional<ContactJobStore.Queued> stored = store.queued(jobId);
    if (stored.isEmpty()
        || stored.get().status() != JobStatus.PENDING
        || stored.get().payload() == null) {
      return; // finished already, or a CSV import (run by the imports feature)
    }
    long accountId = stored.get().accountId();
    byte[] data = gunzip(stored.get().payload());
    int newline = indexOf(data, (byte) '\n');
    Op op = Op.valueOf(new String(data, 0, newline, StandardCharsets.US_ASCII));
    ByteArrayInputStream body =
        new ByteArrayInputStream(data, newline + 1, data.length - newline - 1);
    long began = System.nanoTime();
    // Parsing 30,000 contacts is most of the job's CPU: done before the transaction, it overlaps
    // with another job's writes instead of holding the account's (on SQLite the database's) write
    // lock. The transaction reads the fields again and parses anew if they changed meanwhile.
    Parsed parsed = ahead;
    if (op == Op.UPSERT && parsed == null) {
      List<FieldDefinition> fields = jdbi.withHandle(h -> FieldStore.list(h, accountId));
      parsed = new Parsed(fields, UpsertRequest.read(body, new ContactRules(fields), false));
      body.reset();
    }
    Parsed early = parsed;
    long[] written = {0};
    boolean done =
        jdbi.inTransaction(
            h -> {
              long now = clock.millis();
              // Also the first write of the transaction: on SQLite it takes the write lock at once.
              if (!store.start(h, jobId, now)) {
                return false;
              }
              // The commit need not wait for its log flush: a crash can only lose the whole
              // transaction, status included, and then the job is still pending and runs again.
              dialect.commitWithoutFlushWait(h);
              // Before the job reads the account's fields and lists: a field or list deleted
              // meanwhile is then either gone when it reads them or deleted after it commits.
              dialect.lockAccount(h, accountId);
              Outcome o = apply(h, accountId, op, body, early);
              written[0] = o.counts().created() + o.counts().updated() + o.counts().deleted();
              ContactJobStore.Counts c = o.counts();
              JobStatus status = JobStatus.outcome(c.requested(), c.errored());
              if (o.message() != null) {
                status = JobStatus.FAILED;
              }
              if (!store.finish(h, jobId, status, c, o.message(), null, clock.millis())) {
                throw new IllegalStateException(
                    "contact job " + jobId + " left pending under our feet");
              }
              log.info(
                  "contact job {} ({}) {} in {} ms: {} requested, {} created, {} updated, {} deleted, {} errored",
                  jobId,
                  op,
                  status.wire(),
                  (System.nanoTime() - began) / 1_000_000,
                  c.requested(),
                  c.created(),
                  c.updated(),
                  c.deleted(),
                  c.errored());
              return true;
            });
    if (!done) {
      log.debug("contact job {} was already finished; nothing to do", jobId);
    } else if (written[0] >= BULK_ROWS) {
      dialect.afterBulkWrite(jdbi);
    }
  }

  /** An upsert request read before its transaction, with the custom fields it was read against. */
  record Parsed(List<FieldDefinition> fields, UpsertRequest request) {}

  private Outcome apply(Handle h, long accountId, Op op, InputStream body, Parsed parsed)
      throws Exception {
    return switch (op) {
      case UPSERT -> {
        List<FieldDefinition> fields = FieldStore.list(h, accountId);
        UpsertRequest request =
            fields.equals(parsed.fields())
                ? parsed.request()
                : UpsertRequest.read(body, new ContactRules(fields), false);
        ContactWriter.Counts c = writer.upsert(h, accountId, request.contacts(), request.listIds());
        yield new Outcome(
            request.requested(),
            c.created(),
            c.updated(),
            0,
            request.errored() + c.errored(),
            null);
      }
      case DELETE_IDS -> {
        List<String> ids = strings(Json.MAPPER.readTree(body).get("ids"));
        int n = removals.deleteByIds(h, accountId, ids);
        yield new Outcome(ids.size(), 0, 0, n, 0, null);
      }
      case DELETE_ALL -> {
        int n = removals.deleteAll(h, accountId);
        yield new Outcome(n, 0, 0, n, 0, null);
      }
      case DELETE_LIST_MEMBERS -> {
        long list = Json.MAPPER.readTree(body).get("list_seq").asLong();
        int n = removals.deleteMembersOf(h, accountId, list);
        yield new Outcome(n, 0, 0, n, 0, null);
      }
      case REMOVE_FROM_LIST -> {
        JsonNode b = Json.MAPPER.readTree(body);
        List<String> ids = strings(b.get("ids"));
        int n = removals.removeFromList(h, accountId, b.get("list_seq").asLong(), ids);
        yield new Outcome(ids.size(), 0, n, 0, 0, null);
      }
      case REMOVE_IDENTIFIER -> {
        JsonNode b = Json.MAPPER.readTree(body);
        Identifier type = Identifier.valueOf(b.get("type").asText());
        var r =
            removals.removeIdentifier(
                h, accountId, b.get("contact_id").asText(), type, b.get("value").asText());
        yield switch (r) {
          case REMOVED -> new Outcome(1, 0, 1, 0, 0, null);
          case NOT_FOUND -> new Outcome(1, 0, 0, 0, 1, "identifier not found on the contact");
          case LAST_IDENTIFIER ->
              new Outcome(1, 0, 0, 0, 1, "cannot remove the last identifier of a contact");
        };
      }
    };
  }

  static byte[] payload(Map<String, Object> fields) {
    return Json.write(fields).getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static int indexOf(byte[] data, byte b) {
    for (int i = 0; i < data.length; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    throw new IllegalStateException("contact job payload has no header line");
  }

  /** Level 1: the payload is written once and read once; speed matters more than size. */
  private static byte[] gzip(Op op, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
    try (GZIPOutputStream gz =
        new GZIPOutputStream(out, 65536) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        }) {
      gz.write((op.name() + "\n").getBytes(StandardCharsets.US_ASCII));
      gz.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] gunzip(byte[] data) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(data), 65536)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("contact job payload is not gzip", e);
    }
  }
}
