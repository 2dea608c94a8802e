package io.contactd.control;

import io.contactd.auth.Principal;
import io.contactd.auth.Scopes;
import io.contactd.http.Api;
import io.contactd.http.ApiException;
import io.contactd.http.QueryParams;
import io.contactd.http.RequestJournal;
import io.contactd.json.Json;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** HTTP ⇄ control: {@code /_contactd/…} (dev mode), for a full-access key of the owner account. */
final class ControlRoutes {
  static final String BASE = "/_contactd/";
  private static final Set<String> ANY = Set.copyOf(Scopes.ALL);

  private final ControlService service;
  private final RequestJournal journal;
  private final long ownerId;

  ControlRoutes(ControlService service, RequestJournal journal, long ownerId) {
    this.service = service;
    this.journal = journal;
    this.ownerId = ownerId;
  }

  void register(Api api) {
    api.post(BASE + "reset", ANY, this::resetAll);
    api.post(BASE + "accounts/{id}/reset", ANY, this::resetAccount);
    api.get(BASE + "clock", ANY, this::clock);
    api.post(BASE + "clock", ANY, this::moveClock);
    api.post(BASE + "faults", ANY, this::addFault);
    api.get(BASE + "faults", ANY, this::faults);
    api.delete(BASE + "faults", ANY, this::clearFaults);
    api.delete(BASE + "faults/{id}", ANY, this::deleteFault);
    api.post(BASE + "exports/{id}/release", ANY, this::release);
    api.get(BASE + "requests", ANY, this::requests);
  }

  private void owner(Principal p) {
    if (!p.isFullAccessOf(ownerId)) {
      throw ApiException.forbidden();
    }
  }

  private void resetAll(Context ctx, Principal p) throws Exception {
    owner(p);
    boolean keys = QueryParams.bool(ctx, "keys", false);
    ctx.json(answer("all", service.reset(null, keys), keys));
  }

  private void resetAccount(Context ctx, Principal p) throws Exception {
    owner(p);
    boolean keys = QueryParams.bool(ctx, "keys", false);
    long account = service.account(ctx.pathParam("id"));
    ctx.json(answer(account, service.reset(account, keys), keys));
  }

  private static Map<String, Object> answer(Object what, ResetService.Outcome o, boolean keys) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("reset", what);
    out.put("exports_deleted", o.exports());
    out.put("imports_deleted", o.imports());
    out.put("keys_deleted", keys);
    out.put("took_ms", Math.round(o.millis() * 10) / 10.0);
    return out;
  }

  private void clock(Context ctx, Principal p) {
    owner(p);
    ctx.json(service.clockView());
  }

  private void moveClock(Context ctx, Principal p) {
    owner(p);
    service.moveClock(ClockRequest.parse(Json.object(ctx.bodyAsBytes())));
    ctx.json(service.clockView());
  }

  private void addFault(Context ctx, Principal p) {
    owner(p);
    ctx.status(201).json(view(service.addFault(Json.object(ctx.bodyAsBytes()))));
  }

  private void faults(Context ctx, Principal p) {
    owner(p);
    List<Object> rules = new ArrayList<>();
    for (Fault f : service.faults()) {
      rules.add(view(f));
    }
    List<Object> stalled = new ArrayList<>();
    for (FaultStore.Stall s : service.stalls()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("kind", s.kind());
      item.put("id", s.jobId());
      item.put("account", s.accountId());
      item.put("since", Instant.ofEpochMilli(s.createdAt()).toString());
      stalled.add(item);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("result", rules);
    out.put("stalled", stalled);
    ctx.json(out);
  }

  private void clearFaults(Context ctx, Principal p) {
    owner(p);
    service.clearFaults();
    ctx.status(204);
  }

  private void deleteFault(Context ctx, Principal p) {
    owner(p);
    service.deleteFault(ctx.pathParam("id"));
    ctx.status(204);
  }

  private void release(Context ctx, Principal p) {
    owner(p);
    service.release(ctx.pathParam("id"));
    ctx.status(204);
  }

  private void requests(Context ctx, Principal p) {
    owner(p);
    int limit = QueryParams.intParam(ctx, "limit", 100, 1, RequestJournal.CAPACITY);
    List<Object> result = new ArrayList<>();
    for (RequestJournal.Entry e : journal.latest(limit)) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("at", Instant.ofEpochMilli(e.atMillis()).toString());
      item.put("method", e.method());
      item.put("path", e.path());
      item.put("status", e.status());
      item.put("duration_ms", e.durationMillis());
      item.put("account", e.account());
      item.put("request_id", e.requestId());
      result.add(item);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("result", result);
    out.put("scope", "node");
    ctx.json(out);
  }

  private static Map<String, Object> view(Fault f) {
    Map<String, Object> match = new LinkedHashMap<>();
    if (f.kind().equals(Fault.HTTP)) {
      if (f.method() != null) {
        match.put("method", f.method());
      }
      match.put("path", f.path());
    } else {
      match.put("kind", f.kind());
      if (f.accountId() != null) {
        match.put("account", f.accountId());
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", f.id());
    out.put("match", match);
    out.put("action", f.action());
    if (f.status() != null) {
      out.put("status", f.status());
    }
    if (f.message() != null) {
      out.put("message", f.message());
    }
    if (f.seconds() != null) {
      out.put("seconds", f.seconds());
    }
    out.put("times_left", f.remaining());
    out.put("created_at", Instant.ofEpochMilli(f.createdAt()).toString());
    return out;
  }
}
