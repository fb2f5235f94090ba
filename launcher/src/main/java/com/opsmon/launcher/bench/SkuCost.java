package com.opsmon.launcher.bench;

/**
 * The monitor's cost for one catalogue size, as {@link SkuScaling} measures it.
 *
 * @param stockCells distinct (SKU, warehouse) pairs in the events: the inventory job's keys
 * @param events events the pipeline read
 * @param pipelinePerSecond the pipeline's rate on them, raw topic to store
 * @param kpiRecords records the jobs wrote to the kpis topic (its offsets, commit markers included)
 * @param stateBytes the stream jobs' state in the first checkpoint begun after the pipeline caught
 *     up, as Flink reports it; -1 if none completed in time
 * @param heapBytes the process's heap in use after a full collection, the monitor running
 */
public record SkuCost(
    int skus,
    long stockCells,
    long events,
    double pipelinePerSecond,
    long kpiRecords,
    long stateBytes,
    long heapBytes) {

  /** What each stock cell more costs, from {@code smaller} to this larger catalogue. */
  public Growth growthFrom(SkuCost smaller) {
    double cells = stockCells - smaller.stockCells;
    return new Growth(
        stateBytes < 0 || smaller.stateBytes < 0
            ? Double.NaN
            : (stateBytes - smaller.stateBytes) / cells,
        (heapBytes - smaller.heapBytes) / cells,
        (kpiRecords - smaller.kpiRecords) / cells);
  }

  /** Per stock cell added: state (NaN if not measured) and heap bytes, KPI records written. */
  public record Growth(double stateBytes, double heapBytes, double kpiRecords) {}
}
