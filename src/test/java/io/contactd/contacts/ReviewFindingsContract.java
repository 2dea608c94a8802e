package io.contactd.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sendgrid.Method;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import io.contactd.testing.TestServer;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Operations that answered unlike the contract when each was called against the official OpenAPI
 * files (issue 8): renames onto a taken name, non-boolean flags, identifier search, billable counts
 * of a parent, the import scope and list unlinks.
 */
abstract class ReviewFindingsContract extends ContactsContract {

  @Test
  void
      renaming_a_field_onto_an_existing_name_in_any_case_is_400_naming_the_field_and_changes_nothing() {
    String taken = unique("Colour_");
    createField(server, taken, "Text");
    String original = unique("size_");
    String id = createField(server, original, "Number");

    for (String name : new String[] {taken, taken.toUpperCase(), taken.toLowerCase()}) {
      Response r =
          call(Method.PATCH, "marketing/field_definitions/" + id, "{\"name\":\"" + name + "\"}");
      assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(400);
      FIELDS.assertResponse(
          "PATCH", "/v3/marketing/field_definitions/{custom_field_id}", 400, r.getBody());
      assertThat(json(r).at("/errors/0/field").asText()).isEqualTo("name");
    }
    JsonNode fields = json(call(Method.GET, "marketing/field_definitions", null));
    assertThat(fields.get("custom_fields").findValuesAsText("name")).contains(original, taken);

    // its own name in another case is no collision
    Response own =
        call(
            Method.PATCH,
            "marketing/field_definitions/" + id,
            "{\"name\":\"" + original.toUpperCase() + "\"}");
    assertThat(own.getStatusCode()).as(own.getBody()).isEqualTo(200);
  }

  @Test
  void a_delete_contacts_that_is_not_a_boolean_is_400_and_deletes_nothing() {
    String list = createList(unique("kept "));
    String email = unique("kept") + "@example.com";
    upsert("{\"list_ids\":[\"" + list + "\"],\"contacts\":[{\"email\":\"" + email + "\"}]}");

    for (String value : new String[] {"maybe", "1", "yes", ""}) {
      Response r =
          call(Method.DELETE, "marketing/lists/" + list + "?delete_contacts=" + value, null);
      assertThat(r.getStatusCode()).as("delete_contacts=%s: %s", value, r.getBody()).isEqualTo(400);
      LISTS.assertResponse("DELETE", "/v3/marketing/lists/{id}", 400, r.getBody());
      assertThat(json(r).at("/errors/0/field").asText()).isEqualTo("delete_contacts");
    }
    Response still = call(Method.GET, "marketing/lists/" + list, null);
    assertThat(still.getStatusCode()).isEqualTo(200);
    assertThat(json(still).get("contact_count").asLong()).isEqualTo(1);
    assertThat(contactByEmail(email).get("email").asText()).isEqualTo(email);

    // the two booleans still work, in any case
    Response kept = call(Method.DELETE, "marketing/lists/" + list + "?delete_contacts=FALSE", null);
    assertThat(kept.getStatusCode()).as(kept.getBody()).isEqualTo(204);
    assertThat(contactByEmail(email).get("email").asText()).isEqualTo(email);
  }

  @Test
  void a_contact_sample_that_is_not_a_boolean_is_400() {
    String list = createList(unique("sampled "));
    Response bad = call(Method.GET, "marketing/lists/" + list + "?contact_sample=maybe", null);
    assertThat(bad.getStatusCode()).as(bad.getBody()).isEqualTo(400);
    LISTS.assertResponse("GET", "/v3/marketing/lists/{id}", 400, bad.getBody());
    assertThat(json(bad).at("/errors/0/field").asText()).isEqualTo("contact_sample");
    Response good = call(Method.GET, "marketing/lists/" + list + "?contact_sample=true", null);
    assertThat(good.getStatusCode()).as(good.getBody()).isEqualTo(200);
  }

  @Test
  void search_by_identifiers_answers_errors_in_the_common_shape() {
    String path = "/v3/marketing/contacts/search/identifiers/{identifier_type}";
    Response badType =
        call(
            Method.POST,
            "marketing/contacts/search/identifiers/shoe_size",
            "{\"identifiers\":[\"x\"]}");
    assertThat(badType.getStatusCode()).isEqualTo(400);
    CONTACTS.assertResponse("POST", path, 400, badType.getBody());
    assertThat(json(badType).at("/errors/0/field").asText()).isEqualTo("identifier_type");

    Response badBody =
        call(Method.POST, "marketing/contacts/search/identifiers/external_id", "[1]");
    assertThat(badBody.getStatusCode()).isEqualTo(400);
    CONTACTS.assertResponse("POST", path, 400, badBody.getBody());

    Response none =
        call(
            Method.POST,
            "marketing/contacts/search/identifiers/external_id",
            "{\"identifiers\":[\"" + unique("nobody-") + "\"]}");
    assertThat(none.getStatusCode()).isEqualTo(404);
    CONTACTS.assertResponse("POST", path, 404, none.getBody());
  }

  @Test
  void an_invalid_identifier_is_400() {
    String path = "/v3/marketing/contacts/search/identifiers/{identifier_type}";
    Response email =
        call(
            Method.POST,
            "marketing/contacts/search/identifiers/email",
            "{\"identifiers\":[\"not an email\"]}");
    assertThat(email.getStatusCode()).as(email.getBody()).isEqualTo(400);
    CONTACTS.assertResponse("POST", path, 400, email.getBody());
    assertThat(json(email).at("/errors/0/field").asText()).isEqualTo("identifiers");

    Response tooLong =
        call(
            Method.POST,
            "marketing/contacts/search/identifiers/external_id",
            "{\"identifiers\":[\"" + "x".repeat(255) + "\"]}");
    assertThat(tooLong.getStatusCode()).as(tooLong.getBody()).isEqualTo(400);
    CONTACTS.assertResponse("POST", path, 400, tooLong.getBody());
  }

  @Test
  void search_by_email_identifiers_matches_alternate_emails_as_search_emails_does() {
    String primary = unique("prim") + "@example.com";
    String alternate = unique("alt") + "@example.com";
    upsert(
        "{\"contacts\":[{\"email\":\""
            + primary
            + "\",\"alternate_emails\":[\""
            + alternate
            + "\"]}]}");
    Response r =
        call(
            Method.POST,
            "marketing/contacts/search/identifiers/email",
            "{\"identifiers\":[\"" + alternate.toUpperCase() + "\"]}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    CONTACTS.assertResponse(
        "POST", "/v3/marketing/contacts/search/identifiers/{identifier_type}", 200, r.getBody());
    assertThat(json(r).at("/result/" + alternate + "/contact/email").asText()).isEqualTo(primary);
  }

  @Test
  void count_for_a_parent_breaks_billable_contacts_down_per_subuser() {
    Subuser two = subuser();
    Subuser one = subuser();
    upsertAs(two, "{\"contacts\":[{\"email\":\"a@example.com\"},{\"email\":\"b@example.com\"}]}");
    upsertAs(one, "{\"contacts\":[{\"email\":\"c@example.com\"}]}");

    Response r = call(Method.GET, "marketing/contacts/count", null);
    assertThat(r.getStatusCode()).isEqualTo(200);
    CONTACTS.assertResponse("GET", "/v3/marketing/contacts/count", 200, r.getBody());
    JsonNode count = json(r);
    JsonNode breakdown = count.at("/billable_breakdown/breakdown");
    assertThat(breakdown.get(two.id()).asLong()).isEqualTo(2);
    assertThat(breakdown.get(one.id()).asLong()).isEqualTo(1);
    long sum = 0;
    for (JsonNode n : breakdown) {
      sum += n.asLong();
    }
    assertThat(count.at("/billable_breakdown/total").asLong()).isEqualTo(sum);
    assertThat(count.get("billable_count").asLong())
        .as("the parent is billed for its own contacts and those of its subusers")
        .isEqualTo(count.get("contact_count").asLong() + sum);

    Response sub = TestServer.call(two.client(), Method.GET, "marketing/contacts/count", null);
    CONTACTS.assertResponse("GET", "/v3/marketing/contacts/count", 200, sub.getBody());
    assertThat(json(sub).get("contact_count").asLong()).isEqualTo(2);
    assertThat(json(sub).get("billable_count").asLong()).isEqualTo(2);
    assertThat(json(sub).has("billable_breakdown")).as("a subuser has no subusers").isFalse();
  }

  @Test
  void a_key_with_marketing_campaigns_create_may_start_an_import() {
    String body = "{\"file_type\":\"csv\",\"field_mappings\":[\"_rf2_T\"]}";
    Response create =
        TestServer.call(
            server.client(key("[\"marketing_campaigns.create\"]")),
            Method.PUT,
            "marketing/contacts/imports",
            body);
    assertThat(create.getStatusCode()).as(create.getBody()).isEqualTo(200);
    CONTACTS.assertResponse("PUT", "/v3/marketing/contacts/imports", 200, create.getBody());

    Response readOnly =
        TestServer.call(
            server.client(key("[\"marketing_campaigns.read\"]")),
            Method.PUT,
            "marketing/contacts/imports",
            body);
    assertThat(readOnly.getStatusCode()).as(readOnly.getBody()).isEqualTo(403);
  }

  @Test
  void removing_contacts_from_a_list_reports_an_unlink_not_deleted_contacts() {
    String list = createList(unique("unlinked "));
    String email = unique("stays") + "@example.com";
    upsert("{\"list_ids\":[\"" + list + "\"],\"contacts\":[{\"email\":\"" + email + "\"}]}");
    String id = contactByEmail(email).get("id").asText();

    Response r =
        call(Method.DELETE, "marketing/lists/" + list + "/contacts?contact_ids=" + id, null);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
    LISTS.assertResponse("DELETE", "/v3/marketing/lists/{id}/contacts", 202, r.getBody());
    JsonNode job = awaitJob(json(r).get("job_id").asText());
    assertThat(job.get("job_type").asText()).isEqualTo("unlink_list_contacts");
    assertThat(job.at("/results/updated_count").asLong()).isEqualTo(1);
    assertThat(job.get("results").has("deleted_count")).isFalse();
    assertThat(contactByEmail(email).get("list_ids")).isEmpty();
  }

  record Subuser(String id, SendGrid client) {}

  Subuser subuser() {
    String name = "u" + System.nanoTime();
    Response r =
        call(
            Method.POST,
            "subusers",
            "{\"username\":\"" + name + "\",\"email\":\"" + name + "@example.com\"}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(201);
    SendGrid client = server.client();
    client.addImpersonateSubuser(name);
    return new Subuser(json(r).get("user_id").asText(), client);
  }

  void upsertAs(Subuser s, String body) {
    Response r = TestServer.call(s.client(), Method.PUT, "marketing/contacts", body);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
    String job = json(r).get("job_id").asText();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                json(TestServer.call(
                        s.client(), Method.GET, "marketing/contacts/imports/" + job, null))
                    .get("status")
                    .asText()
                    .equals("completed"));
  }

  String key(String scopes) {
    Response r =
        call(
            Method.POST,
            "api_keys",
            "{\"name\":\"" + unique("k") + "\",\"scopes\":" + scopes + "}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(201);
    return json(r).get("api_key").asText();
  }
}
