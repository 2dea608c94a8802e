package io.contactd.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code --blob-store} as it is parsed, and the origin its presigned URLs point at. */
class S3LocationTest {
  @Test
  void presigned_urls_of_a_path_style_endpoint_point_at_the_endpoint() {
    assertThat(S3Location.parse("s3://exports?endpoint=http://127.0.0.1:9000").urlOrigin())
        .contains("http://127.0.0.1:9000");
  }

  @Test
  void virtual_host_style_puts_the_bucket_in_the_host() {
    assertThat(
            S3Location.parse("s3://exports?endpoint=https://minio.example.com&path-style=false")
                .urlOrigin())
        .contains("https://exports.minio.example.com");
  }

  @Test
  void aws_urls_are_known_only_with_a_region() {
    assertThat(S3Location.parse("s3://exports?region=eu-west-1").urlOrigin())
        .contains("https://exports.s3.eu-west-1.amazonaws.com");
    assertThat(S3Location.parse("s3://exports").urlOrigin()).isEmpty();
  }

  @Test
  void a_bad_value_names_the_option() {
    assertThatThrownBy(() -> S3Location.parse("s3://Bad_Bucket"))
        .hasMessageStartingWith("--blob-store must be");
  }
}
