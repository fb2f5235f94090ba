package com.opsmon.jobs.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FulfilmentSettingsTest {
  @Test
  void shouldUseAWarehousesOwnSlaAndTheDefaultElsewhere() {
    FulfilmentSettings settings =
        FulfilmentSettings.defaults().withSla("nyc-1", Duration.ofHours(6));

    assertThat(settings.sla("nyc-1")).isEqualTo(Duration.ofHours(6));
    assertThat(settings.sla("ams-1")).isEqualTo(Duration.ofHours(24));
    assertThat(settings.sla(null)).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void shouldRefuseARetentionThatAnSlaOutlasts() {
    assertThatThrownBy(
            () ->
                new FulfilmentSettings(
                    Duration.ofHours(4), Map.of("ams-1", Duration.ofDays(8)), Duration.ofDays(7)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than every SLA");
    assertThatThrownBy(() -> new FulfilmentSettings(Duration.ZERO, Map.of(), Duration.ofDays(7)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
