package io.contactd.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormulaGuardTest {

  @Test
  void cells_a_spreadsheet_would_run_get_a_quote_in_front() {
    for (String risky :
        new String[] {
          "=HYPERLINK(\"http://x\")", "+1+1", "-1+2", "@SUM(A1)", "\tcmd", "\rcmd", "-", "+"
        }) {
      assertThat(FormulaGuard.apply(risky)).as(risky).isEqualTo("'" + risky);
    }
  }

  @Test
  void plain_numbers_and_ordinary_text_are_left_alone() {
    for (String plain :
        new String[] {"-5", "+1.5", "-0.25e-3", "+33", "Ann", "", "a=b", "1+1", "'=already"}) {
      assertThat(FormulaGuard.apply(plain)).as(plain).isEqualTo(plain);
    }
    assertThat(FormulaGuard.apply(null)).isNull();
    assertThat(FormulaGuard.apply("+33 6 12 34 56 78"))
        .as("a phone number with spaces is no number to a spreadsheet")
        .isEqualTo("'+33 6 12 34 56 78");
  }
}
