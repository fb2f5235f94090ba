package com.opsmon.jobs;

import com.opsmon.jobs.orders.OrderKpiJob;
import java.time.Duration;

/**
 * Every job of the monitor, wired the same way for the standalone launcher, the Flink cluster, the
 * tests and the benchmark: typed event streams in, KPI points, alert signals and dead letters out.
 */
public final class Pipelines {
  private Pipelines() {}

  /** The jobs' settings that are not about Kafka. */
  public record Settings(Duration allowedLateness) {}

  public static Outputs build(Inputs in, Settings settings) {
    return OrderKpiJob.build(in.orders(), settings.allowedLateness());
  }
}
