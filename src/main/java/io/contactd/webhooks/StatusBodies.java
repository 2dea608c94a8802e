package io.contactd.webhooks;

import java.util.Optional;

/** The status body of a job as its status endpoint answers it (the event's payload). */
@FunctionalInterface
public interface StatusBodies {
  /** {@code kind} is {@code export} or {@code import}; empty when the job is gone. */
  Optional<Object> body(String kind, long accountId, String jobId);
}
