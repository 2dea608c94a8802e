package io.contactd.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client commands' help and their refusals before any request leaves. */
class ClientCommandsTest {
  @Test
  void help_names_the_commands_and_where_the_key_comes_from() {
    assertThat(Cli.run("help").out()).contains("export", "backup", "restore");
    assertThat(Cli.run("help", "export").out())
        .contains("--base-url", "--api-key", "CONTACTD_API_KEY", "--list", "--segment", "--format");
    assertThat(Cli.run("help", "backup").out()).contains("--keep", "--out");
    assertThat(Cli.run("help", "restore").out()).contains("DIR", "--on-behalf-of");
  }

  @Test
  void a_missing_key_a_bad_base_url_and_a_bad_keep_are_usage_errors(@TempDir Path dir) {
    Cli.Result noKey =
        Cli.run("export", "--base-url", "http://127.0.0.1:1", "--out", dir.toString());
    assertThat(noKey.code()).isEqualTo(2);
    assertThat(noKey.errLines())
        .containsExactly(
            "contactd: an API key is needed: --api-key KEY or the environment variable"
                + " CONTACTD_API_KEY");

    Cli.Result badUrl =
        Cli.run("backup", "--base-url", "api.sendgrid.com", "--api-key", "SG.x", "--out", "x");
    assertThat(badUrl.code()).isEqualTo(2);
    assertThat(badUrl.errLines()).hasSize(1);
    assertThat(badUrl.err()).contains("--base-url must be http(s)://HOST[:PORT]");

    Cli.Result keep =
        Cli.run(
            "backup",
            "--base-url",
            "http://127.0.0.1:1",
            "--api-key",
            "SG.x",
            "--out",
            dir.toString(),
            "--keep",
            "0");
    assertThat(keep.code()).isEqualTo(2);
    assertThat(keep.err()).contains("--keep must be at least 1");

    Cli.Result notBackup =
        Cli.run("restore", dir.toString(), "--base-url", "http://127.0.0.1:1", "--api-key", "SG.x");
    assertThat(notBackup.code()).isEqualTo(2);
    assertThat(notBackup.err()).contains("is not a complete backup");
  }

  @Test
  void an_unreachable_server_is_one_line_naming_it(@TempDir Path dir) {
    Cli.Result r =
        Cli.run(
            "export",
            "--base-url",
            "http://127.0.0.1:1",
            "--api-key",
            "SG.x",
            "--out",
            dir.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.errLines())
        .singleElement()
        .asString()
        .startsWith(
            "contactd: POST /v3/marketing/contacts/exports on http://127.0.0.1:1: cannot connect");
  }
}
