package io.contactd.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLayoutTest {
  @Test
  void one_json_object_per_line_with_timestamp_level_logger_message_and_request_id()
      throws Exception {
    LoggerContext context = new LoggerContext();
    LoggingEvent event =
        new LoggingEvent(
            "x",
            context.getLogger("io.contactd.App"),
            Level.WARN,
            "export {} failed: \"disk\"\nfull",
            new IllegalStateException("boom"),
            new Object[] {"e1"});
    event.setTimeStamp(1_700_000_000_123L);
    event.setMDCPropertyMap(Map.of(Logging.REQUEST_ID, "req-9"));
    JsonLayout layout = new JsonLayout();
    layout.setContext(context);
    layout.start();

    String line = layout.doLayout(event);

    assertThat(line).endsWith("\n");
    assertThat(line.strip()).doesNotContain("\n");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.get("timestamp").asText()).isEqualTo("2023-11-14T22:13:20.123Z");
    assertThat(json.get("level").asText()).isEqualTo("WARN");
    assertThat(json.get("logger").asText()).isEqualTo("io.contactd.App");
    assertThat(json.get("message").asText()).isEqualTo("export e1 failed: \"disk\"\nfull");
    assertThat(json.get("request_id").asText()).isEqualTo("req-9");
    assertThat(json.get("error").asText()).contains("IllegalStateException: boom");
  }
}
