package io.contactd.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every BlobStore must do; one subclass per implementation (local folder now, S3 later). */
abstract class BlobStoreContract {

  abstract BlobStore store();

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void put(String key, String content) throws Exception {
    try (BlobStore.Pending p = store().create(key)) {
      p.stream().write(bytes(content));
      p.publish();
    }
  }

  @Test
  void a_blob_is_invisible_until_published() throws Exception {
    try (BlobStore.Pending p = store().create("a/b/one.csv.gzip")) {
      OutputStream out = p.stream();
      out.write(bytes("hello"));
      assertThat(store().stat("a/b/one.csv.gzip")).isEmpty();
      p.publish();
    }
    assertThat(store().size("a/b/one.csv.gzip")).isEqualTo(5);
    assertThat(store().stat("a/b/one.csv.gzip").orElseThrow().etag())
        .startsWith("\"")
        .endsWith("\"");
  }

  @Test
  void a_blob_closed_without_publishing_is_discarded() throws Exception {
    try (BlobStore.Pending p = store().create("x/discarded.bin")) {
      p.stream().write(bytes("partial"));
    }
    assertThat(store().stat("x/discarded.bin")).isEmpty();
  }

  @Test
  void open_reads_a_byte_range() throws Exception {
    put("r/range.bin", "0123456789");
    try (InputStream in = store().open("r/range.bin", 3, 4)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("3456");
    }
    assertThatThrownBy(() -> store().open("r/missing.bin", 0, 1))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void delete_prefix_removes_published_and_unfinished_blobs_of_that_folder_only() throws Exception {
    put("p/1/a.bin", "a");
    put("p/2/b.bin", "b");
    BlobStore.Pending unfinished = store().create("p/1/run/c.bin");
    unfinished.stream().write(bytes("c"));
    unfinished.stream().flush();
    store().deletePrefix("p/1/");
    assertThat(store().stat("p/1/a.bin")).isEmpty();
    assertThat(store().stat("p/2/b.bin")).isPresent();
    store().delete("p/2/b.bin");
    store().delete("p/2/b.bin");
    assertThat(store().stat("p/2/b.bin")).isEmpty();
    unfinished.close();
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
  void signed_urls_carry_their_expiry_and_end_with_the_key() {
    Instant expires = Instant.ofEpochSecond(2_000_000_000L);
    String url = store().signedUrl("e/1/contacts-1.csv.gzip", expires);
    assertThat(url).contains("2000000000").endsWith("/e/1/contacts-1.csv.gzip");
    assertThat(store().signedUrl("e/1/contacts-1.csv.gzip", expires)).isEqualTo(url);
    assertThat(store().signedUrl("e/1/contacts-2.csv.gzip", expires))
        .isNotEqualTo(url.replace("contacts-1", "contacts-2"));
  }
}
