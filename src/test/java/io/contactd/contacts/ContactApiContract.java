package io.contactd.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sendgrid.Method;
import com.sendgrid.Response;
import io.contactd.testing.TestServer;
import org.junit.jupiter.api.Test;

/** /contacts over real HTTP with the official client: upserts, reads, searches, deletes, jobs. */
abstract class ContactApiContract extends ContactsContract {

  @Test
  void upsert_creates_then_updates_by_any_identifier_and_omitted_fields_keep_their_values() {
    String text = createField(server, unique("nick_"), "Text");
    String number = createField(server, unique("age_"), "Number");
    String date = createField(server, unique("since_"), "Date");
    String list = createList(unique("customers "));
    String email = unique("Jane.") + "@Example.com";
    String external = unique("ext-");
    JsonNode created =
        upsert(
            "{\"list_ids\":[\""
                + list
                + "\"],\"contacts\":[{\"email\":\""
                + email
                + "\",\"first_name\":\"Jane\",\"city\":\"Lyon\",\"alternate_emails\":[\"J@Example.org\"],"
                + "\"custom_fields\":{\""
                + text
                + "\":\"jj\",\""
                + number
                + "\":42,\""
                + date
                + "\":\"03/04/2024\"}}]}");
    assertThat(created.get("status").asText()).isEqualTo("completed");
    assertThat(created.get("job_type").asText()).isEqualTo("upsert_contacts");
    assertThat(created.at("/results/requested_count").asLong()).isEqualTo(1);
    assertThat(created.at("/results/created_count").asLong()).isEqualTo(1);
    assertThat(created.has("finished_at")).isTrue();

    JsonNode contact = contactByEmail(email.toLowerCase());
    String id = contact.get("id").asText();
    assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(contact.get("email").asText()).isEqualTo(email.toLowerCase());
    assertThat(texts(contact.get("alternate_emails"))).containsExactly("j@example.org");
    assertThat(texts(contact.get("list_ids"))).containsExactly(list);
    assertThat(contact.get("last_name").asText()).isEmpty();
    JsonNode custom = contact.get("custom_fields");
    assertThat(custom.size()).isEqualTo(3);
    assertThat(custom.elements())
        .toIterable()
        .extracting(JsonNode::toString)
        .contains("\"jj\"", "42", "\"2024-03-04T00:00:00Z\"");
    assertThat(contact.get("created_at").asText()).endsWith("Z");

    // matched by email in another case; also adds an external id
    JsonNode updated =
        upsert(
            "{\"contacts\":[{\"email\":\""
                + email.toUpperCase()
                + "\",\"external_id\":\""
                + external
                + "\",\"last_name\":\"Doe\",\"custom_fields\":{\""
                + number
                + "\":43.5}}]}");
    assertThat(updated.at("/results/updated_count").asLong()).isEqualTo(1);
    assertThat(updated.at("/results/created_count").asLong()).isZero();
    // matched by the external id alone
    upsert("{\"contacts\":[{\"external_id\":\"" + external + "\",\"city\":\"Paris\"}]}");

    Response get = call(Method.GET, "marketing/contacts/" + id, null);
    assertThat(get.getStatusCode()).isEqualTo(200);
    CONTACTS.assertResponse("GET", "/v3/marketing/contacts/{id}", 200, get.getBody());
    JsonNode after = json(get);
    assertThat(after.get("first_name").asText()).isEqualTo("Jane");
    assertThat(after.get("last_name").asText()).isEqualTo("Doe");
    assertThat(after.get("city").asText()).isEqualTo("Paris");
    assertThat(after.get("external_id").asText()).isEqualTo(external);
    assertThat(texts(after.get("list_ids"))).containsExactly(list);
    assertThat(after.get("custom_fields").toString()).contains("43.5", "\"jj\"");
    assertThat(after.at("/_metadata/self").asText())
        .isEqualTo(server.baseUrl() + "/v3/marketing/contacts/" + id);
  }

  /**
   * New contacts are written by a bulk append (COPY on PostgreSQL) that checks nothing itself: the
   * next job must find each of them by the one identifier it has, and a row of one batch must find
   * the contact an earlier row of the same batch created.
   */
  @Test
  void each_identifier_finds_the_contact_an_earlier_job_or_row_created_and_none_is_duplicated() {
    String list = createList(unique("by id "));
    String email = unique("e") + "@example.com";
    String phone = unique("+1555");
    String ext = unique("ext-");
    String anon = unique("anon-");
    String email2 = unique("e2-") + "@example.com";
    // JSON escapes of a tab, a backslash and quotes: COPY's text format escapes the first two.
    String odd = "tab\\tback\\\\slash \\\"quoted\\\"";
    JsonNode first =
        upsert(
            "{\"list_ids\":[\""
                + list
                + "\"],\"contacts\":[{\"email\":\""
                + email
                + "\",\"first_name\":\""
                + odd
                + "\"},{\"phone_number_id\":\""
                + phone
                + "\"},{\"external_id\":\""
                + ext
                + "\"},{\"anonymous_id\":\""
                + anon
                + "\"},{\"anonymous_id\":\""
                + anon
                + "\",\"email\":\""
                + email2
                + "\",\"city\":\"Oslo\"}]}");
    assertThat(first.at("/results/created_count").asLong()).isEqualTo(4);
    assertThat(first.at("/results/updated_count").asLong()).isZero();
    String emailId = contactByEmail(email).get("id").asText();
    assertThat(contactByEmail(email).get("first_name").asText())
        .isEqualTo("tab\tback\\slash \"quoted\"");
    assertThat(contactByEmail(email2).get("city").asText()).isEqualTo("Oslo");

    JsonNode second =
        upsert(
            "{\"contacts\":[{\"email\":\""
                + email
                + "\",\"last_name\":\"E\"},{\"phone_number_id\":\""
                + phone
                + "\",\"last_name\":\"P\"},{\"external_id\":\""
                + ext
                + "\",\"last_name\":\"X\"},{\"anonymous_id\":\""
                + anon
                + "\",\"last_name\":\"A\"}]}");
    assertThat(second.at("/results/created_count").asLong()).isZero();
    assertThat(second.at("/results/updated_count").asLong()).isEqualTo(4);
    assertThat(contactByEmail(email).get("id").asText()).isEqualTo(emailId);
    assertThat(contactByEmail(email).get("last_name").asText()).isEqualTo("E");
    assertThat(contactByEmail(email2).get("last_name").asText()).isEqualTo("A");
    for (String[] byType :
        new String[][] {{"phone_number_id", phone, "P"}, {"external_id", ext, "X"}}) {
      Response found =
          call(
              Method.POST,
              "marketing/contacts/search/identifiers/" + byType[0],
              "{\"identifiers\":[\"" + byType[1] + "\"]}");
      assertThat(found.getStatusCode()).isEqualTo(200);
      JsonNode contact = json(found).at("/result/" + byType[1] + "/contact");
      assertThat(contact.get("last_name").asText()).isEqualTo(byType[2]);
      assertThat(texts(contact.get("list_ids"))).containsExactly(list);
    }
  }

  @Test
  void one_request_with_the_same_contact_twice_writes_one_contact() {
    String email = unique("twice") + "@example.com";
    JsonNode job =
        upsert(
            "{\"contacts\":[{\"email\":\""
                + email
                + "\",\"first_name\":\"A\"},{\"email\":\""
                + email
                + "\",\"last_name\":\"B\"}]}");
    assertThat(job.at("/results/created_count").asLong()).isEqualTo(1);
    JsonNode c = contactByEmail(email);
    assertThat(c.get("first_name").asText()).isEqualTo("A");
    assertThat(c.get("last_name").asText()).isEqualTo("B");
  }

  @Test
  void a_row_whose_identifiers_belong_to_two_contacts_is_errored_and_the_rest_applied() {
    String a = unique("a") + "@example.com";
    String ext = unique("e");
    upsert("{\"contacts\":[{\"email\":\"" + a + "\"},{\"external_id\":\"" + ext + "\"}]}");
    String fresh = unique("f") + "@example.com";
    JsonNode job =
        upsert(
            "{\"contacts\":[{\"email\":\""
                + a
                + "\",\"external_id\":\""
                + ext
                + "\"},{\"email\":\""
                + fresh
                + "\"}]}");
    assertThat(job.get("status").asText()).isEqualTo("errored");
    assertThat(job.at("/results/errored_count").asLong()).isEqualTo(1);
    assertThat(job.at("/results/created_count").asLong()).isEqualTo(1);
  }

  @Test
  void sample_count_batch_and_searches_answer_in_sendgrid_shapes() {
    String email = unique("s") + "@example.com";
    String alt = unique("alt") + "@example.com";
    String anon = unique("anon-");
    upsert(
        "{\"contacts\":[{\"email\":\""
            + email
            + "\",\"alternate_emails\":[\""
            + alt
            + "\"]},{\"anonymous_id\":\""
            + anon
            + "\"}]}");

    Response sample = call(Method.GET, "marketing/contacts", null);
    assertThat(sample.getStatusCode()).isEqualTo(200);
    CONTACTS.assertResponse("GET", "/v3/marketing/contacts", 200, sample.getBody());
    JsonNode s = json(sample);
    assertThat(s.get("result").size()).isBetween(2, 50);
    assertThat(s.get("contact_count").asLong()).isGreaterThanOrEqualTo(2);
    assertThat(s.at("/_metadata/self").asText())
        .isEqualTo(server.baseUrl() + "/v3/marketing/contacts");

    Response count = call(Method.GET, "marketing/contacts/count", null);
    CONTACTS.assertResponse("GET", "/v3/marketing/contacts/count", 200, count.getBody());
    assertThat(json(count).get("contact_count").asLong())
        .isEqualTo(s.get("contact_count").asLong());

    Response byAlt =
        call(
            Method.POST,
            "marketing/contacts/search/emails",
            "{\"emails\":[\"" + alt.toUpperCase() + "\",\"nobody@example.com\",\"\"]}");
    assertThat(byAlt.getStatusCode()).isEqualTo(200);
    CONTACTS.assertResponse("POST", "/v3/marketing/contacts/search/emails", 200, byAlt.getBody());
    assertThat(json(byAlt).at("/result/" + alt + "/contact/email").asText()).isEqualTo(email);
    assertThat(json(byAlt).at("/result/nobody@example.com/error").asText())
        .isEqualTo("contact not found");
    Response none =
        call(
            Method.POST,
            "marketing/contacts/search/emails",
            "{\"emails\":[\"nobody@example.com\"]}");
    assertThat(none.getStatusCode()).isEqualTo(404);
    CONTACTS.assertResponse("POST", "/v3/marketing/contacts/search/emails", 404, none.getBody());
    Response invalid =
        call(Method.POST, "marketing/contacts/search/emails", "{\"emails\":[\"not an email\"]}");
    assertThat(invalid.getStatusCode()).isEqualTo(400);
    CONTACTS.assertResponse("POST", "/v3/marketing/contacts/search/emails", 400, invalid.getBody());

    Response byAnon =
        call(
            Method.POST,
            "marketing/contacts/search/identifiers/anonymous_id",
            "{\"identifiers\":[\"" + anon + "\"]}");
    assertThat(byAnon.getStatusCode()).isEqualTo(200);
    CONTACTS.assertResponse(
        "POST",
        "/v3/marketing/contacts/search/identifiers/{identifier_type}",
        200,
        byAnon.getBody());
    String anonId = json(byAnon).at("/result/" + anon + "/contact/id").asText();
    Response badType =
        call(
            Method.POST,
            "marketing/contacts/search/identifiers/shoe_size",
            "{\"identifiers\":[\"x\"]}");
    assertThat(badType.getStatusCode()).isEqualTo(400);
    CONTACTS.assertResponse(
        "POST",
        "/v3/marketing/contacts/search/identifiers/{identifier_type}",
        400,
        badType.getBody());
    Response notFound =
        call(
            Method.POST,
            "marketing/contacts/search/identifiers/external_id",
            "{\"identifiers\":[\"none\"]}");
    assertThat(notFound.getStatusCode()).isEqualTo(404);
    CONTACTS.assertResponse(
        "POST",
        "/v3/marketing/contacts/search/identifiers/{identifier_type}",
        404,
        notFound.getBody());

    String emailId = contactByEmail(email).get("id").asText();
    Response batch =
        call(
            Method.POST,
            "marketing/contacts/batch",
            "{\"ids\":[\"" + anonId + "\",\"" + emailId + "\",\"missing\"]}");
    assertThat(batch.getStatusCode()).isEqualTo(200);
    CONTACTS.assertResponse("POST", "/v3/marketing/contacts/batch", 200, batch.getBody());
    assertThat(json(batch).get("result")).hasSize(2);
    assertThat(json(batch).at("/result/0/id").asText()).isEqualTo(anonId);
    Response batchNone = call(Method.POST, "marketing/contacts/batch", "{\"ids\":[\"missing\"]}");
    assertThat(batchNone.getStatusCode()).isEqualTo(404);
    CONTACTS.assertResponse("POST", "/v3/marketing/contacts/batch", 404, batchNone.getBody());
    Response unknown =
        call(Method.GET, "marketing/contacts/00000000-0000-0000-0000-000000000000", null);
    assertThat(unknown.getStatusCode()).isEqualTo(404);
    assertThat(call(Method.GET, "marketing/contacts/imports/nope", null).getStatusCode())
        .isEqualTo(404);
  }

  @Test
  void delete_by_ids_and_delete_all_run_as_delete_jobs() {
    try (TestServer own = TestServer.start(backend())) {
      upsert(
          own,
          "{\"contacts\":[{\"email\":\"a@example.com\"},{\"email\":\"b@example.com\"},{\"email\":\"c@example.com\"}]}");
      String list = createList(own, "l");
      upsert(own, "{\"list_ids\":[\"" + list + "\"],\"contacts\":[{\"email\":\"a@example.com\"}]}");
      String a =
          json(own.call(
                  Method.POST,
                  "marketing/contacts/search/emails",
                  "{\"emails\":[\"a@example.com\"]}"))
              .at("/result/a@example.com/contact/id")
              .asText();
      Response del = own.call(Method.DELETE, "marketing/contacts?ids=" + a + ",unknown-id", null);
      assertThat(del.getStatusCode()).as(del.getBody()).isEqualTo(202);
      assertThat(json(del).get("job_id").isTextual())
          .as("a string, although the spec says object")
          .isTrue();
      JsonNode job = awaitJob(own, json(del).get("job_id").asText());
      assertThat(job.get("job_type").asText()).isEqualTo("delete_contacts");
      assertThat(job.at("/results/deleted_count").asLong()).isEqualTo(1);
      assertThat(contactCount(own)).isEqualTo(2);
      assertThat(
              json(own.call(Method.GET, "marketing/lists/" + list + "/contacts/count", null))
                  .get("contact_count")
                  .asLong())
          .isZero();

      Response all = own.call(Method.DELETE, "marketing/contacts?delete_all_contacts=true", null);
      assertThat(all.getStatusCode()).isEqualTo(202);
      JsonNode allJob = awaitJob(own, json(all).get("job_id").asText());
      assertThat(allJob.get("status").asText()).isEqualTo("completed");
      assertThat(allJob.at("/results/deleted_count").asLong()).isEqualTo(2);
      assertThat(contactCount(own)).isZero();

      for (String q :
          new String[] {"", "?delete_all_contacts=yes", "?ids=a&delete_all_contacts=true"}) {
        Response bad = own.call(Method.DELETE, "marketing/contacts" + q, null);
        assertThat(bad.getStatusCode()).as(q).isEqualTo(400);
        CONTACTS.assertResponse("DELETE", "/v3/marketing/contacts", 400, bad.getBody());
      }
    }
  }

  @Test
  void removing_an_identifier_keeps_the_contact_but_never_its_last_identifier() {
    String email = unique("id") + "@example.com";
    String ext = unique("ext");
    upsert("{\"contacts\":[{\"email\":\"" + email + "\",\"external_id\":\"" + ext + "\"}]}");
    String id = contactByEmail(email).get("id").asText();
    Response r =
        call(
            Method.DELETE,
            "marketing/contacts/" + id + "/identifiers",
            "{\"identifier_type\":\"EXTERNALID\",\"identifier_value\":\"" + ext + "\"}");
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(202);
    assertThat(awaitJob(json(r).get("job_id").asText()).get("status").asText())
        .isEqualTo("completed");
    assertThat(json(call(Method.GET, "marketing/contacts/" + id, null)).get("external_id").asText())
        .isEmpty();

    Response last =
        call(
            Method.DELETE,
            "marketing/contacts/" + id + "/identifiers",
            "{\"identifier_type\":\"EMAIL\",\"identifier_value\":\"" + email + "\"}");
    assertThat(last.getStatusCode()).isEqualTo(202);
    assertThat(awaitJob(json(last).get("job_id").asText()).get("status").asText())
        .isEqualTo("failed");
    assertThat(json(call(Method.GET, "marketing/contacts/" + id, null)).get("email").asText())
        .isEqualTo(email);

    Response bad =
        call(
            Method.DELETE,
            "marketing/contacts/" + id + "/identifiers",
            "{\"identifier_type\":\"SHOE\",\"identifier_value\":\"x\"}");
    assertThat(bad.getStatusCode()).isEqualTo(400);
    CONTACTS.assertResponse(
        "DELETE", "/v3/marketing/contacts/{contact_id}/identifiers", 400, bad.getBody());
    Response unknown =
        call(
            Method.DELETE,
            "marketing/contacts/00000000-0000-0000-0000-000000000000/identifiers",
            "{\"identifier_type\":\"EMAIL\",\"identifier_value\":\"x@example.com\"}");
    assertThat(unknown.getStatusCode()).isEqualTo(404);
    CONTACTS.assertResponse(
        "DELETE", "/v3/marketing/contacts/{contact_id}/identifiers", 404, unknown.getBody());
  }

  @Test
  void an_accepted_upsert_survives_a_restart_before_it_runs_and_rows_invalid_by_then_are_errored() {
    try (TestServer paused = TestServer.start(backend(), b -> b.workers(false))) {
      String field = createField(paused, "mood", "Text");
      Response r =
          paused.call(
              Method.PUT,
              "marketing/contacts",
              "{\"contacts\":[{\"email\":\"kept@example.com\"},{\"email\":\"moody@example.com\",\"custom_fields\":{\""
                  + field
                  + "\":\"calm\"}}]}");
      assertThat(r.getStatusCode()).isEqualTo(202);
      String job = json(r).get("job_id").asText();
      JsonNode pending = json(paused.call(Method.GET, "marketing/contacts/imports/" + job, null));
      assertThat(pending.get("status").asText()).isEqualTo("pending");
      assertThat(pending.has("finished_at")).isFalse();
      CONTACTS.assertResponse(
          "GET", "/v3/marketing/contacts/imports/{id}", 200, pending.toString());
      assertThat(
              paused
                  .call(Method.DELETE, "marketing/field_definitions/" + field, null)
                  .getStatusCode())
          .isEqualTo(204);

      paused.restart(b -> b.workers(true));

      JsonNode done = awaitJob(paused, job);
      assertThat(done.get("status").asText()).isEqualTo("errored");
      assertThat(done.at("/results/requested_count").asLong()).isEqualTo(2);
      assertThat(done.at("/results/created_count").asLong()).isEqualTo(1);
      assertThat(done.at("/results/errored_count").asLong()).isEqualTo(1);
      assertThat(contactCount(paused)).isEqualTo(1);
    }
  }

  @Test
  void a_job_stored_but_never_queued_before_a_crash_is_queued_again_at_start() {
    try (TestServer paused = TestServer.start(backend(), b -> b.workers(false))) {
      Response r =
          paused.call(
              Method.PUT,
              "marketing/contacts",
              "{\"contacts\":[{\"email\":\"late@example.com\"}]}");
      assertThat(r.getStatusCode()).isEqualTo(202);
      // as if the node died after storing the job and before queueing it
      int removed =
          paused
              .app()
              .database()
              .jdbi()
              .withHandle(
                  h -> h.execute("DELETE FROM scheduled_tasks WHERE task_name = 'contact-write'"));
      assertThat(removed).isEqualTo(1);

      paused.restart(b -> b.workers(true));

      assertThat(awaitJob(paused, json(r).get("job_id").asText()).get("status").asText())
          .isEqualTo("completed");
      assertThat(contactCount(paused)).isEqualTo(1);
    }
  }
}
