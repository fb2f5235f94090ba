package com.opsmon.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenciesTest {
  @Test
  void shouldGiveNearestRankPercentiles() {
    Latencies latencies = new Latencies();
    for (int ms = 100; ms >= 1; ms--) {
      latencies.add(ms);
    }
    assertThat(latencies.count()).isEqualTo(100);
    assertThat(latencies.percentile(50)).isEqualTo(50);
    assertThat(latencies.percentile(99)).isEqualTo(99);
    assertThat(latencies.percentile(100)).isEqualTo(100);
    assertThat(latencies.percentile(0)).isEqualTo(1);
  }

  @Test
  void shouldHaveNoPercentileWithoutSamplesAndMergeOthers() {
    Latencies empty = new Latencies();
    assertThat(empty.percentile(99)).isNaN();

    Latencies a = new Latencies();
    a.add(5);
    Latencies b = new Latencies();
    for (int i = 0; i < 2_000; i++) {
      b.add(1);
    }
    a.addAll(b);
    assertThat(a.count()).isEqualTo(2_001);
    assertThat(a.percentile(100)).isEqualTo(5);
  }
}
