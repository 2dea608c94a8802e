package io.contactd.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * The {@code notifications.webhook_url} extension of export and import requests: an absolute http
 * or https URL of at most 2,000 characters, or absent.
 */
public final class WebhookUrl {
  static final int MAX_LENGTH = 2000;

  private WebhookUrl() {}

  /** The URL, null when the node is absent or null; 400 naming {@code field} otherwise. */
  public static String parse(JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return null;
    }
    String message = field + " must be an http or https URL";
    if (!node.isTextual() || node.asText().length() > MAX_LENGTH) {
      throw ApiException.badRequest(field, message);
    }
    return check(node.asText(), field);
  }

  /** The URL when it is an absolute http(s) URL with a host; 400 naming {@code field} otherwise. */
  public static String check(String url, String field) {
    String message = field + " must be an http or https URL";
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null
          || url.length() > MAX_LENGTH) {
        throw ApiException.badRequest(field, message);
      }
      return url;
    } catch (URISyntaxException e) {
      throw ApiException.badRequest(field, message);
    }
  }
}
