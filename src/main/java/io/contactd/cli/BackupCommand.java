package io.contactd.cli;

import io.contactd.backup.Backup;
import io.contactd.backup.BackupException;
import io.contactd.backup.Exporter;
import io.contactd.backup.Progress;
import io.contactd.client.ApiClient;
import io.contactd.client.ClientException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code contactd backup}: a dated, complete-or-absent backup folder of an account. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description =
        "Back up an account of SendGrid or a contactd into a dated folder (UTC) under --out:"
            + " custom fields, lists, segments and every contact with its list memberships;"
            + " keep the newest --keep.")
final class BackupCommand implements Callable<Integer> {
  @Mixin ServerOptions server;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Folder that holds the dated backups (created if missing).")
  Path out;

  @Option(
      names = "--keep",
      defaultValue = "7",
      description =
          "Complete backups to keep in --out, this one included; default ${DEFAULT-VALUE}.")
  int keep;

  @Option(
      names = "--parallel",
      defaultValue = "4",
      description = "Files downloaded at once; default ${DEFAULT-VALUE}.")
  int parallel;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Progress progress = Consoles.progress();
    try {
      ApiClient api = server.client(spec, progress::line);
      Clock clock = Clock.systemUTC();
      Exporter exporter = new Exporter(api, clock, progress, parallel, ExportCommand.MAX_WAIT);
      Path done = new Backup(api, exporter, clock, progress).run(out, keep);
      System.out.println("backed up " + api.baseUrl() + " to " + done);
      return 0;
    } catch (ClientException | BackupException e) {
      throw new Failures.StartFailure(e.getMessage(), e);
    }
  }
}
