package io.contactd.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactd.http.Links;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest extends BlobStoreContract {
  @TempDir Path root;
  private BlobStore store;

  @Override
  BlobStore store() {
    if (store == null) {
      Links links = new Links();
      links.setBase("http://files.test");
      store = new LocalBlobStore(root, new UrlSigner(new byte[32]), links);
    }
    return store;
  }

  @Test
  void delete_prefix_leaves_no_folder_it_emptied_but_keeps_folders_that_still_hold_blobs()
      throws Exception {
    for (String key : new String[] {"e/1/run/a.bin", "e/2/run/b.bin", "e/2/other/c.bin"}) {
      try (BlobStore.Pending p = store().create(key)) {
        p.publish();
      }
    }
    store().deletePrefix("e/2/run/");
    assertThat(root.resolve("e/2/run")).doesNotExist();
    assertThat(store().stat("e/2/other/c.bin")).isPresent();
    store().deletePrefix("e/2/other/");
    assertThat(root.resolve("e/2")).doesNotExist();
    assertThat(store().stat("e/1/run/a.bin")).isPresent();
    store().deletePrefix("e/1/run/");
    assertThat(root.resolve("e")).doesNotExist();
    assertThat(root).isDirectory();
    try (BlobStore.Pending p = store().create("e/3/d.bin")) {
      p.publish();
    }
    assertThat(store().stat("e/3/d.bin")).isPresent();
  }
}
