package com.opsmon.jobs.storefront;

import com.opsmon.jobs.Outputs;
import com.opsmon.jobs.kpi.KpiStreams;
import com.opsmon.jobs.kpi.TagCaps;
import com.opsmon.jobs.sinks.TooLate;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.events.EventType;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.events.StorefrontEvent;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Storefront KPIs per region and channel, with totals over each: {@code sessions}, {@code
 * checkout_starts}, {@code conversion} and {@code checkout_abandonment}. Storefront events and
 * created orders are one stream into one accumulator per series and minute, so both sides of a
 * ratio always come from the same window. Events up to {@code allowedLateness} late correct their
 * window; later ones become {@code too_late} dead letters, counted.
 */
public final class StorefrontKpiJob {
  /** The KPIs this job emits. */
  public static final List<KpiDefinition> KPIS =
      List.of(
          KpiCatalog.SESSIONS,
          KpiCatalog.CHECKOUT_STARTS,
          KpiCatalog.CONVERSION,
          KpiCatalog.CHECKOUT_ABANDONMENT);

  private StorefrontKpiJob() {}

  /** Both streams must carry event-time timestamps and watermarks. */
  public static Outputs build(
      DataStream<StorefrontEvent> storefront,
      DataStream<OrderEvent> orders,
      Duration allowedLateness,
      TagCaps caps) {
    DataStream<ShopperActivity> visits =
        storefront
            .map(ShopperActivity::of)
            .returns(ShopperActivity.class)
            .name("storefront visits")
            .uid("storefront-visits");
    DataStream<ShopperActivity> created =
        orders
            .filter(order -> order.type() == EventType.ORDER_CREATED)
            .name("orders created, for conversion")
            .uid("storefront-orders-created")
            .map(ShopperActivity::of)
            .returns(ShopperActivity.class)
            .name("orders as shopper activity")
            .uid("storefront-orders");

    TypeInformation<StorefrontTotals> type = TypeInformation.of(StorefrontTotals.class);
    KpiStreams.Minutes<ShopperActivity, StorefrontTotals> minutes =
        KpiStreams.minutes(
            visits.union(created),
            ShopperActivity::series,
            new CountShopperActivity(),
            type,
            allowedLateness,
            caps,
            "storefront");
    SingleOutputStreamOperator<KpiPoint> kpis =
        KpiStreams.views(
            minutes.minutes(), KPIS, StorefrontTotals::new, type, allowedLateness, "storefront");
    DataStream<DeadLetter> tooLate =
        minutes
            .tooLate()
            .map(
                new TooLate<ShopperActivity>(
                    "storefront", "storefrontTooLate", allowedLateness, ShopperActivity::event))
            .name("too-late storefront activity as dead letters")
            .uid("storefront-too-late");
    return Outputs.kpisOnly(kpis, tooLate).withPartialsOf(kpis);
  }
}
