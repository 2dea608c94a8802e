package io.contactd.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactd.testing.S3TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The S3 store against a real S3 API (s3proxy), with parts of 5 MiB, S3's smallest. */
class S3BlobStoreTest extends BlobStoreContract {
  private static final int PART = 5 * 1024 * 1024;
  private S3BlobStore store;

  @Override
  BlobStore store() {
    if (store == null) {
      S3TestServer server = S3TestServer.get();
      S3Location location = S3Location.parse(server.newBlobStore());
      S3Clients clients =
          S3Clients.create(
              location,
              StaticCredentialsProvider.create(
                  AwsBasicCredentials.create(S3TestServer.ACCESS_KEY, S3TestServer.SECRET_KEY)));
      store =
          new S3BlobStore(
              clients.client(), clients.presigner(), location.bucket(), Clock.systemUTC(), PART);
    }
    return store;
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void a_presigned_put_stores_the_file_and_needs_its_upload_headers() throws Exception {
    BlobStore.DirectUpload upload =
        store().directUpload("imports/j1/upload", Instant.now().plusSeconds(600)).orElseThrow();
    assertThat(upload.headers()).containsExactly(new BlobStore.Header("Content-Type", "text/csv"));
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> bare =
        http.send(
            HttpRequest.newBuilder(URI.create(upload.url()))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofString("email\nx@example.com\n"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bare.statusCode()).as("another Content-Type than signed").isEqualTo(403);
    assertThat(store().stat("imports/j1/upload")).isEmpty();
    HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.url()));
    upload.headers().forEach(h -> put.header(h.name(), h.value()));
    HttpResponse<String> ok =
        http.send(
            put.PUT(HttpRequest.BodyPublishers.ofString("email\nx@example.com\n")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(store().size("imports/j1/upload")).isEqualTo(20);
  }

  @Test
  void a_presigned_url_with_a_forged_signature_is_403_from_s3() throws Exception {
    try (BlobStore.Pending p = store().create("e/9/contacts-1.csv.gzip")) {
      p.stream().write("secret".getBytes(StandardCharsets.UTF_8));
      p.publish();
    }
    String url = store().signedUrl("e/9/contacts-1.csv.gzip", Instant.now().plusSeconds(600));
    int at = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
    char c = url.charAt(at);
    String forged = url.substring(0, at) + (c == '0' ? '1' : '0') + url.substring(at + 1);
    HttpResponse<byte[]> r = get(forged);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("SignatureDoesNotMatch");
    String later = url.replaceFirst("X-Amz-Expires=\\d+", "X-Amz-Expires=604800");
    assertThat(get(later).statusCode()).as("a longer life than signed").isEqualTo(403);
  }
}
