package io.contactd.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Method;
import com.sendgrid.Response;
import io.contactd.testing.Backend;
import io.contactd.testing.OpenApi;
import io.contactd.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** Shared setup of the contacts, lists and field tests: one server per class and helpers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContactsContract {
  static final ObjectMapper JSON = new ObjectMapper();
  static final OpenApi CONTACTS = OpenApi.of("tsg_mc_contacts_v3.yaml");
  static final OpenApi LISTS = OpenApi.of("tsg_mc_lists_v3.yaml");
  static final OpenApi FIELDS = OpenApi.of("tsg_mc_custom_fields_v3.yaml");

  abstract Backend backend();

  TestServer server;

  @BeforeAll
  void start() {
    server = TestServer.start(backend());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  static JsonNode json(Response r) {
    try {
      return JSON.readTree(r.getBody());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + r.getBody(), e);
    }
  }

  Response call(Method method, String endpoint, String body) {
    return server.call(method, endpoint, body);
  }

  Response call(TestServer s, Method method, String endpoint, String body) {
    return s.call(method, endpoint, body);
  }

  /** PUT /contacts, asserting 202, and waits for the job; returns the finished job. */
  JsonNode upsert(TestServer s, String body) {
    Response r = s.call(Method.PUT, "marketing/contacts", body);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
    CONTACTS.assertResponse("PUT", "/v3/marketing/contacts", 202, r.getBody());
    return awaitJob(s, json(r).get("job_id").asText());
  }

  JsonNode upsert(String body) {
    return upsert(server, body);
  }

  JsonNode awaitJob(TestServer s, String jobId) {
    JsonNode[] last = new JsonNode[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              Response r = s.call(Method.GET, "marketing/contacts/imports/" + jobId, null);
              assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
              last[0] = json(r);
              return !last[0].get("status").asText().equals("pending");
            });
    Response r = s.call(Method.GET, "marketing/contacts/imports/" + jobId, null);
    CONTACTS.assertResponse("GET", "/v3/marketing/contacts/imports/{id}", 200, r.getBody());
    return json(r);
  }

  JsonNode awaitJob(String jobId) {
    return awaitJob(server, jobId);
  }

  String createList(TestServer s, String name) {
    Response r = s.call(Method.POST, "marketing/lists", "{\"name\":\"" + name + "\"}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(201);
    LISTS.assertResponse("POST", "/v3/marketing/lists", 201, r.getBody());
    return json(r).get("id").asText();
  }

  String createList(String name) {
    return createList(server, name);
  }

  String createField(TestServer s, String name, String type) {
    Response r =
        s.call(
            Method.POST,
            "marketing/field_definitions",
            "{\"name\":\"" + name + "\",\"field_type\":\"" + type + "\"}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    FIELDS.assertResponse("POST", "/v3/marketing/field_definitions", 200, r.getBody());
    return json(r).get("id").asText();
  }

  JsonNode contactByEmail(String email) {
    Response r =
        call(Method.POST, "marketing/contacts/search/emails", "{\"emails\":[\"" + email + "\"]}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    return json(r).at("/result/" + email.replace("/", "~1") + "/contact");
  }

  long contactCount(TestServer s) {
    Response r = s.call(Method.GET, "marketing/contacts/count", null);
    assertThat(r.getStatusCode()).isEqualTo(200);
    return json(r).get("contact_count").asLong();
  }

  static String unique(String prefix) {
    return prefix + System.nanoTime();
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
