package io.contactd.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sendgrid.Method;
import com.sendgrid.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Input the probe found accepted or answered 500: non-finite numbers, unbounded id arrays, JSON
 * with content after the body, and paths Jetty refuses before any route runs. Each is a 400 in
 * SendGrid's error shape that changes nothing.
 */
abstract class StrictInputContract extends ContactsContract {

  private long count(String table) {
    return server
        .app()
        .database()
        .jdbi()
        .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
  }

  private JsonNode refused(Method method, String endpoint, String body, String table) {
    long before = count(table);
    Response r = call(method, endpoint, body);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(400);
    JsonNode json = json(r);
    assertThat(json.at("/errors/0/message").asText()).isNotEmpty();
    assertThat(count(table)).as("nothing written to " + table).isEqualTo(before);
    return json;
  }

  @Test
  void numbers_too_large_for_a_double_are_400_like_nan() {
    String number = createField(server, unique("big_"), "Number");
    for (String value : new String[] {"1e309", "-1e309", "1E400"}) {
      JsonNode r =
          refused(
              Method.PUT,
              "marketing/contacts",
              "{\"contacts\":[{\"email\":\"n@example.com\",\"custom_fields\":{\""
                  + number
                  + "\":"
                  + value
                  + "}}]}",
              "contact_jobs");
      CONTACTS.assertResponse("PUT", "/v3/marketing/contacts", 400, r.toString());
      assertThat(r.at("/errors/0/field").asText()).as(value).endsWith(number);
    }
  }

  @Test
  void id_arrays_over_their_limit_are_400_before_any_database_work() {
    StringBuilder huge = new StringBuilder();
    for (int i = 0; i < 250_000; i++) {
      huge.append(i == 0 ? "" : ",").append("\"l").append(i).append("\"");
    }
    JsonNode lists =
        refused(
            Method.POST, "marketing/contacts/exports", "{\"list_ids\":[" + huge + "]}", "exports");
    assertThat(lists.at("/errors/0/field").asText()).isEqualTo("list_ids");
    assertThat(lists.at("/errors/0/message").asText()).contains("1000");

    String thousandAndOne = ids(1001);
    JsonNode segments =
        refused(
            Method.POST,
            "marketing/contacts/exports",
            "{\"segment_ids\":[" + thousandAndOne + "]}",
            "exports");
    assertThat(segments.at("/errors/0/field").asText()).isEqualTo("segment_ids");
    JsonNode imports =
        refused(
            Method.PUT,
            "marketing/contacts/imports",
            "{\"file_type\":\"csv\",\"field_mappings\":[\"_rf2_T\"],\"list_ids\":["
                + thousandAndOne
                + "]}",
            "contact_imports");
    assertThat(imports.at("/errors/0/field").asText()).isEqualTo("list_ids");
    JsonNode upsert =
        refused(
            Method.PUT,
            "marketing/contacts",
            "{\"list_ids\":[" + ids(251) + "],\"contacts\":[{\"email\":\"a@example.com\"}]}",
            "contact_jobs");
    assertThat(upsert.at("/errors/0/field").asText()).isEqualTo("list_ids");
    refused(
        Method.POST, "marketing/contacts/batch", "{\"ids\":[" + ids(101) + "]}", "contact_jobs");
  }

  @Test
  void json_with_content_after_the_body_is_400_and_creates_nothing() {
    for (String body :
        new String[] {
          "{\"name\":\"trailing\"} xyz", "{\"name\":\"a\"}{\"name\":\"b\"}", "{\"name\":\"x\"} 1"
        }) {
      refused(Method.POST, "marketing/lists", body, "lists");
    }
    refused(
        Method.PUT,
        "marketing/contacts",
        "{\"contacts\":[{\"email\":\"t@example.com\"}]} {\"contacts\":[]}",
        "contact_jobs");
    refused(
        Method.PUT,
        "marketing/contacts",
        "{\"contacts\":[{\"email\":\"t@example.com\"}]} xyz",
        "contact_jobs");
    refused(
        Method.POST,
        "marketing/contacts/exports",
        "{\"file_type\":\"csv\"} {\"file_type\":\"json\"}",
        "exports");
    // Whitespace after the body is still fine.
    Response ok = call(Method.POST, "marketing/lists", "{\"name\":\"" + unique("ws ") + "\"}\n \n");
    assertThat(ok.getStatusCode()).as(ok.getBody()).isEqualTo(201);
  }

  @Test
  void paths_jetty_refuses_are_answered_in_sendgrids_json_shape() throws IOException {
    for (String path :
        new String[] {
          "/v3/marketing/lists/%zz",
          "/v3/marketing/lists/a%00b",
          "/v3/marketing/lists/%C0%AF",
          "/files/1/x/a%00b"
        }) {
      String response = rawGet(path);
      String head = response.substring(0, response.indexOf("\r\n\r\n"));
      String body = response.substring(response.indexOf("\r\n\r\n") + 4);
      assertThat(head).as(path).startsWith("HTTP/1.1 400");
      assertThat(head.toLowerCase()).as(path).contains("content-type: application/json");
      JsonNode json = JSON.readTree(body);
      assertThat(json.at("/errors/0/message").asText()).as(body).startsWith("invalid request");
      assertThat(json.at("/errors/0").has("field")).isTrue();
    }
  }

  /** A raw request: java.net.URI would refuse these paths before sending them. */
  private String rawGet(String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                  + server.key()
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String ids(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(i == 0 ? "" : ",").append("\"id-").append(i).append("\"");
    }
    return s.toString();
  }
}
