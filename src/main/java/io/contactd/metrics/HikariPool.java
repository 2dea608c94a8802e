package io.contactd.metrics;

import com.zaxxer.hikari.HikariDataSource;

/** {@link Metrics.Pool} of a HikariCP pool, read live from its management bean. */
public record HikariPool(HikariDataSource dataSource) implements Metrics.Pool {
  @Override
  public int active() {
    var bean = dataSource.getHikariPoolMXBean();
    return bean == null ? 0 : bean.getActiveConnections();
  }

  @Override
  public int idle() {
    var bean = dataSource.getHikariPoolMXBean();
    return bean == null ? 0 : bean.getIdleConnections();
  }

  @Override
  public int pending() {
    var bean = dataSource.getHikariPoolMXBean();
    return bean == null ? 0 : bean.getThreadsAwaitingConnection();
  }

  @Override
  public int max() {
    return dataSource.getMaximumPoolSize();
  }
}
