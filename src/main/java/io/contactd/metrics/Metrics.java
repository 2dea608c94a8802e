package io.contactd.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * contactd's meters on one Prometheus registry. Every name starts with {@code contactd_} except
 * Micrometer's standard {@code jvm_}, {@code process_} and {@code system_} ones. Labels have small
 * fixed value sets (route templates, job kinds, outcomes), never ids or raw paths.
 */
public final class Metrics implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Metrics.class);

  /** What the connection pool reports; fields are read on every scrape. */
  public interface Pool {
    int active();

    int idle();

    int pending();

    int max();
  }

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Map<String, AtomicLong> waiting = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> running = new ConcurrentHashMap<>();
  private final Counter exportedContacts;
  private final Counter exportedBytes;
  private volatile Supplier<Map<String, Long>> waitingSource = Map::of;
  private volatile Supplier<Map<String, Integer>> runningSource = Map::of;

  public Metrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    exportedContacts =
        Counter.builder("contactd.export.contacts")
            .description("Contacts written into export files that became ready")
            .register(registry);
    exportedBytes =
        Counter.builder("contactd.export.bytes")
            .description("Compressed bytes of export files that became ready")
            .baseUnit("bytes")
            .register(registry);
  }

  /** One finished HTTP request; {@code route} is the matched template or "unmatched". */
  public void request(String method, String route, int status, double millis) {
    Timer.builder("contactd.http.requests")
        .description("HTTP requests by route template, method and status")
        .tag("method", method)
        .tag("route", route)
        .tag("status", Integer.toString(status))
        .register(registry)
        .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
  }

  /** One run of a queued job ended: {@code completed}, {@code error} (retried) or interrupted. */
  public void jobEnded(String kind, String outcome, Duration took) {
    Counter.builder("contactd.jobs")
        .description("Job runs by kind and outcome")
        .tag("kind", kind)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
    Timer.builder("contactd.job.duration")
        .description("How long job runs take, by kind")
        .tag("kind", kind)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofHours(1))
        .register(registry)
        .record(took);
  }

  /** An export became ready with {@code contacts} rows in files of {@code bytes} in all. */
  public void exported(long contacts, long bytes) {
    exportedContacts.increment(contacts);
    exportedBytes.increment(bytes);
  }

  /** An import ended with these row counts. */
  public void imported(long created, long updated, long errored) {
    importRows("created").increment(created);
    importRows("updated").increment(updated);
    importRows("errored").increment(errored);
  }

  private Counter importRows(String outcome) {
    return Counter.builder("contactd.import.rows")
        .description("CSV import rows by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  /**
   * Registers the queue gauges, one series per job kind. {@code waitingByKind} (a query) and {@code
   * runningByKind} are read once per scrape, not once per gauge.
   */
  public void jobs(
      Collection<String> kinds,
      Supplier<Map<String, Long>> waitingByKind,
      Supplier<Map<String, Integer>> runningByKind) {
    this.waitingSource = waitingByKind;
    this.runningSource = runningByKind;
    for (String kind : kinds) {
      AtomicLong w = waiting.computeIfAbsent(kind, k -> new AtomicLong());
      AtomicLong r = running.computeIfAbsent(kind, k -> new AtomicLong());
      Gauge.builder("contactd.jobs.waiting", w, AtomicLong::get)
          .description("Jobs queued and not yet picked by any node")
          .tag("kind", kind)
          .register(registry);
      Gauge.builder("contactd.jobs.running", r, AtomicLong::get)
          .description("Jobs running on this node")
          .tag("kind", kind)
          .register(registry);
    }
  }

  /** Registers the connection pool gauges when {@code dataSource} is a HikariCP pool. */
  public void pool(javax.sql.DataSource dataSource) {
    if (dataSource instanceof com.zaxxer.hikari.HikariDataSource hikari) {
      pool(new HikariPool(hikari));
    }
  }

  /** Registers the connection pool gauges. */
  public void pool(Pool pool) {
    gauge("contactd.db.pool.active", "Connections in use", pool::active);
    gauge("contactd.db.pool.idle", "Connections open and idle", pool::idle);
    gauge("contactd.db.pool.pending", "Threads waiting for a connection", pool::pending);
    gauge("contactd.db.pool.max", "Most connections the pool opens", pool::max);
  }

  private void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, value).description(description).register(registry);
  }

  /** The text exposition format, with the per-scrape figures read first. */
  public String scrape() {
    try {
      Map<String, Long> w = waitingSource.get();
      waiting.forEach((kind, value) -> value.set(w.getOrDefault(kind, 0L)));
    } catch (RuntimeException e) {
      // A database that is briefly away must not fail the whole scrape; the figure stays stale.
      log.warn("could not count waiting jobs for /metrics; the figure is from the last scrape", e);
    }
    Map<String, Integer> r = runningSource.get();
    running.forEach((kind, value) -> value.set(r.getOrDefault(kind, 0)));
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
