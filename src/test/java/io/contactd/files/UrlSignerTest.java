package io.contactd.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrlSignerTest {
  private final UrlSigner signer = new UrlSigner("0123456789abcdef0123456789abcdef".getBytes());

  @Test
  void a_signature_covers_method_key_and_expiry() {
    String sig = signer.sign("GET", "exports/1/a.csv.gzip", 100);
    assertThat(signer.verify("GET", "exports/1/a.csv.gzip", 100, sig)).isTrue();
    assertThat(signer.verify("PUT", "exports/1/a.csv.gzip", 100, sig)).isFalse();
    assertThat(signer.verify("GET", "exports/1/b.csv.gzip", 100, sig)).isFalse();
    assertThat(signer.verify("GET", "exports/1/a.csv.gzip", 101, sig)).isFalse();
    assertThat(
            new UrlSigner("another secret of 32 bytes......".getBytes())
                .verify("GET", "exports/1/a.csv.gzip", 100, sig))
        .isFalse();
  }
}
