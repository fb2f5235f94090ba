package com.opsmon.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchSettingsTest {
  private final BenchSettings quick = BenchSettings.quick(Path.of("work"));

  @Test
  void shouldChangeOnlyTheCatalogueFiguresWhenAskedForOtherSizes() {
    BenchSettings scaled = quick.withSkuScaling(List.of(36, 2_000), Duration.ofHours(3));

    assertThat(scaled.skuCounts()).containsExactly(36, 2_000);
    assertThat(scaled.skuSimulated()).isEqualTo(Duration.ofHours(3));
    assertThat(scaled.simulated())
        .as("the throughput phase's bulk events are not the catalogue phase's")
        .isEqualTo(quick.simulated());
    assertThat(scaled.withSkuScaling(quick.skuCounts(), quick.skuSimulated())).isEqualTo(quick);
  }
}
