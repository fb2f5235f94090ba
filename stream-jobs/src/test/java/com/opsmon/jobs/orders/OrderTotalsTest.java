package com.opsmon.jobs.orders;

import static com.opsmon.jobs.TestOrders.created;
import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.kpi.KpiPoints;
import com.opsmon.model.events.EventType;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrderTotalsTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Map<String, String> EU_WEB = Map.of("region", "eu", "channel", "web");

  private static OrderEvent step(EventType type) {
    return new OrderEvent(type, "e", "o", T0, "eu", "web", "ams-1", null, null, null);
  }

  private static Map<String, Double> emitted(OrderTotals totals) {
    List<KpiPoint> points = new ArrayList<>();
    totals.emit(new KpiPoints(T0, MINUTE, EU_WEB, points::add));
    Map<String, Double> byName = new java.util.TreeMap<>();
    points.forEach(p -> byName.put(p.kpi() + p.tags().getOrDefault("currency", ""), p.value()));
    return byName;
  }

  @Test
  void shouldCountOrdersSumRevenueExactlyPerCurrencyAndDeriveTheRates() {
    OrderTotals totals = new OrderTotals();
    totals.add(created(T0, "eu", "0.10", "EUR"));
    totals.add(created(T0, "eu", "0.20", "EUR"));
    totals.add(created(T0, "eu", "5.00", "GBP"));
    totals.add(created(T0, "eu", "1.00", "EUR"));
    totals.add(step(EventType.PAYMENT_AUTHORIZED));
    totals.add(step(EventType.PAYMENT_AUTHORIZED));
    totals.add(step(EventType.PAYMENT_AUTHORIZED));
    totals.add(step(EventType.PAYMENT_FAILED));
    totals.add(step(EventType.ORDER_CANCELLED));
    totals.add(step(EventType.ORDER_DELIVERED));
    totals.add(step(EventType.ORDER_DELIVERED));
    totals.add(step(EventType.ORDER_RETURNED));
    totals.add(step(EventType.ORDER_SHIPPED));

    assertThat(emitted(totals))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "orders", 4.0,
                "revenueEUR", 1.30,
                "revenueGBP", 5.00,
                "avg_order_valueEUR", 0.4333333333333333,
                "avg_order_valueGBP", 5.00,
                "payment_failure_rate", 0.25,
                "cancellation_rate", 0.25,
                "return_rate", 0.5));
  }

  @Test
  void shouldEmitNoRateWithoutADenominatorButAlwaysTheOrderCount() {
    OrderTotals totals = new OrderTotals();
    totals.add(step(EventType.ORDER_SHIPPED));

    assertThat(emitted(totals)).containsExactly(Map.entry("orders", 0.0));
  }

  @Test
  void shouldMergeIntoTheSameTotalsAsOneAccumulatorOfAllEvents() {
    OrderTotals a = new OrderTotals();
    a.add(created(T0, "eu", "2.50", "EUR"));
    a.add(step(EventType.PAYMENT_FAILED));
    OrderTotals b = new OrderTotals();
    b.add(created(T0, "eu", "0.50", "EUR"));
    b.add(step(EventType.PAYMENT_AUTHORIZED));
    OrderTotals merged = new OrderTotals();
    merged.addAll(a);
    merged.addAll(b);

    assertThat(emitted(merged))
        .containsEntry("orders", 2.0)
        .containsEntry("revenueEUR", 3.0)
        .containsEntry("payment_failure_rate", 0.5);
    assertThat(emitted(a)).containsEntry("orders", 1.0).containsEntry("revenueEUR", 2.5);
  }
}
