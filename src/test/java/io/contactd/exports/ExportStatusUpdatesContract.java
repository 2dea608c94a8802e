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
    assertThat(store.markReady(id, List.of("a.csv.gz"), 7, 2_000)).isTrue();

    assertThat(store.markFailed(id, "too late", 3_000)).isFalse();

    Export e = store.byId(id).orElseThrow();
    assertThat(e.status()).isEqualTo(ExportStatus.READY);
    assertThat(e.message()).isNull();
    assertThat(e.fileKeys()).containsExactly("a.csv.gz");
    assertThat(e.completedAt()).isEqualTo(2_000);
    assertThat(store.pendingIds()).doesNotContain(id);
  }

  @Test
  void a_failed_export_is_never_made_ready() {
    String id = pendingExport();
    assertThat(store.markFailed(id, "export failed: disk full", 2_000)).isTrue();

    assertThat(store.markReady(id, List.of("a.csv.gz"), 7, 3_000)).isFalse();

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
        100_000);
  }
}
