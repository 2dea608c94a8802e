package io.contactd.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactd.fields.ReservedField;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IdentifierTest {
  @Test
  void the_identifiers_are_the_catalogues_in_its_order() {
    assertThat(Arrays.stream(Identifier.values()).map(Identifier::field))
        .containsExactlyElementsOf(ReservedField.identifiers());
  }

  @Test
  void identifiers_are_named_in_paths_and_bodies_as_sendgrid_names_them() {
    assertThat(Identifier.ofPath("phone_number_id")).isEqualTo(Identifier.PHONE_NUMBER_ID);
    assertThat(Identifier.ofPath("email")).isEqualTo(Identifier.EMAIL);
    assertThat(Identifier.ofPath("PHONENUMBERID")).isNull();
    assertThat(Identifier.ofBody("EMAIL")).isEqualTo(Identifier.EMAIL);
    assertThat(Identifier.ofBody("PHONENUMBERID")).isEqualTo(Identifier.PHONE_NUMBER_ID);
    assertThat(Identifier.ofBody("EXTERNALID")).isEqualTo(Identifier.EXTERNAL_ID);
    assertThat(Identifier.ofBody("ANONYMOUSID")).isEqualTo(Identifier.ANONYMOUS_ID);
    assertThat(Identifier.ofBody("phone_number_id")).isNull();
    assertThat(Identifier.ANONYMOUS_ID.column()).isEqualTo("anonymous_id");
  }
}
