package io.contactd.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Method;
import com.sendgrid.Response;
import io.contactd.testing.Backend;
import io.contactd.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics}: Prometheus text that parses, the meters the README lists, the token. */
abstract class MetricsContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** {@code name{labels} value}: one sample line of the text format. */
  private static final Pattern SAMPLE =
      Pattern.compile(
          "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})?"
              + " (-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)");

  private static final Pattern META = Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*");

  abstract Backend backend();

  @Test
  void scrape_parses_and_counts_requests_jobs_exports_and_imports() throws Exception {
    try (TestServer server = TestServer.start(backend())) {
      ok(server.call(Method.GET, "marketing/lists", null));
      assertThat(server.call(Method.GET, "marketing/lists/nope", null).getStatusCode())
          .isEqualTo(404);
      assertThat(get(server, "/no/such/route", null).statusCode()).isEqualTo(404);

      JsonNode created =
          ok(
              server.call(
                  Method.PUT,
                  "marketing/contacts/imports",
                  "{\"file_type\":\"csv\",\"field_mappings\":[\"_rf2_T\"]}"));
      HttpResponse<String> up =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(created.get("upload_uri").asText()))
                  .header("Content-Type", "text/csv")
                  .PUT(
                      HttpRequest.BodyPublishers.ofString(
                          "email\na@example.com\nb@example.com\nnot-an-address\n"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
      JsonNode imported =
          TestServer.awaitEnd(
              server.client(),
              "marketing/contacts/imports/" + created.get("job_id").asText(),
              Duration.ofSeconds(20));
      assertThat(imported.at("/results/created_count").asLong()).isEqualTo(2);

      String export =
          ok(server.call(Method.POST, "marketing/contacts/exports", "{}")).get("id").asText();
      JsonNode ready =
          TestServer.awaitEnd(
              server.client(), "marketing/contacts/exports/" + export, Duration.ofSeconds(20));
      assertThat(ready.get("status").asText()).isEqualTo("ready");

      Map<String, Double> m = parse(scrape(server));
      assertThat(
              m.get(
                  "contactd_http_requests_seconds_count{method=\"GET\",route=\"/v3/marketing/lists\",status=\"200\"}"))
          .isEqualTo(1.0);
      // route templates, never raw paths
      assertThat(
              m.get(
                  "contactd_http_requests_seconds_count{method=\"GET\",route=\"/v3/marketing/lists/{id}\",status=\"404\"}"))
          .isEqualTo(1.0);
      assertThat(
              m.get(
                  "contactd_http_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"}"))
          .isEqualTo(1.0);
      assertThat(m.keySet()).noneMatch(k -> k.contains("nope") || k.contains("/no/such"));

      assertThat(m.get("contactd_jobs_total{kind=\"contact-export\",outcome=\"completed\"}"))
          .isEqualTo(1.0);
      assertThat(m.get("contactd_jobs_total{kind=\"csv-import\",outcome=\"completed\"}"))
          .isEqualTo(1.0);
      assertThat(m.get("contactd_job_duration_seconds_count{kind=\"contact-export\"}"))
          .isEqualTo(1.0);
      assertThat(m.keySet())
          .anyMatch(
              k ->
                  k.startsWith("contactd_job_duration_seconds_bucket{kind=\"contact-export\",le="));
      assertThat(m.get("contactd_export_contacts_total")).isEqualTo(2.0);
      assertThat(m.get("contactd_export_bytes_total")).isPositive();
      assertThat(m.get("contactd_import_rows_total{outcome=\"created\"}")).isEqualTo(2.0);
      assertThat(m.get("contactd_import_rows_total{outcome=\"errored\"}")).isEqualTo(1.0);
      assertThat(m.get("contactd_jobs_waiting{kind=\"contact-export\"}")).isEqualTo(0.0);
      assertThat(m.get("contactd_jobs_running{kind=\"contact-export\"}")).isEqualTo(0.0);
      assertThat(m.get("contactd_db_pool_max")).isPositive();
      assertThat(m)
          .containsKeys(
              "contactd_db_pool_active", "contactd_db_pool_idle", "contactd_db_pool_pending");
      assertThat(m.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes{"));
      assertThat(m.keySet()).anyMatch(k -> k.startsWith("jvm_gc_"));
      assertThat(m)
          .containsKeys("process_cpu_usage", "process_uptime_seconds", "jvm_threads_live_threads");
      assertThat(m.keySet())
          .allMatch(
              k ->
                  k.startsWith("contactd_")
                      || k.startsWith("jvm_")
                      || k.startsWith("process_")
                      || k.startsWith("system_"));
    }
  }

  @Test
  void queued_jobs_show_as_waiting_on_a_node_without_workers() throws Exception {
    try (TestServer server = TestServer.start(backend(), b -> b.workers(false))) {
      ok(server.call(Method.POST, "marketing/contacts/exports", "{}"));
      ok(server.call(Method.POST, "marketing/contacts/exports", "{}"));
      Map<String, Double> m = parse(scrape(server));
      assertThat(m.get("contactd_jobs_waiting{kind=\"contact-export\"}")).isEqualTo(2.0);
    }
  }

  @Test
  void a_token_is_required_once_set() throws Exception {
    try (TestServer server = TestServer.start(backend(), b -> b.metricsToken("metrics-secret-1"))) {
      HttpResponse<String> none = get(server, "/metrics", null);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.body()).contains("\"errors\"").doesNotContain("contactd_");
      assertThat(get(server, "/metrics", "Bearer wrong").statusCode()).isEqualTo(401);
      // an API key is no metrics token
      assertThat(get(server, "/metrics", "Bearer " + server.key()).statusCode()).isEqualTo(401);
      HttpResponse<String> right = get(server, "/metrics", "Bearer metrics-secret-1");
      assertThat(right.statusCode()).isEqualTo(200);
      assertThat(right.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/plain; version=0.0.4");
      assertThat(parse(right.body())).containsKey("contactd_db_pool_max");
    }
  }

  @Test
  void without_a_token_it_is_open_on_loopback_and_refused_on_other_binds() throws Exception {
    try (TestServer server = TestServer.start(backend())) {
      assertThat(get(server, "/metrics", null).statusCode()).isEqualTo(200);
    }
    try (TestServer server = TestServer.start(backend(), b -> b.host("0.0.0.0"))) {
      HttpResponse<String> r = get(server, "/metrics", null);
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(r.body()).contains("--metrics-token");
    }
  }

  private static String scrape(TestServer server) throws Exception {
    HttpResponse<String> r = get(server, "/metrics", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private static HttpResponse<String> get(TestServer server, String path, String authorization)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Every line is a comment or a sample; samples by {@code name{labels}} as written. */
  static Map<String, Double> parse(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        assertThat(line).matches(META);
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      assertThat(sample.matches()).as("a sample line: %s", line).isTrue();
      String labels = sample.group(2) == null ? "" : sample.group(2).replace(",}", "}");
      samples.put(
          sample.group(1) + labels,
          Double.parseDouble(sample.group(3).replace("+Inf", "Infinity")));
    }
    return samples;
  }

  private static JsonNode ok(Response r) throws Exception {
    assertThat(r.getStatusCode()).as(r.getBody()).isBetween(200, 299);
    return JSON.readTree(r.getBody());
  }
}
