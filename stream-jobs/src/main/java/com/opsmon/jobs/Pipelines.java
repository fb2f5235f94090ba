package com.opsmon.jobs;

import com.opsmon.jobs.care.CareKpiJob;
import com.opsmon.jobs.fulfilment.FulfilmentJob;
import com.opsmon.jobs.fulfilment.FulfilmentSettings;
import com.opsmon.jobs.health.DataHealthJob;
import com.opsmon.jobs.inventory.InventoryJob;
import com.opsmon.jobs.inventory.InventorySettings;
import com.opsmon.jobs.kpi.TagCaps;
import com.opsmon.jobs.orders.OrderKpiJob;
import com.opsmon.jobs.rules.RulesJob;
import com.opsmon.jobs.services.ServiceKpiJob;
import com.opsmon.jobs.storefront.StorefrontKpiJob;
import com.opsmon.model.alerts.AlertSignal;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Every job of the monitor, wired the same way for the standalone launcher, the Flink cluster, the
 * tests and the benchmark: typed event streams and the rules in, KPI points, alert signals and dead
 * letters out. The KPI jobs compute; the rules decide what is an alert.
 */
public final class Pipelines {
  private Pipelines() {}

  /**
   * The jobs' settings that are not about Kafka.
   *
   * @param tagCaps distinct values each tag may take before folding into {@code other}
   */
  public record Settings(
      Duration allowedLateness,
      TagCaps tagCaps,
      FulfilmentSettings fulfilment,
      InventorySettings inventory) {
    /** The defaults of every job but the lateness. */
    public Settings(Duration allowedLateness) {
      this(allowedLateness, TagCaps.DEFAULTS);
    }

    public Settings(Duration allowedLateness, TagCaps tagCaps) {
      this(allowedLateness, tagCaps, FulfilmentSettings.defaults(), InventorySettings.defaults());
    }

    public Settings(
        Duration allowedLateness, FulfilmentSettings fulfilment, InventorySettings inventory) {
      this(allowedLateness, TagCaps.DEFAULTS, fulfilment, inventory);
    }
  }

  public static Outputs build(Inputs in, Settings settings) {
    Duration lateness = settings.allowedLateness();
    TagCaps caps = settings.tagCaps();
    Outputs jobs =
        OrderKpiJob.build(in.orders(), lateness, caps)
            .and(ServiceKpiJob.build(in.calls(), lateness, caps))
            .and(CareKpiJob.build(in.tickets(), in.orders(), lateness, caps))
            .and(StorefrontKpiJob.build(in.storefront(), in.orders(), lateness, caps))
            .and(FulfilmentJob.build(in.orders(), lateness, caps, settings.fulfilment()))
            .and(InventoryJob.build(in.inventory(), lateness, caps, settings.inventory()))
            .and(DataHealthJob.build(in, lateness, caps, System::currentTimeMillis));
    return jobs.withAlerts(
        RulesJob.build(
            jobs.allKpis(),
            jobs.alerts().isEmpty()
                ? Optional.<DataStream<AlertSignal>>empty()
                : Optional.of(jobs.allAlerts()),
            in.rules()));
  }
}
