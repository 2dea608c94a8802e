package io.contactd.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sendgrid.Method;
import com.sendgrid.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Every kind of bad input is answered with SendGrid's error shape and the right status, writes and
 * queues nothing, and leaves the server working.
 */
abstract class BadInputContract extends ContactsContract {

  long jobs() {
    return server
        .app()
        .database()
        .jdbi()
        .withHandle(
            h -> h.createQuery("SELECT COUNT(*) FROM contact_jobs").mapTo(Long.class).one());
  }

  /** PUT /contacts with {@code body}: asserts status, message and that nothing was queued. */
  JsonNode refused(String body, int status) {
    long before = jobs();
    Response r = call(Method.PUT, "marketing/contacts", body);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(status);
    if (status != 413) {
      CONTACTS.assertResponse("PUT", "/v3/marketing/contacts", status, r.getBody());
    }
    JsonNode json = json(r);
    assertThat(json.at("/errors/0/message").asText()).isNotEmpty();
    assertThat(jobs()).as("nothing queued").isEqualTo(before);
    return json;
  }

  @Test
  void wrong_types_are_400() {
    refused("{\"contacts\":[{\"email\":\"a@example.com\",\"first_name\":5}]}", 400);
    refused("{\"contacts\":{\"email\":\"a@example.com\"}}", 400);
    refused("{\"contacts\":[\"a@example.com\"]}", 400);
    refused("{\"contacts\":[{\"email\":[\"a@example.com\"]}]}", 400);
    refused("{\"list_ids\":\"abc\",\"contacts\":[{\"email\":\"a@example.com\"}]}", 400);
    refused(
        "{\"contacts\":[{\"email\":\"a@example.com\",\"alternate_emails\":\"b@example.com\"}]}",
        400);
    JsonNode shape =
        refused("{\"contacts\":[{\"email\":\"a@example.com\",\"custom_fields\":[1]}]}", 400);
    assertThat(shape.at("/errors/0").toString())
        .isEqualTo("{\"field\":\"\",\"message\":\"invalid input\"}");
    String number = createField(server, unique("n_"), "Number");
    refused(
        "{\"contacts\":[{\"email\":\"a@example.com\",\"custom_fields\":{\""
            + number
            + "\":\"many\"}}]}",
        400);
    String date = createField(server, unique("d_"), "Date");
    refused(
        "{\"contacts\":[{\"email\":\"a@example.com\",\"custom_fields\":{\""
            + date
            + "\":\"13/45/2024\"}}]}",
        400);
    refused("[]", 400);
    refused("{}", 400);
    refused("{\"contacts\":[]}", 400);
  }

  @Test
  void contacts_without_an_identifier_or_with_an_invalid_email_are_400() {
    JsonNode r =
        refused("{\"contacts\":[{\"email\":\"ok@example.com\"},{\"first_name\":\"Nobody\"}]}", 400);
    assertThat(r.at("/errors/0/field").asText()).isEqualTo("contacts[1]");
    refused("{\"contacts\":[{\"email\":\"\"}]}", 400);
    refused("{\"contacts\":[{\"email\":\"not-an-email\"}]}", 400);
  }

  @Test
  void oversized_fields_and_too_many_alternate_emails_are_400() {
    refused(
        "{\"contacts\":[{\"email\":\"a@example.com\",\"first_name\":\"" + "x".repeat(51) + "\"}]}",
        400);
    refused("{\"contacts\":[{\"email\":\"" + "a".repeat(250) + "@example.com\"}]}", 400);
    refused("{\"contacts\":[{\"external_id\":\"" + "e".repeat(255) + "\"}]}", 400);
    String text = createField(server, unique("t_"), "Text");
    refused(
        "{\"contacts\":[{\"email\":\"a@example.com\",\"custom_fields\":{\""
            + text
            + "\":\""
            + "x".repeat(1001)
            + "\"}}]}",
        400);
    StringBuilder six = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      six.append(i == 0 ? "" : ",").append("\"alt").append(i).append("@example.com\"");
    }
    refused(
        "{\"contacts\":[{\"email\":\"a@example.com\",\"alternate_emails\":[" + six + "]}]}", 400);
  }

  @Test
  void more_than_30000_contacts_is_400() {
    StringBuilder body = new StringBuilder("{\"contacts\":[");
    for (int i = 0; i <= 30_000; i++) {
      body.append(i == 0 ? "" : ",").append("{\"email\":\"c").append(i).append("@example.com\"}");
    }
    JsonNode r = refused(body.append("]}").toString(), 400);
    assertThat(r.at("/errors/0/message").asText()).contains("30000");
  }

  @Test
  void unknown_custom_field_ids_are_400_naming_them_and_unknown_lists_are_404() {
    JsonNode r =
        refused(
            "{\"contacts\":[{\"email\":\"a@example.com\",\"custom_fields\":{\"nickname\":\"x\",\"e999_T\":\"y\"}}]}",
            400);
    assertThat(r.at("/errors/0/message").asText())
        .isEqualTo("invalid custom field ids supplied - nickname, e999_T");
    JsonNode missing =
        refused(
            "{\"list_ids\":[\"00000000-0000-0000-0000-000000000000\"],\"contacts\":[{\"email\":\"a@example.com\"}]}",
            404);
    assertThat(missing.at("/errors/0/field").asText()).isEqualTo("list_ids");
  }

  @Test
  void invalid_utf8_and_json_nested_too_deep_are_400() throws Exception {
    long before = jobs();
    byte[] bad =
        "{\"contacts\":[{\"email\":\"a@example.com\",\"first_name\":\"\u00ff\u00ff\"}]}"
            .getBytes(StandardCharsets.ISO_8859_1);
    HttpResponse<String> r =
        raw("PUT", "/v3/marketing/contacts", HttpRequest.BodyPublishers.ofByteArray(bad));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.body()).startsWith("{\"errors\":[");
    String deep =
        "{\"contacts\":[{\"email\":\"a@example.com\",\"custom_fields\":"
            + "{\"a\":".repeat(2000)
            + "1"
            + "}".repeat(2000)
            + "}]}";
    refused(deep, 400);
    assertThat(jobs()).isEqualTo(before);
  }

  @Test
  void a_body_over_6_mb_is_413_and_a_100_mb_body_is_refused_without_harm() throws Exception {
    long before = jobs();
    StringBuilder body = new StringBuilder("{\"contacts\":[");
    int i = 0;
    while (body.length() < 6 * 1024 * 1024 + 1000) {
      body.append(i == 0 ? "" : ",")
          .append("{\"email\":\"c")
          .append(i++)
          .append("@example.com\",\"first_name\":\"padding padding padding padding\"}");
    }
    body.append("]}");
    // fewer than 30,000 contacts, so only the size is wrong
    assertThat(i).isLessThan(30_000 * 4);
    JsonNode r = refused(body.toString(), 413);
    assertThat(r.at("/errors/0/message").asText()).contains("6 MB");

    long hundredMb = 100L * 1024 * 1024;
    HttpResponse<String> huge;
    try {
      huge =
          raw(
              "PUT",
              "/v3/marketing/contacts",
              HttpRequest.BodyPublishers.fromPublisher(
                  HttpRequest.BodyPublishers.ofInputStream(() -> new Zeros(hundredMb)), hundredMb));
      assertThat(huge.statusCode()).isEqualTo(413);
      assertThat(huge.body()).contains("\"errors\"");
    } catch (IOException e) {
      // The server may close the connection while the client is still sending; that is a refusal
      // too.
    }
    assertThat(jobs()).isEqualTo(before);
    // the server still works
    JsonNode ok = upsert("{\"contacts\":[{\"email\":\"" + unique("after") + "@example.com\"}]}");
    assertThat(ok.get("status").asText()).isEqualTo("completed");
  }

  @Test
  void bad_lookups_and_list_parameters_are_400() {
    StringBuilder ids = new StringBuilder();
    for (int i = 0; i <= 100; i++) {
      ids.append(i == 0 ? "" : ",").append("\"id").append(i).append("\"");
    }
    assertThat(
            call(Method.POST, "marketing/contacts/batch", "{\"ids\":[" + ids + "]}")
                .getStatusCode())
        .isEqualTo(400);
    assertThat(call(Method.POST, "marketing/contacts/batch", "{\"ids\":\"x\"}").getStatusCode())
        .isEqualTo(400);
    assertThat(call(Method.POST, "marketing/contacts/search/emails", "{}").getStatusCode())
        .isEqualTo(400);
    for (String q :
        new String[] {"page_size=0", "page_size=1001", "page_size=abc", "page_token=zz"}) {
      Response r = call(Method.GET, "marketing/lists?" + q, null);
      assertThat(r.getStatusCode()).as(q).isEqualTo(400);
      assertThat(json(r).at("/errors/0/field").isTextual()).isTrue();
    }
    for (String body :
        new String[] {
          "{}", "{\"name\":\"\"}", "{\"name\":\"" + "n".repeat(101) + "\"}", "{\"name\":3}"
        }) {
      Response r = call(Method.POST, "marketing/lists", body);
      assertThat(r.getStatusCode()).as(body).isEqualTo(400);
      LISTS.assertResponse("POST", "/v3/marketing/lists", 400, r.getBody());
    }
    assertThat(call(Method.GET, "marketing/lists/nope", null).getStatusCode()).isEqualTo(404);
    assertThat(call(Method.PATCH, "marketing/lists/nope", "{\"name\":\"x\"}").getStatusCode())
        .isEqualTo(404);
    assertThat(call(Method.DELETE, "marketing/lists/nope", null).getStatusCode()).isEqualTo(404);
    assertThat(call(Method.GET, "marketing/lists/nope/contacts/count", null).getStatusCode())
        .isEqualTo(404);
  }

  private HttpResponse<String> raw(String method, String path, HttpRequest.BodyPublisher body)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .header("Authorization", "Bearer " + server.key())
            .header("Content-Type", "application/json")
            .method(method, body)
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** {@code size} bytes of '0' without holding them in memory. */
  private static final class Zeros extends InputStream {
    private long left;

    Zeros(long size) {
      this.left = size;
    }

    @Override
    public int read() {
      return left-- > 0 ? '0' : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left <= 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      java.util.Arrays.fill(b, off, off + n, (byte) '0');
      left -= n;
      return n;
    }
  }
}
