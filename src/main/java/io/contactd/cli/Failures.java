package io.contactd.cli;

import io.contactd.Config;
import io.contactd.files.BlobStoreUnavailable;
import java.net.BindException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Turns what went wrong at start into the one line a person needs: what contactd tried, with which
 * value, and what the operating system or the database answered. The stack trace is for {@code
 * --debug}.
 */
final class Failures {
  private Failures() {}

  /** A failure whose message is already the one line to print. */
  static final class StartFailure extends RuntimeException {
    StartFailure(String line, Throwable cause) {
      super(line, cause);
    }
  }

  /** The line printed for any exception that ends a command. */
  static String oneLine(Throwable e) {
    if (e instanceof StartFailure || e instanceof IllegalArgumentException) {
      return e.getMessage();
    }
    return "failed: " + firstLine(e.toString()) + " (--debug shows the stack trace)";
  }

  /** Explains why {@code App.start} failed with this configuration. */
  static String start(RuntimeException e, Config config) {
    if (e instanceof IllegalArgumentException || e instanceof BlobStoreUnavailable) {
      return e.getMessage();
    }
    BindException bind = find(e, BindException.class);
    if (bind != null || e.getClass().getSimpleName().equals("JavalinBindException")) {
      return listen(bind, config);
    }
    if (find(e, SQLException.class) != null) {
      return database(e, config);
    }
    return oneLine(e);
  }

  private static String listen(BindException bind, Config config) {
    String where = "cannot listen on " + config.host() + ":" + config.port() + ": ";
    String reason = bind == null ? "" : String.valueOf(bind.getMessage()).toLowerCase(Locale.ROOT);
    if (reason.contains("in use")) {
      return where
          + "address already in use (another process has the port; choose one with --port)";
    }
    if (reason.contains("assign requested address")) {
      return where
          + config.host()
          + " is not an address of this machine (--host takes a local address, or 0.0.0.0 for all)";
    }
    if (reason.contains("permission denied")) {
      return where + "permission denied (ports below 1024 need privileges; choose one with --port)";
    }
    return where + (reason.isEmpty() ? "the address cannot be bound" : reason);
  }

  /** Explains why the database of {@code config} could not be opened. */
  static String database(RuntimeException e, Config config) {
    String what = "cannot open the database " + Config.masked(config.jdbcUrl()) + ": ";
    SQLException sql = find(e, SQLException.class);
    if (sql == null) {
      return what + firstLine(String.valueOf(e.getMessage()));
    }
    String reason = firstLine(String.valueOf(sql.getMessage())).replaceFirst("^FATAL: ", "");
    // PostgreSQL's driver adds advice after the first sentence ("Check that the hostname…").
    int advice = reason.indexOf(". Check that");
    if (advice > 0) {
      reason = reason.substring(0, advice);
    }
    Throwable cause = sql.getCause();
    if (cause != null && cause.getMessage() != null && !reason.contains(cause.getMessage())) {
      reason +=
          " (" + cause.getClass().getSimpleName() + ": " + firstLine(cause.getMessage()) + ")";
    }
    return what + reason;
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  static String firstLine(String text) {
    String t = text.strip();
    int nl = t.indexOf('\n');
    return nl < 0 ? t : t.substring(0, nl).strip();
  }
}
