package com.opsmon.jobs.orders;

import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns one region's window totals into KPI points: {@code orders{region}} and {@code
 * revenue{region,currency}}, stamped with the window start. A late event re-fires the window and
 * the points are emitted again with the corrected totals, replacing the earlier ones downstream.
 */
public final class EmitOrderKpis
    extends ProcessWindowFunction<OrderTotals, KpiPoint, String, TimeWindow> {
  public static final String ORDERS = KpiCatalog.ORDERS.name();
  public static final String REVENUE = KpiCatalog.REVENUE.name();

  @Override
  public void process(
      String region, Context context, Iterable<OrderTotals> totals, Collector<KpiPoint> out) {
    OrderTotals t = totals.iterator().next();
    Instant start = Instant.ofEpochMilli(context.window().getStart());
    Duration size = Duration.ofMillis(context.window().getEnd() - context.window().getStart());
    out.collect(new KpiPoint(ORDERS, start, size, Map.of("region", region), t.orders));
    new TreeMap<>(t.revenueByCurrency)
        .forEach(
            (currency, amount) ->
                out.collect(
                    new KpiPoint(
                        REVENUE,
                        start,
                        size,
                        Map.of("region", region, "currency", currency),
                        amount.doubleValue())));
  }
}
