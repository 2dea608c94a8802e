package io.contactd.exports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Method;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import io.contactd.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.awaitility.Awaitility;
import org.jdbi.v3.core.Jdbi;

/**
 * Test data written with SQL straight into the schema (contacts, lists, custom fields), each test
 * in its own subuser account so that tests never see each other's contacts; plus HTTP helpers.
 */
final class ExportFixture {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final TestServer server;

  ExportFixture(TestServer server) {
    this.server = server;
  }

  Jdbi jdbi() {
    return server.app().database().jdbi();
  }

  /** A fresh subuser: its own data, reached with the parent key and on-behalf-of. */
  Account account() {
    String name = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    Response r =
        server.call(
            Method.POST,
            "subusers",
            "{\"username\":\"" + name + "\",\"email\":\"" + name + "@example.com\"}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(201);
    long id =
        jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT id FROM accounts WHERE username = :u")
                        .bind("u", name)
                        .mapTo(Long.class)
                        .one());
    SendGrid client = server.client();
    client.addImpersonateSubuser(name);
    return new Account(id, name, name + "@example.com", client);
  }

  record Account(long id, String username, String email, SendGrid client) {}

  String list(Account a, String name) {
    String id = UUID.randomUUID().toString();
    long now = System.currentTimeMillis();
    jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO lists (account_id, id, name, created_at, updated_at) VALUES (:a, :id, :name, :now, :now)")
                    .bind("a", a.id())
                    .bind("id", id)
                    .bind("name", name)
                    .bind("now", now)
                    .execute());
    return id;
  }

  void field(Account a, String id, String name, String type, long createdAt) {
    jdbi()
        .useHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO field_definitions (account_id, id, name, name_key, field_type, created_at) VALUES (:a, :id, :name, :key, :type, :t)")
                    .bind("a", a.id())
                    .bind("id", id)
                    .bind("name", name)
                    .bind("key", name.toLowerCase())
                    .bind("type", type)
                    .bind("t", createdAt)
                    .execute());
  }

  /** A contact builder: reserved fields by column name, custom fields by id, list memberships. */
  Contact contact() {
    return new Contact();
  }

  final class Contact {
    final String id = UUID.randomUUID().toString();
    final Map<String, String> columns = new LinkedHashMap<>();
    final List<String> lists = new ArrayList<>();
    String customFields;
    String alternateEmails;
    long createdAt = 1_600_000_000_000L;
    long updatedAt = 1_600_000_100_000L;

    Contact set(String column, String value) {
      columns.put(column, value);
      return this;
    }

    Contact email(String email) {
      return set("email", email);
    }

    Contact custom(String json) {
      customFields = json;
      return this;
    }

    Contact alternates(String jsonArray) {
      alternateEmails = jsonArray;
      return this;
    }

    Contact inList(String listId) {
      lists.add(listId);
      return this;
    }

    String insert(Account a) {
      StringBuilder cols =
          new StringBuilder(
              "account_id, id, custom_fields, alternate_emails, created_at, updated_at");
      StringBuilder vals =
          new StringBuilder(
              ":account_id, :id, :custom_fields, :alternate_emails, :created_at, :updated_at");
      for (String c : columns.keySet()) {
        cols.append(", ").append(c);
        vals.append(", :").append(c);
      }
      jdbi()
          .useTransaction(
              h -> {
                var u =
                    h.createUpdate("INSERT INTO contacts (" + cols + ") VALUES (" + vals + ")")
                        .bind("account_id", a.id())
                        .bind("id", id)
                        .bind("custom_fields", customFields)
                        .bind("alternate_emails", alternateEmails)
                        .bind("created_at", createdAt)
                        .bind("updated_at", updatedAt);
                columns.forEach(u::bind);
                u.execute();
                for (String list : lists) {
                  h.createUpdate(
                          "INSERT INTO list_members (list_seq, contact_seq) SELECT l.seq, c.seq FROM lists l, contacts c"
                              + " WHERE l.account_id = :a AND l.id = :list AND c.account_id = :a AND c.id = :id")
                      .bind("a", a.id())
                      .bind("list", list)
                      .bind("id", id)
                      .execute();
                }
              });
      return id;
    }
  }

  /** Many contacts with incompressible text, in one transaction. */
  void bulk(Account a, int count, long seed) {
    bulk(a, count, seed, 100);
  }

  /** The same with {@code noise} characters in each of two address lines. */
  void bulk(Account a, int count, long seed, int noise) {
    java.util.Random random = new java.util.Random(seed);
    jdbi()
        .useTransaction(
            h -> {
              var batch =
                  h.prepareBatch(
                      "INSERT INTO contacts (account_id, id, email, first_name, address_line_1, address_line_2, created_at, updated_at)"
                          + " VALUES (:a, :id, :email, :first, :l1, :l2, :t, :t)");
              for (int i = 0; i < count; i++) {
                batch
                    .bind("a", a.id())
                    .bind("id", UUID.randomUUID().toString())
                    .bind("email", "bulk" + seed + "-" + i + "@example.com")
                    .bind("first", "Näme, \"" + i + "\"")
                    .bind("l1", noise(random, noise))
                    .bind("l2", noise(random, noise))
                    .bind("t", 1_600_000_000_000L + i)
                    .add();
              }
              batch.execute();
            });
  }

  private static String noise(java.util.Random random, int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,\"";
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  static Response call(Account a, Method method, String endpoint, String body) {
    return TestServer.call(a.client(), method, endpoint, body);
  }

  static JsonNode json(Response r) throws IOException {
    return JSON.readTree(r.getBody());
  }

  /** POSTs an export and returns its id (asserting the 202). */
  static String startExport(Account a, String body) throws IOException {
    Response r = call(a, Method.POST, "marketing/contacts/exports", body);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
    return json(r).get("id").asText();
  }

  /** Polls "Export Contacts Status" until it leaves pending; returns the last body. */
  static JsonNode awaitDone(Account a, String id) {
    JsonNode[] last = new JsonNode[1];
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              Response r = call(a, Method.GET, "marketing/contacts/exports/" + id, null);
              assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
              last[0] = json(r);
              return !last[0].get("status").asText().equals("pending");
            });
    return last[0];
  }

  static HttpResponse<byte[]> download(String url, String... headers) {
    return request("GET", url, headers);
  }

  static HttpResponse<byte[]> request(String method, String url, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] gunzip(byte[] gz) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }
}
