package io.contactd.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.contactd.testing.Backend;
import io.contactd.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the server side of the dashboard promises, without a browser. */
class UiRoutesTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static TestServer server;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            Backend.SQLITE,
            b ->
                b.publicUrl("https://contacts.example.com")
                    .dashboardConnectSrc("https://bucket.s3.example.com"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<String> get(String path, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void browsers_get_the_page_and_every_other_client_the_json_home_document() throws Exception {
    HttpResponse<String> page = get("/", "text/html,application/xhtml+xml,*/*;q=0.8");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.body())
        .contains("/ui/assets/app.js")
        .doesNotContain("<script>")
        .doesNotContain("style=");
    assertThat(page.headers().allValues("Vary")).contains("Accept");

    for (String accept : new String[] {null, "*/*", "application/json"}) {
      HttpResponse<String> json = get("/", accept);
      assertThat(json.headers().firstValue("Content-Type").orElse(""))
          .startsWith("application/json");
      assertThat(json.body()).contains("\"api_base\"");
    }
  }

  @Test
  void every_dashboard_response_has_a_strict_content_security_policy() throws Exception {
    for (String path :
        List.of("/", "/ui/overview", "/ui/keys", "/ui/assets/app.js", "/ui/nothing")) {
      HttpResponse<String> r = get(path, "text/html");
      String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
      assertThat(csp)
          .as(path)
          .contains("default-src 'self'")
          .contains("script-src 'self';")
          .contains("style-src 'self';")
          .contains("frame-ancestors 'none'")
          .doesNotContain("unsafe-inline")
          .doesNotContain("unsafe-eval");
      // uploads may go to the public URL's origin and to the configured object store
      assertThat(csp)
          .contains(
              "connect-src 'self' https://contacts.example.com https://bucket.s3.example.com;");
      assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }
  }

  @Test
  void pages_and_assets_are_served_and_anything_else_is_404() throws Exception {
    assertThat(get("/ui/contacts", null).statusCode()).isEqualTo(200);
    HttpResponse<String> js = get("/ui/assets/app.js", null);
    assertThat(js.headers().firstValue("Content-Type").orElse("")).startsWith("text/javascript");
    // the script never writes HTML from strings
    assertThat(js.body())
        .doesNotContain("innerHTML")
        .doesNotContain("outerHTML")
        .doesNotContain("insertAdjacentHTML")
        .doesNotContain("document.write");
    assertThat(get("/ui/assets/app.css", null).headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/css");
    assertThat(get("/ui/nothing", null).statusCode()).isEqualTo(404);
    assertThat(get("/ui/assets/..%2F..%2Fcontactd.db", null).statusCode()).isEqualTo(404);
    assertThat(get("/ui/assets/index.html", null).statusCode()).isEqualTo(404);
    HttpResponse<String> redirect = get("/ui", null);
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("Location")).contains("/ui/overview");
  }
}
