package com.opsmon.jobs.services;

import static com.opsmon.jobs.TestEvents.call;
import static com.opsmon.jobs.TestEvents.sample;
import static com.opsmon.jobs.TestPoints.byName;
import static com.opsmon.jobs.TestPoints.emitted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class ServiceTotalsTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final Map<String, String> SERIES =
      Map.of("service", "payments", "endpoint", "/payments", "region", "eu");

  /** The nearest-rank quantile of the values: what a sketch approximates. */
  private static double exactQuantile(List<Double> values, double q) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get((int) Math.ceil(q * sorted.size()) - 1);
  }

  @Test
  void shouldCountServerSideFailuresOnlyAsErrors() {
    ServiceTotals totals = new ServiceTotals();
    for (int status : new int[] {200, 201, 402, 404, 429, 408, 500, 503, 504, 599}) {
      totals.add(call(T0, "payments", "eu", status, 100));
    }

    assertThat(totals.requests).isEqualTo(10);
    assertThat(totals.errors).as("408 and the four 5xx").isEqualTo(5);
    Map<String, Double> points = byName(emitted(totals, SERIES));
    assertThat(points)
        .containsEntry("service_requests", 10.0)
        .containsEntry("service_error_rate", 0.5)
        .containsEntry("availability", 0.5);
  }

  @Test
  void shouldAddSampleCountsAndErrorsExactly() {
    ServiceTotals totals = new ServiceTotals();
    totals.add(call(T0, "search", "eu", 200, 50));
    totals.add(call(T0, "search", "eu", 502, 50));
    totals.add(sample(T0, "search", "eu", 998, 9, 80.0, 400.0));
    totals.add(sample(T0, "search", "eu", 1000, 0, null, null));

    assertThat(totals.requests).isEqualTo(2000);
    assertThat(totals.errors).isEqualTo(10);
    assertThat(totals.latency.count())
        .as("a sample without quantiles adds no latency")
        .isEqualTo(1000);
    Map<String, Double> points = byName(emitted(totals, SERIES));
    assertThat(points.get("service_error_rate")).isEqualTo(0.005);
    assertThat(points.get("availability")).isEqualTo(0.995);
  }

  @Test
  void shouldGiveLatencyQuantilesWithinOnePercentOfTheExactOnesAcrossMergedMinutesAndSeries() {
    Random random = new Random(42);
    List<Double> latencies = new ArrayList<>();
    List<ServiceTotals> minutes =
        List.of(new ServiceTotals(), new ServiceTotals(), new ServiceTotals());
    for (int i = 0; i < 6000; i++) {
      double ms = Math.exp(Math.log(120) + 0.7 * random.nextGaussian());
      if (random.nextDouble() < 0.01) {
        ms *= 8;
      }
      ms = Math.round(ms * 10) / 10.0;
      latencies.add(ms);
      minutes.get(i % 3).add(call(T0, "checkout", i % 2 == 0 ? "eu" : "us", 200, ms));
    }
    ServiceTotals merged = new ServiceTotals();
    minutes.forEach(merged::addAll);

    Map<String, Double> points = byName(emitted(merged, SERIES));
    assertThat(points.get("service_latency_p50"))
        .isCloseTo(exactQuantile(latencies, 0.50), Percentage.withPercentage(1));
    assertThat(points.get("service_latency_p95"))
        .isCloseTo(exactQuantile(latencies, 0.95), Percentage.withPercentage(1));
    assertThat(points.get("service_latency_p99"))
        .isCloseTo(exactQuantile(latencies, 0.99), Percentage.withPercentage(1));
    assertThat(merged.requests).isEqualTo(6000);
  }

  @Test
  void shouldLeaveTheMergedAccumulatorsAsTheyWere() {
    ServiceTotals a = new ServiceTotals();
    a.add(call(T0, "search", "eu", 200, 10));
    ServiceTotals b = new ServiceTotals();
    b.add(call(T0, "search", "eu", 500, 20));

    a.addAll(b);

    assertThat(b.requests).isEqualTo(1);
    assertThat(b.latency.count()).isEqualTo(1);
    assertThat(a.latency.count()).isEqualTo(2);
  }

  @Test
  void shouldEmitNoLatencyAndNoRatesWithoutRequests() {
    ServiceTotals totals = new ServiceTotals();
    totals.add(sample(T0, "search", "eu", 0, 0, 10.0, 20.0));

    assertThat(byName(emitted(totals, SERIES))).containsExactly(Map.entry("service_requests", 0.0));
  }

  @Test
  void shouldReadSubMillisecondLatenciesToATenthOfAMillisecond() {
    ServiceTotals totals = new ServiceTotals();
    totals.add(call(T0, "inventory-api", "eu", 200, 1.3));

    assertThat(byName(emitted(totals, SERIES)).get("service_latency_p50"))
        .isCloseTo(1.3, within(1e-9));
  }
}
