package io.contactd.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UploadStateTest {
  /** The table as the class comment states it, written out again so a change to it is seen. */
  private static final Map<UploadState, Set<UploadState>> ALLOWED =
      Map.of(
          UploadState.WAITING,
              Set.of(UploadState.RECEIVING, UploadState.RECEIVED, UploadState.REFUSED),
          UploadState.RECEIVING, Set.of(UploadState.RECEIVED, UploadState.REFUSED),
          UploadState.RECEIVED, Set.of(UploadState.CLEANED),
          UploadState.REFUSED, Set.of(UploadState.CLEANED),
          UploadState.CLEANED, Set.of());

  @Test
  void an_upload_moves_only_along_its_table() {
    for (UploadState from : UploadState.values()) {
      for (UploadState to : UploadState.values()) {
        if (ALLOWED.get(from).contains(to)) {
          assertThatCode(() -> UploadState.require(from, to)).doesNotThrowAnyException();
        } else {
          assertThatThrownBy(() -> UploadState.require(from, to))
              .as(from + " → " + to)
              .isInstanceOf(IllegalArgumentException.class);
        }
      }
    }
  }

  @Test
  @SuppressWarnings(
      "deprecation") // new Locale("tr"): the way a JVM started with -Duser.language=tr
  void state_words_stay_english_under_a_turkish_default_locale() {
    Locale before = Locale.getDefault();
    Locale.setDefault(new Locale("tr"));
    try {
      assertThat(UploadState.WAITING.wire()).isEqualTo("waiting");
      assertThat(UploadState.of("receiving")).isEqualTo(UploadState.RECEIVING);
      for (UploadState s : UploadState.values()) {
        assertThat(UploadState.of(s.wire())).isEqualTo(s);
      }
    } finally {
      Locale.setDefault(before);
    }
  }
}
