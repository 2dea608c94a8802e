package io.contactd.exports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.contactd.db.Database;
import io.contactd.testing.Backend;
import io.contactd.testing.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code exports} moves only along {@link ExportStatus}: each update names the state it expects,
 * and one that finds the export elsewhere changes nothing and says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExportStatusUpdatesContract {
  private static final long ACCOUNT = 1;

  abstract Backend backend();

  private Path dir;
  private Database database;
  private ExportStore store;

  @BeforeAll
  void open() throws IOException {
    dir = Files.createTempDirectory("contactd-export-status-");
    database = Database.open(TestDatabases.url(backend(), dir));
    store = new ExportStore(database);
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
  void a_ready_export_does_not_fail_afterwards() {
    String id = pendingExport();
    assertThat(store.plan(id, 7, List.of(new ExportStore.Range(0, 10)), 1_500)).isTrue();
    assertThat(store.claimShard(id, 0, null, "run1", 1_500)).isTrue();
    assertThat(
            store.markShardDone(id, 0, "run1", List.of("a.csv.gz"), List.of("sha256:aa"), 7, 2_000))
        .isTrue();
    assertThat(store.publish(id, 2_000)).isEqualTo(ExportStore.Published.NOW);

    assertThat(store.markFailed(id, "too late", 3_000)).isFalse();
    assertThat(store.publish(id, 3_000)).isEqualTo(ExportStore.Published.NOT_PENDING);

    Export e = store.byId(id).orElseThrow();
    assertThat(e.status()).isEqualTo(ExportStatus.READY);
    assertThat(e.message()).isNull();
    assertThat(e.fileKeys()).containsExactly("a.csv.gz");
    assertThat(e.checksums()).containsExactly("sha256:aa");
    assertThat(e.contactCount()).isEqualTo(7);
    assertThat(e.completedAt()).isEqualTo(2_000);
    assertThat(store.pendingIds()).doesNotContain(id);
  }

  @Test
  void a_failed_export_is_never_made_ready() {
    String id = pendingExport();
    assertThat(store.markFailed(id, "export failed: disk full", 2_000)).isTrue();

    assertThat(store.plan(id, 7, List.of(new ExportStore.Range(0, 10)), 2_500))
        .as("a failed export is not planned")
        .isFalse();
    assertThat(store.publish(id, 3_000)).isEqualTo(ExportStore.Published.NOT_PENDING);

    Export e = store.byId(id).orElseThrow();
    assertThat(e.status()).isEqualTo(ExportStatus.FAILURE);
    assertThat(e.fileKeys()).isEmpty();
    assertThat(e.contactCount()).isNull();
    assertThat(store.pendingIds()).doesNotContain(id);
  }

  @Test
  void a_new_export_is_stored_pending_only() {
    String id = pendingExport();
    assertThat(store.pendingIds()).contains(id);

    assertThatThrownBy(() -> store.insert(export(UUID.randomUUID().toString(), ExportStatus.READY)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void the_export_is_published_once_when_its_last_shard_is_done_with_files_in_shard_order() {
    String id = pendingExport();
    List<ExportStore.Range> ranges =
        List.of(
            new ExportStore.Range(Long.MIN_VALUE, 10),
            new ExportStore.Range(10, 20),
            new ExportStore.Range(20, 30));
    assertThat(store.plan(id, 30, ranges, 1_100)).isTrue();
    assertThat(store.plan(id, 99, List.of(new ExportStore.Range(0, 99)), 1_200))
        .as("a second plan changes nothing")
        .isFalse();
    assertThat(store.shards(id)).hasSize(3);
    for (int no : new int[] {2, 0}) {
      assertThat(store.claimShard(id, no, null, "r" + no, 1_300)).isTrue();
      assertThat(
              store.markShardDone(
                  id,
                  no,
                  "r" + no,
                  List.of("f" + no + "a", "f" + no + "b"),
                  List.of("sha256:" + no + "a", "sha256:" + no + "b"),
                  10,
                  1_400))
          .isTrue();
      assertThat(store.publish(id, 1_400)).isEqualTo(ExportStore.Published.NOT_YET);
    }
    assertThat(store.claimShard(id, 1, null, "r1", 1_500)).isTrue();
    assertThat(store.markShardDone(id, 1, "r1", List.of("f1a"), List.of("sha256:1a"), 9, 1_600))
        .isTrue();

    assertThat(store.publish(id, 1_700)).isEqualTo(ExportStore.Published.NOW);
    assertThat(store.publish(id, 1_800)).isEqualTo(ExportStore.Published.NOT_PENDING);

    Export e = store.byId(id).orElseThrow();
    assertThat(e.status()).isEqualTo(ExportStatus.READY);
    assertThat(e.fileKeys()).containsExactly("f0a", "f0b", "f1a", "f2a", "f2b");
    assertThat(e.checksums())
        .containsExactly("sha256:0a", "sha256:0b", "sha256:1a", "sha256:2a", "sha256:2b");
    assertThat(e.contactCount()).isEqualTo(29);
    assertThat(e.contactsTotal()).isEqualTo(30);
  }

  @Test
  void a_shard_run_again_takes_the_shard_over_and_the_earlier_run_can_no_longer_finish() {
    String id = pendingExport();
    assertThat(store.plan(id, 5, List.of(new ExportStore.Range(Long.MIN_VALUE, 5)), 1_100))
        .isTrue();
    assertThat(store.claimShard(id, 0, null, "first", 1_200)).isTrue();
    assertThat(store.progress(id, 0, "first", 3, 1, 1_300)).isTrue();
    // The first run's node is thought dead; the queue runs the shard again.
    assertThat(store.claimShard(id, 0, null, "second", 1_400))
        .as("a claim names the run it takes over")
        .isFalse();
    assertThat(store.claimShard(id, 0, "first", "second", 1_400)).isTrue();
    assertThat(store.shard(id, 0).orElseThrow().contactsWritten())
        .as("progress starts again")
        .isZero();

    assertThat(store.progress(id, 0, "first", 4, 1, 1_500)).isFalse();
    assertThat(store.markShardDone(id, 0, "first", List.of("old"), List.of("sha256:0"), 5, 1_600))
        .isFalse();
    assertThat(store.markShardDone(id, 0, "second", List.of("new"), List.of("sha256:1"), 5, 1_700))
        .isTrue();
    assertThat(store.claimShard(id, 0, "second", "third", 1_800)).as("done stays done").isFalse();
    assertThat(store.publish(id, 1_900)).isEqualTo(ExportStore.Published.NOW);
    assertThat(store.byId(id).orElseThrow().fileKeys()).containsExactly("new");
  }

  @Test
  void a_canceled_export_takes_no_more_shard_files_and_is_never_published() {
    String id = pendingExport();
    assertThat(store.plan(id, 5, List.of(new ExportStore.Range(Long.MIN_VALUE, 5)), 1_100))
        .isTrue();
    assertThat(store.claimShard(id, 0, null, "run", 1_200)).isTrue();
    assertThat(store.progress(id, 0, "run", 2, 0, 1_250)).isTrue();
    assertThat(store.progress(id).contactsWritten()).isEqualTo(2);
    assertThat(store.markFailed(id, ExportService.CANCELED, 1_300)).isTrue();

    assertThat(store.status(id)).hasValue(ExportStatus.FAILURE);
    assertThat(store.markShardDone(id, 0, "run", List.of("f"), List.of("sha256:0"), 5, 1_400))
        .isFalse();
    assertThat(store.publish(id, 1_500)).isEqualTo(ExportStore.Published.NOT_PENDING);
    assertThat(store.byId(id).orElseThrow().message()).isEqualTo("canceled");
    assertThat(store.delete(ACCOUNT, id)).isTrue();
    assertThat(store.byId(id)).isEmpty();
    assertThat(store.shards(id)).isEmpty();
  }

  @Test
  void the_start_up_warm_up_runs_made_up_contacts_through_the_export_path() throws Exception {
    assertThat(new ExportWarmup(store, 1).run()).isEqualTo(ExportWarmup.ROWS);
    long contacts =
        database
            .jdbi()
            .withHandle(
                h -> h.createQuery("SELECT COUNT(*) FROM contacts").mapTo(Long.class).one());
    assertThat(contacts).as("no table written").isZero();
  }

  private String pendingExport() {
    String id = UUID.randomUUID().toString();
    store.insert(export(id, ExportStatus.PENDING));
    return id;
  }

  private static Export export(String id, ExportStatus status) {
    return new Export(
        id,
        ACCOUNT,
        status,
        "contacts_export",
        List.of(),
        List.of(),
        Export.FileType.CSV,
        5000,
        false,
        null,
        List.of(),
        null,
        1_000,
        1_000,
        null,
        100_000,
        null,
        null,
        List.of());
  }
}
