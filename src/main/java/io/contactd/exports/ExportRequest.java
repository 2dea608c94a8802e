package io.contactd.exports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contactd.http.ApiException;
import io.contactd.http.WebhookUrl;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * A validated {@code POST /exports} body. Every field is optional (an empty body exports all
 * contacts); a present field of the wrong shape is a 400 naming that field. Unknown fields are
 * ignored, as at SendGrid.
 */
record ExportRequest(
    List<String> listIds,
    List<String> segmentIds,
    Export.FileType fileType,
    int maxFileSizeMb,
    boolean notifyEmail,
    Long updatedSince,
    String webhookUrl) {

  static final int DEFAULT_MAX_FILE_SIZE_MB = 5000;

  /**
   * Ids one array may name: an account has at most 1,000 lists (SendGrid documents no limit for an
   * export). Checked before any database work, so a huge array is a quick 400.
   */
  static final int MAX_IDS = 1000;

  static ExportRequest parse(ObjectNode body) {
    List<String> lists = ids(body.get("list_ids"), "list_ids");
    List<String> segments = ids(body.get("segment_ids"), "segment_ids");
    Export.FileType fileType = Export.FileType.CSV;
    JsonNode ft = body.get("file_type");
    if (ft != null && !ft.isNull()) {
      if (!ft.isTextual() || !(ft.asText().equals("csv") || ft.asText().equals("json"))) {
        throw ApiException.badRequest("file_type", "file_type must be one of [csv json]");
      }
      fileType = Export.FileType.of(ft.asText());
    }
    int maxSize = DEFAULT_MAX_FILE_SIZE_MB;
    JsonNode ms = body.get("max_file_size");
    if (ms != null && !ms.isNull()) {
      if (!ms.isIntegralNumber() || !ms.canConvertToInt() || ms.asInt() < 1) {
        throw ApiException.badRequest(
            "max_file_size", "max_file_size must be an integer number of megabytes, at least 1");
      }
      maxSize = ms.asInt();
    }
    boolean notify = false;
    String webhookUrl = null;
    JsonNode n = body.get("notifications");
    if (n != null && !n.isNull()) {
      if (!n.isObject()) {
        throw ApiException.badRequest("notifications", "notifications must be an object");
      }
      JsonNode email = n.get("email");
      if (email != null && !email.isNull()) {
        if (!email.isBoolean()) {
          throw ApiException.badRequest(
              "notifications.email", "notifications.email must be a boolean");
        }
        notify = email.asBoolean();
      }
      // An extension: where contactd posts export.ready / export.failed (signed, retried).
      webhookUrl = WebhookUrl.parse(n.get("webhook_url"), "notifications.webhook_url");
    }
    return new ExportRequest(
        lists,
        segments,
        fileType,
        maxSize,
        notify,
        updatedSince(body.get("updated_since")),
        webhookUrl);
  }

  /**
   * {@code updated_since} (a contactd extension): an ISO-8601 date-time with {@code Z} or an
   * offset, e.g. {@code 2024-05-01T12:00:00Z}; only contacts changed at or after it are exported.
   */
  private static Long updatedSince(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    String message =
        "updated_since must be an ISO-8601 date-time with a zone, e.g. 2024-05-01T12:00:00Z";
    if (!node.isTextual()) {
      throw ApiException.badRequest("updated_since", message);
    }
    try {
      return java.time.OffsetDateTime.parse(node.asText()).toInstant().toEpochMilli();
    } catch (java.time.format.DateTimeParseException | ArithmeticException e) {
      throw ApiException.badRequest("updated_since", message);
    }
  }

  private static List<String> ids(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw ApiException.badRequest(field, field + " must be an array of ids");
    }
    if (node.size() > MAX_IDS) {
      throw ApiException.badRequest(field, "at most " + MAX_IDS + " " + field + " are allowed");
    }
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    for (JsonNode id : node) {
      if (!id.isTextual() || id.asText().isBlank()) {
        throw ApiException.badRequest(field, field + " must be an array of ids");
      }
      ids.add(id.asText());
    }
    return new ArrayList<>(ids);
  }

  /** {@code contacts_export} without filters; a list filter wins over segments (contract §8.8). */
  String exportType() {
    if (!listIds.isEmpty()) {
      return "list_export";
    }
    if (!segmentIds.isEmpty()) {
      return "segment_export";
    }
    return "contacts_export";
  }
}
