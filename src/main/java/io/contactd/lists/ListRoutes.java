package io.contactd.lists;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactd.auth.Principal;
import io.contactd.auth.Scopes;
import io.contactd.http.Api;
import io.contactd.http.ApiException;
import io.contactd.http.Links;
import io.contactd.http.QueryParams;
import io.contactd.json.Json;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** {@code /v3/marketing/lists}, as in tsg_mc_lists_v3.yaml. */
public final class ListRoutes {
  private static final String BASE = "/v3/marketing/lists";
  private static final int DEFAULT_PAGE = 100;
  private static final int MAX_PAGE = 1000;

  private final ListStore store;
  private final ListContacts contacts;
  private final Links links;
  private final int maxLists;

  public ListRoutes(ListStore store, ListContacts contacts, Links links, int maxLists) {
    this.store = store;
    this.contacts = contacts;
    this.links = links;
    this.maxLists = maxLists;
  }

  public void register(Api api) {
    api.post(BASE, Scopes.CREATE, this::create);
    api.get(BASE, Scopes.READ, this::page);
    api.get(BASE + "/{id}", Scopes.READ, this::get);
    api.patch(BASE + "/{id}", Scopes.UPDATE, this::rename);
    api.delete(BASE + "/{id}", Scopes.DELETE, this::delete);
    api.delete(BASE + "/{id}/contacts", Scopes.DELETE, this::removeContacts);
    api.get(BASE + "/{id}/contacts/count", Scopes.READ, this::count);
  }

  private void create(Context ctx, Principal p) {
    String name = name(Json.object(ctx.bodyAsBytes()));
    ListRow list =
        store
            .create(p.accountId(), name, maxLists)
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "name", "you can create a maximum of " + maxLists + " lists"));
    ctx.status(201).json(render(list, 0));
  }

  private void page(Context ctx, Principal p) {
    int size = pageSize(ctx.queryParam("page_size"));
    String token = ctx.queryParam("page_token");
    long after = token == null || token.isEmpty() ? 0 : pageToken(token);
    List<ListRow> rows = store.page(p.accountId(), after, size + 1);
    boolean more = rows.size() > size;
    if (more) {
      rows = rows.subList(0, size);
    }
    Map<Long, Long> counts = store.counts(rows.stream().map(ListRow::seq).toList());
    List<Object> result = new ArrayList<>();
    for (ListRow row : rows) {
      result.add(render(row, counts.getOrDefault(row.seq(), 0L)));
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put(
        "self",
        links.to(BASE + "?page_size=" + size + "&page_token=" + (token == null ? "" : token)));
    if (more) {
      meta.put(
          "next", links.to(BASE + "?page_size=" + size + "&page_token=" + rows.getLast().seq()));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("result", result);
    out.put("_metadata", meta);
    ctx.json(out);
  }

  private void get(Context ctx, Principal p) {
    boolean sample = QueryParams.bool(ctx, "contact_sample", false);
    ListRow list = find(ctx, p);
    Map<String, Object> out = render(list, store.count(list.seq()));
    if (sample) {
      // The spec types contact_sample as one ContactDetails object, not an array.
      contacts.sample(p.accountId(), list.seq(), 1).stream()
          .findFirst()
          .ifPresent(c -> out.put("contact_sample", c));
    }
    ctx.json(out);
  }

  private void rename(Context ctx, Principal p) {
    String id = ctx.pathParam("id");
    String name = name(Json.object(ctx.bodyAsBytes()));
    if (!store.rename(p.accountId(), id, name)) {
      throw ApiException.notFound();
    }
    ListRow list = store.byId(p.accountId(), id).orElseThrow(ApiException::notFound);
    ctx.json(render(list, store.count(list.seq())));
  }

  private void delete(Context ctx, Principal p) {
    boolean deleteContacts = QueryParams.bool(ctx, "delete_contacts", false);
    ListRow list = find(ctx, p);
    if (deleteContacts) {
      // The list goes in the transaction that records the job: a crash at any point leaves both
      // (nothing happened) or neither (the job, durable, deletes the contacts).
      String job =
          contacts.deleteContactsOf(
              p.accountId(),
              list.seq(),
              h -> {
                if (!store.delete(h, p.accountId(), list, true)) {
                  throw ApiException.notFound();
                }
              });
      ctx.status(200).json(Map.of("job_id", job));
    } else {
      store.delete(p.accountId(), list, false);
      ctx.status(204);
    }
  }

  private void removeContacts(Context ctx, Principal p) {
    ListRow list = find(ctx, p);
    String raw = ctx.queryParam("contact_ids");
    if (raw == null || raw.isBlank()) {
      throw ApiException.badRequest("contact_ids", "missing required argument");
    }
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    for (String id : raw.split(",")) {
      if (!id.isBlank()) {
        ids.add(id.trim());
      }
    }
    if (ids.isEmpty() || ids.size() > 100) {
      throw ApiException.badRequest("contact_ids", "contact_ids must name 1 to 100 contacts");
    }
    List<String> wanted = new ArrayList<>(ids);
    if (!contacts.unknownContacts(p.accountId(), wanted).isEmpty()) {
      throw ApiException.notFound();
    }
    String job = contacts.removeFromList(p.accountId(), list.seq(), wanted);
    ctx.status(202).json(Map.of("job_id", job));
  }

  private void count(Context ctx, Principal p) {
    ListRow list = find(ctx, p);
    long n = store.count(list.seq());
    ctx.json(Map.of("contact_count", n, "billable_count", n));
  }

  private ListRow find(Context ctx, Principal p) {
    return store.byId(p.accountId(), ctx.pathParam("id")).orElseThrow(ApiException::notFound);
  }

  private Map<String, Object> render(ListRow list, long count) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", list.id());
    out.put("name", list.name());
    out.put("contact_count", count);
    out.put("_metadata", Map.of("self", links.to(BASE + "/" + list.id())));
    return out;
  }

  private static String name(ObjectNode body) {
    JsonNode node = body.get("name");
    if (node == null || node.isNull()) {
      throw ApiException.badRequest("name", "missing required argument");
    }
    if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > 100) {
      throw ApiException.badRequest("name", "name must be a string of 1 to 100 characters");
    }
    return node.asText();
  }

  private static int pageSize(String raw) {
    if (raw == null || raw.isEmpty()) {
      return DEFAULT_PAGE;
    }
    try {
      int size = Integer.parseInt(raw);
      if (size >= 1 && size <= MAX_PAGE) {
        return size;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest(
        "page_size", "page_size must be an integer from 1 to " + MAX_PAGE);
  }

  private static long pageToken(String raw) {
    try {
      long seq = Long.parseLong(raw);
      if (seq >= 0) {
        return seq;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest("page_token", "invalid page_token");
  }
}
