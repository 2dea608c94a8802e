package io.contactd.exports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactd.auth.Principal;
import io.contactd.auth.Scopes;
import io.contactd.files.BlobStore;
import io.contactd.http.Api;
import io.contactd.http.Links;
import io.contactd.json.Json;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Map;

/** HTTP ⇄ exports: the three SendGrid endpoints, with SendGrid's field names and shapes. */
final class ExportRoutes {
  private static final String BASE = "/v3/marketing/contacts/exports";

  private final ExportService service;
  private final BlobStore blobs;
  private final Links links;

  ExportRoutes(ExportService service, BlobStore blobs, Links links) {
    this.service = service;
    this.blobs = blobs;
    this.links = links;
  }

  void register(Api api) {
    api.post(BASE, Scopes.CREATE, this::create);
    api.get(BASE, Scopes.READ, this::list);
    api.get(BASE + "/{id}", Scopes.READ, this::get);
    api.delete(BASE + "/{id}", Scopes.DELETE, this::delete);
  }

  private void delete(Context ctx, Principal p) throws java.io.IOException {
    service.delete(p.accountId(), ctx.pathParam("id"));
    ctx.status(204);
  }

  private void create(Context ctx, Principal p) {
    ExportRequest request = ExportRequest.parse(Json.object(ctx.bodyAsBytes()));
    Export export = service.create(p.accountId(), request);
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("id", export.id());
    body.putObject("_metadata").put("self", self(export));
    ctx.status(202).json(body);
  }

  private void get(Context ctx, Principal p) {
    ctx.json(status(service.get(p.accountId(), ctx.pathParam("id"))));
  }

  /** The status body of an export of the account; empty when there is none. */
  java.util.Optional<ObjectNode> status(long accountId, String id) {
    return service.find(accountId, id).map(this::status);
  }

  private ObjectNode status(Export e) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("id", e.id());
    body.put("status", e.status().wire());
    body.put("created_at", RecordFormat.timestamp(e.createdAt()));
    body.put("updated_at", RecordFormat.timestamp(e.updatedAt()));
    if (e.completedAt() != null) {
      body.put("completed_at", RecordFormat.timestamp(e.completedAt()));
    }
    body.put("expires_at", RecordFormat.timestamp(e.expiresAt()));
    addOutcome(body, e);
    body.putObject("_metadata").put("self", self(e));
    return body;
  }

  private void list(Context ctx, Principal p) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode result = body.putArray("result");
    for (Export e : service.list(p.accountId())) {
      ObjectNode item = result.addObject();
      item.put("id", e.id());
      item.put("status", e.status().wire());
      item.put("created_at", RecordFormat.timestamp(e.createdAt()));
      item.put("updated_at", RecordFormat.timestamp(e.updatedAt()));
      if (e.completedAt() != null) {
        item.put("completed_at", RecordFormat.timestamp(e.completedAt()));
      }
      item.put("expires_at", RecordFormat.timestamp(e.expiresAt()));
      addOutcome(item, e);
      // A number, not the spec's string: strict clients (StrongGrid) read a number (contract
      // §8.10).
      item.put("user_id", e.accountId());
      item.put("export_type", e.exportType());
      ArrayNode segments = item.putArray("segments");
      Map<String, String> segmentNames = service.segmentNames(p.accountId(), e.segmentIds());
      for (String id : e.segmentIds()) {
        ObjectNode segment = segments.addObject().put("ID", id);
        if (segmentNames.containsKey(id)) {
          segment.put("Name", segmentNames.get(id));
        }
      }
      ArrayNode lists = item.putArray("lists");
      Map<String, String> names = service.listNames(p.accountId(), e.listIds());
      for (String id : e.listIds()) {
        ObjectNode list = lists.addObject().put("ID", id);
        if (names.containsKey(id)) {
          list.put("Name", names.get(id));
        }
      }
      item.putObject("_metadata").put("self", self(e));
    }
    body.putObject("_metadata").put("self", links.to(BASE));
    ctx.json(body);
  }

  /**
   * urls, checksums (in the order of urls) and contact_count once ready, message once failed,
   * progress while pending.
   */
  private void addOutcome(ObjectNode body, Export e) {
    if (e.status() == ExportStatus.READY) {
      ArrayNode urls = body.putArray("urls");
      Instant expires = Instant.ofEpochMilli(e.expiresAt());
      for (String key : e.fileKeys()) {
        urls.add(blobs.signedUrl(key, expires));
      }
      if (!e.checksums().isEmpty()) {
        ArrayNode checksums = body.putArray("checksums");
        e.checksums().forEach(checksums::add);
      }
    }
    if (e.status() == ExportStatus.PENDING) {
      ExportStore.Progress progress = service.progress(e.id());
      ObjectNode p = body.putObject("progress");
      p.put("contacts_written", progress.contactsWritten());
      p.put("contacts_total", e.contactsTotal() == null ? 0 : e.contactsTotal());
      p.put("files_written", progress.filesWritten());
    }
    if (e.status() == ExportStatus.FAILURE && e.message() != null) {
      body.put("message", e.message());
    }
    if (e.contactCount() != null) {
      body.put("contact_count", e.contactCount());
    }
  }

  private String self(Export e) {
    return links.to(BASE + "/" + e.id());
  }
}
