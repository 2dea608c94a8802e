package io.contactd.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The one JSON configuration of contactd, shared by routes, stores and jobs, and request-body
 * parsing. A body that is not a JSON object is an {@link InvalidJson}; the HTTP layer answers it
 * 400.
 */
public final class Json {
  /** Deeper than any SendGrid body; a deeper one is an attack or a mistake, answered 400. */
  private static final int MAX_NESTING = 64;

  public static final ObjectMapper MAPPER = create();

  /**
   * Request bodies: one JSON value and nothing after it ({@code {"a":1} xyz} or two objects back to
   * back are 400). Not a feature of {@link #MAPPER}, whose streaming readers read values mid-body.
   */
  private static final ObjectReader BODY =
      MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  private static ObjectMapper create() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
            .build();
    return JsonMapper.builder(factory)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }

  /** Parses a request body as a JSON object; an empty body is {@code {}}. */
  public static ObjectNode object(byte[] body) {
    if (isBlank(body)) {
      return MAPPER.createObjectNode();
    }
    JsonNode node;
    try {
      node = BODY.readTree(body);
    } catch (IOException e) {
      throw new InvalidJson("invalid JSON");
    }
    if (node == null || node.isMissingNode()) {
      return MAPPER.createObjectNode();
    }
    if (!node.isObject()) {
      throw new InvalidJson("invalid JSON: the body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
