package io.contactd.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContactRulesTest {
  private final ContactRules rules = new ContactRules(List.of());

  @Test
  void a_contact_without_an_identifier_is_refused_naming_the_four() {
    ContactRules.Checked c = rules.fromStrings(Map.of("first_name", "Ann"), null, Map.of(), "row");

    assertThat(c)
        .isEqualTo(
            new ContactRules.Invalid(
                "row",
                "contact must have at least one identifier:"
                    + " email, phone_number_id, external_id or anonymous_id"));
  }

  @Test
  void a_reserved_text_longer_than_its_limit_is_refused() {
    ContactRules.Checked c =
        rules.fromStrings(
            Map.of("email", "a@example.com", "first_name", "x".repeat(51)), null, Map.of(), "row");

    assertThat(c)
        .isEqualTo(
            new ContactRules.Invalid("row.first_name", "first_name must be at most 50 characters"));
  }

  @Test
  void a_bad_email_is_refused_naming_the_field() {
    ContactRules.Checked c = rules.fromStrings(Map.of("email", "nope"), null, Map.of(), "row");

    assertThat(c)
        .isEqualTo(new ContactRules.Invalid("row.email", "email is not a valid email address"));
  }
}
