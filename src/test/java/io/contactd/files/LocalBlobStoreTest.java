package io.contactd.files;

import io.contactd.http.Links;
import java.nio.file.Path;
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
}
