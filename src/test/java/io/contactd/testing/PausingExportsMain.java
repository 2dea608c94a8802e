package io.contactd.testing;

import io.contactd.App;
import io.contactd.Config;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * contactd for crash tests, as its own process: {@code contactd serve} with every export pausing
 * after each file it publishes, so a test kills the process at a known point mid-export instead of
 * racing a fast export. Arguments: data dir, database URL, port, pause in milliseconds; the API key
 * comes from {@code CONTACTD_API_KEY} as for {@code serve}.
 */
public final class PausingExportsMain {
  private PausingExportsMain() {}

  public static void main(String[] args) throws InterruptedException {
    Config.Builder builder =
        Config.builder(Path.of(args[0]))
            .dbUrl(args[1])
            .port(Integer.parseInt(args[2]))
            .exportPartPause(Duration.ofMillis(Long.parseLong(args[3])))
            .rateLimitPerMinute(0)
            .apiKey(System.getenv("CONTACTD_API_KEY"))
            .jobTiming(Duration.ofSeconds(1), Duration.ofSeconds(1));
    if (args.length > 4) {
      builder.exportShardSize(Long.parseLong(args[4]));
    }
    App.start(builder.build(), Clock.systemUTC(), Clock.systemUTC());
    Thread.currentThread().join(); // until killed
  }
}
