package io.contactd.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What every BlobStore must do; one subclass per implementation (the local folder, S3). Signed URLs
 * are fetched over real HTTP from whoever serves them (contactd's file route, S3 itself).
 */
abstract class BlobStoreContract {
  /** More than two parts of the S3 test store (5 MiB), so a multipart upload really happens. */
  static final int LARGE = 12 * 1024 * 1024 + 123;

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  abstract BlobStore store();

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void put(String key, byte[] content) throws Exception {
    try (BlobStore.Pending p = store().create(key)) {
      p.stream().write(content);
      p.publish();
    }
  }

  private void put(String key, String content) throws Exception {
    put(key, bytes(content));
  }

  static byte[] noise(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void a_blob_is_invisible_until_published() throws Exception {
    try (BlobStore.Pending p = store().create("a/b/one.csv.gzip")) {
      OutputStream out = p.stream();
      out.write(bytes("hello"));
      out.flush();
      assertThat(store().stat("a/b/one.csv.gzip")).isEmpty();
      p.publish();
    }
    assertThat(store().size("a/b/one.csv.gzip")).isEqualTo(5);
    assertThat(store().stat("a/b/one.csv.gzip").orElseThrow().etag())
        .startsWith("\"")
        .endsWith("\"");
  }

  @Test
  void a_large_blob_is_invisible_until_published_and_reads_back_whole() throws Exception {
    byte[] content = noise(LARGE, 7);
    try (BlobStore.Pending p = store().create("big/one.bin")) {
      for (int off = 0; off < content.length; off += 100_000) {
        p.stream().write(content, off, Math.min(100_000, content.length - off));
      }
      assertThat(store().stat("big/one.bin")).as("parts sent, not published").isEmpty();
      p.publish();
    }
    assertThat(store().size("big/one.bin")).isEqualTo(LARGE);
    try (InputStream in = store().open("big/one.bin", 0, Long.MAX_VALUE)) {
      assertThat(sha256(in.readAllBytes())).isEqualTo(sha256(content));
    }
    try (InputStream in = store().open("big/one.bin", 5_000_000, 10)) {
      byte[] expected = java.util.Arrays.copyOfRange(content, 5_000_000, 5_000_010);
      assertThat(in.readAllBytes()).isEqualTo(expected);
    }
  }

  @Test
  void a_blob_closed_without_publishing_is_discarded() throws Exception {
    try (BlobStore.Pending p = store().create("x/discarded.bin")) {
      p.stream().write(bytes("partial"));
    }
    try (BlobStore.Pending p = store().create("x/discarded-large.bin")) {
      p.stream().write(noise(LARGE, 1));
    }
    assertThat(store().stat("x/discarded.bin")).isEmpty();
    assertThat(store().stat("x/discarded-large.bin")).isEmpty();
  }

  @Test
  void open_reads_a_byte_range() throws Exception {
    put("r/range.bin", "0123456789");
    try (InputStream in = store().open("r/range.bin", 3, 4)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("3456");
    }
    try (InputStream in = store().open("r/range.bin", 7, Long.MAX_VALUE)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("789");
    }
    assertThatThrownBy(() -> store().open("r/missing.bin", 0, 1))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void a_pinned_blob_reads_as_pinned_or_not_at_all() throws Exception {
    put("u/upload", "first,file\n");
    BlobStore.BlobInfo pinned = store().stat("u/upload").orElseThrow();
    try (InputStream in = store().openPinned(pinned)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("first,file\n");
    }
    put("u/upload", "a replay with other bytes\n");
    try (InputStream in = store().openPinned(pinned)) {
      // Where the store keeps versions, the pinned one is still there; else it must refuse.
      assertThat(pinned.version()).as("only a versioned store may read on").isNotNull();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("first,file\n");
    } catch (BlobStore.BlobChangedException e) {
      assertThat(pinned.version()).isNull();
    }
    store().delete("u/upload");
    BlobStore.BlobInfo gone = new BlobStore.BlobInfo("u/upload", 1, "\"x\"");
    assertThatThrownBy(() -> store().openPinned(gone)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void delete_prefix_removes_published_and_unfinished_blobs_of_that_folder_only() throws Exception {
    put("p/1/a.bin", "a");
    put("p/2/b.bin", "b");
    BlobStore.Pending unfinished = store().create("p/1/run/c.bin");
    unfinished.stream().write(noise(LARGE, 2)); // parts already sent to the store
    unfinished.stream().flush();
    store().deletePrefix("p/1/");
    assertThat(store().stat("p/1/a.bin")).isEmpty();
    assertThat(store().stat("p/2/b.bin")).isPresent();
    assertThatThrownBy(unfinished::publish)
        .as("a blob whose parts were deleted cannot be published")
        .isInstanceOf(IOException.class);
    assertThat(store().stat("p/1/run/c.bin")).isEmpty();
    store().delete("p/2/b.bin");
    store().delete("p/2/b.bin");
    assertThat(store().stat("p/2/b.bin")).isEmpty();
    unfinished.close(); // nothing left to discard, and no error for that
  }

  @Test
  void keys_that_could_escape_the_store_are_refused() {
    for (String bad : new String[] {"../etc/passwd", "/abs", "a//b", ".hidden", "a/../b", "a b"}) {
      assertThatThrownBy(() -> store().create(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void a_signed_url_downloads_the_blob_without_credentials() throws Exception {
    put("e/1/contacts-1.csv.gzip", "one");
    String url = store().signedUrl("e/1/contacts-1.csv.gzip", Instant.now().plusSeconds(3600));
    HttpResponse<byte[]> r = get(url);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("one");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/gzip");
    assertThat(r.headers().firstValue("Content-Disposition").orElseThrow())
        .contains("contacts-1.csv.gzip");
  }

  @Test
  void a_signed_url_changed_to_name_another_blob_is_403() throws Exception {
    put("e/2/contacts-1.csv.gzip", "one");
    put("e/2/contacts-2.csv.gzip", "two");
    String url = store().signedUrl("e/2/contacts-1.csv.gzip", Instant.now().plusSeconds(3600));
    HttpResponse<byte[]> r = get(url.replace("contacts-1", "contacts-2"));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("two");
  }

  @Test
  void a_signed_url_stops_working_when_it_expires() throws Exception {
    put("e/3/contacts-1.csv.gzip", "one");
    String url = store().signedUrl("e/3/contacts-1.csv.gzip", Instant.now().plusSeconds(2));
    assertThat(get(url).statusCode()).isEqualTo(200);
    Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(250))
        .until(() -> get(url).statusCode() == 403);
  }

  static String sha256(byte[] b) throws Exception {
    return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }
}
