package io.contactd.exports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class ExportStatusTest {
  @Test
  void a_pending_export_becomes_ready_or_fails() {
    assertThat(ExportStatus.PENDING.canMoveTo(ExportStatus.READY)).isTrue();
    assertThat(ExportStatus.PENDING.canMoveTo(ExportStatus.FAILURE)).isTrue();
    ExportStatus.require(ExportStatus.PENDING, ExportStatus.READY);
    ExportStatus.require(ExportStatus.PENDING, ExportStatus.FAILURE);
  }

  @Test
  void a_pending_export_does_not_move_to_pending() {
    assertThat(ExportStatus.PENDING.canMoveTo(ExportStatus.PENDING)).isFalse();
  }

  @Test
  void a_ready_or_failed_export_never_changes_again() {
    for (ExportStatus from : new ExportStatus[] {ExportStatus.READY, ExportStatus.FAILURE}) {
      for (ExportStatus to : ExportStatus.values()) {
        assertThat(from.canMoveTo(to)).as(from + " → " + to).isFalse();
        assertThatThrownBy(() -> ExportStatus.require(from, to))
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Test
  @SuppressWarnings(
      "deprecation") // new Locale("tr"): the way a JVM started with -Duser.language=tr
  void status_words_stay_english_under_a_turkish_default_locale() {
    Locale before = Locale.getDefault();
    Locale.setDefault(new Locale("tr"));
    try {
      assertThat(ExportStatus.FAILURE.wire()).isEqualTo("failure");
      assertThat(ExportStatus.PENDING.wire()).isEqualTo("pending");
      assertThat(ExportStatus.of("failure")).isEqualTo(ExportStatus.FAILURE);
      assertThat(ExportStatus.of("pending")).isEqualTo(ExportStatus.PENDING);
      for (ExportStatus s : ExportStatus.values()) {
        assertThat(ExportStatus.of(s.wire())).isEqualTo(s);
      }
    } finally {
      Locale.setDefault(before);
    }
  }
}
