package io.contactd.segments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactd.auth.Principal;
import io.contactd.auth.Scopes;
import io.contactd.http.Api;
import io.contactd.http.ApiException;
import io.contactd.http.QueryParams;
import io.contactd.json.Json;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /v3/marketing/segments/2.0}, as in tsg_mc_segments_2.0_v3.yaml. */
public final class SegmentRoutes {
  private static final String BASE = "/v3/marketing/segments/2.0";
  private static final int MAX_PARENT_FILTER = 50;

  private final SegmentService segments;
  private final SegmentContacts contacts;

  public SegmentRoutes(SegmentService segments, SegmentContacts contacts) {
    this.segments = segments;
    this.contacts = contacts;
  }

  public void register(Api api) {
    api.post(BASE, Scopes.CREATE, this::create);
    api.get(BASE, Scopes.READ, this::list);
    api.get(BASE + "/{segment_id}", Scopes.READ, this::get);
    api.patch(BASE + "/{segment_id}", Scopes.UPDATE, this::update);
    api.delete(BASE + "/{segment_id}", Scopes.DELETE, this::delete);
    api.post(BASE + "/refresh/{segment_id}", Scopes.UPDATE, this::refresh);
  }

  private void create(Context ctx, Principal p) {
    ObjectNode body = Json.object(ctx.bodyAsBytes());
    String name = name(body.get("name"), true);
    String query = query(body.get("query_dsl"), true);
    List<String> parents = parentListIds(body.get("parent_list_ids"));
    Segment s = segments.create(p.accountId(), name, query, parents);
    ctx.status(201).json(render(p.accountId(), s, true, true));
  }

  private void list(Context ctx, Principal p) {
    List<Object> results = new ArrayList<>();
    for (Segment s : listed(ctx, segments, p.accountId())) {
      results.add(render(p.accountId(), s, false, false));
    }
    ctx.json(Map.of("results", results));
  }

  /** The account's segments that the listing's filters ({@code ids}, parent lists) keep. */
  static List<Segment> listed(Context ctx, SegmentService segments, long accountId) {
    Set<String> ids = commaList(ctx.queryParams("ids"));
    Set<String> parents = commaList(ctx.queryParams("parent_list_ids"));
    if (parents.size() > MAX_PARENT_FILTER) {
      throw ApiException.badRequest(
          "parent_list_ids", "parent_list_ids names at most " + MAX_PARENT_FILTER + " lists");
    }
    boolean noParent = QueryParams.bool(ctx, "no_parent_list_id", false);
    List<Segment> out = new ArrayList<>();
    for (Segment s : segments.list(accountId)) {
      if (keep(s, ids, parents, noParent)) {
        out.add(s);
      }
    }
    return out;
  }

  /** The spec's filter table: ids win; otherwise parent lists and/or segments without one. */
  static boolean keep(Segment s, Set<String> ids, Set<String> parents, boolean noParent) {
    if (!ids.isEmpty()) {
      return ids.contains(s.id());
    }
    if (parents.isEmpty() && !noParent) {
      return true;
    }
    boolean inParents = s.parentListId() != null && parents.contains(s.parentListId());
    return inParents || (noParent && s.parentListId() == null);
  }

  private void get(Context ctx, Principal p) {
    boolean sample = QueryParams.bool(ctx, "contacts_sample", true);
    Segment s = segments.get(p.accountId(), ctx.pathParam("segment_id"));
    Map<String, Object> out = render(p.accountId(), s, sample, true);
    out.put("refreshes_used", segments.refreshes().refreshesUsed(p.accountId(), s));
    Integer max = segments.refreshes().maxRefreshes();
    if (max != null) {
      out.put("max_refreshes", max);
    }
    if (s.lastRefreshedAt() != null) {
      out.put("last_refreshed_at", time(s.lastRefreshedAt()));
    }
    ctx.json(out);
  }

  /** 202 {@code {job_id}}; an unknown segment is the spec's own 404 body. */
  private void refresh(Context ctx, Principal p) {
    JsonNode zone = Json.object(ctx.bodyAsBytes()).get("user_time_zone");
    if (zone != null && !zone.isNull() && !zone.isTextual()) {
      throw ApiException.badRequest("user_time_zone", "user_time_zone must be a string");
    }
    String job;
    try {
      job =
          segments
              .refreshes()
              .refresh(
                  p.accountId(),
                  ctx.pathParam("segment_id"),
                  zone == null || zone.isNull() ? null : zone.asText());
    } catch (RefreshService.SegmentNotFound e) {
      ctx.status(404).json(Map.of("error", e.getMessage()));
      return;
    }
    ctx.status(202).json(Map.of("job_id", job));
  }

  private void update(Context ctx, Principal p) {
    ObjectNode body = Json.object(ctx.bodyAsBytes());
    String name = name(body.get("name"), false);
    String query = query(body.get("query_dsl"), false);
    Segment s = segments.update(p.accountId(), ctx.pathParam("segment_id"), name, query);
    ctx.json(render(p.accountId(), s, true, true));
  }

  private void delete(Context ctx, Principal p) {
    segments.delete(p.accountId(), ctx.pathParam("segment_id"));
    ctx.status(202);
  }

  private Map<String, Object> render(
      long accountId, Segment s, boolean withSample, boolean withQuery) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", s.id());
    out.put("name", s.name());
    if (withQuery) {
      out.put("query_dsl", s.queryDsl());
    }
    out.put("contacts_count", s.contactsCount());
    if (withSample) {
      out.put("contacts_sample", contacts.render(accountId, s.sampleIds()));
    }
    out.put("created_at", time(s.createdAt()));
    out.put("updated_at", time(s.updatedAt()));
    out.put("sample_updated_at", time(s.sampleUpdatedAt()));
    out.put("next_sample_update", time(s.sampleUpdatedAt() + segments.sampleInterval().toMillis()));
    out.put("parent_list_ids", s.parentListId() == null ? List.of() : List.of(s.parentListId()));
    out.put("query_version", "2");
    Map<String, Object> status = new LinkedHashMap<>();
    String problem = segments.problem(accountId, s);
    status.put("query_validation", problem == null ? "VALID" : "INVALID");
    if (problem != null) {
      status.put("error_message", problem);
    }
    out.put("status", status);
    return out;
  }

  static String time(long millis) {
    return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String name(JsonNode node, boolean required) {
    if (node == null || node.isNull()) {
      if (required) {
        throw ApiException.badRequest("name", "missing required argument");
      }
      return null;
    }
    if (!node.isTextual() || node.asText().isBlank() || node.asText().length() > 100) {
      throw ApiException.badRequest("name", "name must be a string of 1 to 100 characters");
    }
    return node.asText();
  }

  private static String query(JsonNode node, boolean required) {
    if (node == null || node.isNull()) {
      if (required) {
        throw ApiException.badRequest("query_dsl", "missing required argument");
      }
      return null;
    }
    if (!node.isTextual()) {
      throw ApiException.badRequest("query_dsl", "query_dsl must be a string");
    }
    return node.asText();
  }

  private static List<String> parentListIds(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw ApiException.badRequest("parent_list_ids", "parent_list_ids must be an array");
    }
    Set<String> ids = new HashSet<>();
    List<String> out = new ArrayList<>();
    for (JsonNode id : node) {
      if (!id.isTextual() || id.asText().isBlank()) {
        throw ApiException.badRequest("parent_list_ids", "parent_list_ids must be list ids");
      }
      if (ids.add(id.asText())) {
        out.add(id.asText());
      }
    }
    return out;
  }

  static Set<String> commaList(List<String> params) {
    Set<String> out = new java.util.LinkedHashSet<>();
    for (String param : params) {
      for (String v : param.split(",")) {
        if (!v.isBlank()) {
          out.add(v.trim());
        }
      }
    }
    return out;
  }
}
