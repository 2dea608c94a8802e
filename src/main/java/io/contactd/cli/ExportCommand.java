package io.contactd.cli;

import io.contactd.backup.BackupException;
import io.contactd.backup.Exporter;
import io.contactd.backup.Manifest;
import io.contactd.backup.Progress;
import io.contactd.client.ApiClient;
import io.contactd.client.ClientException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code contactd export}: a contact export of any server that speaks SendGrid's API, downloaded
 * and checked into a folder with its {@code manifest.json}.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description =
        "Export contacts from SendGrid or a contactd: start the export, wait for it, download its"
            + " files in parallel (resuming broken transfers), check gzip, rows and SHA-256, and"
            + " write manifest.json.")
final class ExportCommand implements Callable<Integer> {
  /** How long an export may stay pending before the command gives up. */
  static final Duration MAX_WAIT = Duration.ofHours(24);

  @Mixin ServerOptions server;

  @Option(
      names = "--list",
      split = ",",
      paramLabel = "ID",
      description = "Export this list's contacts (repeatable); with no --list or --segment: all.")
  List<String> lists = new ArrayList<>();

  @Option(
      names = "--segment",
      split = ",",
      paramLabel = "ID",
      description = "Export this segment's contacts (repeatable).")
  List<String> segments = new ArrayList<>();

  @Option(
      names = "--format",
      defaultValue = "csv",
      description = "csv or json (NDJSON); default ${DEFAULT-VALUE}.")
  String format;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Folder for the files and manifest.json (created if missing).")
  Path out;

  @Option(
      names = "--max-file-size",
      paramLabel = "MB",
      description =
          "Split the export into files of at most this many MB (the server's default: 5000).")
  Integer maxFileSize;

  @Option(
      names = "--parallel",
      defaultValue = "4",
      description = "Files downloaded at once; default ${DEFAULT-VALUE}.")
  int parallel;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Progress progress = Consoles.progress();
    Exporter.Request request =
        new Exporter.Request(
            lists, segments, format.toLowerCase(java.util.Locale.ROOT), maxFileSize);
    try {
      ApiClient api = server.client(spec, progress::line);
      Manifest m =
          new Exporter(api, Clock.systemUTC(), progress, parallel, MAX_WAIT).export(request, out);
      System.out.println(
          "exported "
              + m.contactCount()
              + " contacts in "
              + m.files().size()
              + (m.files().size() == 1 ? " file to " : " files to ")
              + out
              + " (export "
              + m.exportId()
              + ")");
      return 0;
    } catch (ClientException | BackupException e) {
      throw new Failures.StartFailure(e.getMessage(), e);
    }
  }
}
