package io.contactd.exports;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The order in which a sharded export's shards are queued: the plan queues the first {@link
 * #FIRST}, and each shard that finishes queues the next two ({@code n} queues {@code 2n + FIRST}
 * and {@code 2n + FIRST + 1}), so the shards in flight double with each wave until every worker of
 * every node has one. Queueing them all at once would be as fast, but a contact job queued while a
 * large export runs would then wait behind all of its shards (the queue runs the longest-due job
 * first); queued in waves, each new shard is due after it, so it waits for one shard at most.
 */
final class ShardWaves {
  static final int FIRST = 2;

  private ShardWaves() {}

  /** The shard whose finishing queues shard {@code no}; -1 for the first wave. */
  static int parent(int no) {
    return no < FIRST ? -1 : (no - FIRST) / 2;
  }

  /** The shards queued when shard {@code no} of {@code shards} finishes. */
  static List<Integer> children(int no, int shards) {
    return IntStream.of(2 * no + FIRST, 2 * no + FIRST + 1)
        .filter(n -> n < shards)
        .boxed()
        .toList();
  }
}
