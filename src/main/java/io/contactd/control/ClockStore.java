package io.contactd.control;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The business clock's offset, one row of {@code settings}, in milliseconds. */
final class ClockStore {
  static final String NAME = "business_clock_offset_ms";

  private final Jdbi jdbi;

  ClockStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  long offset() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT value FROM settings WHERE name = :name")
                .bind("name", NAME)
                .mapTo(String.class)
                .findOne()
                .map(Long::parseLong)
                .orElse(0L));
  }

  void set(long offset) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO settings (name, value) VALUES (:name, :value)"
                        + " ON CONFLICT (name) DO UPDATE SET value = excluded.value")
                .bind("name", NAME)
                .bind("value", Long.toString(offset))
                .execute());
  }

  /**
   * Adds {@code delta} with a guarded UPDATE (the value it read must still be there), so that two
   * nodes advancing at once both count.
   */
  long advance(long delta) {
    while (true) {
      Optional<Long> moved =
          jdbi.inTransaction(
              h -> {
                h.createUpdate(
                        "INSERT INTO settings (name, value) VALUES (:name, '0')"
                            + " ON CONFLICT (name) DO NOTHING")
                    .bind("name", NAME)
                    .execute();
                String old =
                    h.createQuery("SELECT value FROM settings WHERE name = :name")
                        .bind("name", NAME)
                        .mapTo(String.class)
                        .one();
                long next = Long.parseLong(old) + delta;
                int n =
                    h.createUpdate(
                            "UPDATE settings SET value = :next WHERE name = :name AND value = :old")
                        .bind("next", Long.toString(next))
                        .bind("name", NAME)
                        .bind("old", old)
                        .execute();
                return n == 1 ? Optional.of(next) : Optional.<Long>empty();
              });
      if (moved.isPresent()) {
        return moved.get();
      }
    }
  }
}
