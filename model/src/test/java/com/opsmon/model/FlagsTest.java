package com.opsmon.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.opsmon.model.config.Durations;
import com.opsmon.model.config.Flags;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlagsTest {
  @Test
  void shouldPreferFlagsOverEnvironmentOverDefaults() {
    Flags flags =
        Flags.parse(
            new String[] {"--api-port", "8080", "--webhook-url=http://h/x", "--verbose"},
            Map.of("OPSMON_API_PORT", "9999", "OPSMON_DATA_DIR", "/var/opsmon"));

    assertThat(flags.getInt("api-port", 0)).isEqualTo(8080);
    assertThat(flags.get("webhook-url")).contains("http://h/x");
    assertThat(flags.get("verbose")).contains("true");
    assertThat(flags.get("data-dir", "./data")).isEqualTo("/var/opsmon");
    assertThat(flags.get("store", "questdb")).isEqualTo("questdb");
  }

  @Test
  void shouldExplainBadValuesAndMissingFlags() {
    Flags flags = Flags.parse(new String[] {"--api-port", "eighty"}, Map.of());

    assertThatThrownBy(() -> flags.getInt("api-port", 0)).hasMessageContaining("--api-port");
    assertThatThrownBy(() -> flags.require("kafka-bootstrap"))
        .hasMessageContaining("--kafka-bootstrap")
        .hasMessageContaining("OPSMON_KAFKA_BOOTSTRAP");
  }

  @Test
  void shouldReadHumanAndIsoDurations() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(Durations.parse("PT5M")).isEqualTo(Duration.ofMinutes(5));
    assertThatThrownBy(() -> Durations.parse("soon")).hasMessageContaining("not a duration");
  }
}
