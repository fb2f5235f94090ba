package com.opsmon.jobs.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.opsmon.jobs.FiniteRun;
import com.opsmon.jobs.JobSignalRules;
import com.opsmon.jobs.Pipelines;
import com.opsmon.jobs.inventory.InventorySettings;
import com.opsmon.jobs.kpi.Sketch;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.events.EventType;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A small hand-made day of orders through every job on a MiniCluster: shipments, cycle times, the
 * backlog, the orders awaiting shipment and an SLA breach come out exactly, a shipment reported
 * late corrects its minute, and one reported too late is dead-lettered.
 */
class FulfilmentKpisIT {
  /** The day before yesterday, placed relative to the clock, never a fixed date. */
  private static final Instant DAY =
      Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration SLA = Duration.ofHours(2);

  private static FiniteRun.Result run;

  private static Instant at(String hhmmss) {
    return DAY.plus(Duration.parse("PT" + hhmmss.replaceFirst(":", "H").replace(":", "M") + "S"));
  }

  private static OrderEvent order(
      String hhmmss, EventType type, String order, String warehouse, String region) {
    return new OrderEvent(
        type,
        "e-" + order + "-" + type.wireName(),
        order,
        at(hhmmss),
        region,
        "web",
        warehouse,
        null,
        null,
        null);
  }

  private static OrderEvent ams(String hhmmss, EventType type, String order) {
    return order(hhmmss, type, order, "ams-1", "eu");
  }

  @BeforeAll
  static void runTheDay() throws Exception {
    List<OrderEvent> events =
        List.of(
            ams("10:00:00", EventType.ORDER_CREATED, "o-1"),
            ams("10:00:30", EventType.ORDER_CREATED, "o-2"),
            order("10:01:00", EventType.ORDER_CREATED, "o-3", "fra-1", "eu"),
            ams("10:01:10", EventType.ORDER_CREATED, "o-4"),
            ams("10:02:00", EventType.ORDER_CANCELLED, "o-4"),
            ams("10:20:00", EventType.ORDER_PICKED, "o-1"),
            ams("10:30:00", EventType.ORDER_SHIPPED, "o-1"),
            order("10:45:10", EventType.ORDER_SHIPPED, "o-3", "fra-1", "eu"),
            order("11:00:00", EventType.ORDER_CREATED, "o-5", "nyc-1", "us"),
            ams("11:00:10", EventType.ORDER_PICKED, "o-2"),
            // event time passes o-2's due time, 12:00:30, unshipped
            ams("12:05:00", EventType.ORDER_CREATED, "o-8"),
            ams("12:10:00", EventType.ORDER_CREATED, "o-6"),
            ams("12:12:00", EventType.ORDER_PICKED, "o-6"),
            ams("12:15:20", EventType.ORDER_SHIPPED, "o-6"),
            ams("12:20:00", EventType.ORDER_SHIPPED, "o-2"),
            ams("12:40:00", EventType.ORDER_CREATED, "o-7"),
            ams("12:45:00", EventType.ORDER_PICKED, "o-7"),
            // 24 minutes late, within the hour's lateness: the 12:15 minute is corrected
            ams("12:15:40", EventType.ORDER_SHIPPED, "o-8"),
            order("12:59:00", EventType.ORDER_SHIPPED, "o-5", "nyc-1", "us"),
            order("13:20:00", EventType.ORDER_CREATED, "o-9", "fra-1", "eu"),
            // more than the lateness behind: a dead letter
            ams("12:00:00", EventType.ORDER_SHIPPED, "o-10"));
    Pipelines.Settings settings =
        new Pipelines.Settings(
            HOUR,
            new FulfilmentSettings(SLA, Map.of(), Duration.ofDays(7)),
            InventorySettings.defaults());
    run =
        FiniteRun.run(
            events,
            JobSignalRules.ONLY,
            Duration.ofSeconds(5),
            settings,
            true,
            FiniteRun.EventTime.EVERY_EVENT);
  }

  /** Every value of one point, in the order emitted (a corrected point comes out again). */
  private static List<Double> values(
      String kpi, Duration window, String start, Map<String, String> tags) {
    List<Double> values = new ArrayList<>();
    for (KpiPoint p : run.kpis()) {
      if (p.kpi().equals(kpi)
          && p.window().equals(window)
          && p.windowStart().equals(at(start))
          && p.tags().equals(tags)) {
        values.add(p.value());
      }
    }
    return values;
  }

  /** The last value of one point: what the store keeps. */
  private static double value(String kpi, Duration window, String start, Map<String, String> tags) {
    List<Double> values = values(kpi, window, start, tags);
    assertThat(values).as(kpi + " " + window + " " + start + " " + tags).isNotEmpty();
    return values.get(values.size() - 1);
  }

  private static Map<String, String> where(String warehouse, String region) {
    return Map.of("warehouse", warehouse, "region", region);
  }

  private static Map<String, String> cycle(
      String warehouse, String region, String stage, String quantile) {
    return Map.of("warehouse", warehouse, "region", region, "stage", stage, "quantile", quantile);
  }

  private static double quantile(double q, long... seconds) {
    Sketch sketch = new Sketch();
    for (long s : seconds) {
      sketch.record(s);
    }
    return sketch.quantile(q);
  }

  @Test
  void shouldEmitExactlyItsCatalogKpisWithTheirTags() {
    List<KpiPoint> fulfilment =
        run.kpis().stream()
            .filter(p -> FulfilmentJob.KPIS.stream().anyMatch(k -> k.name().equals(p.kpi())))
            .toList();

    assertThat(fulfilment.stream().map(KpiPoint::kpi).distinct())
        .containsExactlyInAnyOrderElementsOf(
            FulfilmentJob.KPIS.stream().map(KpiDefinition::name).toList());
    assertThat(fulfilment)
        .allSatisfy(
            p ->
                assertThat(p.tags().keySet())
                    .as(p.kpi())
                    .containsExactlyInAnyOrderElementsOf(
                        KpiCatalog.find(p.kpi()).orElseThrow().tags()));
  }

  @Test
  void shouldCountShipmentsPerWarehouseAndInTotal() {
    assertThat(value("shipments", MINUTE, "10:30:00", where("ams-1", "eu"))).isEqualTo(1);
    assertThat(value("shipments", HOUR, "10:00:00", where("all", "all"))).isEqualTo(2);
    assertThat(value("shipments", HOUR, "12:00:00", where("ams-1", "eu"))).isEqualTo(3);
    assertThat(value("shipments", HOUR, "12:00:00", where("all", "all"))).isEqualTo(4);
    assertThat(value("shipments", HOUR, "12:00:00", where("nyc-1", "all"))).isEqualTo(1);
  }

  @Test
  void shouldCorrectAMinuteWhenAShipmentIsReportedLateWithinTheLateness() {
    assertThat(values("shipments", MINUTE, "12:15:00", where("ams-1", "eu")))
        .containsExactly(1.0, 2.0);
  }

  @Test
  void shouldGiveCycleTimeQuantilesOfTheOrdersThatShippedInTheWindow() {
    assertThat(value("order_cycle_time", HOUR, "12:00:00", cycle("ams-1", "all", "shipped", "p50")))
        .isEqualTo(quantile(0.5, 320, 8370, 640));
    assertThat(value("order_cycle_time", HOUR, "10:00:00", cycle("all", "all", "shipped", "p99")))
        .isEqualTo(quantile(0.99, 1800, 2650));
    assertThat(value("order_cycle_time", HOUR, "12:00:00", cycle("nyc-1", "us", "shipped", "p90")))
        .isEqualTo(quantile(0.9, 7140));
    assertThat(run.kpis())
        .noneMatch(
            p -> p.kpi().equals("order_cycle_time") && "delivered".equals(p.tags().get("stage")));
  }

  @Test
  void shouldCountTheBreachInTheMinuteTheSlaExpired() {
    assertThat(value("sla_breaches", MINUTE, "12:00:00", where("ams-1", "eu"))).isEqualTo(1);
    assertThat(value("sla_breaches", HOUR, "12:00:00", where("all", "all"))).isEqualTo(1);
    assertThat(value("sla_breaches", HOUR, "10:00:00", where("all", "all"))).isZero();
  }

  @Test
  void shouldReadTheBacklogAtTheEndOfEachMinute() {
    assertThat(value("open_orders", MINUTE, "10:00:00", where("ams-1", "eu"))).isEqualTo(2);
    assertThat(value("open_orders", MINUTE, "10:01:00", where("ams-1", "eu"))).isEqualTo(3);
    assertThat(value("open_orders", MINUTE, "10:02:00", where("ams-1", "eu"))).isEqualTo(2);
    assertThat(value("open_orders", MINUTE, "10:30:00", where("ams-1", "eu"))).isEqualTo(1);
    assertThat(value("open_orders", MINUTE, "11:00:00", where("all", "all"))).isEqualTo(2);
    assertThat(value("open_orders", MINUTE, "12:10:00", where("ams-1", "eu"))).isEqualTo(3);
    assertThat(values("open_orders", MINUTE, "12:15:00", where("ams-1", "eu")))
        .containsExactly(2.0, 1.0);
    assertThat(value("open_orders", MINUTE, "12:20:00", where("ams-1", "eu"))).isZero();
    assertThat(value("open_orders", MINUTE, "12:40:00", where("all", "all"))).isEqualTo(2);
    assertThat(value("open_orders", MINUTE, "12:40:00", where("all", "eu"))).isEqualTo(1);
  }

  @Test
  void shouldReadTheOrdersAwaitingShipmentFromTheirPickToTheirShipment() {
    assertThat(values("awaiting_shipment", MINUTE, "10:19:00", where("ams-1", "eu"))).isEmpty();
    assertThat(value("awaiting_shipment", MINUTE, "10:20:00", where("ams-1", "eu"))).isEqualTo(1);
    assertThat(value("awaiting_shipment", MINUTE, "10:30:00", where("ams-1", "eu"))).isZero();
    assertThat(value("awaiting_shipment", MINUTE, "11:00:00", where("ams-1", "eu"))).isEqualTo(1);
    assertThat(value("awaiting_shipment", MINUTE, "12:12:00", where("ams-1", "eu"))).isEqualTo(2);
    assertThat(value("awaiting_shipment", MINUTE, "12:15:00", where("all", "all"))).isEqualTo(1);
    assertThat(value("awaiting_shipment", MINUTE, "12:20:00", where("ams-1", "eu"))).isZero();
    // o-7 is still waiting when the day's events end, short of the dispatch horizon
    assertThat(value("awaiting_shipment", MINUTE, "13:00:00", where("ams-1", "all"))).isEqualTo(1);
  }

  @Test
  void shouldAlertOnTheOrderThatMissedItsSlaAndResolveWhenItShipped() {
    List<AlertSignal> breaches =
        run.alerts().stream().filter(a -> a.rule().equals("order_sla_breach")).toList();

    Map<String, String> o2 = Map.of("warehouse", "ams-1", "region", "eu", "order", "o-2");
    assertThat(breaches)
        .extracting(
            AlertSignal::status, AlertSignal::labels, AlertSignal::startsAt, AlertSignal::endsAt)
        .containsExactly(
            tuple(AlertStatus.FIRING, o2, at("12:00:30"), null),
            tuple(AlertStatus.RESOLVED, o2, at("12:00:30"), at("12:20:00")));
  }

  @Test
  void shouldDeadLetterAShipmentReportedBeyondTheLateness() {
    List<DeadLetter> fulfilment =
        run.deadLetters().stream().filter(d -> d.detail().contains("fulfilment KPIs")).toList();

    assertThat(fulfilment).hasSize(1);
    assertThat(fulfilment.get(0).reason()).isEqualTo(DeadLetterReason.TOO_LATE);
    assertThat(fulfilment.get(0).payload()).contains("o-10");
  }
}
