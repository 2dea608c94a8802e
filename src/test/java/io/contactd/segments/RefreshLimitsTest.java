package io.contactd.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RefreshLimitsTest {
  @Test
  void sendgrids_limits_are_the_default_and_read_back_as_written() {
    assertThat(RefreshLimits.parse("--segment-refresh-limits", "2/1/10"))
        .isEqualTo(RefreshLimits.SENDGRID);
    assertThat(RefreshLimits.SENDGRID.toString()).isEqualTo("2/1/10");
    assertThat(RefreshLimits.parse("--segment-refresh-limits", " 5 / 2 / 50 "))
        .isEqualTo(new RefreshLimits(5, 2, 50));
  }

  @Test
  void off_checks_no_limit() {
    RefreshLimits off = RefreshLimits.parse("--segment-refresh-limits", "OFF");
    assertThat(off.off()).isTrue();
    assertThat(off.toString()).isEqualTo("off");
    assertThat(RefreshLimits.SENDGRID.off()).isFalse();
  }

  @Test
  void anything_else_is_refused_naming_the_option() {
    for (String bad : new String[] {"", "2/1", "2/1/10/4", "0/1/10", "a/b/c", "-1/1/1"}) {
      assertThatThrownBy(() -> RefreshLimits.parse("--segment-refresh-limits", bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--segment-refresh-limits must be off or");
    }
  }
}
