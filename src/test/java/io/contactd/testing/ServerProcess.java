package io.contactd.testing;

import com.sendgrid.SendGrid;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * contactd as a real operating-system process on the test classpath, for tests that kill it with
 * SIGKILL. Heartbeats every second, so a dead node's jobs are taken over within seconds.
 */
public final class ServerProcess {
  private ServerProcess() {}

  /** Starts {@code contactd serve}; its output goes to {@code dataDir/log}. */
  public static Process start(Path dataDir, String dbUrl, String key, int port, String log)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            "io.contactd.Main",
            "serve",
            "--data-dir",
            dataDir.toString(),
            "--db",
            dbUrl,
            "--port",
            Integer.toString(port),
            "--rate-limit",
            "off",
            "--job-heartbeat",
            "1s");
    pb.environment().put("CONTACTD_API_KEY", key);
    pb.redirectErrorStream(true);
    pb.redirectOutput(dataDir.resolve(log).toFile());
    return pb.start();
  }

  /**
   * Starts {@code contactd ARGS…} with these extra environment variables; output to {@code log}.
   */
  public static Process startCli(Map<String, String> env, Path log, String... args)
      throws IOException {
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                javaBin,
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.contactd.Main"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    return pb.start();
  }

  /**
   * Like {@link #start}, through {@link PausingExportsMain}: every export pauses {@code pause}
   * after each file it publishes.
   */
  public static Process startPausingExports(
      Path dataDir, String dbUrl, String key, int port, String log, Duration pause)
      throws IOException {
    return startPausingExports(dataDir, dbUrl, key, port, log, pause, 500_000);
  }

  /** The same, with exports cut into shards of {@code shardSize} contacts. */
  public static Process startPausingExports(
      Path dataDir, String dbUrl, String key, int port, String log, Duration pause, long shardSize)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "--enable-native-access=ALL-UNNAMED",
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            PausingExportsMain.class.getName(),
            dataDir.toString(),
            dbUrl,
            Integer.toString(port),
            Long.toString(pause.toMillis()),
            Long.toString(shardSize));
    pb.environment().put("CONTACTD_API_KEY", key);
    pb.redirectErrorStream(true);
    pb.redirectOutput(dataDir.resolve(log).toFile());
    return pb.start();
  }

  public static void awaitHealthy(int port) {
    HttpClient http = HttpClient.newHttpClient();
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptions()
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/healthz"))
                                .build(),
                            HttpResponse.BodyHandlers.ofString())
                        .statusCode()
                    == 200);
  }

  public static SendGrid client(String key, int port) {
    SendGrid sg = new SendGrid(key, true);
    sg.setHost("127.0.0.1:" + port);
    return sg;
  }
}
