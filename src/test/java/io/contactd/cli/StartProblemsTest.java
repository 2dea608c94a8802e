package io.contactd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactd.App;
import io.contactd.Config;
import io.contactd.Main;
import io.contactd.auth.ApiKeyStore;
import io.contactd.db.Database;
import io.contactd.logging.Logging;
import io.contactd.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every configuration or start-up problem, through the real command line ({@link Main#execute},
 * what {@code main} runs): exactly one line {@code contactd: …} on stderr, nothing on stdout, a
 * non-zero exit; {@code --debug} or {@code CONTACTD_LOG_LEVEL=debug} adds the stack trace.
 */
class StartProblemsTest {
  @TempDir Path dir;

  /**
   * Each case starts at the usual level: a case run with {@code --debug} before it would otherwise
   * leave debug logging on, and a start refused before logging is configured again would then catch
   * the debug lines of other threads (HTTP clients of earlier tests closing) on its stderr.
   */
  @BeforeEach
  void start_at_the_usual_logging() {
    back_to_the_usual_logging();
  }

  @AfterAll
  static void back_to_the_usual_logging() {
    Logging.configure("info", Logging.Format.TEXT);
  }

  @Test
  void a_taken_port_is_one_line_and_creates_no_key() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      assertOneLine(
          serve("--port", Integer.toString(port)),
          1,
          "contactd: cannot listen on 127.0.0.1:" + port + ": address already in use");
    }
    try (Database db = Database.open("jdbc:sqlite:" + dir.resolve("contactd.db"))) {
      assertThat(new ApiKeyStore(db.jdbi(), Clock.systemUTC()).countAll())
          .as("the one-time key is made only once the server listens")
          .isZero();
    }
    try (App app =
        App.start(Config.builder(dir).port(0).build(), Clock.systemUTC(), Clock.systemUTC())) {
      assertThat(app.generatedKey()).as("so the next start shows one").isPresent();
    }
  }

  @Test
  void an_address_that_is_not_local_is_named_as_such() {
    // 192.0.2.0/24 is TEST-NET-1: never an address of this machine.
    assertOneLine(
        serve("--host", "192.0.2.1", "--port", "0"),
        1,
        "contactd: cannot listen on 192.0.2.1:0: 192.0.2.1 is not an address of this machine");
  }

  @Test
  void a_postgresql_database_that_does_not_exist() {
    String url = TestDatabases.withDatabase(pgUrl(), "contactd_no_such_db");
    assertOneLine(
        serve("--db", url),
        1,
        "contactd: cannot open the database "
            + url
            + ": database \"contactd_no_such_db\" does not exist");
  }

  @Test
  void a_postgresql_login_that_is_refused() {
    String url =
        TestDatabases.withDatabase(pgUrl(), "postgres")
                .replaceAll("user=[^&]*", "user=contactd_nobody")
            + "&password=secret";
    assertOneLine(serve("--db", url), 1, "role \"contactd_nobody\" does not exist");
    assertThat(lastErr)
        .as("the password is masked")
        .doesNotContain("secret")
        .contains("password=***");
  }

  @Test
  void a_postgresql_server_that_does_not_answer() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + closed + "/contactd?user=postgres";
    assertOneLine(
        serve("--db", url),
        1,
        "contactd: cannot open the database "
            + url
            + ": Connection to 127.0.0.1:"
            + closed
            + " refused");
  }

  @Test
  void an_unsupported_jdbc_url() {
    assertOneLine(
        serve("--db", "jdbc:mysql://localhost/contacts"),
        2,
        "contactd: --db must be jdbc:postgresql://HOST[:PORT]/DATABASE or jdbc:sqlite:FILE, was jdbc:mysql://localhost/contacts");
  }

  @Test
  void a_data_dir_that_is_a_file() throws Exception {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    assertOneLine(
        run(Map.of(), "serve", "--data-dir", file.toString()),
        1,
        "contactd: data dir " + file + " is a file, not a folder");
    assertOneLine(
        run(Map.of(), "serve", "--data-dir", file.resolve("inside").toString()),
        1,
        "contactd: cannot create data dir " + file.resolve("inside"));
  }

  @Test
  void a_data_dir_that_is_not_writable() {
    // A folder made read-only with chmod would not do: tests run as root here and in CI, and root
    // writes into any folder. A process's own /proc entry is a folder nobody, root included, may
    // create files in.
    Path proc = Path.of("/proc/self");
    Assumptions.assumeTrue(Files.isDirectory(proc), "no /proc on this system");
    assertOneLine(
        run(Map.of(), "serve", "--data-dir", proc.toString()),
        1,
        "contactd: data dir " + proc + " is not writable by this user");
  }

  @Test
  void a_malformed_api_key_in_the_environment_is_refused_without_echoing_it() {
    Map<String, String> env = Map.of("CONTACTD_API_KEY", "SG.not-a-key-at-all");
    assertOneLine(
        run(env, "serve", "--data-dir", dir.toString(), "--port", "0"),
        2,
        "contactd: CONTACTD_API_KEY must look like SG.<22 characters>.<43 characters>");
    assertThat(lastErr).doesNotContain("not-a-key-at-all");
  }

  @Test
  void numbers_and_durations_out_of_range() {
    assertOneLine(serve("--port", "99999"), 2, "contactd: --port must be 0..65535, was 99999");
    assertOneLine(
        serve("--export-gzip-level", "12"),
        2,
        "contactd: --export-gzip-level must be 1..9, was 12");
    assertOneLine(
        serve("--job-heartbeat", "5"),
        2,
        "contactd: --job-heartbeat must be a duration like 500ms, 5s or 2m, was 5");
    assertOneLine(
        serve("--port", "abc"),
        2,
        "contactd: Invalid value for option '--port': 'abc' is not an int");
    assertOneLine(
        run(Map.of("CONTACTD_EXPORT_GZIP_LEVEL", "0"), "serve", "--data-dir", dir.toString()),
        2,
        "contactd: --export-gzip-level must be 1..9, was 0");
  }

  @Test
  void a_dashboard_origin_that_would_change_the_content_security_policy_is_refused() {
    assertOneLine(
        serve("--dashboard-connect-src", "https://ok.example.com 'unsafe-inline'"),
        2,
        "contactd: --dashboard-connect-src takes origins like https://bucket.s3.example.com, was"
            + " 'unsafe-inline'");
    assertOneLine(
        run(
            Map.of("CONTACTD_DASHBOARD_CONNECT_SRC", "https://x.example.com;script-src"),
            "serve",
            "--data-dir",
            dir.toString()),
        2,
        "contactd: --dashboard-connect-src takes origins like https://bucket.s3.example.com, was"
            + " https://x.example.com;script-src");
  }

  @Test
  void a_bad_rate_limit() {
    assertOneLine(
        serve("--rate-limit", "lots"),
        2,
        "contactd: --rate-limit must be a number of requests per minute or 'off', was lots");
    assertOneLine(
        serve("--rate-limit", "-5"), 2, "contactd: --rate-limit must be a number >= 0 or 'off'");
  }

  @Test
  void debug_adds_the_stack_trace() {
    Outcome flag = serve("--port", "99999", "--debug");
    assertThat(flag.code()).isEqualTo(2);
    assertThat(flag.errLines().get(0)).isEqualTo("contactd: --port must be 0..65535, was 99999");
    assertThat(flag.err())
        .contains("java.lang.IllegalArgumentException", "\tat io.contactd.Config");

    Outcome env =
        run(
            Map.of("CONTACTD_LOG_LEVEL", "debug"),
            "serve",
            "--data-dir",
            dir.toString(),
            "--port",
            "99999");
    assertThat(env.code()).isEqualTo(2);
    assertThat(env.err()).contains("\tat io.contactd.Config");
  }

  private record Outcome(int code, String out, String err) {
    List<String> errLines() {
      List<String> lines = new ArrayList<>();
      for (String line : err.split("\n")) {
        if (!line.isBlank()) {
          lines.add(line);
        }
      }
      return lines;
    }
  }

  private String lastErr = "";

  private Outcome serve(String... args) {
    List<String> all = new ArrayList<>(List.of("serve", "--data-dir", dir.toString()));
    all.addAll(List.of(args));
    return run(Map.of(), all.toArray(String[]::new));
  }

  private Outcome run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Main.execute(args, new HashMap<>(env));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    lastErr = err.toString(StandardCharsets.UTF_8);
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), lastErr);
  }

  /** Exactly one line, {@code contactd: …} containing {@code expected}, and the exit code. */
  private static void assertOneLine(Outcome outcome, int code, String expected) {
    assertThat(outcome.errLines()).as("stderr: " + outcome.err()).hasSize(1);
    assertThat(outcome.errLines().get(0)).startsWith("contactd: ").contains(expected);
    assertThat(outcome.out()).isEmpty();
    assertThat(outcome.code()).isEqualTo(code);
  }

  private static String pgUrl() {
    String url = System.getenv(TestDatabases.PG_ENV);
    Assumptions.assumeTrue(
        url != null && !url.isBlank(), TestDatabases.PG_ENV + " is not set: no PostgreSQL to ask");
    return url;
  }
}
