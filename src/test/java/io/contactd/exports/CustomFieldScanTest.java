package io.contactd.exports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.contactd.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The scan reads each value as the tree path renders it, or declines and leaves it to the tree. */
class CustomFieldScanTest {
  static final List<ExportStore.Field> FIELDS =
      List.of(
          new ExportStore.Field("e1_T", "colour", "Text"),
          new ExportStore.Field("e2_N", "score", "Number"),
          new ExportStore.Field("e3_D", "birthday", "Date"));

  /** What the CSV cell of each field holds, by the tree path (null: nothing). */
  static List<String> tree(String json) throws Exception {
    JsonNode node = Json.MAPPER.readTree(json);
    List<String> values = new ArrayList<>();
    for (ExportStore.Field f : FIELDS) {
      values.add(RecordFormat.text(node.get(f.id())));
    }
    return values;
  }

  /** The same by the scan, or null when it declines. */
  static List<String> scanned(CustomFieldScan scan, String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    if (!scan.scan(bytes)) {
      return null;
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < FIELDS.size(); i++) {
      values.add(
          scan.length(i) == 0
              ? null
              : new String(bytes, scan.start(i), scan.length(i), StandardCharsets.UTF_8));
    }
    return values;
  }

  @Test
  void flat_objects_are_read_exactly_as_the_tree_renders_them() throws Exception {
    CustomFieldScan scan = new CustomFieldScan(FIELDS);
    for (String json :
        List.of(
            "{}",
            " { } ",
            "{\"e1_T\":\"blue, \\\"green\\\"\"}",
            "{\"e1_T\":\"blue\",\"e2_N\":42}",
            "{\"e2_N\":2.50,\"e1_T\":\"Ünïcödé 名前\"}",
            "{ \"e2_N\" : 100.0 , \"e3_D\" : \"2024-01-01T00:00:00Z\" }",
            "{\"e2_N\":-0.25,\"other\":\"x\",\"e1_T\":\"\"}",
            "{\"e2_N\":0.000}",
            "{\"e2_N\":-0.0}",
            "{\"e2_N\":1e5}",
            "{\"e2_N\":0.30000000000000004}",
            "{\"e2_N\":123456789012345678901234}",
            "{\"e1_T\":true,\"e2_N\":null}",
            "{\"e1_T\":\"a\",\"e1_T\":\"b\"}",
            "{\"e1_T\":{\"nested\":1}}",
            "{\"e1_T\":[1,2]}",
            "{\"e\\u0031_T\":\"escaped key\"}")) {
      List<String> fast = scanned(scan, json);
      if (fast != null) {
        assertThat(fast).as(json).isEqualTo(tree(json));
      }
    }
    assertThat(scanned(scan, "{\"e1_T\":\"blue\",\"e2_N\":2.50}"))
        .as("the common case takes the fast path")
        .containsExactly("blue", "2.5", null);
  }

  @Test
  void random_flat_objects_agree_with_the_tree() throws Exception {
    CustomFieldScan scan = new CustomFieldScan(FIELDS);
    Random random = new Random(5);
    int fast = 0;
    for (int n = 0; n < 5_000; n++) {
      StringBuilder json = new StringBuilder("{");
      int entries = random.nextInt(5);
      for (int e = 0; e < entries; e++) {
        if (e > 0) {
          json.append(random.nextBoolean() ? "," : " , ");
        }
        json.append('"').append(List.of("e1_T", "e2_N", "e3_D", "x").get(random.nextInt(4)));
        json.append("\":");
        switch (random.nextInt(5)) {
          case 0 -> json.append('"').append(Long.toString(random.nextLong(), 36)).append('"');
          case 1 -> json.append(random.nextInt(2_000_000) - 1_000_000);
          case 2 -> json.append(random.nextInt(100_000) / 100.0);
          case 3 ->
              json.append(
                  String.format(java.util.Locale.ROOT, "%.6f", random.nextDouble() * 1000 - 500));
          default -> json.append(List.of("true", "false", "null", "\"\"").get(random.nextInt(4)));
        }
      }
      json.append('}');
      List<String> scanned = scanned(scan, json.toString());
      if (scanned != null) {
        fast++;
        assertThat(scanned).as(json.toString()).isEqualTo(tree(json.toString()));
      }
    }
    assertThat(fast).as("nearly all take the fast path").isGreaterThan(4_900);
  }

  @Test
  void invalid_json_is_left_to_the_tree_which_reports_it() {
    CustomFieldScan scan = new CustomFieldScan(FIELDS);
    for (String json :
        List.of(
            "{not json", "{\"e1_T\":\"x\"", "{\"e1_T\" \"x\"}", "[]", "{\"e1_T\":01}", "{} x")) {
      assertThat(scanned(scan, json)).as(json).isNull();
    }
  }
}
