package com.opsmon.launcher.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one {@code opsmon bench} run measures and how much of it.
 *
 * @param simulated simulated time of the bulk events (the pipeline, the baseline and the API's
 *     dashboard query read them)
 * @param simulatedRate average simulated events per second over that time
 * @param httpEvents events posted over HTTP in the ingest phase
 * @param httpClients concurrent HTTP clients
 * @param apiClients concurrent API clients
 * @param apiDuration how long the API is queried
 * @param liveRate events per second of the live feed in the freshness phase
 * @param liveDuration how long the live feed runs
 * @param skuCounts the catalogue sizes whose costs are compared, each on a fresh monitor
 * @param skuSimulated simulated time fed to the monitor at each catalogue size
 * @param workDir where the monitor's data lives during the run (deleted by the caller)
 */
public record BenchSettings(
    long seed,
    Duration simulated,
    double simulatedRate,
    int httpEvents,
    int httpClients,
    int apiClients,
    Duration apiDuration,
    double liveRate,
    Duration liveDuration,
    List<Integer> skuCounts,
    Duration skuSimulated,
    Path workDir) {

  public BenchSettings {
    skuCounts = List.copyOf(skuCounts);
  }

  /** These settings with other catalogue sizes to compare, over {@code perSize} each. */
  public BenchSettings withSkuScaling(List<Integer> counts, Duration perSize) {
    return new BenchSettings(
        seed,
        simulated,
        simulatedRate,
        httpEvents,
        httpClients,
        apiClients,
        apiDuration,
        liveRate,
        liveDuration,
        counts,
        perSize,
        workDir);
  }

  /** The full run quoted in docs/PERFORMANCE.md: about a million events, minutes of live feed. */
  public static BenchSettings full(Path workDir) {
    return new BenchSettings(
        7,
        Duration.ofHours(3),
        100,
        400_000,
        4,
        32,
        Duration.ofSeconds(30),
        1_000,
        Duration.ofMinutes(3),
        // within stock_collapsed's max_series; 100,000 SKUs do not fit the standalone monitor's
        // heap, and 10,000 stalled it with that rule watching every cell (docs/PERFORMANCE.md)
        List.of(1_000, 2_000),
        Duration.ofMinutes(3),
        workDir);
  }

  /**
   * A run of about two and a half minutes that produces every figure, for tests and a first look.
   * Most of it is four monitors starting and the live phase waiting for its first minute to close.
   */
  public static BenchSettings quick(Path workDir) {
    return new BenchSettings(
        7,
        Duration.ofMinutes(12),
        100,
        40_000,
        4,
        8,
        Duration.ofSeconds(5),
        200,
        Duration.ofSeconds(5),
        List.of(100, 1_000),
        // the first minutes' windows close only once later events move the watermark past them
        Duration.ofMinutes(3),
        workDir);
  }
}
