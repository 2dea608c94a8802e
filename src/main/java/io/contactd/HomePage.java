package io.contactd;

import io.contactd.http.Links;
import io.contactd.json.Json;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /} for clients that are not browsers (browsers get the dashboard): what this server is
 * and where to go next (SendGrid's API has no root resource, so this cannot clash with a client).
 */
final class HomePage {
  private final Links links;
  private final BuildInfo build;

  HomePage(Links links, BuildInfo build) {
    this.links = links;
    this.build = build;
  }

  void handle(Context ctx) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", "contactd");
    body.put("version", build.version());
    body.put("commit", build.commit());
    body.put("description", "SendGrid's v3 Marketing Contacts API, self-hosted");
    body.put("api_base", links.to("/v3"));
    body.put("authorization", "Authorization: Bearer SG.… (./contactd keys create)");
    Map<String, String> more = new LinkedHashMap<>();
    more.put("healthz", links.to("/healthz"));
    more.put("readyz", links.to("/readyz"));
    more.put("example", links.to("/v3/marketing/lists"));
    more.put("readme", links.to("/readme"));
    more.put("dashboard", links.to("/ui/overview"));
    more.put("metrics", links.to("/metrics"));
    body.put("links", more);
    ctx.contentType("application/json").result(Json.write(body));
  }

  /** {@code GET /readme}: the README this build was made with, as Markdown. */
  void readme(Context ctx) throws java.io.IOException {
    try (var in = HomePage.class.getResourceAsStream("/README.md")) {
      if (in == null) {
        ctx.status(404);
        return;
      }
      ctx.contentType("text/markdown; charset=utf-8").result(in.readAllBytes());
    }
  }
}
