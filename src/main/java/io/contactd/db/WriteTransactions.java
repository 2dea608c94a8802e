package io.contactd.db;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.JdbiConfig;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.sqlite.SQLiteConfig.TransactionMode;
import org.sqlite.SQLiteConnection;

/**
 * On SQLite, begins every JDBI transaction as a writer ({@code BEGIN IMMEDIATE}). A transaction
 * begun {@code DEFERRED} that reads first cannot become a writer once another connection committed
 * after its read: SQLite answers {@code SQLITE_BUSY} at once, without calling the busy handler, so
 * field and subuser changes failed with 503 in milliseconds whenever a contact job wrote. Begun as
 * a writer, a transaction waits for the write lock up to the busy timeout, like every other writer.
 *
 * <p>The cost: the transactions of one database run one after the other from their first statement,
 * reads included. A transaction that only reads says so with {@link #reading} and begins {@code
 * DEFERRED}, beside the writer. Plain JDBC transactions (the export's cursor) stay deferred.
 *
 * <p>The writers of this process also queue on one fair lock before they begin: SQLite's busy
 * handler polls for the write lock with sleeps of up to 100 ms, so a writer waiting behind a 300 ms
 * contact job (an HTTP handler storing the next job) woke up to 100 ms after the lock was free, and
 * the jobs of a bulk upsert ran that much apart. The lock hands over at once, in arrival order. A
 * writer that waited the busy timeout for it goes on without it and meets SQLite's own busy
 * handling, as before; other processes (the CLI) only meet the latter.
 */
public final class WriteTransactions extends DelegatingTransactionHandler {
  private final ReentrantLock writer;
  private final long waitMillis;

  WriteTransactions(TransactionHandler delegate, long waitMillis) {
    this(delegate, new ReentrantLock(true), waitMillis);
  }

  private WriteTransactions(TransactionHandler delegate, ReentrantLock writer, long waitMillis) {
    super(delegate);
    this.writer = writer;
    this.waitMillis = waitMillis;
  }

  /**
   * Runs {@code callback} in a transaction that only reads (on PostgreSQL a cursor needs one); on
   * SQLite it neither waits for nor blocks the writer.
   */
  public static <X extends Exception> void reading(Jdbi jdbi, HandleConsumer<X> callback) throws X {
    jdbi.useHandle(
        h -> {
          h.getConfig(ReadOnly.class).readOnly = true;
          h.useTransaction(callback);
        });
  }

  @Override
  public TransactionHandler specialize(Handle handle) throws SQLException {
    return new WriteTransactions(getDelegate().specialize(handle), writer, waitMillis);
  }

  @Override
  public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback)
      throws X {
    boolean locked = lockForWrite(handle);
    try {
      return super.inTransaction(handle, callback);
    } finally {
      if (locked) {
        writer.unlock();
      }
    }
  }

  @Override
  public <R, X extends Exception> R inTransaction(
      Handle handle, TransactionIsolationLevel level, HandleCallback<R, X> callback) throws X {
    boolean locked = lockForWrite(handle);
    try {
      return super.inTransaction(handle, level, callback);
    } finally {
      if (locked) {
        writer.unlock();
      }
    }
  }

  /** True when this call took the process's writer lock (and must release it). */
  private boolean lockForWrite(Handle handle) {
    if (handle.getConfig(ReadOnly.class).readOnly) {
      return false;
    }
    try {
      return writer.tryLock(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false; // SQLite's busy handling decides; the interrupt stays set for the caller
    }
  }

  /**
   * sqlite-jdbc sends the transaction mode when autocommit goes off, and again right after each
   * commit or rollback (it opens the next transaction at once). Only the first must be IMMEDIATE:
   * the one after a commit would take the write lock again, waiting for it if another writer has
   * it, only to be closed when JDBI restores autocommit.
   */
  @Override
  public void begin(Handle handle) {
    if (handle.getConfig(ReadOnly.class).readOnly) {
      super.begin(handle);
      return;
    }
    mode(handle, TransactionMode.IMMEDIATE);
    try {
      super.begin(handle);
    } finally {
      mode(handle, TransactionMode.DEFERRED);
    }
  }

  private static void mode(Handle handle, TransactionMode mode) {
    try {
      handle
          .getConnection()
          .unwrap(SQLiteConnection.class)
          .getConnectionConfig()
          .setTransactionMode(mode);
    } catch (SQLException e) {
      throw new IllegalStateException("WriteTransactions needs a SQLite connection", e);
    }
  }

  /** Per handle: whether its transactions only read. */
  public static final class ReadOnly implements JdbiConfig<ReadOnly> {
    private boolean readOnly;

    public ReadOnly() {}

    private ReadOnly(ReadOnly other) {
      this.readOnly = other.readOnly;
    }

    @Override
    public ReadOnly createCopy() {
      return new ReadOnly(this);
    }
  }
}
