package io.contactd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sendgrid.Method;
import io.contactd.App;
import io.contactd.Config;
import io.contactd.Main;
import io.contactd.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI subcommands against a real SQLite data dir, then the server using what they made. */
class CommandLineTest {

  @Test
  void keys_create_prints_a_working_key_and_subusers_create_makes_an_on_behalf_of_target(
      @TempDir Path dir) {
    String key = run("keys", "create", "--data-dir", dir.toString(), "--name", "ci").trim();
    assertThat(key).matches("SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}");
    assertThat(run("subusers", "create", "team-a", "--data-dir", dir.toString()))
        .contains("team-a");

    try (App app =
        App.start(
            Config.builder(dir).port(0).rateLimitPerMinute(0).build(),
            Clock.systemUTC(),
            Clock.systemUTC())) {
      var sg = new com.sendgrid.SendGrid(key, true);
      sg.setHost("127.0.0.1:" + app.port());
      assertThat(TestServer.call(sg, Method.GET, "api_keys", null).getStatusCode()).isEqualTo(200);
      sg.addImpersonateSubuser("team-a");
      assertThat(TestServer.call(sg, Method.GET, "api_keys", null).getStatusCode()).isEqualTo(200);
      assertThat(app.generatedKey()).as("keys exist, so no key is generated").isEmpty();
    }
  }

  @Test
  void a_first_start_without_keys_generates_one_full_access_key(@TempDir Path dir) {
    try (App app =
        App.start(Config.builder(dir).port(0).build(), Clock.systemUTC(), Clock.systemUTC())) {
      assertThat(app.generatedKey()).hasValueSatisfying(k -> assertThat(k).startsWith("SG."));
      app.keyShown();
    }
    try (App again =
        App.start(Config.builder(dir).port(0).build(), Clock.systemUTC(), Clock.systemUTC())) {
      assertThat(again.generatedKey()).as("only on the first start").isEmpty();
      assertThat(again.noKeyShownYet()).as("the first key was shown").isFalse();
    }
  }

  @Test
  void a_first_key_that_was_never_shown_is_reported_until_a_key_is_created(@TempDir Path dir) {
    try (App app =
        App.start(Config.builder(dir).port(0).build(), Clock.systemUTC(), Clock.systemUTC())) {
      assertThat(app.generatedKey()).isPresent(); // and the process died before printing it
    }
    try (App again =
        App.start(Config.builder(dir).port(0).build(), Clock.systemUTC(), Clock.systemUTC())) {
      assertThat(again.generatedKey()).isEmpty();
      assertThat(again.noKeyShownYet()).isTrue();
    }
    run("keys", "create", "--data-dir", dir.toString());
    try (App third =
        App.start(Config.builder(dir).port(0).build(), Clock.systemUTC(), Clock.systemUTC())) {
      assertThat(third.noKeyShownYet()).as("keys create showed one").isFalse();
    }
  }

  @Test
  void keys_list_and_delete_and_subusers_list(@TempDir Path dir) {
    String d = dir.toString();
    String key =
        run("keys", "create", "--data-dir", d, "--name", "ci", "--scope", "api_keys.read").trim();
    String id = key.split("\\.")[1];
    assertThat(run("keys", "list", "--data-dir", d))
        .contains(id + "  ci  api_keys.read")
        .doesNotContain(key);
    assertThat(run("keys", "delete", "--data-dir", d, "--", id)).contains("deleted API key " + id);
    assertThat(run("keys", "list", "--data-dir", d)).doesNotContain(id);
    assertThat(exitCode("keys", "delete", "--data-dir", d, "--", id))
        .as("already gone")
        .isEqualTo(1);
    // "-_…", not "-" + the id's tail: a tail starting with h or V would read as -h/-V (help,
    // version).
    assertThat(exitCode("keys", "delete", "-_" + id.substring(2), "--data-dir", d))
        .as("an id starting with '-' is an id, not an unknown option (exit 2)")
        .isEqualTo(1);

    run("subusers", "create", "team-a", "--data-dir", d);
    run("subusers", "create", "team-b", "--data-dir", d, "--email", "b@example.com");
    assertThat(run("subusers", "list", "--data-dir", d))
        .contains("team-a  user_id", "team-b  user_id", "b@example.com");
  }

  @Test
  void settings_read_their_environment_variable_and_other_options_do_not(@TempDir Path dir) {
    var env = java.util.Map.of("CONTACTD_DATA_DIR", dir.toString(), "CONTACTD_NAME", "from-env");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(out, true));
    try {
      assertThat(Main.execute(new String[] {"keys", "create"}, env)).isZero();
      assertThat(Main.execute(new String[] {"keys", "list"}, env)).isZero();
    } finally {
      System.setOut(old);
    }
    assertThat(out.toString())
        .as("CONTACTD_DATA_DIR chose the folder")
        .contains("  cli  full access");
    assertThat(out.toString()).doesNotContain("from-env");
  }

  @Test
  void help_completion_and_version() {
    assertThat(run("help")).contains("serve", "keys", "subusers", "completion");
    assertThat(run("help", "serve")).contains("--port", "CONTACTD_PORT", "default 8080");
    assertThat(run("completion", "bash")).contains("complete -F", "serve", "--data-dir");
    assertThat(run("completion", "zsh")).contains("bashcompinit", "complete -F");
    assertThat(exitCode("completion", "fish")).isEqualTo(2);
    assertThat(run("version").trim()).matches("contactd \\S+ \\((\\p{XDigit}{7,}|unknown)\\)");
  }

  @Test
  void workers_takes_its_value_with_or_without_an_equals_sign() {
    var spaced = parse("serve", "--workers", "false");
    assertThat(spaced.matchedOptionValue("--workers", true)).isFalse();
    var joined = parse("serve", "--workers=false");
    assertThat(joined.matchedOptionValue("--workers", true)).isFalse();
    var bare = parse("serve", "--workers");
    assertThat(bare.matchedOptionValue("--workers", false)).isTrue();
  }

  private static CommandLine.ParseResult parse(String... args) {
    CommandLine cli = new CommandLine(new Contactd());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli.parseArgs(args).subcommand();
  }

  @Test
  void the_api_key_from_the_environment_is_registered_idempotently(@TempDir Path dir) {
    String key = io.contactd.auth.ApiKeySecret.generate().toString();
    for (int i = 0; i < 2; i++) {
      try (App app =
          App.start(
              Config.builder(dir).port(0).apiKey(key).build(),
              Clock.systemUTC(),
              Clock.systemUTC())) {
        var sg = new com.sendgrid.SendGrid(key, true);
        sg.setHost("127.0.0.1:" + app.port());
        assertThat(TestServer.call(sg, Method.GET, "scopes", null).getBody())
            .contains("marketing_campaigns.create");
        assertThat(app.generatedKey()).isEmpty();
      }
    }
  }

  @Test
  void unknown_scope_and_unknown_subuser_are_refused_with_exit_code_2(@TempDir Path dir) {
    assertThat(exitCode("keys", "create", "--data-dir", dir.toString(), "--scope", "nope"))
        .isEqualTo(2);
    assertThat(exitCode("keys", "create", "--data-dir", dir.toString(), "--subuser", "ghost"))
        .isEqualTo(2);
  }

  @Test
  void subusers_create_refuses_the_names_and_emails_the_api_refuses(@TempDir Path dir) {
    String data = dir.toString();
    for (String name : new String[] {"has space", "semi;colon", "x".repeat(65), "é"}) {
      assertThat(exitCode("subusers", "create", name, "--data-dir", data)).as(name).isEqualTo(2);
    }
    assertThat(exitCode("subusers", "create", "ok", "--email", "nope", "--data-dir", data))
        .isEqualTo(2);
    String key = run("keys", "create", "--data-dir", data).trim();
    try (App app =
        App.start(
            Config.builder(dir).port(0).rateLimitPerMinute(0).build(),
            Clock.systemUTC(),
            Clock.systemUTC())) {
      var sg = new com.sendgrid.SendGrid(key, true);
      sg.setHost("127.0.0.1:" + app.port());
      assertThat(TestServer.call(sg, Method.GET, "subusers", null).getBody())
          .as("none of them was created")
          .isEqualTo("[]");
      assertThat(
              TestServer.call(
                      sg,
                      Method.POST,
                      "subusers",
                      "{\"username\":\"has space\",\"email\":\"a@example.com\"}")
                  .getStatusCode())
          .as("the API refuses the same name")
          .isEqualTo(400);
    }
  }

  @Test
  void a_taken_port_fails_the_start_and_leaves_no_job_threads_behind(@TempDir Path dir)
      throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
      Config clash = Config.builder(dir).port(taken.getLocalPort()).build();
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> App.start(clash, Clock.systemUTC(), Clock.systemUTC()))
          .isInstanceOf(RuntimeException.class);
    }
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.isAlive() && t.getName().startsWith("db-scheduler")));
  }

  @Test
  void every_command_has_help() {
    for (String[] args :
        new String[][] {
          {"--help"},
          {"serve", "--help"},
          {"keys", "create", "--help"},
          {"subusers", "create", "--help"},
          {"keys", "list", "--help"},
          {"keys", "delete", "--help"},
          {"subusers", "list", "--help"},
          {"completion", "--help"},
          {"help"},
          {"version"}
        }) {
      assertThat(exitCode(args)).as(String.join(" ", args)).isZero();
    }
  }

  private static String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(out, true));
    try {
      int code = Main.execute(args, java.util.Map.of());
      assertThat(code).as(String.join(" ", args)).isZero();
    } finally {
      System.setOut(old);
    }
    return out.toString();
  }

  private static int exitCode(String... args) {
    PrintStream old = System.out;
    PrintStream oldErr = System.err;
    System.setOut(new PrintStream(new ByteArrayOutputStream()));
    System.setErr(new PrintStream(new ByteArrayOutputStream()));
    try {
      return Main.execute(args, java.util.Map.of());
    } finally {
      System.setOut(old);
      System.setErr(oldErr);
    }
  }
}
