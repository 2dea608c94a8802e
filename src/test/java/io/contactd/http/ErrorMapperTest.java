package io.contactd.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class ErrorMapperTest {

  @Test
  void a_busy_database_is_recognised_through_wrapping_exceptions() {
    SQLException busy =
        new SQLException("[SQLITE_BUSY] The database file is locked (database is locked)", null, 5);
    assertThat(ErrorMapper.databaseBusy(new IllegalStateException("insert failed", busy))).isTrue();
    assertThat(
            ErrorMapper.databaseBusy(
                new RuntimeException(new SQLTransientConnectionException("pool timed out"))))
        .isTrue();
  }

  @Test
  void other_errors_are_not_taken_for_a_busy_database() {
    assertThat(ErrorMapper.databaseBusy(new SQLException("syntax error", null, 1))).isFalse();
    assertThat(ErrorMapper.databaseBusy(new IllegalStateException("bug"))).isFalse();
  }
}
