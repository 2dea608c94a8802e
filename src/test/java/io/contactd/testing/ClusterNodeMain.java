package io.contactd.testing;

import io.contactd.App;
import io.contactd.Config;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * One node of a test cluster, as its own process: {@code contactd serve} on a shared database and
 * blob store, with one worker thread (so a busy node leaves new jobs to the others), a short
 * heartbeat (a killed node's jobs move within seconds) and, when asked, a pause after each export
 * file it publishes (so a test can kill it mid-export). Arguments: data dir, database URL, port,
 * blob store, heartbeat ms, export pause ms; the API key comes from {@code CONTACTD_API_KEY}, the
 * S3 credentials from {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY}.
 */
public final class ClusterNodeMain {
  private ClusterNodeMain() {}

  public static void main(String[] args) throws InterruptedException {
    Duration heartbeat = Duration.ofMillis(Long.parseLong(args[4]));
    Config config =
        Config.builder(Path.of(args[0]))
            .dbUrl(args[1])
            .port(Integer.parseInt(args[2]))
            .blobStore(args[3])
            .jobTiming(Duration.ofMillis(200), heartbeat)
            .jobThreads(1)
            .exportPartPause(Duration.ofMillis(Long.parseLong(args[5])))
            .rateLimitPerMinute(0)
            .apiKey(System.getenv("CONTACTD_API_KEY"))
            .build();
    App.start(config, Clock.systemUTC(), Clock.systemUTC());
    Thread.currentThread().join(); // until killed
  }
}
