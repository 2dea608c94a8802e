package io.contactd.segments;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactd.auth.Principal;
import io.contactd.auth.Scopes;
import io.contactd.http.Api;
import io.contactd.http.ApiException;
import io.contactd.http.Links;
import io.contactd.json.Json;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code POST /v3/marketing/contacts/search} (SearchContact in tsg_mc_contacts_v3.yaml). */
public final class SearchRoutes {
  private static final String PATH = "/v3/marketing/contacts/search";

  private final SearchService search;
  private final SegmentContacts contacts;
  private final Links links;

  public SearchRoutes(SearchService search, SegmentContacts contacts, Links links) {
    this.search = search;
    this.contacts = contacts;
    this.links = links;
  }

  public void register(Api api) {
    api.post(PATH, Scopes.READ, this::search);
  }

  private void search(Context ctx, Principal p) {
    JsonNode query = Json.object(ctx.bodyAsBytes()).get("query");
    if (query == null || query.isNull()) {
      throw ApiException.badRequest("query", "missing required argument");
    }
    if (!query.isTextual()) {
      throw ApiException.badRequest("query", "query must be a string");
    }
    SearchService.Found found = search.search(p.accountId(), query.asText());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("result", contacts.render(p.accountId(), found.ids()));
    out.put("contact_count", found.count());
    out.put("_metadata", Map.of("self", links.to(PATH)));
    ctx.json(out);
  }
}
