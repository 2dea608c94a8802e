package io.contactd.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logging set-up of a contactd process, done once by the command line: one line per event on
 * stderr, as text or as JSON, at the level asked for. Libraries stay at WARN so that contactd's own
 * lines are what people read.
 */
public final class Logging {
  /** The request id of the request a log line belongs to (MDC key). */
  public static final String REQUEST_ID = "request_id";

  /** How each line looks. */
  public enum Format {
    TEXT,
    JSON
  }

  private static final String TEXT_PATTERN =
      "%d{HH:mm:ss.SSS} %-5level %logger{0}%replace( [%X{"
          + REQUEST_ID
          + "}]){' \\[\\]', ''} - %msg%n";

  private static final Map<String, Level> LIBRARIES =
      Map.of(
          "org.eclipse.jetty", Level.WARN,
          "com.zaxxer.hikari", Level.WARN,
          "org.flywaydb", Level.WARN,
          "com.github.kagkarlsson", Level.WARN,
          "io.javalin", Level.WARN,
          // Javalin logs a failed start as an error with a stack trace; contactd reports it in one
          // line itself (Failures), so this logger has nothing left to say.
          "io.javalin.Javalin", Level.OFF);

  private Logging() {}

  /**
   * Replaces whatever configuration logback found with ours. {@code level} is error, warn, info,
   * debug or trace.
   */
  public static void configure(String level, Format format) {
    Level parsed = Level.toLevel(level, null);
    if (parsed == null) {
      throw new IllegalArgumentException(
          "--log-level must be error, warn, info, debug or trace, was " + level);
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    Layout<ILoggingEvent> layout;
    if (format == Format.JSON) {
      layout = new JsonLayout();
    } else {
      PatternLayout pattern = new PatternLayout();
      pattern.setPattern(TEXT_PATTERN);
      layout = pattern;
    }
    layout.setContext(context);
    layout.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(layout);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("stderr");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(parsed);
    root.addAppender(stderr);
    boolean debug = !parsed.isGreaterOrEqual(Level.INFO);
    LIBRARIES.forEach(
        (name, libraryLevel) ->
            context
                .getLogger(name)
                .setLevel(debug && libraryLevel == Level.OFF ? Level.WARN : libraryLevel));
  }
}
