package io.contactd.exports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactd.fields.ReservedField;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The export's reader thread against a real SQLite result set holding one contact. */
class ContactReadAheadTest {
  private Connection db;
  private Statement statement;
  private ContactCursor contact;

  @BeforeEach
  void oneContact() throws SQLException {
    db = DriverManager.getConnection("jdbc:sqlite::memory:");
    StringBuilder sql = new StringBuilder("SELECT");
    for (int column = 1; column <= ContactCursor.LIST_IDS; column++) {
      ReservedField f = ContactCursor.field(column);
      sql.append(column == 1 ? " " : ", ")
          .append(
              f == ReservedField.EMAIL
                  ? "'ann@example.com'"
                  : f == ReservedField.UPDATED_AT
                      ? "2000"
                      : ContactCursor.isMillis(column) ? "1000" : "NULL");
    }
    statement = db.createStatement();
    ResultSet rs = statement.executeQuery(sql.toString());
    assertThat(rs.next()).isTrue();
    contact = new ContactCursor(rs, false);
    contact.next();
  }

  @AfterEach
  void close() throws SQLException {
    statement.close();
    db.close();
  }

  /** A read of {@code n} contacts (the same one again and again). */
  private ContactReadAhead.Source contacts(long n) {
    return rows -> {
      for (long i = 0; i < n; i++) {
        rows.accept(contact);
      }
    };
  }

  @Test
  void every_contact_arrives_in_batches_then_the_end() throws Exception {
    List<Integer> sizes = new ArrayList<>();
    try (ContactReadAhead reader = new ContactReadAhead(contacts(1300), () -> false, "test")) {
      for (RowBatch b = reader.next(); b != null; b = reader.next()) {
        sizes.add(b.size());
        assertThat(b.string(b.size() - 1, ContactCursor.column(ReservedField.EMAIL)))
            .isEqualTo("ann@example.com");
        assertThat(b.millis(0, ContactCursor.column(ReservedField.UPDATED_AT))).isEqualTo(2000);
        reader.release(b);
      }
    }
    assertThat(sizes).containsExactly(RowBatch.ROWS, RowBatch.ROWS, 1300 - 2 * RowBatch.ROWS);
  }

  @Test
  void a_failed_read_is_thrown_on_the_job_thread_as_it_was() throws Exception {
    SQLException diskError = new SQLException("disk I/O error");
    ContactReadAhead.Source failing =
        rows -> {
          contacts(RowBatch.ROWS + 10).stream(rows);
          throw diskError;
        };
    try (ContactReadAhead reader = new ContactReadAhead(failing, () -> false, "test")) {
      assertThat(reader.next().size()).isEqualTo(RowBatch.ROWS);

      assertThatThrownBy(reader::next).isSameAs(diskError);
    }
  }

  @Test
  void a_shutdown_stops_the_read_with_an_io_error() throws Exception {
    try (ContactReadAhead reader = new ContactReadAhead(contacts(10), () -> true, "test")) {
      assertThatThrownBy(reader::next)
          .isInstanceOf(IOException.class)
          .hasMessageContaining("shutting down");
    }
  }

  @Test
  void closing_before_the_end_stops_the_reader_and_waits_for_it() throws Exception {
    AtomicReference<Thread> readerThread = new AtomicReference<>();
    AtomicBoolean readEnded = new AtomicBoolean();
    ContactReadAhead.Source endless =
        rows -> {
          readerThread.set(Thread.currentThread());
          try {
            while (true) {
              rows.accept(contact);
            }
          } finally {
            readEnded.set(true);
          }
        };
    ContactReadAhead reader = new ContactReadAhead(endless, () -> false, "test");
    assertThat(reader.next()).isNotNull();

    reader.close();

    assertThat(readEnded).isTrue();
    assertThat(readerThread.get().isAlive()).isFalse();
  }

  @Test
  void the_same_few_batches_carry_any_number_of_contacts() throws Exception {
    Set<RowBatch> batches = Collections.newSetFromMap(new IdentityHashMap<>());
    long rows = 0;
    try (ContactReadAhead reader =
        new ContactReadAhead(contacts(200L * RowBatch.ROWS), () -> false, "test")) {
      for (RowBatch b = reader.next(); b != null; b = reader.next()) {
        batches.add(b);
        rows += b.size();
        reader.release(b);
      }
    }
    assertThat(rows).isEqualTo(200L * RowBatch.ROWS);
    // The waiting ones, the one being filled and the one being written.
    assertThat(batches.size()).isLessThanOrEqualTo(ContactReadAhead.DEPTH + 2);
  }
}
