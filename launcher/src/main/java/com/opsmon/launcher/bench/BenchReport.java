package com.opsmon.launcher.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every figure of one {@code opsmon bench} run, printed as a table against the targets and written
 * as JSON. Rates are events (or requests) per second, latencies milliseconds, sizes bytes; NaN is a
 * figure that could not be taken in this run.
 *
 * @param events bulk events the baseline and the pipeline read
 * @param baselineColdPerSecond bare Flink, first run in this JVM
 * @param baselineWarmPerSecond bare Flink, second run (the ratio's denominator: the stricter one)
 * @param pipelinePerSecond raw topic → validator → every KPI job → store
 * @param stackStartSeconds {@code opsmon up}'s start, to every component started
 * @param firstValueSeconds {@code opsmon up}'s start to the first KPI value on the live stream,
 *     most often the open minute's partial value: what the ops room first sees
 * @param firstKpiSeconds {@code opsmon up}'s start to the first closed minute's point in the store
 * @param alertMinutes minutes in which the alert probe's regions failed (each should raise {@link
 *     AlertProbe#REGIONS_PER_MINUTE} alerts)
 * @param alertShownSamples probe alerts seen firing on the live stream, timed from their window's
 *     end
 * @param alertNotifiedSamples probe alerts the webhook was notified of, timed from their window's
 *     end
 * @param peakRssBytes the process's peak RSS through the live phase (the monitor at {@code
 *     liveRate})
 * @param skuScaling the cost at each catalogue size, smallest first
 */
public record BenchReport(
    long seed,
    long events,
    double baselineColdPerSecond,
    double baselineWarmPerSecond,
    double pipelinePerSecond,
    int httpClients,
    long httpEvents,
    double httpPerSecond,
    double stackStartSeconds,
    double firstValueSeconds,
    double firstKpiSeconds,
    double liveRate,
    int streamSamples,
    double streamP50Ms,
    double streamP99Ms,
    int storeSamples,
    double storeP50Ms,
    double storeP99Ms,
    int partialProbes,
    int partialSamples,
    double partialP50Ms,
    double partialP99Ms,
    int alertMinutes,
    int alertShownSamples,
    double alertShownP50Ms,
    double alertShownP99Ms,
    int alertNotifiedSamples,
    double alertNotifiedP50Ms,
    double alertNotifiedP99Ms,
    String apiQuery,
    int apiClients,
    double apiPerSecond,
    double apiP50Ms,
    double apiP99Ms,
    int apiPoints,
    int apiAnswerBytes,
    long apiFailed,
    double peakRssBytes,
    List<SkuCost> skuScaling) {

  public BenchReport {
    skuScaling = List.copyOf(skuScaling);
  }

  public double pipelineRatio() {
    return pipelinePerSecond / baselineWarmPerSecond;
  }

  /** The table {@code opsmon bench} prints. */
  public String table() {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        row(
            "bare Flink baseline",
            format("%,.0f events/s (cold %,.0f)", baselineWarmPerSecond, baselineColdPerSecond),
            ""));
    rows.add(
        row(
            "pipeline, every KPI",
            format("%,.0f events/s = %.2f× baseline", pipelinePerSecond, pipelineRatio()),
            verdict(pipelineRatio() >= 0.5, "≥ 0.5× baseline")));
    rows.add(
        row(
            format("HTTP ingest, %d clients", httpClients),
            format("%,.0f events/s", httpPerSecond),
            verdict(httpPerSecond >= 50_000, "≥ 50,000 events/s")));
    rows.add(row("stack start", format("%.1f s", stackStartSeconds), ""));
    rows.add(
        row(
            "first KPI value shown after up",
            format("%.1f s", firstValueSeconds),
            verdict(firstValueSeconds <= 15, "≤ 15 s")));
    rows.add(
        row(
            "first closed minute stored",
            format("%.1f s", firstKpiSeconds),
            "(waits for the first minute to close)"));
    rows.add(
        row(
            "window end → live stream",
            format("p50 %s, p99 %s (%d points)", ms(streamP50Ms), ms(streamP99Ms), streamSamples),
            verdict(streamP99Ms <= 1_500, "p99 ≤ 1.5 s")));
    rows.add(
        row(
            "window end → store query",
            format("p50 %s, p99 %s (%d windows)", ms(storeP50Ms), ms(storeP99Ms), storeSamples),
            verdict(storeP99Ms <= 1_500, "p99 ≤ 1.5 s")));
    rows.add(
        row(
            "event → open window's partial value",
            format(
                "p50 %s, p99 %s (%d of %d probe events)",
                ms(partialP50Ms), ms(partialP99Ms), partialSamples, partialProbes),
            verdict(partialSamples > 0 && partialP99Ms <= 1_000, "p99 ≤ 1 s")));
    rows.add(
        row(
            "window end → alert on live stream",
            format(
                "p50 %s, p99 %s (%d alerts, %d minutes of %d)",
                ms(alertShownP50Ms),
                ms(alertShownP99Ms),
                alertShownSamples,
                alertMinutes,
                AlertProbe.REGIONS_PER_MINUTE),
            "(a failing minute's alert; none can fire before the minute ends)"));
    rows.add(
        row(
            "window end → webhook notified",
            format(
                "p50 %s, p99 %s (%d alerts)",
                ms(alertNotifiedP50Ms), ms(alertNotifiedP99Ms), alertNotifiedSamples),
            ""));
    rows.add(
        row(
            format("API %s, %d clients", apiQuery, apiClients),
            format(
                "%,.0f req/s, p50 %s, p99 %s (%d points, %,d bytes%s)",
                apiPerSecond,
                ms(apiP50Ms),
                ms(apiP99Ms),
                apiPoints,
                apiAnswerBytes,
                apiFailed > 0 ? ", " + apiFailed + " failed" : ""),
            verdict(apiPerSecond >= 2_000 && apiP99Ms <= 50, "≥ 2,000 req/s, p99 ≤ 50 ms")));
    rows.add(
        row(
            format("peak RSS, live %,.0f events/s", liveRate),
            Double.isNaN(peakRssBytes)
                ? "n/a (no /proc)"
                : format("%.2f GiB", peakRssBytes / (1L << 30)),
            verdict(peakRssBytes <= 1.5 * (1L << 30), "≤ 1.5 GiB")));

    for (SkuCost cost : skuScaling) {
      rows.add(
          row(
              format("%,d SKUs (%,d stock cells)", cost.skus(), cost.stockCells()),
              format(
                  "%,.0f events/s on %,d events, %,d KPI records, state %s, heap %s",
                  cost.pipelinePerSecond(),
                  cost.events(),
                  cost.kpiRecords(),
                  bytes(cost.stateBytes()),
                  bytes(cost.heapBytes())),
              ""));
    }
    if (skuScaling.size() >= 2) {
      SkuCost smallest = skuScaling.get(0);
      SkuCost largest = skuScaling.get(skuScaling.size() - 1);
      SkuCost.Growth growth = largest.growthFrom(smallest);
      rows.add(
          row(
              "each stock cell more",
              format(
                  "state %s, heap %+,.0f bytes, %+,.1f KPI records",
                  Double.isNaN(growth.stateBytes())
                      ? "n/a"
                      : format("%+,.0f bytes", growth.stateBytes()),
                  growth.heapBytes(),
                  growth.kpiRecords()),
              format(
                  "(%,d → %,d SKUs: %.2f× the events/s)",
                  smallest.skus(),
                  largest.skus(),
                  largest.pipelinePerSecond() / smallest.pipelinePerSecond())));
    }

    StringBuilder text =
        new StringBuilder(
            format("opsmon bench: seed %d, %,d simulated events, every KPI job%n", seed, events));
    int[] widths = new int[3];
    for (String[] row : rows) {
      for (int i = 0; i < 3; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    String line = "%-" + widths[0] + "s  %-" + widths[1] + "s  %s%n";
    text.append(format(line, "what", "measured", "target"));
    for (String[] row : rows) {
      text.append(format(line, (Object[]) row));
    }
    return text.toString();
  }

  private static String[] row(String what, String measured, String target) {
    return new String[] {what, measured, target};
  }

  private static String verdict(boolean met, String target) {
    return (met ? "met: " : "not met: ") + target;
  }

  private static String ms(double millis) {
    if (Double.isNaN(millis)) {
      return "n/a";
    }
    return millis >= 1_000 ? format("%.2f s", millis / 1_000) : format("%.0f ms", millis);
  }

  private static String bytes(long bytes) {
    if (bytes < 0) {
      return "n/a";
    }
    return bytes >= 1L << 30
        ? format("%.2f GiB", bytes / (double) (1L << 30))
        : format("%,.1f MiB", bytes / (double) (1L << 20));
  }

  private static String format(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
