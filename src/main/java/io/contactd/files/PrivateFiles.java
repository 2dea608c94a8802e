package io.contactd.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Folders and files readable by contactd's user only (0700, 0600): they hold contacts, exports and
 * uploads. The mode is given at creation, never set afterwards, so the process's umask still
 * applies on top and a stricter one (0277) makes them stricter still. On a file system without
 * POSIX permissions the platform's defaults apply.
 */
public final class PrivateFiles {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private PrivateFiles() {}

  /** Creates {@code dir} and its missing parents 0700; existing ones are left as they are. */
  public static Path createDirectories(Path dir) throws IOException {
    if (!POSIX) {
      return Files.createDirectories(dir);
    }
    return Files.createDirectories(
        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  /** A new file, 0600; fails when it exists. */
  public static OutputStream createNew(Path file) throws IOException {
    Set<StandardOpenOption> options =
        Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    FileAttribute<?>[] attributes =
        POSIX
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    return Channels.newOutputStream(Files.newByteChannel(file, options, attributes));
  }
}
