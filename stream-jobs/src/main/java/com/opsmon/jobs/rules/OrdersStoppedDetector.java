package com.opsmon.jobs.rules;

import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.alerts.Severity;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Rule {@code orders_stopped}, per region: fires when a region that had orders in one window has
 * none in the next, and resolves when a window with orders arrives. "None" is only decided once
 * event time has passed the end of the next window, which is when that window would have fired.
 * When event time jumps over a silence in one step (a backlog or a replay closes many windows at
 * once), the gap between two windows with orders is reported as a silence that has already ended.
 */
public final class OrdersStoppedDetector
    extends KeyedProcessFunction<String, KpiPoint, AlertSignal> {
  public static final String RULE = "orders_stopped";
  public static final String RUNBOOK = "docs/runbooks/orders_stopped.md";

  private final long windowMs;
  private transient ValueState<Long> lastWindowWithOrders;
  private transient ValueState<Long> firingSince;

  public OrdersStoppedDetector(Duration window) {
    this.windowMs = window.toMillis();
  }

  /** The points this rule reads: each region's orders per minute, all channels together. */
  public static boolean watches(KpiPoint point) {
    return point.kpi().equals(KpiCatalog.ORDERS.name())
        && point.window().equals(KpiCatalog.MINUTE)
        && KpiDefinition.ALL.equals(point.tags().get(KpiCatalog.CHANNEL))
        && !KpiDefinition.ALL.equals(point.tags().get(KpiCatalog.REGION));
  }

  @Override
  public void open(OpenContext openContext) {
    lastWindowWithOrders =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("last-window-with-orders", Long.class));
    firingSince =
        getRuntimeContext().getState(new ValueStateDescriptor<>("firing-since", Long.class));
  }

  @Override
  public void processElement(KpiPoint point, Context ctx, Collector<AlertSignal> out)
      throws Exception {
    if (!watches(point) || point.value() <= 0) {
      return;
    }
    long window = point.windowStart().toEpochMilli();
    Long firing = firingSince.value();
    if (firing != null && window >= firing) {
      out.collect(signal(ctx.getCurrentKey(), AlertStatus.RESOLVED, firing, window, point.value()));
      firingSince.clear();
    }
    Long last = lastWindowWithOrders.value();
    if (firing == null && last != null && window > last + windowMs) {
      long silentFrom = last + windowMs;
      out.collect(signal(ctx.getCurrentKey(), AlertStatus.FIRING, silentFrom, null, 0.0));
      out.collect(
          signal(ctx.getCurrentKey(), AlertStatus.RESOLVED, silentFrom, window, point.value()));
    }
    if (last == null || window > last) {
      if (last != null) {
        ctx.timerService().deleteEventTimeTimer(endOfNextWindow(last));
      }
      lastWindowWithOrders.update(window);
      ctx.timerService().registerEventTimeTimer(endOfNextWindow(window));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertSignal> out)
      throws Exception {
    long nextWindow = timestamp + 1 - windowMs;
    Long last = lastWindowWithOrders.value();
    if (last != null && last < nextWindow && firingSince.value() == null) {
      firingSince.update(nextWindow);
      out.collect(signal(ctx.getCurrentKey(), AlertStatus.FIRING, nextWindow, null, 0.0));
    }
  }

  /** The last millisecond of the window after {@code windowStart}: when its result is due. */
  private long endOfNextWindow(long windowStart) {
    return windowStart + 2 * windowMs - 1;
  }

  private AlertSignal signal(
      String region, AlertStatus status, long since, Long until, double value) {
    Instant startsAt = Instant.ofEpochMilli(since);
    Duration window = Duration.ofMillis(windowMs);
    String summary =
        status == AlertStatus.FIRING
            ? "No orders from region " + region + " since " + startsAt
            : "Orders from region "
                + region
                + " are back ("
                + (long) value
                + " in the window starting "
                + Instant.ofEpochMilli(until)
                + ")";
    return new AlertSignal(
        RULE,
        Map.of("region", region),
        status,
        Severity.CRITICAL,
        summary,
        value,
        "> 0 orders per " + window,
        startsAt,
        until == null ? null : Instant.ofEpochMilli(until),
        RUNBOOK);
  }
}
