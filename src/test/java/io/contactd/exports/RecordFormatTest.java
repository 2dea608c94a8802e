package io.contactd.exports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordFormatTest {
  @Test
  void timestamps_are_whole_seconds_in_utc_like_instant_to_string() {
    Random random = new Random(1);
    long[] samples = {0, 999, 1_600_000_000_000L, 253_402_300_799_000L, -1};
    for (long millis : samples) {
      assertThat(RecordFormat.timestamp(millis))
          .isEqualTo(Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString());
    }
    for (int i = 0; i < 10_000; i++) {
      long millis = random.nextLong(0, 253_402_300_799_000L);
      assertThat(RecordFormat.timestamp(millis))
          .isEqualTo(Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString());
    }
  }
}
