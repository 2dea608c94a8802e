package io.contactd.db;

import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.JdbiConfig;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionHandler;
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
 */
public final class WriteTransactions extends DelegatingTransactionHandler {

  WriteTransactions(TransactionHandler delegate) {
    super(delegate);
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
    return new WriteTransactions(getDelegate().specialize(handle));
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
