package io.contactd.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cross-check against SendGrid's official OpenAPI files. Where they lie beside the repository,
 * every response a contract test asserts is also checked against them (see {@link OpenApi}), and
 * this test checks that contactd's own schemas describe no operation or status the official files
 * do not document, except those listed as {@code unlike_sendgrid} with their reason. In a plain
 * clone the files are absent: this test is then reported as skipped, with the reason, instead of
 * the cross-check vanishing unseen.
 */
class OfficialOpenApiTest {
  static final List<String> FILES =
      List.of(
          "tsg_mc_contacts_v3.yaml",
          "tsg_mc_lists_v3.yaml",
          "tsg_mc_custom_fields_v3.yaml",
          "tsg_api_keys_v3.yaml",
          "tsg_scopes_v3.yaml");

  @BeforeEach
  void officialFilesArePresent() {
    assumeTrue(
        OpenApi.officialPresent(),
        "SendGrid's official OpenAPI files are not beside the repository ("
            + OpenApi.folder()
            + "); responses were checked against contactd's own schemas only");
  }

  @Test
  void every_response_the_own_schemas_describe_is_documented_by_sendgrid() {
    List<String> undocumented = new ArrayList<>();
    for (OwnSchemas.Described d : OwnSchemas.get().described()) {
      boolean documented =
          FILES.stream()
              .map(OpenApi::official)
              .anyMatch(spec -> spec.documents(d.method(), d.path(), d.status()));
      if (!documented && !OwnSchemas.get().unlikeSendGrid(d.method(), d.path(), d.status())) {
        undocumented.add(d.method() + " " + d.path() + " " + d.status());
      }
    }
    assertThat(undocumented).as("own schemas for responses SendGrid does not document").isEmpty();
  }
}
