package io.contactd.files;

import io.contactd.http.Links;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * Blobs as files in a folder of the data dir (embedded mode). A blob is written to a hidden
 * temporary file beside its final name and renamed into place on publish, which is atomic on one
 * file system. Keys never start with a dot, so a temporary file can never be read as a blob.
 */
public final class LocalBlobStore implements BlobStore {
  private static final int BUFFER = 64 * 1024;

  private final Path root;
  private final UrlSigner signer;
  private final Links links;

  public LocalBlobStore(Path root, UrlSigner signer, Links links) {
    this.root = root.toAbsolutePath().normalize();
    this.signer = signer;
    this.links = links;
    try {
      PrivateFiles.createDirectories(this.root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the file store folder " + this.root, e);
    }
  }

  /** The path under which contactd serves signed downloads, e.g. {@code /files/…}. */
  public static String urlPath(String key, long expiresEpochSeconds, String signature) {
    return "/files/" + expiresEpochSeconds + "/" + signature + "/" + key;
  }

  private Path path(String key) {
    return root.resolve(BlobKeys.require(key));
  }

  @Override
  public Pending create(String key) throws IOException {
    Path target = path(key);
    Path temp =
        target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    OutputStream out = createNew(temp);
    return new LocalPending(temp, target, out);
  }

  /**
   * Creates the folders and the file. A {@link #deletePrefix} of a sibling folder may remove an
   * emptied parent between the two steps, so a vanished parent is created again a few times.
   */
  private static OutputStream createNew(Path file) throws IOException {
    for (int attempt = 1; ; attempt++) {
      PrivateFiles.createDirectories(file.getParent());
      try {
        return new BufferedOutputStream(PrivateFiles.createNew(file), BUFFER);
      } catch (NoSuchFileException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  private static final class LocalPending implements Pending {
    private final Path temp;
    private final Path target;
    private final OutputStream out;
    private boolean published;
    private boolean closed;

    LocalPending(Path temp, Path target, OutputStream out) {
      this.temp = temp;
      this.target = target;
      this.out = out;
    }

    @Override
    public OutputStream stream() {
      return out;
    }

    @Override
    public void publish() throws IOException {
      closeStream();
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      published = true;
    }

    private void closeStream() throws IOException {
      if (!closed) {
        closed = true;
        out.close();
      }
    }

    @Override
    public void close() throws IOException {
      if (!published) {
        try {
          closeStream();
        } finally {
          Files.deleteIfExists(temp);
        }
      }
    }
  }

  @Override
  public Optional<BlobInfo> stat(String key) throws IOException {
    if (!BlobKeys.valid(key)) {
      return Optional.empty();
    }
    Path file = path(key);
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (!attributes.isRegularFile()) {
      return Optional.empty();
    }
    long size = attributes.size();
    String tag = key + "\n" + size + "\n" + attributes.lastModifiedTime().toMillis();
    return Optional.of(new BlobInfo(key, size, "\"" + sha256(tag).substring(0, 32) + "\""));
  }

  @Override
  public InputStream open(String key, long offset, long length) throws IOException {
    FileChannel channel = FileChannel.open(path(key), StandardOpenOption.READ);
    channel.position(offset);
    InputStream in = Channels.newInputStream(channel);
    return new java.io.FilterInputStream(in) {
      private long left = length;

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          return -1;
        }
        int b = super.read();
        if (b >= 0) {
          left--;
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int n = super.read(b, off, (int) Math.min(len, left));
        if (n > 0) {
          left -= n;
        }
        return n;
      }
    };
  }

  /**
   * Only contactd writes the local folder, and an upload key only once (its URL is claimed before
   * the first byte), so a changed ETag means a bug or a hand-edited file: refused all the same.
   */
  @Override
  public InputStream openPinned(BlobInfo blob) throws IOException {
    Optional<BlobInfo> now = stat(blob.key());
    if (now.isEmpty()) {
      throw new NoSuchFileException(blob.key());
    }
    if (!now.get().etag().equals(blob.etag())) {
      throw new BlobChangedException(blob.key());
    }
    return open(blob.key(), 0, Long.MAX_VALUE);
  }

  /** contactd receives local uploads itself, on its {@code /uploads/…} route. */
  @Override
  public Optional<DirectUpload> directUpload(String key, Instant expiresAt) {
    return Optional.empty();
  }

  @Override
  public boolean takesDirectUploads() {
    return false;
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(path(key));
  }

  /**
   * {@code prefix} must name a folder ({@code exports/<id>/}); it goes with everything inside, and
   * so do the parent folders it leaves empty: a blob store has no folders of its own, so once the
   * call returns nothing of the deleted blobs is visible, not even an empty {@code exports/<id>}.
   */
  @Override
  public void deletePrefix(String prefix) throws IOException {
    if (!prefix.endsWith("/")) {
      throw new IllegalArgumentException("a prefix to delete ends with /: " + prefix);
    }
    Path folder = path(prefix.substring(0, prefix.length() - 1));
    if (Files.isDirectory(folder)) {
      deleteTree(folder);
    }
    deleteEmptyParents(folder.getParent());
  }

  /** Up to, not including, the root; stops at the first folder that still holds something. */
  private void deleteEmptyParents(Path dir) throws IOException {
    for (; dir != null && dir.startsWith(root) && !dir.equals(root); dir = dir.getParent()) {
      try {
        Files.deleteIfExists(dir);
      } catch (DirectoryNotEmptyException e) {
        return;
      }
    }
  }

  private static void deleteTree(Path folder) throws IOException {
    Files.walkFileTree(
        folder,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  @Override
  public String signedUrl(String key, Instant expiresAt) {
    long expires = expiresAt.getEpochSecond();
    return links.to(urlPath(BlobKeys.require(key), expires, signer.sign("GET", key, expires)));
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
