package com.opsmon.jobs.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.fulfilment.FulfilmentFact.Kind;
import com.opsmon.jobs.kpi.KpiPoints;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FulfilmentTotalsTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);
  private static final String AMS = "region=eu,warehouse=ams-1";
  private static final Map<String, String> AMS_TAGS = Map.of("warehouse", "ams-1", "region", "eu");

  private static FulfilmentFact fact(Kind kind, long value) {
    return new FulfilmentFact(AMS, kind, value);
  }

  /** KPI name, then stage and quantile where it has them. */
  private static Map<String, Double> emitted(KpiAccumulatorUnderTest totals, Duration window) {
    List<KpiPoint> points = new ArrayList<>();
    totals.emit(new KpiPoints(T0, window, AMS_TAGS, points::add));
    Map<String, Double> byName = new TreeMap<>();
    for (KpiPoint p : points) {
      String stage = p.tags().containsKey("stage") ? "/" + p.tags().get("stage") : "";
      String quantile = p.tags().containsKey("quantile") ? "/" + p.tags().get("quantile") : "";
      byName.put(p.kpi() + stage + quantile, p.value());
    }
    return byName;
  }

  private interface KpiAccumulatorUnderTest {
    void emit(KpiPoints out);
  }

  /** Quantiles are the sketch's: the highest value of the 1%-wide bucket the quantile falls in. */
  @Test
  void shouldCountShipmentsAndBreachesAndGiveTheCycleTimeQuantilesOfEachStage() {
    FulfilmentTotals totals = new FulfilmentTotals();
    for (long s = 1; s <= 100; s++) {
      totals.add(fact(Kind.SHIPPED, 3600 * s));
    }
    totals.add(fact(Kind.DELIVERED, 86_400));
    totals.add(fact(Kind.SLA_BREACH, 1));
    totals.add(fact(Kind.SLA_BREACH, 1));

    assertThat(emitted(totals::emit, HOUR))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "shipments", 100.0,
                "sla_breaches", 2.0,
                "order_cycle_time/shipped/p50", 180_223.0,
                "order_cycle_time/shipped/p90", 325_631.0,
                "order_cycle_time/shipped/p99", 358_399.0,
                "order_cycle_time/delivered/p50", 86_527.0,
                "order_cycle_time/delivered/p90", 86_527.0,
                "order_cycle_time/delivered/p99", 86_527.0));
  }

  @Test
  void shouldGiveQuantilesWithinOnePercentOfTheExactOnes() {
    FulfilmentTotals totals = new FulfilmentTotals();
    for (long s = 1; s <= 100; s++) {
      totals.add(fact(Kind.SHIPPED, 3600 * s));
    }
    Map<String, Double> points = emitted(totals::emit, HOUR);

    assertThat(points.get("order_cycle_time/shipped/p50")).isCloseTo(50 * 3600, within(0.01));
    assertThat(points.get("order_cycle_time/shipped/p90")).isCloseTo(90 * 3600, within(0.01));
    assertThat(points.get("order_cycle_time/shipped/p99")).isCloseTo(99 * 3600, within(0.01));
  }

  private static org.assertj.core.data.Percentage within(double share) {
    return org.assertj.core.data.Percentage.withPercentage(100 * share);
  }

  @Test
  void shouldEmitNoCycleTimeForAStageNoOrderReachedButAlwaysTheCounts() {
    assertThat(emitted(new FulfilmentTotals()::emit, HOUR))
        .containsExactlyInAnyOrderEntriesOf(Map.of("shipments", 0.0, "sla_breaches", 0.0));
  }

  @Test
  void shouldCancelABreachWithItsWithdrawal() {
    FulfilmentTotals totals = new FulfilmentTotals();
    totals.add(fact(Kind.SLA_BREACH, 1));
    totals.add(fact(Kind.SLA_BREACH, 1));
    totals.add(fact(Kind.SLA_BREACH, -1));

    assertThat(emitted(totals::emit, HOUR)).containsEntry("sla_breaches", 1.0);
  }

  @Test
  void shouldMergeIntoTheSameTotalsAsOneAccumulatorOfAllFacts() {
    FulfilmentTotals a = new FulfilmentTotals();
    a.add(fact(Kind.SHIPPED, 60));
    a.add(fact(Kind.SLA_BREACH, 1));
    FulfilmentTotals b = new FulfilmentTotals();
    b.add(fact(Kind.SHIPPED, 120));
    b.add(fact(Kind.DELIVERED, 7200));
    FulfilmentTotals all = new FulfilmentTotals();
    for (FulfilmentFact f :
        List.of(
            fact(Kind.SHIPPED, 60),
            fact(Kind.SLA_BREACH, 1),
            fact(Kind.SHIPPED, 120),
            fact(Kind.DELIVERED, 7200))) {
      all.add(f);
    }
    FulfilmentTotals merged = new FulfilmentTotals();
    merged.addAll(a);
    merged.addAll(b);

    assertThat(emitted(merged::emit, HOUR)).isEqualTo(emitted(all::emit, HOUR));
    assertThat(emitted(a::emit, HOUR)).containsEntry("shipments", 1.0);
  }

  @Test
  void shouldAddTheBacklogsOfSeriesIntoTheirTotal() {
    OpenOrders total = new OpenOrders();
    total.addAll(new OpenOrders(230));
    total.addAll(new OpenOrders(12));

    assertThat(emitted(total::emit, Duration.ofMinutes(1)))
        .containsExactly(Map.entry("open_orders", 242.0));
    assertThat(emitted(total::emit, HOUR)).isEmpty();
  }
}
