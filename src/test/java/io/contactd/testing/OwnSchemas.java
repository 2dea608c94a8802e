package io.contactd.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * contactd's own response schemas, {@code contract/responses.yaml} on the test class path: one JSON
 * Schema per operation and status the server answers, so that response shapes are checked in any
 * clone of the repository. A response the file does not describe fails the test.
 */
public final class OwnSchemas {
  static final String RESOURCE = "/contract/responses.yaml";
  private static final OwnSchemas INSTANCE = load();

  /** One described response: the operation as "METHOD path" and its status. */
  public record Described(String method, String path, int status) {}

  private final JsonNode defs;
  private final JsonNode responses;
  private final JsonNode unlikeSendGrid;

  private OwnSchemas(JsonNode root) {
    this.defs = root.path("$defs");
    this.responses = root.path("responses");
    this.unlikeSendGrid = root.path("unlike_sendgrid");
  }

  /** A response where contactd deliberately differs from SendGrid (listed with its reason). */
  public boolean unlikeSendGrid(String method, String path, int status) {
    return unlikeSendGrid.has(method + " " + path + " " + status);
  }

  public static OwnSchemas get() {
    return INSTANCE;
  }

  private static OwnSchemas load() {
    try (InputStream in = OwnSchemas.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the test class path");
      }
      return new OwnSchemas(OpenApi.YAML.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every operation and status the file describes. */
  public List<Described> described() {
    List<Described> out = new ArrayList<>();
    responses
        .fields()
        .forEachRemaining(
            op -> {
              String[] methodPath = op.getKey().split(" ", 2);
              op.getValue()
                  .fieldNames()
                  .forEachRemaining(
                      s ->
                          out.add(
                              new Described(methodPath[0], methodPath[1], Integer.parseInt(s))));
            });
    return out;
  }

  void assertResponse(String method, String path, int status, String body) {
    JsonNode schema = responses.path(method + " " + path).path(Integer.toString(status));
    if (schema.isMissingNode()) {
      fail(
          "%s describes no %d response of %s %s; add its schema there",
          RESOURCE, status, method, path);
    }
    if (schema.isTextual() && schema.asText().equals("empty")) {
      assertThat(body == null || body.isEmpty())
          .as("%s %s %d answers with no body, but got: %s", method, path, status, body)
          .isTrue();
      return;
    }
    OpenApi.validate(
        schema, defs, body, String.format("%s %s %d against %s", method, path, status, RESOURCE));
  }
}
