package io.contactd.exports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShardStatusTest {
  @Test
  void a_pending_shard_is_done_or_fails_and_then_never_changes() {
    assertThat(ShardStatus.PENDING.canMoveTo(ShardStatus.DONE)).isTrue();
    assertThat(ShardStatus.PENDING.canMoveTo(ShardStatus.FAILURE)).isTrue();
    assertThat(ShardStatus.PENDING.canMoveTo(ShardStatus.PENDING)).isFalse();
    for (ShardStatus from : new ShardStatus[] {ShardStatus.DONE, ShardStatus.FAILURE}) {
      for (ShardStatus to : ShardStatus.values()) {
        assertThat(from.canMoveTo(to)).as(from + " → " + to).isFalse();
        assertThatThrownBy(() -> ShardStatus.require(from, to))
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Test
  void stored_words_read_back() {
    for (ShardStatus s : ShardStatus.values()) {
      assertThat(ShardStatus.of(s.wire())).isEqualTo(s);
    }
    assertThat(ShardStatus.FAILURE.wire()).isEqualTo("failure");
  }
}
