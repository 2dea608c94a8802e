package io.contactd.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactd.auth.Principal;
import io.contactd.auth.Scopes;
import io.contactd.http.Api;
import io.contactd.http.ApiException;
import io.contactd.http.Links;
import io.contactd.json.Json;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code /v3/marketing/field_definitions}, as in tsg_mc_custom_fields_v3.yaml. */
public final class FieldRoutes {
  private static final String BASE = "/v3/marketing/field_definitions";
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final FieldStore store;
  private final Links links;
  private final int maxCustomFields;

  public FieldRoutes(FieldStore store, Links links, int maxCustomFields) {
    this.store = store;
    this.links = links;
    this.maxCustomFields = maxCustomFields;
  }

  public void register(Api api) {
    api.get(BASE, Scopes.READ, this::list);
    api.post(BASE, Scopes.CREATE, this::create);
    api.patch(BASE + "/{custom_field_id}", Scopes.UPDATE, this::rename);
    api.delete(BASE + "/{custom_field_id}", Scopes.DELETE, this::delete);
  }

  private void list(Context ctx, Principal p) {
    List<Object> custom = new ArrayList<>();
    for (FieldDefinition f : store.list(p.accountId())) {
      custom.add(render(f));
    }
    List<Object> reserved = new ArrayList<>();
    for (ReservedField f : ReservedField.values()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", f.id());
      item.put("name", f.fieldName());
      item.put("field_type", f.type().name());
      if (f.readOnly()) {
        item.put("read_only", true);
      }
      reserved.add(item);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("custom_fields", custom);
    out.put("reserved_fields", reserved);
    out.put("_metadata", Map.of("self", links.to(BASE)));
    ctx.json(out);
  }

  private void create(Context ctx, Principal p) {
    ObjectNode body = Json.object(ctx.bodyAsBytes());
    String name = name(body);
    JsonNode typeNode = body.get("field_type");
    if (typeNode == null || typeNode.isNull()) {
      throw ApiException.badRequest("field_type", "missing required argument");
    }
    FieldType type = typeNode.isTextual() ? FieldType.parse(typeNode.asText()) : null;
    if (type == null) {
      throw ApiException.badRequest("field_type", "field_type must be one of Text, Number, Date");
    }
    FieldStore.Creation c = store.create(p.accountId(), name, type, maxCustomFields);
    switch (c.outcome()) {
      case NAME_TAKEN -> throw ApiException.badRequest("name", "custom field name already exists");
      case LIMIT_REACHED ->
          throw ApiException.badRequest(
              "name", "maximum number of custom fields (" + maxCustomFields + ") reached");
      case CREATED -> ctx.json(render(c.field()));
    }
  }

  private void rename(Context ctx, Principal p) {
    String id = ctx.pathParam("custom_field_id");
    if (ReservedField.isReservedId(id)) {
      throw ApiException.badRequest("custom_field_id", "reserved fields cannot be changed");
    }
    ObjectNode body = Json.object(ctx.bodyAsBytes());
    String name = name(body);
    var outcome = store.rename(p.accountId(), id, name).orElseThrow(FieldRoutes::notFound);
    if (outcome == FieldStore.Outcome.NAME_TAKEN) {
      throw ApiException.badRequest("name", "custom field name already exists");
    }
    ctx.json(render(store.byId(p.accountId(), id).orElseThrow(FieldRoutes::notFound)));
  }

  private void delete(Context ctx, Principal p) {
    String id = ctx.pathParam("custom_field_id");
    if (ReservedField.isReservedId(id)) {
      throw ApiException.badRequest("custom_field_id", "reserved fields cannot be deleted");
    }
    if (!store.delete(p.accountId(), id)) {
      throw notFound();
    }
    ctx.status(204);
  }

  private Map<String, Object> render(FieldDefinition f) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("id", f.id());
    item.put("name", f.name());
    item.put("field_type", f.type().name());
    item.put("_metadata", Map.of("self", links.to(BASE + "/" + f.id())));
    return item;
  }

  /** The spec types {@code field} as a string here, so the 404 names the path parameter. */
  private static ApiException notFound() {
    return new ApiException(404, "custom_field_id", "resource not found");
  }

  private static String name(ObjectNode body) {
    JsonNode node = body.get("name");
    if (node == null || node.isNull()) {
      throw ApiException.badRequest("name", "missing required argument");
    }
    if (!node.isTextual()) {
      throw ApiException.badRequest("name", "name must be a string");
    }
    String name = node.asText();
    if (name.isEmpty() || name.length() > 100) {
      throw ApiException.badRequest("name", "name must be 1 to 100 characters");
    }
    if (!NAME.matcher(name).matches()) {
      throw ApiException.badRequest(
          "name",
          "name may contain only letters, digits and underscores and must not start with a digit");
    }
    if (ReservedField.isReservedName(name)) {
      throw ApiException.badRequest("name", "name is a reserved field name");
    }
    return name;
  }
}
