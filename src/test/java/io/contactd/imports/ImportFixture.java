package io.contactd.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Method;
import com.sendgrid.Response;
import io.contactd.testing.OpenApi;
import io.contactd.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import org.awaitility.Awaitility;

/** Drives an import the way a client does: request, upload to the URL, poll the job. */
final class ImportFixture {
  static final ObjectMapper JSON = new ObjectMapper();
  static final OpenApi CONTACTS = OpenApi.of("tsg_mc_contacts_v3.yaml");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ImportFixture() {}

  static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  /** PUT /contacts/imports through the official client, asserting 200 and the schema. */
  static JsonNode request(TestServer server, String body) {
    Response r = server.call(Method.PUT, "marketing/contacts/imports", body);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    CONTACTS.assertResponse("PUT", "/v3/marketing/contacts/imports", 200, r.getBody());
    return json(r.getBody());
  }

  /** PUTs the raw bytes to the upload URL with the headers the request named, and no API key. */
  static HttpResponse<String> upload(JsonNode created, byte[] file) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(created.get("upload_uri").asText()))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(file));
    for (JsonNode h : created.get("upload_headers")) {
      b.header(h.get("header").asText(), h.get("value").asText());
    }
    return send(b.build());
  }

  static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode status(TestServer server, String jobId) {
    Response r = server.call(Method.GET, "marketing/contacts/imports/" + jobId, null);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    return json(r.getBody());
  }

  /** Polls until the job is no longer pending; checks the final answer against the schema. */
  static JsonNode await(TestServer server, String jobId) {
    JsonNode[] last = new JsonNode[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              last[0] = status(server, jobId);
              return !last[0].get("status").asText().equals("pending");
            });
    Response r = server.call(Method.GET, "marketing/contacts/imports/" + jobId, null);
    CONTACTS.assertResponse("GET", "/v3/marketing/contacts/imports/{id}", 200, r.getBody());
    return json(r.getBody());
  }

  /** Request, upload (asserting 200) and wait: the whole import. */
  static JsonNode importFile(TestServer server, String mappings, byte[] file) {
    JsonNode created =
        request(server, "{\"file_type\":\"csv\",\"field_mappings\":" + mappings + "}");
    HttpResponse<String> up = upload(created, file);
    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
    return await(server, created.get("job_id").asText());
  }

  static String download(String url) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).build());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
