package com.opsmon.jobs.orders;

import static com.opsmon.jobs.TestOrders.created;
import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.FiniteRun;
import com.opsmon.jobs.Pipelines;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The order KPIs over finite input on a MiniCluster: minutes, views and totals agree. */
class OrderKpisIT {
  /** The day before yesterday at 10:00 UTC, placed relative to the clock, never a fixed date. */
  private static final Instant T0 =
      Instant.now()
          .truncatedTo(ChronoUnit.DAYS)
          .minus(Duration.ofDays(2))
          .plus(Duration.ofHours(10));

  @Test
  void shouldAgreeAcrossMinutesViewsAndTotals() throws Exception {
    List<com.opsmon.model.events.OrderEvent> orders =
        List.of(
            created(T0.plusSeconds(5), "eu", "10.00", "EUR"),
            created(T0.plusSeconds(65), "eu", "5.00", "EUR"),
            created(T0.plusSeconds(70), "us", "3.00", "USD"),
            created(T0.plusSeconds(310), "eu", "1.00", "EUR"));

    List<KpiPoint> points =
        FiniteRun.run(orders, Duration.ofSeconds(5), new Pipelines.Settings(Duration.ofHours(1)))
            .kpis();

    assertThat(value(points, "orders", Duration.ofMinutes(1), T0, "eu", "web")).isEqualTo(1);
    assertThat(value(points, "orders", Duration.ofMinutes(5), T0, "eu", "all")).isEqualTo(2);
    assertThat(value(points, "orders", Duration.ofMinutes(5), T0, "all", "all")).isEqualTo(3);
    assertThat(value(points, "orders", Duration.ofHours(1), T0, "all", "all")).isEqualTo(4);
    assertThat(
            points.stream()
                .filter(
                    p ->
                        p.kpi().equals("revenue")
                            && p.window().equals(Duration.ofHours(1))
                            && p.tags().get("region").equals("all")
                            && p.tags().get("channel").equals("all"))
                .map(p -> p.tags().get("currency") + "=" + p.value())
                .sorted()
                .toList())
        .containsExactly("EUR=16.0", "USD=3.0");
  }

  @Test
  void shouldFoldRegionsBeyondTheirCapIntoOtherAndStillCountEveryOrder() throws Exception {
    List<com.opsmon.model.events.OrderEvent> orders = new java.util.ArrayList<>();
    for (int i = 0; i < 250; i++) {
      orders.add(created(T0.plusSeconds(i % 60), "region-" + i, "1.00", "EUR"));
    }

    List<KpiPoint> points =
        FiniteRun.run(
                orders,
                Duration.ofSeconds(5),
                new Pipelines.Settings(
                    Duration.ofHours(1), com.opsmon.jobs.kpi.TagCaps.DEFAULTS.with("region=100")))
            .kpis();

    List<String> regions =
        points.stream()
            .filter(p -> p.kpi().equals("orders") && p.window().equals(Duration.ofMinutes(1)))
            .map(p -> p.tags().get("region"))
            .distinct()
            .toList();
    assertThat(regions).hasSize(102).contains("other", "all");
    assertThat(value(points, "orders", Duration.ofMinutes(1), T0, "other", "all")).isEqualTo(150);
    assertThat(value(points, "orders", Duration.ofMinutes(1), T0, "all", "all")).isEqualTo(250);
  }

  private static double value(
      List<KpiPoint> points,
      String kpi,
      Duration window,
      Instant start,
      String region,
      String channel) {
    return points.stream()
        .filter(
            p ->
                p.kpi().equals(kpi)
                    && p.window().equals(window)
                    && p.windowStart().equals(start)
                    && p.tags().equals(Map.of("region", region, "channel", channel)))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no " + kpi + " point for " + region + "/" + channel))
        .value();
  }
}
