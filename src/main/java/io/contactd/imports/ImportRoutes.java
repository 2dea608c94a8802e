package io.contactd.imports;

import io.contactd.auth.Principal;
import io.contactd.auth.Scopes;
import io.contactd.files.UploadUrls;
import io.contactd.http.Api;
import io.contactd.http.ErrorMapper;
import io.contactd.json.Json;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code PUT /v3/marketing/contacts/imports} (API key) and the upload URL it hands out (no API key,
 * authorised by its signature, like an S3 presigned PUT).
 */
final class ImportRoutes {
  private final ImportService imports;

  ImportRoutes(ImportService imports) {
    this.imports = imports;
  }

  void register(Api api) {
    api.put("/v3/marketing/contacts/imports", Scopes.CREATE_OR_UPDATE, this::create);
  }

  void registerUploads(RoutesConfig routes) {
    routes.put(UploadUrls.ROUTE, this::upload);
  }

  private void create(Context ctx, Principal p) {
    ImportService.Created created = imports.create(p.accountId(), Json.object(ctx.bodyAsBytes()));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("job_id", created.jobId());
    out.put("upload_uri", created.uploadUri());
    // Clients loop over these and send each: S3 refuses a presigned PUT without its signed headers.
    List<Map<String, String>> headers = new ArrayList<>();
    for (var h : created.uploadHeaders()) {
      headers.add(Map.of("header", h.name(), "value", h.value()));
    }
    out.put("upload_headers", headers);
    ctx.status(200).json(out);
  }

  /** Never reads the body through Javalin: it may be gigabytes, far over the API's request cap. */
  private void upload(Context ctx) throws Exception {
    ImportService.Upload result =
        imports.receive(
            ctx.pathParam("key"),
            ctx.pathParam("expires"),
            ctx.pathParam("signature"),
            ctx.req().getInputStream());
    if (result == ImportService.Upload.ACCEPTED) {
      ctx.status(200).result("");
    } else {
      ErrorMapper.write(ctx, status(result), null, message(result));
    }
  }

  /** A full disk is the server's failure (507), never the client's (400). */
  static int status(ImportService.Upload result) {
    return switch (result) {
      case ACCEPTED -> 200;
      case FORBIDDEN -> 403;
      case TOO_LARGE -> 413;
      case INTERRUPTED -> 400;
      case NO_SPACE -> 507;
      case STORAGE_FAILED -> 503;
    };
  }

  private static String message(ImportService.Upload result) {
    return switch (result) {
      case ACCEPTED -> "";
      case FORBIDDEN -> "access forbidden";
      case TOO_LARGE -> "the file is larger than an import takes";
      case INTERRUPTED -> "the upload did not complete";
      case NO_SPACE -> ImportService.NO_SPACE + "; the import failed, try again later";
      case STORAGE_FAILED -> "the server could not store the file; the import failed";
    };
  }
}
