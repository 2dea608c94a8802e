package io.contactd.imports;

import static io.contactd.imports.ImportFixture.download;
import static io.contactd.imports.ImportFixture.importFile;
import static io.contactd.imports.ImportFixture.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactd.auth.AccountStore;
import io.contactd.contacts.ContactService;
import io.contactd.db.Database;
import io.contactd.fields.FieldStore;
import io.contactd.files.BlobStore;
import io.contactd.files.LocalBlobStore;
import io.contactd.files.UploadUrls;
import io.contactd.files.UrlSigner;
import io.contactd.http.Links;
import io.contactd.jobs.JobQueue;
import io.contactd.lists.ListStore;
import io.contactd.testing.Backend;
import io.contactd.testing.MutableClock;
import io.contactd.testing.TestDatabases;
import io.contactd.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of an import seen from the outside: the errors file quotes like an export and defuses
 * formulas when asked, and a full disk while receiving the upload is the server's failure.
 */
abstract class ImportSafetyContract {
  private static final String CSV =
      "email,first\n"
          + "not-an-email,=HYPERLINK(\"http://evil\")\n"
          + "also bad,+1+1\n"
          + "ok@example.com,Ann\n";

  abstract Backend backend();

  @TempDir Path tmp;

  @Test
  void the_errors_file_quotes_every_non_empty_field_and_keeps_formulas_by_default() {
    try (TestServer server = TestServer.start(backend(), new MutableClock(), b -> b)) {
      String errors = errorsFile(server);
      assertThat(errors)
          .startsWith("\"line\",\"reason\",\"email\",\"first\"\r\n")
          .contains("\"2\",\"", "\"not-an-email\",\"=HYPERLINK(\"\"http://evil\"\")\"\r\n")
          .contains("\"3\",\"", "\"also bad\",\"+1+1\"\r\n");
    }
  }

  @Test
  void the_formula_guard_prefixes_formulas_in_the_errors_file_too() {
    try (TestServer server =
        TestServer.start(backend(), new MutableClock(), b -> b.csvFormulaGuard(true))) {
      String errors = errorsFile(server);
      assertThat(errors)
          .contains("\"not-an-email\",\"'=HYPERLINK(\"\"http://evil\"\")\"\r\n")
          .contains("\"also bad\",\"'+1+1\"\r\n");
    }
  }

  private static String errorsFile(TestServer server) {
    JsonNode job = importFile(server, "[\"_rf2_T\",\"_rf0_T\"]", utf8(CSV));
    assertThat(job.get("status").asText()).isEqualTo("errored");
    return download(job.at("/results/errors_url").asText());
  }

  @Test
  void an_upload_that_finds_the_disk_full_is_507_and_fails_the_import_on_the_server_side()
      throws Exception {
    MutableClock clock = new MutableClock();
    Path dataDir = tmp.resolve("data");
    try (Database db = Database.open(TestDatabases.url(backend(), dataDir))) {
      Links links = new Links();
      links.setBase("http://127.0.0.1:1");
      UrlSigner signer = new UrlSigner(new byte[32]);
      BlobStore full = new DiskFull(new LocalBlobStore(dataDir.resolve("files"), signer, links));
      long account = new AccountStore(db.jdbi(), clock).ensureOwner("o", "o@example.com").id();
      FieldStore fields = new FieldStore(db.jdbi(), db.dialect(), clock);
      ListStore lists = new ListStore(db.jdbi(), db.dialect(), clock);
      JobQueue queue = new JobQueue(clock);
      ContactService contacts =
          new ContactService(db.jdbi(), db.dialect(), clock, queue, fields, lists, links, 250);
      ImportService service =
          new ImportService(
              new ImportStore(db.jdbi(), contacts.jobStore()),
              fields,
              lists,
              full,
              new UploadUrls(signer, links, Duration.ofHours(2)),
              queue,
              clock,
              clock,
              new ImportLimits(1000, 1 << 20, 100, Duration.ofHours(1), Duration.ofHours(72)));
      ImportService.Created created =
          service.create(
              account,
              (com.fasterxml.jackson.databind.node.ObjectNode)
                  ImportFixture.json("{\"file_type\":\"csv\",\"field_mappings\":[\"_rf2_T\"]}"));
      // /uploads/<expires>/<signature>/<key>
      String[] parts = URI.create(created.uploadUri()).getPath().split("/", 5);
      byte[] file = utf8("email\n" + "someone@example.com\n".repeat(10_000));

      ImportService.Upload result =
          service.receive(parts[4], parts[2], parts[3], new ByteArrayInputStream(file));

      assertThat(result).isEqualTo(ImportService.Upload.NO_SPACE);
      Map<String, Object> job =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery("SELECT status, message FROM contact_jobs WHERE id = :id")
                          .bind("id", created.jobId())
                          .mapToMap()
                          .one());
      assertThat(job.get("status")).isEqualTo("failed");
      assertThat(job.get("message")).isEqualTo("no space left on the server");
      try (Stream<Path> left = Files.walk(dataDir.resolve("files"))) {
        assertThat(left.filter(Files::isRegularFile)).as("no partial file").isEmpty();
      }
    }
  }

  @Test
  void the_upload_route_answers_507_for_a_full_disk() {
    assertThat(ImportRoutes.status(ImportService.Upload.NO_SPACE)).isEqualTo(507);
    assertThat(ImportRoutes.status(ImportService.Upload.INTERRUPTED)).isEqualTo(400);
  }

  /** A blob store on a disk that fills up after 64 KB, as the JDK reports ENOSPC. */
  private static final class DiskFull implements BlobStore {
    private final BlobStore real;

    DiskFull(BlobStore real) {
      this.real = real;
    }

    @Override
    public Pending create(String key) throws IOException {
      Pending pending = real.create(key);
      OutputStream limited =
          new FilterOutputStream(pending.stream()) {
            private long written;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              written += len;
              if (written > 64 * 1024) {
                throw new IOException("No space left on device");
              }
              out.write(b, off, len);
            }
          };
      return new Pending() {
        @Override
        public OutputStream stream() {
          return limited;
        }

        @Override
        public void publish() throws IOException {
          pending.publish();
        }

        @Override
        public void close() throws IOException {
          pending.close();
        }
      };
    }

    @Override
    public Optional<BlobInfo> stat(String key) throws IOException {
      return real.stat(key);
    }

    @Override
    public java.io.InputStream open(String key, long offset, long length) throws IOException {
      return real.open(key, offset, length);
    }

    @Override
    public void delete(String key) throws IOException {
      real.delete(key);
    }

    @Override
    public void deletePrefix(String prefix) throws IOException {
      real.deletePrefix(prefix);
    }

    @Override
    public java.io.InputStream openPinned(BlobInfo blob) throws IOException {
      return real.openPinned(blob);
    }

    @Override
    public String signedUrl(String key, Instant expiresAt) {
      return real.signedUrl(key, expiresAt);
    }

    @Override
    public Optional<DirectUpload> directUpload(String key, Instant expiresAt) {
      return real.directUpload(key, expiresAt);
    }

    @Override
    public boolean takesDirectUploads() {
      return real.takesDirectUploads();
    }
  }
}
