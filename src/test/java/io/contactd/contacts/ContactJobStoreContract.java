package io.contactd.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactd.db.Database;
import io.contactd.testing.Backend;
import io.contactd.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code contact_jobs} moves only along {@link JobStatus}: every update names the state it expects,
 * and one that finds the job elsewhere changes nothing and says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContactJobStoreContract {
  private static final long ACCOUNT = 1;

  abstract Backend backend();

  private Path dir;
  private Database database;
  private ContactJobStore store;

  @BeforeAll
  void open() throws IOException {
    dir = Files.createTempDirectory("contactd-jobs-");
    database = Database.open(TestDatabases.url(backend(), dir));
    store = new ContactJobStore(database.jdbi());
  }

  @AfterAll
  void close() throws IOException {
    database.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void a_pending_job_ends_once_and_keeps_its_first_outcome() {
    String id = pendingJob();
    assertThat(finish(id, JobStatus.COMPLETED, counts(3, 2, 1, 0), null, 2_000)).isTrue();

    assertThat(finish(id, JobStatus.FAILED, counts(3, 0, 0, 3), "too late", 3_000)).isFalse();

    ContactJob job = job(id);
    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job.created()).isEqualTo(2);
    assertThat(job.errored()).isZero();
    assertThat(job.message()).isNull();
    assertThat(job.finishedAt()).isEqualTo(2_000);
  }

  @Test
  void an_ended_job_takes_no_start_no_counts_and_no_row_total() {
    String id = pendingJob();
    assertThat(finish(id, JobStatus.FAILED, counts(3, 0, 0, 0), "gone", 2_000)).isTrue();

    assertThat(start(id, 3_000)).isFalse();
    assertThat(addCounts(id, 5, 5, 5)).isFalse();
    assertThat(store.setRequested(id, 99)).isFalse();

    ContactJob job = job(id);
    assertThat(job.startedAt()).isNull();
    assertThat(job.requested()).isEqualTo(3);
    assertThat(job.created() + job.updated() + job.errored()).isZero();
  }

  @Test
  void a_job_that_runs_again_keeps_its_first_start_time() {
    String id = pendingJob();
    assertThat(start(id, 5_000)).isTrue();
    assertThat(start(id, 9_000)).isTrue();

    assertThat(job(id).startedAt()).isEqualTo(5_000);
  }

  @Test
  void a_pending_job_counts_its_batches() {
    String id = pendingJob();
    assertThat(store.setRequested(id, 10)).isTrue();
    assertThat(addCounts(id, 2, 1, 1)).isTrue();
    assertThat(addCounts(id, 3, 0, 2)).isTrue();

    assertThat(store.counts(id)).isEqualTo(new ContactJobStore.Counts(10, 5, 1, 0, 3));
  }

  @Test
  void the_errors_file_of_a_job_is_dropped_only_once_it_ended() {
    String id = pendingJob();
    assertThat(dropErrorsFile(id)).isFalse();
    database
        .jdbi()
        .useHandle(
            h ->
                store.finish(
                    h, id, JobStatus.ERRORED, counts(3, 1, 0, 2), null, "errors.csv", 2_000));
    assertThat(job(id).errorsKey()).isEqualTo("errors.csv");

    assertThat(dropErrorsFile(id)).isTrue();

    assertThat(job(id).errorsKey()).isNull();
  }

  @Test
  void no_update_moves_a_job_back_to_pending() {
    String id = pendingJob();

    assertThatThrownBy(() -> finish(id, JobStatus.PENDING, counts(3, 0, 0, 0), null, 2_000))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(job(id).finishedAt()).isNull();
  }

  private String pendingJob() {
    String id = UUID.randomUUID().toString();
    database
        .jdbi()
        .useHandle(h -> store.create(h, id, ACCOUNT, ContactJobs.UPSERT, 3, null, 1_000));
    assertThat(job(id).status()).isEqualTo(JobStatus.PENDING);
    return id;
  }

  private boolean finish(
      String id, JobStatus to, ContactJobStore.Counts counts, String message, long now) {
    return database
        .jdbi()
        .<Boolean, RuntimeException>withHandle(
            h -> store.finish(h, id, to, counts, message, null, now));
  }

  private boolean start(String id, long now) {
    return database.jdbi().<Boolean, RuntimeException>withHandle(h -> store.start(h, id, now));
  }

  private boolean addCounts(String id, long created, long updated, long errored) {
    return database
        .jdbi()
        .<Boolean, RuntimeException>withHandle(
            h -> store.addCounts(h, id, created, updated, errored));
  }

  private boolean dropErrorsFile(String id) {
    return database.jdbi().<Boolean, RuntimeException>withHandle(h -> store.dropErrorsFile(h, id));
  }

  private static ContactJobStore.Counts counts(
      long requested, long created, long updated, long errored) {
    return new ContactJobStore.Counts(requested, created, updated, 0, errored);
  }

  private ContactJob job(String id) {
    return store.find(ACCOUNT, id).orElseThrow();
  }
}
