package io.contactd.contacts;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of a contact job (an upsert, a delete, a CSV import): {@code pending} until a
 * worker applies it, then {@code completed} (no row failed), {@code errored} (some rows failed) or
 * {@code failed} (every row failed, or the work could not be done). Only pending jobs change;
 * {@link ContactJobStore} names the state it expects in every update.
 */
public enum JobStatus {
  PENDING,
  COMPLETED,
  ERRORED,
  FAILED;

  private static final Map<JobStatus, Set<JobStatus>> NEXT =
      Map.of(
          PENDING, Set.of(COMPLETED, ERRORED, FAILED),
          COMPLETED, Set.of(),
          ERRORED, Set.of(),
          FAILED, Set.of());

  /** As stored and as the API shows it; {@code Locale.ROOT}, or "failed" turns Turkish. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  static JobStatus of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }

  boolean canMoveTo(JobStatus to) {
    return NEXT.get(this).contains(to);
  }

  static void require(JobStatus from, JobStatus to) {
    if (!from.canMoveTo(to)) {
      throw new IllegalArgumentException("a contact job does not go from " + from + " to " + to);
    }
  }

  /** How a job ends that read {@code requested} rows of which {@code errored} failed. */
  static JobStatus outcome(long requested, long errored) {
    if (errored == 0) {
      return COMPLETED;
    }
    return errored >= requested ? FAILED : ERRORED;
  }
}
