package io.contactd.cli;

import io.contactd.backup.BackupException;
import io.contactd.backup.Progress;
import io.contactd.backup.Restore;
import io.contactd.client.ApiClient;
import io.contactd.client.ClientException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code contactd restore DIR}: a backup into an account, matching by name (idempotent). */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description =
        "Restore a backup into an account of SendGrid or a contactd: custom fields, lists and"
            + " segments matched by name (reused when they exist, so a second run changes nothing),"
            + " then the contacts and their list memberships through the CSV import API.")
final class RestoreCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  @Parameters(
      index = "0",
      paramLabel = "DIR",
      description = "A backup folder, or the --out folder of backup (its newest backup is taken).")
  Path dir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Progress progress = Consoles.progress();
    try {
      ApiClient api = server.client(spec, progress::line);
      new Restore(api, Clock.systemUTC(), progress).run(dir);
      return 0;
    } catch (ClientException | BackupException e) {
      throw new Failures.StartFailure(e.getMessage(), e);
    }
  }
}
