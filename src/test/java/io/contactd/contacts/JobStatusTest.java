package io.contactd.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class JobStatusTest {
  private static final EnumSet<JobStatus> ENDED =
      EnumSet.of(JobStatus.COMPLETED, JobStatus.ERRORED, JobStatus.FAILED);

  @Test
  void a_pending_job_ends_completed_errored_or_failed() {
    for (JobStatus end : ENDED) {
      assertThat(JobStatus.PENDING.canMoveTo(end)).as(end.name()).isTrue();
      JobStatus.require(JobStatus.PENDING, end);
    }
  }

  @Test
  void a_pending_job_does_not_move_to_pending() {
    assertThat(JobStatus.PENDING.canMoveTo(JobStatus.PENDING)).isFalse();
    assertThatThrownBy(() -> JobStatus.require(JobStatus.PENDING, JobStatus.PENDING))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void an_ended_job_never_changes_again() {
    for (JobStatus from : ENDED) {
      for (JobStatus to : JobStatus.values()) {
        assertThat(from.canMoveTo(to)).as(from + " → " + to).isFalse();
        assertThatThrownBy(() -> JobStatus.require(from, to))
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
      // Turkish lower-cases I to a dotless ı and upper-cases i to a dotted İ.
      assertThat(JobStatus.FAILED.wire()).isEqualTo("failed");
      assertThat(JobStatus.PENDING.wire()).isEqualTo("pending");
      assertThat(JobStatus.of("failed")).isEqualTo(JobStatus.FAILED);
      assertThat(JobStatus.of("pending")).isEqualTo(JobStatus.PENDING);
      for (JobStatus s : JobStatus.values()) {
        assertThat(JobStatus.of(s.wire())).isEqualTo(s);
      }
    } finally {
      Locale.setDefault(before);
    }
  }
}
