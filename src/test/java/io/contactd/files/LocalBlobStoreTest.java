package io.contactd.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactd.http.Links;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local folder, with its signed URLs served by contactd's own file route on port 0. */
class LocalBlobStoreTest extends BlobStoreContract {
  @TempDir Path root;
  private BlobStore store;
  private Javalin files;

  @Override
  BlobStore store() {
    if (store == null) {
      UrlSigner signer = new UrlSigner(new byte[32]);
      Links links = new Links();
      store = new LocalBlobStore(root, signer, links);
      BlobStore served = store;
      files =
          Javalin.create(
                  c -> {
                    c.startup.showJavalinBanner = false;
                    c.jetty.host = "127.0.0.1";
                    c.jetty.port = 0;
                    new FileRoutes(served, signer, Clock.systemUTC(), Duration.ofHours(73))
                        .register(c.routes);
                  })
              .start();
      links.setBase("http://127.0.0.1:" + files.port());
    }
    return store;
  }

  @AfterEach
  void stopFiles() {
    if (files != null) {
      files.stop();
    }
  }

  @Test
  void local_uploads_go_through_contactd_not_straight_to_the_store() {
    assertThat(store().directUpload("imports/x/upload", Instant.now().plusSeconds(60))).isEmpty();
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
