package io.contactd.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sendgrid.Method;
import com.sendgrid.Response;
import io.contactd.testing.TestServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** /field_definitions and /lists over real HTTP with the official client. */
abstract class FieldsAndListsContract extends ContactsContract {

  @Test
  void field_definitions_list_custom_fields_then_every_reserved_field_in_order() {
    String name = unique("color_");
    String id = createField(server, name, "Text");
    assertThat(id).matches("e\\d+_T");
    Response r = call(Method.GET, "marketing/field_definitions", null);
    assertThat(r.getStatusCode()).isEqualTo(200);
    FIELDS.assertResponse("GET", "/v3/marketing/field_definitions", 200, r.getBody());
    JsonNode body = json(r);
    assertThat(body.fieldNames())
        .toIterable()
        .containsExactly("custom_fields", "reserved_fields", "_metadata");
    assertThat(body.get("custom_fields").toString())
        .contains("\"id\":\"" + id + "\"", "\"name\":\"" + name + "\"");
    JsonNode reserved = body.get("reserved_fields");
    assertThat(reserved).hasSize(29);
    assertThat(reserved.get(0).toString())
        .isEqualTo("{\"id\":\"_rf0_T\",\"name\":\"first_name\",\"field_type\":\"Text\"}");
    assertThat(reserved.get(15).get("name").asText()).isEqualTo("list_ids");
    assertThat(reserved.get(17).toString())
        .isEqualTo(
            "{\"id\":\"_rf15_T\",\"name\":\"email_domains\",\"field_type\":\"Text\",\"read_only\":true}");
    assertThat(reserved.get(28).get("id").asText()).isEqualTo("_rf26_T");
    assertThat(body.at("/_metadata/self").asText())
        .isEqualTo(server.baseUrl() + "/v3/marketing/field_definitions");
  }

  @Test
  void field_ids_count_per_account_and_encode_the_type() {
    String number = createField(server, unique("score_"), "Number");
    String date = createField(server, unique("birthday_"), "Date");
    int n = Integer.parseInt(number.substring(1, number.indexOf('_')));
    assertThat(number).endsWith("_N");
    assertThat(date).isEqualTo("e" + (n + 1) + "_D");
  }

  @Test
  void field_names_follow_the_rules_and_are_unique_case_insensitively() {
    String name = unique("Plan_");
    createField(server, name, "Text");
    for (String body :
        new String[] {
          "{\"name\":\"" + name.toLowerCase() + "\",\"field_type\":\"Text\"}",
          "{\"name\":\"1st\",\"field_type\":\"Text\"}",
          "{\"name\":\"with space\",\"field_type\":\"Text\"}",
          "{\"name\":\"First_Name\",\"field_type\":\"Text\"}",
          "{\"name\":\"ok_name\",\"field_type\":\"text\"}",
          "{\"name\":\"ok_name\"}",
          "{\"name\":\"" + "a".repeat(101) + "\",\"field_type\":\"Text\"}",
          "{\"name\":7,\"field_type\":\"Text\"}",
          "{\"field_type\":\"Text\"}"
        }) {
      Response r = call(Method.POST, "marketing/field_definitions", body);
      assertThat(r.getStatusCode()).as(body).isEqualTo(400);
      FIELDS.assertResponse("POST", "/v3/marketing/field_definitions", 400, r.getBody());
    }
  }

  @Test
  void renaming_a_field_keeps_its_id_and_deleting_it_removes_its_values_from_contacts() {
    String id = createField(server, unique("tier_"), "Text");
    String email = unique("tier") + "@example.com";
    upsert(
        "{\"contacts\":[{\"email\":\""
            + email
            + "\",\"custom_fields\":{\""
            + id
            + "\":\"gold\"}}]}");

    String renamed = unique("level_");
    Response r =
        call(Method.PATCH, "marketing/field_definitions/" + id, "{\"name\":\"" + renamed + "\"}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    FIELDS.assertResponse(
        "PATCH", "/v3/marketing/field_definitions/{custom_field_id}", 200, r.getBody());
    assertThat(json(r).get("id").asText()).isEqualTo(id);
    assertThat(contactByEmail(email).at("/custom_fields/" + renamed).asText()).isEqualTo("gold");

    Response deleted = call(Method.DELETE, "marketing/field_definitions/" + id, null);
    assertThat(deleted.getStatusCode()).isEqualTo(204);
    FIELDS.assertResponse(
        "DELETE", "/v3/marketing/field_definitions/{custom_field_id}", 204, deleted.getBody());
    assertThat(contactByEmail(email).get("custom_fields").size()).isZero();
    assertThat(call(Method.DELETE, "marketing/field_definitions/" + id, null).getStatusCode())
        .isEqualTo(404);
    assertThat(
            call(Method.PATCH, "marketing/field_definitions/e999999_T", "{\"name\":\"x\"}")
                .getStatusCode())
        .isEqualTo(404);
    assertThat(call(Method.DELETE, "marketing/field_definitions/_rf0_T", null).getStatusCode())
        .isEqualTo(400);
  }

  @Test
  void lists_are_created_paged_with_full_next_urls_renamed_counted_and_deleted() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(createList(unique("page list ")));
    }
    List<String> seen = new ArrayList<>();
    String endpoint = "marketing/lists?page_size=2";
    int pages = 0;
    while (endpoint != null) {
      Response r = call(Method.GET, endpoint, null);
      assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
      LISTS.assertResponse("GET", "/v3/marketing/lists", 200, r.getBody());
      JsonNode body = json(r);
      assertThat(body.get("result").size()).isLessThanOrEqualTo(2);
      body.get("result").forEach(l -> seen.add(l.get("id").asText()));
      JsonNode next = body.at("/_metadata/next");
      if (next.isMissingNode()) {
        endpoint = null;
      } else {
        URI uri = URI.create(next.asText());
        assertThat(uri.getScheme() + "://" + uri.getAuthority()).isEqualTo(server.baseUrl());
        endpoint = uri.getPath().substring("/v3/".length()) + "?" + uri.getQuery();
      }
      pages++;
    }
    assertThat(seen).containsAll(ids).doesNotHaveDuplicates();
    assertThat(pages).isGreaterThanOrEqualTo(2);

    String id = ids.getFirst();
    Response renamed = call(Method.PATCH, "marketing/lists/" + id, "{\"name\":\"renamed\"}");
    assertThat(renamed.getStatusCode()).isEqualTo(200);
    LISTS.assertResponse("PATCH", "/v3/marketing/lists/{id}", 200, renamed.getBody());
    assertThat(json(renamed).get("name").asText()).isEqualTo("renamed");

    String email = unique("member") + "@example.com";
    upsert(
        "{\"list_ids\":[\""
            + id
            + "\"],\"contacts\":[{\"email\":\""
            + email
            + "\"},{\"external_id\":\""
            + unique("x")
            + "\"}]}");
    Response got = call(Method.GET, "marketing/lists/" + id + "?contact_sample=true", null);
    assertThat(got.getStatusCode()).isEqualTo(200);
    LISTS.assertResponse("GET", "/v3/marketing/lists/{id}", 200, got.getBody());
    assertThat(json(got).get("contact_count").asLong()).isEqualTo(2);
    assertThat(json(got).at("/contact_sample/list_ids/0").asText()).isEqualTo(id);
    Response count = call(Method.GET, "marketing/lists/" + id + "/contacts/count", null);
    LISTS.assertResponse("GET", "/v3/marketing/lists/{id}/contacts/count", 200, count.getBody());
    assertThat(json(count).get("contact_count").asLong()).isEqualTo(2);

    Response delete = call(Method.DELETE, "marketing/lists/" + id, null);
    assertThat(delete.getStatusCode()).isEqualTo(204);
    assertThat(call(Method.GET, "marketing/lists/" + id, null).getStatusCode()).isEqualTo(404);
    assertThat(contactByEmail(email).get("list_ids").size())
        .as("the contact stays, unlinked")
        .isZero();
  }

  @Test
  void removing_contacts_from_a_list_unlinks_them_and_keeps_them() {
    String list = createList(unique("unlink "));
    String a = unique("a") + "@example.com";
    String b = unique("b") + "@example.com";
    upsert(
        "{\"list_ids\":[\""
            + list
            + "\"],\"contacts\":[{\"email\":\""
            + a
            + "\"},{\"email\":\""
            + b
            + "\"}]}");
    String idA = contactByEmail(a).get("id").asText();
    Response r =
        call(Method.DELETE, "marketing/lists/" + list + "/contacts?contact_ids=" + idA, null);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
    LISTS.assertResponse("DELETE", "/v3/marketing/lists/{id}/contacts", 202, r.getBody());
    awaitJob(json(r).get("job_id").asText());
    assertThat(
            json(call(Method.GET, "marketing/lists/" + list + "/contacts/count", null))
                .get("contact_count")
                .asLong())
        .isEqualTo(1);
    assertThat(contactByEmail(a).get("list_ids").size()).isZero();
    assertThat(texts(contactByEmail(b).get("list_ids"))).containsExactly(list);
    Response unknown =
        call(
            Method.DELETE,
            "marketing/lists/"
                + list
                + "/contacts?contact_ids=00000000-0000-0000-0000-000000000000",
            null);
    assertThat(unknown.getStatusCode()).isEqualTo(404);
  }

  @Test
  void deleting_a_list_with_delete_contacts_deletes_its_members_only() {
    String list = createList(unique("doomed "));
    String other = createList(unique("other "));
    String member = unique("m") + "@example.com";
    String outsider = unique("o") + "@example.com";
    upsert(
        "{\"list_ids\":[\""
            + list
            + "\",\""
            + other
            + "\"],\"contacts\":[{\"email\":\""
            + member
            + "\"}]}");
    upsert("{\"list_ids\":[\"" + other + "\"],\"contacts\":[{\"email\":\"" + outsider + "\"}]}");
    Response r = call(Method.DELETE, "marketing/lists/" + list + "?delete_contacts=true", null);
    assertThat(r.getStatusCode()).isEqualTo(200);
    LISTS.assertResponse("DELETE", "/v3/marketing/lists/{id}", 200, r.getBody());
    JsonNode job = awaitJob(json(r).get("job_id").asText());
    assertThat(job.get("job_type").asText()).isEqualTo("delete_contacts");
    assertThat(job.at("/results/deleted_count").asLong()).isEqualTo(1);
    assertThat(
            call(
                    Method.POST,
                    "marketing/contacts/search/emails",
                    "{\"emails\":[\"" + member + "\"]}")
                .getStatusCode())
        .isEqualTo(404);
    assertThat(
            json(call(Method.GET, "marketing/lists/" + other + "/contacts/count", null))
                .get("contact_count")
                .asLong())
        .isEqualTo(1);
  }

  @Test
  void limits_on_fields_lists_and_lists_per_contact_are_configurable() {
    try (TestServer small =
        TestServer.start(backend(), b -> b.maxCustomFields(1).maxLists(3).maxListsPerContact(2))) {
      createField(small, "only_one", "Text");
      Response tooMany =
          small.call(
              Method.POST,
              "marketing/field_definitions",
              "{\"name\":\"second\",\"field_type\":\"Text\"}");
      assertThat(tooMany.getStatusCode()).isEqualTo(400);

      String l1 = createList(small, "one");
      String l2 = createList(small, "two");
      String l3 = createList(small, "three");
      assertThat(small.call(Method.POST, "marketing/lists", "{\"name\":\"four\"}").getStatusCode())
          .isEqualTo(400);

      Response threeLists =
          small.call(
              Method.PUT,
              "marketing/contacts",
              "{\"list_ids\":[\""
                  + l1
                  + "\",\""
                  + l2
                  + "\",\""
                  + l3
                  + "\"],\"contacts\":[{\"email\":\"a@example.com\"}]}");
      assertThat(threeLists.getStatusCode()).isEqualTo(400);

      upsert(
          small,
          "{\"list_ids\":[\""
              + l1
              + "\",\""
              + l2
              + "\"],\"contacts\":[{\"email\":\"a@example.com\"}]}");
      JsonNode job =
          upsert(
              small,
              "{\"list_ids\":[\""
                  + l3
                  + "\"],\"contacts\":[{\"email\":\"a@example.com\"},{\"email\":\"b@example.com\"}]}");
      assertThat(job.get("status").asText()).isEqualTo("errored");
      assertThat(job.at("/results/errored_count").asLong()).isEqualTo(1);
      assertThat(job.at("/results/created_count").asLong()).isEqualTo(1);
      assertThat(
              json(small.call(Method.GET, "marketing/lists/" + l3 + "/contacts/count", null))
                  .get("contact_count")
                  .asLong())
          .isEqualTo(1);
    }
  }
}
