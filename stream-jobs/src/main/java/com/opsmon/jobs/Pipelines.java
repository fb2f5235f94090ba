package com.opsmon.jobs;

import com.opsmon.jobs.fulfilment.FulfilmentJob;
import com.opsmon.jobs.fulfilment.FulfilmentSettings;
import com.opsmon.jobs.inventory.InventoryJob;
import com.opsmon.jobs.inventory.InventorySettings;
import com.opsmon.jobs.orders.OrderKpiJob;
import java.time.Duration;

/**
 * Every job of the monitor, wired the same way for the standalone launcher, the Flink cluster, the
 * tests and the benchmark: typed event streams in, KPI points, alert signals and dead letters out.
 */
public final class Pipelines {
  private Pipelines() {}

  /** The jobs' settings that are not about Kafka. */
  public record Settings(
      Duration allowedLateness, FulfilmentSettings fulfilment, InventorySettings inventory) {
    /** The defaults of every job but the lateness. */
    public Settings(Duration allowedLateness) {
      this(allowedLateness, FulfilmentSettings.defaults(), InventorySettings.defaults());
    }
  }

  public static Outputs build(Inputs in, Settings settings) {
    return OrderKpiJob.build(in.orders(), settings.allowedLateness())
        .and(FulfilmentJob.build(in.orders(), settings.allowedLateness(), settings.fulfilment()))
        .and(InventoryJob.build(in.inventory(), settings.allowedLateness(), settings.inventory()));
  }
}
