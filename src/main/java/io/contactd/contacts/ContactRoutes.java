package io.contactd.contacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactd.auth.Principal;
import io.contactd.auth.Scopes;
import io.contactd.db.ContactFilter;
import io.contactd.fields.FieldDefinition;
import io.contactd.http.Api;
import io.contactd.http.ApiException;
import io.contactd.json.Json;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code /v3/marketing/contacts} (without exports and CSV imports), as in tsg_mc_contacts_v3.yaml.
 */
public final class ContactRoutes {
  private static final String BASE = "/v3/marketing/contacts";

  /** SendGrid's limit for PUT /contacts; the server's own request limit is higher. */
  static final int MAX_UPSERT_BYTES = 6 * 1024 * 1024;

  private static final int SAMPLE = 50;
  private static final int MAX_LOOKUP = 100;
  private static final int MAX_IDENTIFIER = 254;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private final ContactService contacts;
  private final Function<String, String> errorsUrl;

  /** {@code errorsUrl} turns a job's errors file key into a signed download URL. */
  public ContactRoutes(ContactService contacts, Function<String, String> errorsUrl) {
    this.contacts = contacts;
    this.errorsUrl = errorsUrl;
  }

  public void register(Api api) {
    api.put(BASE, Scopes.UPDATE, this::upsert);
    api.get(BASE, Scopes.READ, this::sample);
    api.delete(BASE, Scopes.DELETE, this::delete);
    api.get(BASE + "/count", Scopes.READ, this::count);
    api.post(BASE + "/batch", Scopes.READ, this::batch);
    api.post(BASE + "/search/emails", Scopes.READ, this::searchEmails);
    api.post(BASE + "/search/identifiers/{identifier_type}", Scopes.READ, this::searchIdentifiers);
    api.get(BASE + "/imports/{id}", Scopes.READ, this::job);
    api.delete(BASE + "/{contact_id}/identifiers", Scopes.DELETE, this::removeIdentifier);
    api.get(BASE + "/{id}", Scopes.READ, this::get);
  }

  private void upsert(Context ctx, Principal p) {
    byte[] body = ctx.bodyAsBytes();
    if (body.length > MAX_UPSERT_BYTES) {
      throw new ApiException(413, null, "request body must be at most 6 MB");
    }
    List<FieldDefinition> fields = contacts.fields.list(p.accountId());
    UpsertRequest request =
        UpsertRequest.read(new ByteArrayInputStream(body), new ContactRules(fields), true);
    if (request.listIds().size() > contacts.maxListsPerContact) {
      throw ApiException.badRequest(
          "list_ids", "a contact can belong to at most " + contacts.maxListsPerContact + " lists");
    }
    List<String> missing = contacts.lists.missing(p.accountId(), request.listIds());
    if (!missing.isEmpty()) {
      throw new ApiException(404, "list_ids", "list ids not found - " + String.join(", ", missing));
    }
    String job =
        contacts.jobs.submitUpsert(p.accountId(), body, new ContactJobs.Parsed(fields, request));
    ctx.status(202).json(Map.of("job_id", job));
  }

  private void sample(Context ctx, Principal p) {
    List<ContactRow> rows =
        new ArrayList<>(contacts.store.newest(ContactFilter.all(p.accountId()), SAMPLE));
    String email = Identifier.EMAIL.column();
    rows.sort(Comparator.comparing(r -> r.value(email) == null ? "" : r.value(email)));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("result", contacts.render(p.accountId(), rows));
    out.put("contact_count", contacts.store.counts(p.accountId()).get("total"));
    out.put("_metadata", Map.of("self", contacts.links.to(BASE)));
    ctx.json(out);
  }

  private void get(Context ctx, Principal p) {
    ContactRow row =
        contacts.store.byId(p.accountId(), ctx.pathParam("id")).orElseThrow(ApiException::notFound);
    ctx.json(contacts.render(p.accountId(), List.of(row)).getFirst());
  }

  private void count(Context ctx, Principal p) {
    Map<String, Long> counts = contacts.store.counts(p.accountId());
    ContactService.Billable billable = contacts.billable(p.accountId(), counts.get("total"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("contact_count", counts.get("total"));
    out.put("billable_count", billable.count());
    if (!billable.bySubuser().isEmpty()) {
      Map<String, Long> breakdown = new LinkedHashMap<>();
      billable.bySubuser().forEach((id, n) -> breakdown.put(Long.toString(id), n));
      out.put("billable_breakdown", Map.of("total", billable.subusers(), "breakdown", breakdown));
    }
    Map<String, Long> identifiers = new LinkedHashMap<>();
    for (String k : List.of("AID", "EID", "EXTID", "PHNID")) {
      identifiers.put(k, counts.get(k));
    }
    out.put("identifier_counts", identifiers);
    ctx.json(out);
  }

  private void batch(Context ctx, Principal p) {
    List<String> ids = strings(Json.object(ctx.bodyAsBytes()), "ids");
    var found = new HashMap<String, ContactRow>();
    for (ContactRow row : contacts.store.byIds(p.accountId(), ids)) {
      found.put(row.id(), row);
    }
    if (found.isEmpty()) {
      throw ApiException.notFound();
    }
    List<ContactRow> ordered = ids.stream().filter(found::containsKey).map(found::get).toList();
    ctx.json(Map.of("result", contacts.render(p.accountId(), ordered)));
  }

  private void searchEmails(Context ctx, Principal p) {
    List<String> emails = emails(strings(Json.object(ctx.bodyAsBytes()), "emails"), "emails");
    answerLookup(ctx, p, emails, byEmail(p, emails));
  }

  /**
   * Lookup by any identifier. Errors have the common {@code errors} shape (the spec's flat
   * ContactsError is the one exception of its kind, and clients read {@code errors}); emails match
   * primary and alternate addresses, as in {@code search/emails}.
   */
  private void searchIdentifiers(Context ctx, Principal p) {
    Identifier type = Identifier.ofPath(ctx.pathParam("identifier_type"));
    if (type == null) {
      throw ApiException.badRequest(
          "identifier_type",
          "identifier_type must be one of email, phone_number_id, external_id, anonymous_id");
    }
    List<String> raw = strings(Json.object(ctx.bodyAsBytes()), "identifiers");
    if (type == Identifier.EMAIL) {
      List<String> emails = emails(raw, "identifiers");
      answerLookup(ctx, p, emails, byEmail(p, emails));
      return;
    }
    List<String> values = new ArrayList<>();
    for (String v : raw) {
      if (v.isBlank()) {
        continue; // as search/emails: empty strings are skipped
      }
      if (v.length() > MAX_IDENTIFIER) {
        throw ApiException.badRequest(
            "identifiers",
            "invalid " + type.column() + ", longer than " + MAX_IDENTIFIER + " characters: " + v);
      }
      values.add(v);
    }
    Map<String, ContactRow> found = new HashMap<>();
    for (ContactRow row : contacts.store.where(p.accountId(), type.column(), values)) {
      found.put(row.value(type.column()), row);
    }
    answerLookup(ctx, p, values, found);
  }

  /** The addresses, lower-cased, blanks skipped; a 400 naming {@code field} for an invalid one. */
  private static List<String> emails(List<String> raw, String field) {
    List<String> emails = new ArrayList<>();
    for (String e : raw) {
      if (e.isBlank()) {
        continue; // SendGrid skips empty strings
      }
      String email = e.trim().toLowerCase(Locale.ROOT);
      if (email.length() > 100 || !EMAIL.matcher(email).matches()) {
        throw ApiException.badRequest(field, "invalid email address: " + e);
      }
      emails.add(email);
    }
    return emails;
  }

  /** Contacts by primary address, else by alternate address. */
  private Map<String, ContactRow> byEmail(Principal p, List<String> emails) {
    Map<String, ContactRow> found = new HashMap<>();
    String column = Identifier.EMAIL.column();
    for (ContactRow row : contacts.store.where(p.accountId(), column, emails)) {
      found.put(row.value(column), row);
    }
    for (String email : emails) {
      if (!found.containsKey(email)) {
        contacts.store.byAlternateEmail(p.accountId(), email).stream()
            .findFirst()
            .ifPresent(r -> found.put(email, r));
      }
    }
    return found;
  }

  /** {@code {"result": {value: {"contact": …} | {"error": "contact not found"}}}}, 404 if none. */
  private void answerLookup(
      Context ctx, Principal p, List<String> keys, Map<String, ContactRow> found) {
    if (found.isEmpty()) {
      throw new ApiException(404, null, "contact not found");
    }
    List<ContactRow> rows = new ArrayList<>(new LinkedHashSet<>(found.values()));
    List<Map<String, Object>> rendered = contacts.render(p.accountId(), rows);
    Map<ContactRow, Map<String, Object>> byRow = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      byRow.put(rows.get(i), rendered.get(i));
    }
    Map<String, Object> result = new LinkedHashMap<>();
    for (String key : keys) {
      ContactRow row = found.get(key);
      result.put(
          key,
          row == null ? Map.of("error", "contact not found") : Map.of("contact", byRow.get(row)));
    }
    ctx.json(Map.of("result", result));
  }

  private void delete(Context ctx, Principal p) {
    String all = ctx.queryParam("delete_all_contacts");
    String ids = ctx.queryParam("ids");
    boolean hasIds = ids != null && !ids.isBlank();
    if (all != null && hasIds) {
      throw ApiException.badRequest("ids", "give either ids or delete_all_contacts, not both");
    }
    String job;
    if (all != null) {
      if (!all.equals("true")) {
        throw ApiException.badRequest(
            "delete_all_contacts", "delete_all_contacts must be \"true\"");
      }
      job =
          contacts.jobs.submit(
              p.accountId(), ContactJobs.DELETE, ContactJobs.Op.DELETE_ALL, new byte[0], 0);
    } else if (hasIds) {
      LinkedHashSet<String> set = new LinkedHashSet<>();
      for (String id : ids.split(",")) {
        if (!id.isBlank()) {
          set.add(id.trim());
        }
      }
      if (set.size() > MAX_LOOKUP) {
        throw ApiException.badRequest(
            "ids", "at most " + MAX_LOOKUP + " ids may be deleted at once");
      }
      job =
          contacts.jobs.submit(
              p.accountId(),
              ContactJobs.DELETE,
              ContactJobs.Op.DELETE_IDS,
              ContactJobs.payload(Map.of("ids", new ArrayList<>(set))),
              set.size());
    } else {
      throw ApiException.badRequest("ids", "either ids or delete_all_contacts=true is required");
    }
    ctx.status(202).json(Map.of("job_id", job));
  }

  private void removeIdentifier(Context ctx, Principal p) {
    String contactId = ctx.pathParam("contact_id");
    ObjectNode body = Json.object(ctx.bodyAsBytes());
    JsonNode typeNode = body.get("identifier_type");
    JsonNode valueNode = body.get("identifier_value");
    Identifier type =
        typeNode != null && typeNode.isTextual() ? Identifier.ofBody(typeNode.asText()) : null;
    if (type == null) {
      throw ApiException.badRequest(
          "identifier_type",
          "identifier_type must be one of EMAIL, PHONENUMBERID, EXTERNALID, ANONYMOUSID");
    }
    if (valueNode == null || !valueNode.isTextual() || valueNode.asText().isEmpty()) {
      throw ApiException.badRequest(
          "identifier_value", "identifier_value must be a non-empty string");
    }
    String value = valueNode.asText();
    if (type == Identifier.EMAIL) {
      value = value.trim().toLowerCase(Locale.ROOT);
    }
    if (contacts.store.byId(p.accountId(), contactId).isEmpty()) {
      throw ApiException.notFound();
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("contact_id", contactId);
    payload.put("type", type.name());
    payload.put("value", value);
    String job =
        contacts.jobs.submit(
            p.accountId(),
            ContactJobs.UPSERT,
            ContactJobs.Op.REMOVE_IDENTIFIER,
            ContactJobs.payload(payload),
            1);
    ctx.status(202).json(Map.of("job_id", job));
  }

  private void job(Context ctx, Principal p) {
    ctx.json(jobStatus(p.accountId(), ctx.pathParam("id")).orElseThrow(ApiException::notFound));
  }

  /** A job's status body as {@code GET …/contacts/imports/{id}} answers it; empty when unknown. */
  public java.util.Optional<Map<String, Object>> jobStatus(long accountId, String id) {
    return contacts.jobs.find(accountId, id).map(this::jobBody);
  }

  private Map<String, Object> jobBody(ContactJob job) {
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("requested_count", job.requested());
    switch (job.jobType()) {
      case ContactJobs.UPSERT -> {
        results.put("created_count", job.created());
        results.put("updated_count", job.updated());
      }
      case ContactJobs.UNLINK -> results.put("updated_count", job.updated());
      default -> results.put("deleted_count", job.deleted());
    }
    results.put("errored_count", job.errored());
    if (job.errorsKey() != null) {
      results.put("errors_url", errorsUrl.apply(job.errorsKey()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", job.id());
    out.put("status", job.status().wire());
    out.put("job_type", job.jobType());
    out.put("results", results);
    out.put("started_at", iso(job.startedAt() != null ? job.startedAt() : job.createdAt()));
    if (job.finishedAt() != null) {
      out.put("finished_at", iso(job.finishedAt()));
    }
    if (job.message() != null) {
      out.put("message", job.message());
    }
    return out;
  }

  private static String iso(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  private static List<String> strings(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      throw ApiException.badRequest(field, "missing required argument");
    }
    if (!node.isArray()) {
      throw ApiException.badRequest(field, field + " must be an array of strings");
    }
    if (node.size() > MAX_LOOKUP) {
      throw ApiException.badRequest(field, "at most " + MAX_LOOKUP + " " + field + " are allowed");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : node) {
      if (!n.isTextual()) {
        throw ApiException.badRequest(field, field + " must be an array of strings");
      }
      out.add(n.asText());
    }
    return out;
  }
}
