package io.contactd.jobs;

/**
 * What exports and imports tell the rest of the server about a job, in one call each at its start
 * and end: the emulator's faults may fail, stall or delay a job as it starts, and webhooks learn of
 * its outcome. The job kinds are {@code "export"} and {@code "import"}. {@link #NONE} does nothing.
 */
public interface JobHooks {
  /** Nothing injected, nobody told. */
  JobHooks NONE = new JobHooks() {};

  /** A failure an emulator fault injected; its message is what the job's status shows. */
  final class InjectedFailure extends Exception {
    public InjectedFailure(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * A job was created, with the {@code notifications.webhook_url} its request named (may be null).
   * Called before the job is queued.
   */
  default void created(String kind, long accountId, String jobId, String webhookUrl) {}

  /**
   * The job starts running. Returns false when the job is stalled: it must return without doing
   * anything and stay pending (it is queued again when released). May sleep (a delay fault).
   *
   * @throws InjectedFailure when the job must fail with that message
   */
  default boolean starting(String kind, long accountId, String jobId)
      throws InjectedFailure, InterruptedException {
    return true;
  }

  /**
   * The job's status became final ({@code outcome} is its status as the API shows it: {@code
   * ready}, {@code failure}, {@code completed}, {@code errored}, {@code failed}). Called after the
   * status change committed; may be called again for the same job (a run repeated after a crash),
   * which must not tell anybody twice.
   */
  default void ended(String kind, long accountId, String jobId, String outcome) {}

  /** Both, in order. */
  static JobHooks both(JobHooks first, JobHooks second) {
    return new JobHooks() {
      @Override
      public void created(String kind, long accountId, String jobId, String webhookUrl) {
        first.created(kind, accountId, jobId, webhookUrl);
        second.created(kind, accountId, jobId, webhookUrl);
      }

      @Override
      public boolean starting(String kind, long accountId, String jobId)
          throws InjectedFailure, InterruptedException {
        return first.starting(kind, accountId, jobId) && second.starting(kind, accountId, jobId);
      }

      @Override
      public void ended(String kind, long accountId, String jobId, String outcome) {
        first.ended(kind, accountId, jobId, outcome);
        second.ended(kind, accountId, jobId, outcome);
      }
    };
  }
}
