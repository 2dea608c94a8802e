package io.contactd.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.contactd.db.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable queue on a real SQLite file. */
class JobQueueTest {
  private static final JobQueue.Settings FAST =
      new JobQueue.Settings(1, Duration.ofMillis(100), Duration.ofSeconds(1), true);

  @Test
  void a_job_that_throws_runs_again_within_seconds_not_minutes(@TempDir Path dir) {
    AtomicInteger runs = new AtomicInteger();
    try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("q.db"));
        JobQueue queue = new JobQueue(Clock.systemUTC())) {
      queue.register(
          "flaky",
          id -> {
            if (runs.incrementAndGet() == 1) {
              throw new IllegalStateException("first run fails");
            }
          });
      queue.start(db.dataSource(), db.dialect(), FAST);
      queue.enqueue("flaky", "job-1");
      await().atMost(Duration.ofSeconds(20)).until(() -> runs.get() >= 2);
      assertThat(runs.get()).isEqualTo(2);
    }
  }

  @Test
  void a_job_queued_before_a_restart_runs_after_it(@TempDir Path dir) {
    String url = "jdbc:sqlite:" + dir.resolve("q.db");
    try (Database db = Database.open(url)) {
      JobQueue notRunning = new JobQueue(Clock.systemUTC());
      notRunning.register("work", id -> {});
      notRunning.start(
          db.dataSource(),
          db.dialect(),
          new JobQueue.Settings(1, Duration.ofMillis(100), Duration.ofSeconds(1), false));
      notRunning.enqueue("work", "job-2");
      notRunning.close();
    }
    List<String> ran = new CopyOnWriteArrayList<>();
    try (Database db = Database.open(url);
        JobQueue queue = new JobQueue(Clock.systemUTC())) {
      queue.register("work", ran::add);
      queue.start(db.dataSource(), db.dialect(), FAST);
      await().atMost(Duration.ofSeconds(20)).until(() -> ran.contains("job-2"));
    }
  }

  @Test
  void recurring_work_runs_once_per_cluster_however_many_nodes_register_it(@TempDir Path dir)
      throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("q.db");
    AtomicInteger running = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger rounds = new AtomicInteger();
    JobQueue.Round round =
        () -> {
          if (running.incrementAndGet() > 1) {
            overlaps.incrementAndGet();
          }
          Thread.sleep(150);
          running.decrementAndGet();
          if (rounds.incrementAndGet() == 2) {
            throw new IllegalStateException("a bad round; the next one still runs");
          }
        };
    try (Database one = Database.open(url);
        Database two = Database.open(url);
        JobQueue first = new JobQueue(Clock.systemUTC());
        JobQueue second = new JobQueue(Clock.systemUTC())) {
      first.recurring("sweep", Duration.ofMillis(100), round);
      second.recurring("sweep", Duration.ofMillis(100), round);
      first.start(one.dataSource(), one.dialect(), FAST);
      second.start(two.dataSource(), two.dialect(), FAST);
      await().atMost(Duration.ofSeconds(20)).until(() -> rounds.get() >= 6);
      try (var c = one.dataSource().getConnection();
          var s = c.createStatement();
          var rs =
              s.executeQuery("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'sweep'")) {
        rs.next();
        assertThat(rs.getInt(1)).as("one row for the whole cluster").isEqualTo(1);
      }
    }
    assertThat(overlaps.get()).as("rounds that ran while another node's round ran").isZero();
  }
}
