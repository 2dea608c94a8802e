package io.contactd.segments;

import io.contactd.auth.Principal;
import io.contactd.auth.Scopes;
import io.contactd.http.Api;
import io.contactd.http.ApiException;
import io.contactd.http.QueryParams;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The legacy (v1) segment routes that SendGrid keeps for migration, {@code GET/DELETE
 * /v3/marketing/segments[/{segment_id}]} (tsg_mc_segments_v3.yaml), over the same segments as
 * segments 2.0: SegmentSummary and FullSegment name the parent list in {@code parent_list_id}. Its
 * POST and PATCH were removed by SendGrid and are not served. Register after the 2.0 routes, so
 * that {@code /segments/2.0} is not read as a segment id.
 */
public final class LegacySegmentRoutes {
  private static final String BASE = "/v3/marketing/segments";

  private final SegmentService segments;
  private final SegmentContacts contacts;

  public LegacySegmentRoutes(SegmentService segments, SegmentContacts contacts) {
    this.segments = segments;
    this.contacts = contacts;
  }

  public void register(Api api) {
    api.get(BASE, Scopes.READ, this::list);
    api.get(BASE + "/{segment_id}", Scopes.READ, this::get);
    api.delete(BASE + "/{segment_id}", Scopes.DELETE, this::delete);
  }

  private void list(Context ctx, Principal p) {
    List<Object> results = new ArrayList<>();
    for (Segment s : SegmentRoutes.listed(ctx, segments, p.accountId())) {
      results.add(summary(s));
    }
    ctx.json(Map.of("results", results));
  }

  private void get(Context ctx, Principal p) {
    QueryParams.bool(ctx, "query_json", false); // accepted; contactd has no query AST to show
    Segment s = segments.get(p.accountId(), found(ctx, p));
    Map<String, Object> out = summary(s);
    out.put("query_dsl", s.queryDsl());
    out.put("contacts_sample", contacts.render(p.accountId(), s.sampleIds()));
    out.put("parent_list_ids", s.parentListId() == null ? List.of() : List.of(s.parentListId()));
    ctx.json(out);
  }

  private void delete(Context ctx, Principal p) {
    segments.delete(p.accountId(), found(ctx, p));
    ctx.status(202).json(Map.of());
  }

  /** The path's segment id, or the legacy file's 404 (its errors carry a field). */
  private String found(Context ctx, Principal p) {
    String id = ctx.pathParam("segment_id");
    if (segments.byId(p.accountId(), id).isEmpty()) {
      throw new ApiException(404, "segment_id", "segment " + id + " does not exist");
    }
    return id;
  }

  private Map<String, Object> summary(Segment s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", s.id());
    out.put("name", s.name());
    out.put("contacts_count", s.contactsCount());
    out.put("created_at", SegmentRoutes.time(s.createdAt()));
    out.put("updated_at", SegmentRoutes.time(s.updatedAt()));
    out.put("sample_updated_at", SegmentRoutes.time(s.sampleUpdatedAt()));
    out.put(
        "next_sample_update",
        SegmentRoutes.time(s.sampleUpdatedAt() + segments.sampleInterval().toMillis()));
    if (s.parentListId() != null) {
      out.put("parent_list_id", s.parentListId());
    }
    return out;
  }
}
