package com.opsmon.jobs.services;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.kpi.Sketch;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SampledLatencyTest {
  private static final long P50 = 1_200;
  private static final long P99 = 9_000;

  private static Sketch sampled(long count, Long p50, Long p99) {
    Sketch sketch = new Sketch();
    SampledLatency.record(sketch, count, p50, p99);
    return sketch;
  }

  @ParameterizedTest
  @ValueSource(longs = {2, 3, 7, 10, 99, 100, 101, 1000, 12_345, 1_000_000})
  void shouldReadBackTheSamplesMedianAndP99WhenAlone(long count) {
    Sketch sketch = sampled(count, P50, P99);

    assertThat(sketch.count()).isEqualTo(count);
    assertThat(sketch.quantile(0.50)).isCloseTo(P50, Percentage.withPercentage(1));
    assertThat(sketch.quantile(0.99)).isCloseTo(P99, Percentage.withPercentage(1));
  }

  @Test
  void shouldPlaceP95OnTheLogNormalThroughTheMedianAndP99() {
    Sketch sketch = sampled(10_000, P50, P99);

    double expected = P50 * Math.pow((double) P99 / P50, 1.6448536270 / 2.3263478740);
    assertThat(sketch.quantile(0.95)).isCloseTo(expected, Percentage.withPercentage(1));
  }

  @Test
  void shouldPutNothingAboveP99NorBelowTheMedian() {
    Sketch sketch = sampled(1000, P50, P99);

    assertThat(sketch.quantile(1.0)).isCloseTo(P99, Percentage.withPercentage(1));
    assertThat(sketch.quantile(0.001)).isCloseTo(P50, Percentage.withPercentage(1));
  }

  @Test
  void shouldPutASingleRequestAtTheMedian() {
    Sketch sketch = sampled(1, P50, P99);

    assertThat(sketch.count()).isEqualTo(1);
    assertThat(sketch.quantile(0.99)).isCloseTo(P50, Percentage.withPercentage(1));
  }

  @Test
  void shouldPutEveryRequestAtTheOnlyQuantileGiven() {
    assertThat(sampled(50, null, P99).quantile(0.5)).isCloseTo(P99, Percentage.withPercentage(1));
    assertThat(sampled(50, P50, null).quantile(0.99)).isCloseTo(P50, Percentage.withPercentage(1));
  }

  @Test
  void shouldReadAP99BelowTheMedianAsEqualToIt() {
    Sketch sketch = sampled(100, P50, 300L);

    assertThat(sketch.quantile(0.99)).isCloseTo(P50, Percentage.withPercentage(1));
  }

  @Test
  void shouldAddNothingWithoutRequestsOrQuantiles() {
    assertThat(sampled(0, P50, P99).count()).isZero();
    assertThat(sampled(10, null, null).count()).isZero();
  }

  @Test
  void shouldWeighEachSampleByItsCountWhenMergedWithOthers() {
    Sketch merged = sampled(900, 1000L, 2000L);
    merged.addAll(sampled(100, 5000L, 6000L));

    assertThat(merged.count()).isEqualTo(1000);
    assertThat(merged.quantile(0.90))
        .as("the 900th value: the first sample's highest")
        .isCloseTo(2000, Percentage.withPercentage(1));
    assertThat(merged.quantile(0.95))
        .as("the 950th value: the second sample's median")
        .isCloseTo(5000, Percentage.withPercentage(1));
  }
}
