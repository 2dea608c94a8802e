package io.contactd.subusers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactd.auth.Account;
import io.contactd.auth.AccountStore;
import io.contactd.auth.Principal;
import io.contactd.auth.Scopes;
import io.contactd.auth.SubuserNames;
import io.contactd.http.Api;
import io.contactd.http.ApiException;
import io.contactd.json.Json;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * POST and GET /v3/subusers: the fields of the official spec that matter here (username, email).
 */
public final class SubuserRoutes {
  private final AccountStore accounts;

  public SubuserRoutes(AccountStore accounts) {
    this.accounts = accounts;
  }

  public void register(Api api) {
    api.post("/v3/subusers", Scopes.of("subusers.create"), this::create);
    api.get("/v3/subusers", Scopes.of("subusers.read"), this::list);
  }

  private void create(Context ctx, Principal p) {
    if (p.accountId() != p.keyAccountId()) {
      throw ApiException.forbidden();
    }
    ObjectNode body = Json.object(ctx.bodyAsBytes());
    String username = text(body, "username");
    String email = text(body, "email");
    Optional<String> badName = SubuserNames.usernameProblem(username);
    if (badName.isPresent()) {
      throw ApiException.badRequest("username", badName.get());
    }
    Optional<String> badEmail = SubuserNames.emailProblem(email);
    if (badEmail.isPresent()) {
      throw ApiException.badRequest("email", badEmail.get());
    }
    if (accounts.byId(p.accountId()).map(a -> a.parentId() != null).orElse(true)) {
      throw ApiException.forbidden();
    }
    Account created =
        accounts
            .createSubuser(p.accountId(), username, email)
            .orElseThrow(() -> ApiException.badRequest("username", "username exists"));
    ctx.status(201).json(describe(created));
  }

  private void list(Context ctx, Principal p) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Account a : accounts.subusers(p.accountId())) {
      out.add(describe(a));
    }
    ctx.json(out);
  }

  private static Map<String, Object> describe(Account a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("user_id", a.id());
    m.put("username", a.username());
    m.put("email", a.email());
    m.put("disabled", false);
    return m;
  }

  private static String text(ObjectNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw ApiException.badRequest(field, "missing required argument");
    }
    return v.asText().trim();
  }
}
