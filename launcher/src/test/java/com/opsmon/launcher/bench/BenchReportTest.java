package com.opsmon.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {
  private static BenchReport report(double pipeline, double apiP99) {
    return report(pipeline, apiP99, 900, 12.0);
  }

  private static BenchReport report(
      double pipeline, double apiP99, double partialP99, double firstValue) {
    return new BenchReport(
        7,
        1_000_000,
        200_000,
        300_000,
        pipeline,
        4,
        400_000,
        60_000,
        8.0,
        firstValue,
        40.0,
        1_000,
        500,
        700,
        1_200,
        3,
        900,
        1_400,
        100,
        90,
        600,
        partialP99,
        3,
        11,
        7_400,
        9_600,
        10,
        7_500,
        9_900,
        "3 h of revenue",
        32,
        2_500,
        20,
        apiP99,
        720,
        64_000,
        0,
        1.2 * (1L << 30),
        List.of(
            new SkuCost(1_000, 6_000, 100_000, 20_000, 50_000, 10L << 20, 400L << 20),
            new SkuCost(100_000, 600_000, 700_000, 5_000, 5_000_000, 310L << 20, 1_000L << 20)));
  }

  @Test
  void shouldJudgeEachFigureAgainstItsTarget() {
    String table = report(150_000, 40).table();
    assertThat(table).contains("1,000,000 simulated events");
    assertThat(line(table, "bare Flink")).contains("300,000 events/s (cold 200,000)");
    assertThat(line(table, "pipeline"))
        .matches(".*150,000 events/s = 0.50× baseline +met: ≥ 0.5× baseline");
    assertThat(line(table, "live stream")).contains("p50 700 ms, p99 1.20 s (500 points)");
    assertThat(line(table, "alert on live stream"))
        .contains("p50 7.40 s, p99 9.60 s (11 alerts, 3 minutes of 4)")
        .doesNotContain("met");
    assertThat(line(table, "webhook notified")).contains("p50 7.50 s, p99 9.90 s (10 alerts)");
    assertThat(line(table, "peak RSS")).contains("1.20 GiB").contains("met");
    assertThat(line(table, "API")).endsWith(" met: ≥ 2,000 req/s, p99 ≤ 50 ms");
    assertThat(line(table, "partial value"))
        .contains("p50 600 ms, p99 900 ms (90 of 100 probe events)")
        .endsWith(" met: p99 ≤ 1 s");

    String worse = report(100_000, 60).table();
    assertThat(line(worse, "pipeline")).contains("0.33× baseline").contains("not met");
    assertThat(line(worse, "API")).contains("not met: ≥ 2,000 req/s, p99 ≤ 50 ms");
    assertThat(line(report(150_000, 40, 1_300, 12.0).table(), "partial value"))
        .contains("not met: p99 ≤ 1 s");
    assertThat(line(table, "first KPI value shown")).contains("12.0 s").endsWith(" met: ≤ 15 s");
    assertThat(line(table, "first closed minute")).contains("40.0 s").doesNotContain("met");
    assertThat(line(report(150_000, 40, 900, 16.0).table(), "first KPI value shown"))
        .endsWith("not met: ≤ 15 s");
  }

  @Test
  void shouldShowWhatEachStockCellMoreCosts() {
    String table = report(150_000, 40).table();
    assertThat(line(table, "1,000 SKUs"))
        .contains("(6,000 stock cells)")
        .contains("20,000 events/s on 100,000 events, 50,000 KPI records")
        .contains("state 10.0 MiB, heap 400.0 MiB");
    assertThat(line(table, "100,000 SKUs")).contains("state 310.0 MiB, heap 1,000.0 MiB");
    // 300 MiB of state and 600 MiB of heap over 594,000 cells more
    assertThat(line(table, "each stock cell more"))
        .contains("state +530 bytes, heap +1,059 bytes, +8.3 KPI records")
        .contains("(1,000 → 100,000 SKUs: 0.25× the events/s)");

    SkuCost small = new SkuCost(1_000, 6_000, 100_000, 20_000, 50_000, 10L << 20, 400L << 20);
    SkuCost unmeasured = new SkuCost(10_000, 60_000, 300_000, 9_000, 500_000, -1, 900L << 20);
    assertThat(unmeasured.growthFrom(small).stateBytes()).as("no checkpoint in time").isNaN();
    assertThat(unmeasured.growthFrom(small).heapBytes()).isCloseTo(9_709, within(1.0));
  }

  private static String line(String table, String what) {
    return table.lines().filter(l -> l.contains(what)).findFirst().orElseThrow();
  }
}
