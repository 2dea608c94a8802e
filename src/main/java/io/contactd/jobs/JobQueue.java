package io.contactd.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import io.contactd.db.Dialect;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable work queue, on db-scheduler: a job is a row in {@code scheduled_tasks} that any node
 * may claim; a node that stops heart-beating loses its claim and another node runs the job again.
 * Workers therefore must be safe to run twice. contactd's own tables stay the source of truth for
 * what the API reports; this queue only says what still has to run.
 */
public final class JobQueue implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JobQueue.class);

  /** Runs one job, named by its id. Must tolerate being run again after a crash. */
  @FunctionalInterface
  public interface Worker {
    void run(String jobId) throws Exception;
  }

  /** Told when a run of a job ends (metrics); must be quick and must not throw. */
  @FunctionalInterface
  public interface Listener {
    /** {@code outcome}: {@code completed}, {@code error} (it runs again) or {@code interrupted}. */
    void ended(String kind, String outcome, Duration took);
  }

  /** One round of background work that runs once per cluster at a time (a sweep, a refresh). */
  @FunctionalInterface
  public interface Round {
    void run() throws Exception;
  }

  /** How the queue polls and detects dead nodes. */
  public record Settings(
      int threads, Duration pollingInterval, Duration heartbeatInterval, boolean workers) {}

  private final Map<String, OneTimeTask<Void>> tasks = new LinkedHashMap<>();
  private final List<RecurringTask<Void>> recurring = new ArrayList<>();
  private final Clock clock;

  /**
   * This node's name in {@code scheduled_tasks.picked_by}: host, process id and a random part, so
   * that the nodes of one machine (or of one test JVM) are told apart when an operator asks which
   * node runs a job. Correctness never depends on it (claims go by row version).
   */
  private final String node =
      new com.github.kagkarlsson.scheduler.SchedulerName.Hostname().getName()
          + "/"
          + ProcessHandle.current().pid()
          + "/"
          + Integer.toHexString(
                  0x10000 | java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000))
              .substring(1);

  private Scheduler scheduler;
  private DataSource dataSource;
  private volatile boolean stopping;
  private volatile Listener listener = (kind, outcome, took) -> {};

  public JobQueue(Clock clock) {
    this.clock = clock;
  }

  /** Registers a kind of job; call before {@link #start}. */
  public void register(String kind, Worker worker) {
    if (scheduler != null) {
      throw new IllegalStateException("register job kinds before the queue starts");
    }
    tasks.put(
        kind,
        Tasks.oneTime(kind)
            // A job that threw (node shutting down, database briefly away) runs again soon, backing
            // off 1 s, 2 s, 4 s…; db-scheduler's default would wait 5 minutes.
            .onFailure(
                new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(1), 2.0))
            .execute(
                (instance, context) -> {
                  // A monotonic duration for the histogram; the clock is for what jobs record.
                  long started = System.nanoTime();
                  try {
                    worker.run(instance.getId());
                    ended(kind, "completed", started);
                  } catch (Exception e) {
                    ended(kind, stopping ? "interrupted" : "error", started);
                    if (stopping) {
                      // Expected: the node is stopping and the job stays queued; the shutdown line
                      // already says it resumes on the next start.
                      log.debug("{} job {} stopped by shutdown", kind, instance.getId());
                      throw new IllegalStateException(e);
                    }
                    // The worker records the failure in its own table; the queue retries later.
                    log.warn(
                        "{} job {} did not finish; it runs again shortly",
                        kind,
                        instance.getId(),
                        e);
                    throw new IllegalStateException(e);
                  }
                }));
  }

  /** Sets who hears of each ended run; call before {@link #start}. */
  public void listen(Listener listener) {
    this.listener = listener;
  }

  /** The registered job kinds. */
  public java.util.Set<String> kinds() {
    return java.util.Collections.unmodifiableSet(tasks.keySet());
  }

  private void ended(String kind, String outcome, long startedNanos) {
    listener.ended(kind, outcome, Duration.ofNanos(System.nanoTime() - startedNanos));
  }

  /**
   * Registers background work that runs every {@code every} on one node of the cluster at a time
   * (db-scheduler's recurring task: one row, claimed like a job, so N nodes do not sweep N times,
   * and a dead node's round is taken over). A round that throws is logged and the next one runs on
   * schedule. Call before {@link #start}.
   */
  public void recurring(String name, Duration every, Round round) {
    if (scheduler != null) {
      throw new IllegalStateException("register recurring work before the queue starts");
    }
    recurring.add(
        Tasks.recurring(name, FixedDelay.of(every))
            .execute(
                (instance, context) -> {
                  try {
                    round.run();
                  } catch (Exception e) {
                    if (stopping) {
                      log.debug("{} stopped by shutdown", name);
                    } else {
                      // A background loop must survive a bad round (database restarting, disk).
                      log.warn("{} failed; it runs again in {}", name, every, e);
                    }
                  }
                }));
  }

  public void start(DataSource dataSource, Dialect dialect, Settings settings) {
    this.dataSource = dataSource;
    var builder = Scheduler.create(dataSource, new ArrayList<>(tasks.values()));
    builder.startTasks(new ArrayList<>(recurring));
    dialect.configureScheduler(builder);
    scheduler =
        builder
            .threads(settings.threads())
            .pollingInterval(settings.pollingInterval())
            .heartbeatInterval(settings.heartbeatInterval())
            .missedHeartbeatsLimit(4)
            .clock(clock::instant)
            .schedulerName(new com.github.kagkarlsson.scheduler.SchedulerName.Fixed(node))
            .enableImmediateExecution()
            .shutdownMaxWait(Duration.ofSeconds(5))
            // The worker above logs each failure once, with what happens next.
            .failureLogging(com.github.kagkarlsson.scheduler.logging.LogLevel.DEBUG, false)
            .build();
    // A node without workers still queues jobs (the scheduler is also the client), it only never
    // polls for them.
    if (settings.workers()) {
      scheduler.start();
    }
  }

  /** Queues a job unless one with that id is already queued. */
  public void enqueue(String kind, String jobId) {
    OneTimeTask<Void> task = tasks.get(kind);
    if (task == null) {
      throw new IllegalArgumentException("unknown job kind " + kind);
    }
    scheduler.scheduleIfNotExists(task.instance(jobId), clock.instant());
  }

  /** This node's name, as {@code scheduled_tasks.picked_by} shows it for the jobs it runs. */
  public String node() {
    return node;
  }

  /**
   * How many jobs of each kind are queued and not picked by any node (due now or later, retries
   * included), counted in db-scheduler's table.
   */
  public Map<String, Long> waitingByKind() {
    Map<String, Long> waiting = new java.util.TreeMap<>();
    if (dataSource == null) {
      return waiting;
    }
    String sql =
        "SELECT task_name, COUNT(*) FROM scheduled_tasks WHERE picked = ? GROUP BY task_name";
    try (var connection = dataSource.getConnection();
        var statement = connection.prepareStatement(sql)) {
      statement.setBoolean(1, false);
      try (var rows = statement.executeQuery()) {
        while (rows.next()) {
          waiting.put(rows.getString(1), rows.getLong(2));
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot count waiting jobs: " + e.getMessage(), e);
    }
    return waiting;
  }

  /** How many jobs of each kind run on this node right now. */
  public Map<String, Integer> runningByKind() {
    Map<String, Integer> running = new java.util.TreeMap<>();
    if (scheduler != null) {
      for (var execution : scheduler.getCurrentlyExecuting()) {
        running.merge(execution.getTaskInstance().getTaskName(), 1, Integer::sum);
      }
    }
    return running;
  }

  /**
   * The node is about to stop: a job that ends with an error from now on was interrupted, not
   * failed, and stays queued for the next start.
   */
  public void stopping() {
    stopping = true;
  }

  @Override
  public void close() {
    stopping = true;
    if (scheduler != null) {
      scheduler.stop();
    }
  }
}
