package io.contactd.backup;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactd.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Files and folders of exports and backups: JSON written whole or not at all, folders removed. */
final class Folders {
  /** A file name that stays inside its folder. */
  static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}");

  private Folders() {}

  /** Writes pretty JSON beside {@code file}, then renames it over: readers see all or nothing. */
  static void writeJson(Path file, JsonNode json) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new BackupException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  static JsonNode readJson(Path file) {
    try {
      return Json.MAPPER.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new BackupException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static void create(Path folder) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new BackupException("cannot create " + folder + ": " + e.getMessage(), e);
    }
  }

  static void deleteRecursively(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new BackupException("cannot delete " + folder + ": " + e.getMessage(), e);
    }
  }
}
