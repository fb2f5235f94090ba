package com.opsmon.jobs;

import com.opsmon.jobs.care.CareKpiJob;
import com.opsmon.jobs.health.DataHealthJob;
import com.opsmon.jobs.orders.OrderKpiJob;
import com.opsmon.jobs.services.ServiceKpiJob;
import com.opsmon.jobs.storefront.StorefrontKpiJob;
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
    Duration lateness = settings.allowedLateness();
    return OrderKpiJob.build(in.orders(), lateness)
        .and(ServiceKpiJob.build(in.calls(), lateness))
        .and(CareKpiJob.build(in.tickets(), in.orders(), lateness))
        .and(StorefrontKpiJob.build(in.storefront(), in.orders(), lateness))
        .and(DataHealthJob.build(in, lateness));
  }
}
