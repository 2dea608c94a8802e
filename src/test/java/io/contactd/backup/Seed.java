package io.contactd.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendgrid.Method;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import io.contactd.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Test data made through contactd's public API, in an account of one's own (a subuser). */
final class Seed {
  static final ObjectMapper JSON = new ObjectMapper();
  final TestServer server;
  final String subuser;
  final SendGrid client;

  private Seed(TestServer server, String subuser) {
    this.server = server;
    this.subuser = subuser;
    this.client = server.client();
    client.addImpersonateSubuser(subuser);
  }

  /** A new, empty subuser account. */
  static Seed account(TestServer server) {
    String name = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    Response r =
        server.call(
            Method.POST,
            "subusers",
            "{\"username\":\"" + name + "\",\"email\":\"" + name + "@example.com\"}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(201);
    return new Seed(server, name);
  }

  JsonNode call(Method method, String endpoint, Object body, int status) {
    try {
      String text =
          body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
      Response r = TestServer.call(client, method, endpoint, text);
      assertThat(r.getStatusCode())
          .as(method + " " + endpoint + ": " + r.getBody())
          .isEqualTo(status);
      return r.getBody() == null || r.getBody().isEmpty() ? null : JSON.readTree(r.getBody());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String field(String name, String type) {
    return call(
            Method.POST,
            "marketing/field_definitions",
            JSON.createObjectNode().put("name", name).put("field_type", type),
            200)
        .get("id")
        .asText();
  }

  String list(String name) {
    return call(Method.POST, "marketing/lists", JSON.createObjectNode().put("name", name), 201)
        .get("id")
        .asText();
  }

  String segment(String name, String query, String parentList) {
    ObjectNode body = JSON.createObjectNode().put("name", name).put("query_dsl", query);
    if (parentList != null) {
      body.putArray("parent_list_ids").add(parentList);
    }
    return call(Method.POST, "marketing/segments/2.0", body, 201).get("id").asText();
  }

  /** Upserts contacts into the lists and waits for the job. */
  void contacts(List<String> listIds, ArrayNode contacts) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode lists = body.putArray("list_ids");
    listIds.forEach(lists::add);
    body.set("contacts", contacts);
    String job = call(Method.PUT, "marketing/contacts", body, 202).get("job_id").asText();
    JsonNode end =
        TestServer.awaitEnd(client, "marketing/contacts/imports/" + job, Duration.ofSeconds(30));
    assertThat(end.get("status").asText()).as(end.toString()).isEqualTo("completed");
  }

  /** {@code n} contacts {@code prefix-i@example.com} with some awkward text. */
  static ArrayNode people(String prefix, int n) {
    ArrayNode out = JSON.createArrayNode();
    for (int i = 0; i < n; i++) {
      out.addObject()
          .put("email", prefix + "-" + i + "@example.com")
          .put("first_name", "First " + i + " \"quoted\"")
          .put("last_name", i % 7 == 0 ? "two\nlines, and a comma" : "Last" + UUID.randomUUID())
          .put("city", "City " + (i % 13));
    }
    return out;
  }
}
