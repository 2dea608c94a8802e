package io.contactd.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks the data folder before anything opens a file in it, so a problem reads as one line. */
final class DataDir {
  private DataDir() {}

  static void prepare(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new Failures.StartFailure(
          "data dir " + dir + " is a file, not a folder (--data-dir / CONTACTD_DATA_DIR)", null);
    }
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new Failures.StartFailure(
          "cannot create data dir " + dir + ": " + e.getFile() + " is a file, not a folder", e);
    } catch (IOException e) {
      throw new Failures.StartFailure(
          "cannot create data dir "
              + dir
              + ": "
              + e.getClass().getSimpleName()
              + " "
              + e.getMessage(),
          e);
    }
    if (!Files.isWritable(dir)) {
      throw new Failures.StartFailure(
          "data dir " + dir + " is not writable by this user (--data-dir / CONTACTD_DATA_DIR)",
          null);
    }
  }
}
