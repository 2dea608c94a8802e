package io.contactd.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactd.client.ApiClient;
import io.contactd.client.ApiError;
import io.contactd.client.Transfers;
import io.contactd.json.Json;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One CSV import through the public API: {@code PUT /v3/marketing/contacts/imports} with the
 * mappings, the file uploaded as it is (gzip is accepted) to {@code upload_uri} with exactly the
 * {@code upload_headers}, then the job polled (0.2 s, doubling up to 3 s) until it ends. An import
 * with failed rows is a {@link BackupException} naming the job.
 */
final class CsvImport {
  private static final Duration SLOWEST_POLL = Duration.ofSeconds(3);

  private final ApiClient api;
  private final Transfers transfers;
  private final Clock clock;
  private final Progress progress;

  CsvImport(ApiClient api, Clock clock, Progress progress) {
    this.api = api;
    this.transfers = api.transfers();
    this.clock = clock;
    this.progress = progress;
  }

  /** Imports one file; returns {created, updated}. */
  long[] run(Path file, String label, long rows, List<String> mappings, List<String> listIds) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("file_type", "csv");
    var m = body.putArray("field_mappings");
    mappings.forEach(m::add);
    if (!listIds.isEmpty()) {
      listIds.forEach(body.putArray("list_ids")::add);
    }
    JsonNode started = startImport(body);
    String jobId = started.path("job_id").asText();
    List<Transfers.Header> headers = new ArrayList<>();
    for (JsonNode h : started.path("upload_headers")) {
      headers.add(new Transfers.Header(h.path("header").asText(), h.path("value").asText()));
    }
    URI upload;
    try {
      upload = URI.create(started.path("upload_uri").asText());
    } catch (IllegalArgumentException e) {
      throw new BackupException("the import of " + label + " has no usable upload_uri");
    }
    try (Progress.Bar bar = progress.bar("upload " + label, 0, Progress.Unit.BYTES)) {
      transfers.upload(
          upload,
          headers,
          file,
          label,
          new Transfers.Bytes() {
            @Override
            public void moved(long delta) {
              bar.step(delta);
            }

            @Override
            public void size(long size) {
              bar.max(size);
            }
          });
    }
    return awaitImport(jobId, label, rows);
  }

  /**
   * SendGrid refuses a custom field id for a few seconds after the field was made ("invalid custom
   * field ids supplied"): that answer is tried again for up to a minute.
   */
  private JsonNode startImport(ObjectNode body) {
    Instant until = clock.instant().plusSeconds(60);
    while (true) {
      try {
        return api.put("/v3/marketing/contacts/imports", body);
      } catch (ApiError e) {
        boolean fresh =
            e.status() == 400
                && e.getMessage().contains("custom field")
                && clock.instant().isBefore(until);
        if (!fresh) {
          throw e;
        }
        progress.line("the server does not take the new custom fields yet; trying again in 5 s");
        Exporter.sleep(Duration.ofSeconds(5));
      }
    }
  }

  private long[] awaitImport(String jobId, String label, long rows) {
    Duration wait = Duration.ofMillis(200);
    try (Progress.Bar bar = progress.bar("import " + label, rows, Progress.Unit.ITEMS)) {
      while (true) {
        JsonNode job = api.get("/v3/marketing/contacts/imports/" + jobId);
        JsonNode r = job.path("results");
        long created = r.path("created_count").asLong();
        long updated = r.path("updated_count").asLong();
        long errored = r.path("errored_count").asLong();
        bar.stepTo(created + updated + errored);
        String status = job.path("status").asText("");
        switch (status) {
          case "completed" -> {
            bar.note("completed: " + created + " created, " + updated + " updated");
            return new long[] {created, updated};
          }
          case "errored", "failed" ->
              throw new BackupException(
                  "the import of "
                      + label
                      + " "
                      + status
                      + ": "
                      + errored
                      + " of "
                      + rows
                      + " rows failed (job "
                      + jobId
                      + "; its errors file is at GET /v3/marketing/contacts/imports/"
                      + jobId
                      + ")");
          case "pending", "" -> bar.note("pending");
          default -> bar.note(status);
        }
        Exporter.sleep(wait);
        wait = wait.compareTo(SLOWEST_POLL) < 0 ? wait.multipliedBy(2) : SLOWEST_POLL;
      }
    }
  }
}
