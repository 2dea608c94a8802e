package io.contactd.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactd.auth.ApiKey;
import io.contactd.auth.ApiKeySecret;
import io.contactd.auth.ApiKeyStore;
import io.contactd.auth.Principal;
import io.contactd.auth.Scopes;
import io.contactd.http.Api;
import io.contactd.http.ApiException;
import io.contactd.json.Json;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** /v3/api_keys and /v3/scopes, as in tsg_api_keys_v3.yaml and tsg_scopes_v3.yaml. */
public final class ApiKeyRoutes {
  private static final int MAX_KEYS = 100;

  private final ApiKeyStore keys;

  public ApiKeyRoutes(ApiKeyStore keys) {
    this.keys = keys;
  }

  public void register(Api api) {
    api.post("/v3/api_keys", Scopes.of("api_keys.create"), this::create);
    api.get("/v3/api_keys", Scopes.of("api_keys.read"), this::list);
    api.get("/v3/api_keys/{api_key_id}", Scopes.of("api_keys.read"), this::get);
    api.put("/v3/api_keys/{api_key_id}", Scopes.of("api_keys.update"), this::replace);
    api.patch("/v3/api_keys/{api_key_id}", Scopes.of("api_keys.update"), this::rename);
    api.delete("/v3/api_keys/{api_key_id}", Scopes.of("api_keys.delete"), this::delete);
    api.get("/v3/scopes", Scopes.of("scopes.read"), this::scopes);
  }

  private void create(Context ctx, Principal p) {
    ObjectNode body = Json.object(ctx.bodyAsBytes());
    String name = name(body);
    Optional<List<String>> scopes = scopes(body, p).or(() -> inherited(p));
    if (keys.count(p.accountId()) >= MAX_KEYS) {
      throw ApiException.forbidden();
    }
    ApiKeySecret secret = ApiKeySecret.generate();
    keys.insert(secret, p.accountId(), name, scopes.orElse(null));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("api_key", secret.toString());
    out.put("api_key_id", secret.id());
    out.put("name", name);
    out.put("scopes", scopes.orElse(Scopes.ALL));
    ctx.status(201).json(out);
  }

  private void list(Context ctx, Principal p) {
    int limit = intParam(ctx, "limit", MAX_KEYS);
    List<Map<String, Object>> result = new ArrayList<>();
    for (ApiKey key : keys.ofAccount(p.accountId(), limit)) {
      result.add(Map.of("api_key_id", key.id(), "name", key.name()));
    }
    ctx.json(Map.of("result", result));
  }

  private void get(Context ctx, Principal p) {
    ApiKey key = owned(ctx, p);
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("api_key_id", key.id());
    item.put("name", key.name());
    item.put("scopes", key.effectiveScopes());
    ctx.json(Map.of("result", List.of(item)));
  }

  private void replace(Context ctx, Principal p) {
    ObjectNode body = Json.object(ctx.bodyAsBytes());
    String id = ctx.pathParam("api_key_id");
    String name = name(body);
    Optional<List<String>> scopes = scopes(body, p);
    if (!keys.update(p.accountId(), id, name, scopes)) {
      throw ApiException.notFound();
    }
    respondWith(ctx, p, id);
  }

  private void rename(Context ctx, Principal p) {
    ObjectNode body = Json.object(ctx.bodyAsBytes());
    String id = ctx.pathParam("api_key_id");
    if (!keys.update(p.accountId(), id, name(body), Optional.empty())) {
      throw ApiException.notFound();
    }
    respondWith(ctx, p, id);
  }

  private void respondWith(Context ctx, Principal p, String id) {
    ApiKey key =
        keys.byId(id)
            .filter(k -> k.accountId() == p.accountId())
            .orElseThrow(ApiException::notFound);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("api_key_id", key.id());
    out.put("name", key.name());
    if (ctx.method().name().equals("PUT")) {
      out.put("scopes", key.effectiveScopes());
    }
    ctx.json(out);
  }

  private void delete(Context ctx, Principal p) {
    if (!keys.delete(p.accountId(), ctx.pathParam("api_key_id"))) {
      throw ApiException.notFound();
    }
    ctx.status(204);
  }

  private void scopes(Context ctx, Principal p) {
    ApiKey key = keys.byId(p.keyId()).orElseThrow(ApiException::notFound);
    ctx.json(Map.of("scopes", key.effectiveScopes()));
  }

  private ApiKey owned(Context ctx, Principal p) {
    return keys.byId(ctx.pathParam("api_key_id"))
        .filter(k -> k.accountId() == p.accountId())
        .orElseThrow(ApiException::notFound);
  }

  private static String name(ObjectNode body) {
    JsonNode name = body.get("name");
    if (name == null || !name.isTextual() || name.asText().isBlank()) {
      throw ApiException.badRequest("name", "missing required argument");
    }
    if (name.asText().length() > 100) {
      throw ApiException.badRequest("name", "name must be at most 100 characters");
    }
    return name.asText();
  }

  /**
   * What a new key gets when the request names no scopes: SendGrid documents "full access", which
   * for a restricted caller can only mean everything the caller holds — a key never grants more
   * than its creator has. Empty (stored as full access) only when the caller has full access.
   */
  private static Optional<List<String>> inherited(Principal p) {
    if (p.scopes().containsAll(Scopes.ALL)) {
      return Optional.empty();
    }
    return Optional.of(Scopes.ALL.stream().filter(p.scopes()::contains).toList());
  }

  /**
   * The requested scopes; empty when none were given. A key cannot grant scopes its creator does
   * not hold.
   */
  private static Optional<List<String>> scopes(ObjectNode body, Principal p) {
    JsonNode node = body.get("scopes");
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isArray()) {
      throw ApiException.badRequest("scopes", "scopes must be an array of strings");
    }
    List<String> scopes = new ArrayList<>();
    for (JsonNode s : node) {
      if (!s.isTextual() || !Scopes.known(s.asText())) {
        throw ApiException.badRequest("scopes", "invalid scope: " + s.asText());
      }
      if (!p.scopes().contains(s.asText())) {
        throw ApiException.forbidden();
      }
      if (!scopes.contains(s.asText())) {
        scopes.add(s.asText());
      }
    }
    return Optional.of(scopes);
  }

  private static int intParam(Context ctx, String name, int fallback) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value < 1) {
        throw ApiException.badRequest(name, name + " must be a positive integer");
      }
      return value;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(name, name + " must be a positive integer");
    }
  }
}
