package io.contactd.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks response bodies: always against contactd's own schemas ({@link OwnSchemas}, written from
 * the contract and kept in the repository) and, in addition, against SendGrid's official OpenAPI
 * file where the official files lie beside the repository in {@code ../shared/reference/openapi/}
 * (never copied into it). A plain clone has no such folder; then only the own schemas are checked
 * and {@code OfficialOpenApiTest} is reported as skipped with the reason, so a test report always
 * shows whether the cross-check ran.
 */
public final class OpenApi {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Official> cache = new ConcurrentHashMap<>();

  private final String file;

  private OpenApi(String file) {
    this.file = file;
  }

  /** The checks for the operations of one official file, e.g. {@code "tsg_mc_contacts_v3.yaml"}. */
  public static OpenApi of(String file) {
    return new OpenApi(file);
  }

  /** The folder of the official files, beside the repository. */
  public static Path folder() {
    String root = System.getenv("CONTACTD_ROOT");
    Path base = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
    return base.resolve("../shared/reference/openapi").normalize();
  }

  /** Whether the official files are beside the repository (CI has them; a plain clone does not). */
  public static boolean officialPresent() {
    return Files.isDirectory(folder());
  }

  /**
   * Asserts that {@code body} matches the schema of the response {@code status} of {@code method
   * path} (the path as written in the API reference, e.g. {@code /v3/marketing/lists/{id}}).
   */
  public void assertResponse(String method, String path, int status, String body) {
    assertOwnSchema(method, path, status, body);
    assertOfficialSchema(method, path, status, body);
  }

  /** The check against contactd's own schema alone. */
  public void assertOwnSchema(String method, String path, int status, String body) {
    OwnSchemas.get().assertResponse(method, path, status, body);
  }

  /**
   * The check against the official file alone, where the official files are present, for a body a
   * test adjusted where contactd deliberately differs from the official schema.
   */
  public void assertOfficialSchema(String method, String path, int status, String body) {
    if (officialPresent() && !OwnSchemas.get().unlikeSendGrid(method, path, status)) {
      official(file).assertResponse(method, path, status, body);
    }
  }

  /** One official file; only when {@link #officialPresent()}. */
  static Official official(String file) {
    return cache.computeIfAbsent(file, Official::load);
  }

  /** Validates {@code body} against a JSON Schema 2020-12 whose {@code $defs} are given. */
  static void validate(JsonNode schema, JsonNode defs, String body, String what) {
    ObjectNode full = schema.deepCopy();
    full.set("$defs", defs);
    JsonSchema validator =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(full);
    JsonNode actual;
    try {
      actual = JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("response is not JSON: " + body, e);
    }
    Set<ValidationMessage> errors = validator.validate(actual);
    assertThat(errors).as("%s; body: %s", what, body).isEmpty();
  }

  private static JsonNode readYaml(Path path) {
    try {
      return YAML.readTree(path.toFile());
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path, e);
    }
  }

  /** One of SendGrid's official OpenAPI files. */
  static final class Official {
    private final String file;
    private final JsonNode root;
    private final ObjectNode defs;

    private Official(String file, JsonNode root) {
      this.file = file;
      this.root = root;
      this.defs = JsonNodeFactory.instance.objectNode();
      root.path("components")
          .path("schemas")
          .fields()
          .forEachRemaining(e -> defs.set(e.getKey(), convert(e.getValue())));
    }

    private static Official load(String file) {
      Path path = folder().resolve(file);
      if (!Files.isRegularFile(path)) {
        // The folder is there but lacks the file: a broken reference checkout, not a plain
        // clone, so the cross-check fails rather than vanish.
        throw new IllegalStateException("official OpenAPI file not found: " + path);
      }
      return new Official(file, readYaml(path));
    }

    /** Whether this file documents the response {@code status} of {@code method path}. */
    boolean documents(String method, String path, int status) {
      return !operation(method, path)
          .path("responses")
          .path(Integer.toString(status))
          .isMissingNode();
    }

    private JsonNode operation(String method, String path) {
      return root.path("paths").path(path).path(method.toLowerCase(Locale.ROOT));
    }

    void assertResponse(String method, String path, int status, String body) {
      JsonNode operation = operation(method, path);
      if (operation.isMissingNode()) {
        fail("%s has no operation %s %s", file, method, path);
      }
      JsonNode response = operation.path("responses").path(Integer.toString(status));
      if (response.isMissingNode()) {
        fail("%s: %s %s documents no %d response", file, method, path, status);
      }
      response = resolve(response);
      JsonNode schema = response.path("content").path("application/json").path("schema");
      if (schema.isMissingNode()) {
        assertThat(body == null || body.isEmpty())
            .as("%s %s %d has no JSON body in the spec, but got: %s", method, path, status, body)
            .isTrue();
        return;
      }
      validate(
          convert(schema),
          defs,
          body,
          String.format("%s %s %d against the official %s", method, path, status, file));
    }

    private JsonNode resolve(JsonNode node) {
      while (node.has("$ref")) {
        String ref = node.get("$ref").asText();
        JsonNode target = root;
        for (String part : ref.substring(2).split("/")) {
          target = target.path(part);
        }
        node = target;
      }
      return node;
    }
  }

  /** OpenAPI schema → JSON Schema 2020-12: local refs to $defs, {@code nullable} to a null type. */
  private static JsonNode convert(JsonNode node) {
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(n -> out.add(convert(n)));
      return out;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
    while (it.hasNext()) {
      var e = it.next();
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (key.equals("$ref") && value.asText().startsWith("#/components/schemas/")) {
        out.put("$ref", "#/$defs/" + value.asText().substring("#/components/schemas/".length()));
      } else if (key.equals("example") || key.equals("examples")) {
        // examples are documentation, not constraints
      } else if (key.equals("properties")) {
        ObjectNode props = JsonNodeFactory.instance.objectNode();
        value.fields().forEachRemaining(p -> props.set(p.getKey(), convert(p.getValue())));
        out.set(key, props);
      } else {
        out.set(key, convert(value));
      }
    }
    if (out.path("nullable").asBoolean(false) && out.has("type") && out.get("type").isTextual()) {
      ArrayNode types = JsonNodeFactory.instance.arrayNode();
      types.add(out.get("type").asText());
      types.add("null");
      out.set("type", types);
    }
    out.remove("nullable");
    // A $ref next to sibling keywords: 2020-12 applies both, as OpenAPI 3.1 does.
    return out;
  }
}
