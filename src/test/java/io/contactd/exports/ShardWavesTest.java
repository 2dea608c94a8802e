package io.contactd.exports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardWavesTest {
  @Test
  void every_shard_is_queued_exactly_once_by_the_plan_or_by_its_parent() {
    for (int shards = 1; shards <= 40; shards++) {
      List<Integer> queued = new ArrayList<>();
      for (int no = 0; no < Math.min(ShardWaves.FIRST, shards); no++) {
        queued.add(no);
      }
      for (int no = 0; no < shards; no++) {
        for (int child : ShardWaves.children(no, shards)) {
          assertThat(ShardWaves.parent(child)).isEqualTo(no);
          queued.add(child);
        }
      }
      assertThat(queued).as(shards + " shards").doesNotHaveDuplicates().hasSize(shards);
    }
  }

  @Test
  void the_shards_in_flight_double_with_each_wave() {
    assertThat(ShardWaves.children(0, 100)).containsExactly(2, 3);
    assertThat(ShardWaves.children(1, 100)).containsExactly(4, 5);
    assertThat(ShardWaves.children(3, 100)).containsExactly(8, 9);
    assertThat(ShardWaves.children(3, 9)).containsExactly(8);
    assertThat(ShardWaves.parent(0)).isEqualTo(-1);
    assertThat(ShardWaves.parent(1)).isEqualTo(-1);
  }
}
