package com.opsmon.launcher.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.launcher.cli.OpsmonCli;
import com.opsmon.model.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code opsmon bench --quick} end to end: every figure is produced and sane. Speed is what the
 * benchmark reports, not what this test judges.
 */
class BenchCommandIT {
  @TempDir Path dir;

  @Test
  void shouldProduceEveryFigureInAQuickRun() throws Exception {
    Path out = dir.resolve("bench.json");

    int exit =
        new CommandLine(new OpsmonCli()).execute("bench", "--quick", "--out", out.toString());

    assertThat(exit).isZero();
    JsonNode figures = Json.mapper().readTree(Files.readString(out));
    assertThat(figures.path("events").asLong()).isGreaterThan(10_000);
    for (String rate :
        new String[] {
          "baselineColdPerSecond",
          "baselineWarmPerSecond",
          "pipelinePerSecond",
          "httpPerSecond",
          "apiPerSecond"
        }) {
      assertThat(figures.path(rate).asDouble()).as(rate).isPositive().isFinite();
    }
    assertThat(figures.path("pipelinePerSecond").asDouble())
        .as("the pipeline does more than bare Flink on the same events")
        .isLessThan(figures.path("baselineWarmPerSecond").asDouble() * 2);
    assertThat(figures.path("httpEvents").asLong())
        .isEqualTo(BenchSettings.quick(dir).httpEvents());
    assertThat(figures.path("firstKpiSeconds").asDouble())
        .isGreaterThan(figures.path("stackStartSeconds").asDouble())
        .isLessThan(180);
    assertThat(figures.path("firstValueSeconds").asDouble())
        .isGreaterThan(figures.path("stackStartSeconds").asDouble())
        .isLessThanOrEqualTo(figures.path("firstKpiSeconds").asDouble());
    // a window's point cannot leave before the window ends
    assertThat(figures.path("streamSamples").asInt()).isPositive();
    assertThat(figures.path("streamP50Ms").asDouble()).isNotNegative();
    assertThat(figures.path("streamP99Ms").asDouble())
        .isGreaterThanOrEqualTo(figures.path("streamP50Ms").asDouble());
    assertThat(figures.path("partialSamples").asInt())
        .as("probe events the open window's partial value showed")
        .isPositive()
        .isLessThanOrEqualTo(figures.path("partialProbes").asInt());
    assertThat(figures.path("partialP50Ms").asDouble()).isPositive();
    // each of the alert probe's failing regions raises its alert after its minute ends
    assertThat(figures.path("alertMinutes").asInt()).isPositive();
    assertThat(figures.path("alertShownSamples").asInt())
        .isPositive()
        .isLessThanOrEqualTo(figures.path("alertMinutes").asInt() * AlertProbe.REGIONS_PER_MINUTE);
    assertThat(figures.path("alertShownP50Ms").asDouble()).isPositive();
    assertThat(figures.path("alertNotifiedSamples").asInt()).isPositive();
    assertThat(figures.path("alertNotifiedP50Ms").asDouble()).isPositive();
    assertThat(figures.path("storeSamples").asInt()).isPositive();
    assertThat(figures.path("storeP50Ms").asDouble()).isNotNegative();
    assertThat(figures.path("apiFailed").asLong()).isZero();
    assertThat(figures.path("apiPoints").asInt()).isPositive();
    assertThat(figures.path("peakRssBytes").asDouble()).isGreaterThan(100 * 1024 * 1024);

    JsonNode small = figures.path("skuScaling").path(0);
    JsonNode large = figures.path("skuScaling").path(1);
    assertThat(small.path("skus").asInt()).isEqualTo(100);
    assertThat(large.path("skus").asInt()).isEqualTo(1_000);
    // every SKU is snapshotted in every warehouse when the simulated day starts
    assertThat(large.path("stockCells").asLong())
        .isEqualTo(10 * small.path("stockCells").asLong())
        .isGreaterThanOrEqualTo(1_000);
    for (JsonNode cost : figures.path("skuScaling")) {
      assertThat(cost.path("pipelinePerSecond").asDouble()).isPositive().isFinite();
      assertThat(cost.path("stateBytes").asLong()).isPositive();
      assertThat(cost.path("heapBytes").asLong()).isGreaterThan(10 * 1024 * 1024);
    }
    assertThat(large.path("events").asLong()).isGreaterThan(small.path("events").asLong());
    assertThat(large.path("kpiRecords").asLong())
        .as("stock KPIs are written per SKU and warehouse")
        .isGreaterThan(small.path("kpiRecords").asLong());
  }
}
