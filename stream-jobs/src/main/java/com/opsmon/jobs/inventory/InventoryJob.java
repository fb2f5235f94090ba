package com.opsmon.jobs.inventory;

import com.opsmon.jobs.Outputs;
import com.opsmon.jobs.kpi.KpiStreams;
import com.opsmon.jobs.kpi.Minute;
import com.opsmon.jobs.kpi.TagCaps;
import com.opsmon.jobs.sinks.TooLate;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.events.InventoryEvent;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Inventory KPIs per SKU and warehouse, with the warehouse total over SKUs ({@code sku=all}): the
 * {@code on_hand} and {@code low_stock} gauges each minute, {@code stock_outs}, and the hourly and
 * daily {@code days_of_cover}, {@code inventory_turnover} and {@code sell_through}; and rule {@code
 * stock_out}, one alert per SKU and warehouse. Events up to {@code allowedLateness} late correct
 * their minutes; later ones become {@code too_late} dead letters.
 *
 * <p>Stock is followed per SKU and warehouse only within the tag caps: SKUs (or warehouses) beyond
 * them share one cell, {@code other}, so a flood of new SKUs cannot grow the state without bound.
 * That cell mixes the snapshots and changes of every folded SKU, so its level is approximate and it
 * never signals a stock-out.
 */
public final class InventoryJob {
  /** The KPIs this job emits. */
  public static final List<KpiDefinition> KPIS =
      List.of(
          KpiCatalog.ON_HAND,
          KpiCatalog.STOCK_OUTS,
          KpiCatalog.LOW_STOCK,
          KpiCatalog.DAYS_OF_COVER,
          KpiCatalog.INVENTORY_TURNOVER,
          KpiCatalog.SELL_THROUGH);

  private InventoryJob() {}

  /** {@code inventory} must carry event-time timestamps and watermarks. */
  public static Outputs build(
      DataStream<InventoryEvent> inventory,
      Duration allowedLateness,
      TagCaps caps,
      InventorySettings settings) {
    TypeInformation<StockMinute> type = TypeInformation.of(StockMinute.class);
    SingleOutputStreamOperator<Minute<StockMinute>> minutes =
        KpiStreams.capBeforeKeying(
                inventory, TrackStock::series, TrackStock::withSeries, caps, "inventory")
            .keyBy(TrackStock::series)
            .process(new TrackStock(allowedLateness, settings))
            .returns(KpiStreams.minuteType(type))
            .name("stock per minute")
            .uid("inventory-minutes");
    DataStream<KpiPoint> kpis =
        KpiStreams.views(
            KpiStreams.capped(minutes, type, caps, "inventory"),
            KPIS,
            StockMinute::new,
            type,
            allowedLateness,
            "inventory");

    DataStream<AlertSignal> alerts = minutes.getSideOutput(TrackStock.ALERTS);

    DataStream<DeadLetter> tooLate =
        minutes
            .getSideOutput(TrackStock.TOO_LATE)
            .map(new TooLate<InventoryEvent>("inventory", "inventoryTooLate", allowedLateness))
            .name("too-late stock events as dead letters")
            .uid("inventory-too-late");

    return Outputs.of(kpis, alerts, tooLate);
  }
}
