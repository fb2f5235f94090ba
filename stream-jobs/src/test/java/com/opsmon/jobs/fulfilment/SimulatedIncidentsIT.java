package com.opsmon.jobs.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.opsmon.ingest.simulator.Incident;
import com.opsmon.ingest.simulator.RetailSimulator;
import com.opsmon.ingest.simulator.SimulationSettings;
import com.opsmon.jobs.FiniteRun;
import com.opsmon.jobs.JobSignalRules;
import com.opsmon.jobs.Pipelines;
import com.opsmon.jobs.SimulatedDays;
import com.opsmon.jobs.inventory.InventorySettings;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.events.Event;
import com.opsmon.model.events.EventType;
import com.opsmon.model.events.InventoryEvent;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.json.Json;
import com.opsmon.model.kpi.KpiPoint;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator's {@code warehouse_stall} and {@code stockout} incidents move the fulfilment and
 * inventory KPIs the way their ground truth says, against the same simulated day without them: a
 * stalled nyc-1 ships nothing, its orders breach their SLA and, once it catches up, take far
 * longer; the best-seller written off in ams-1 is counted and alerted as a stock-out.
 *
 * <p>nyc-1 is held to a 6-hour SLA here (its night shift already takes up to 9 hours, so a normal
 * day breaches a few), the other warehouses to the default day. Only ams-1's stock is followed: the
 * stock-out is there, and the other warehouses' per-minute gauges would only make the run longer.
 */
class SimulatedIncidentsIT {
  private static final Instant DAY = SimulatedDays.aWeekOrMoreAgo(DayOfWeek.WEDNESDAY);
  private static final long SEED = 7;
  private static final double EVENTS_PER_SECOND = 4;
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration NYC_SLA = Duration.ofHours(6);

  /** 09:00 to 15:00 in New York. */
  private static final Incident STALL =
      new Incident(
          "warehouse_stall",
          DAY.plus(Duration.ofHours(14)),
          Duration.ofHours(6),
          Map.of("warehouse", "nyc-1"),
          1);

  private static final Incident STOCKOUT =
      new Incident(
          "stockout",
          DAY.plus(Duration.ofHours(3)),
          Duration.ofHours(3),
          Map.of("sku", "sku-1001", "warehouse", "ams-1"),
          1);

  private static FiniteRun.Result normal;
  private static FiniteRun.Result disturbed;

  @BeforeAll
  static void simulateBothDays() throws Exception {
    normal = run(List.of());
    disturbed = run(List.of(STALL, STOCKOUT));
  }

  private static FiniteRun.Result run(List<Incident> incidents) throws Exception {
    List<Event> events = new ArrayList<>();
    new RetailSimulator(new SimulationSettings(SEED, DAY, EVENTS_PER_SECOND, incidents))
        .advanceTo(
            DAY.plus(Duration.ofDays(1)),
            simulated -> {
              Event event = fulfilmentOrStock(simulated.json());
              if (event != null) {
                events.add(event);
              }
            });
    Pipelines.Settings settings =
        new Pipelines.Settings(
            HOUR,
            FulfilmentSettings.defaults().withSla("nyc-1", NYC_SLA),
            InventorySettings.defaults());
    return FiniteRun.run(
        events,
        JobSignalRules.ONLY,
        Duration.ofSeconds(5),
        settings,
        FiniteRun.KeptKpis.only(
            List.of("shipments", "sla_breaches", "order_cycle_time", "stock_outs")),
        FiniteRun.EventTime.EVERY_EVENT);
  }

  /** Order events, and ams-1's stock events, as the jobs read them; null for the rest. */
  private static Event fulfilmentOrStock(JsonNode json) {
    EventType type = EventType.fromWireName(json.get("type").textValue()).orElseThrow();
    boolean wanted =
        type.recordType() == OrderEvent.class
            || (type.recordType() == InventoryEvent.class
                && "ams-1".equals(json.get("warehouse").textValue()));
    if (!wanted) {
      return null;
    }
    try {
      return Json.mapper().treeToValue(json, type.recordType());
    } catch (java.io.IOException e) {
      throw new IllegalStateException("the simulator wrote an unreadable " + type, e);
    }
  }

  /** The last value of each hourly point of {@code kpi} with exactly these tags, by hour. */
  private static Map<Integer, Double> hourly(
      FiniteRun.Result run, String kpi, Map<String, String> tags) {
    Map<Integer, Double> byHour = new java.util.TreeMap<>();
    for (KpiPoint p : run.kpis()) {
      if (p.kpi().equals(kpi) && p.window().equals(HOUR) && p.tags().equals(tags)) {
        byHour.put((int) Duration.between(DAY, p.windowStart()).toHours(), p.value());
      }
    }
    return byHour;
  }

  private static double sum(Map<Integer, Double> byHour, Predicate<Integer> hours) {
    return byHour.entrySet().stream()
        .filter(e -> hours.test(e.getKey()))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  private static final Map<String, String> NYC = Map.of("warehouse", "nyc-1", "region", "us");
  private static final Map<String, String> SKU_1001_AMS =
      Map.of("sku", "sku-1001", "warehouse", "ams-1");

  private static boolean duringTheStall(int hour) {
    return hour >= 14 && hour < 20;
  }

  @Test
  void shouldShipNothingFromAStalledWarehouse() {
    double normalShipments = sum(hourly(normal, "shipments", NYC), h -> duringTheStall(h));
    double stalledShipments = sum(hourly(disturbed, "shipments", NYC), h -> duringTheStall(h));

    assertThat(stalledShipments).isZero();
    assertThat(normalShipments).isGreaterThan(100);
  }

  @Test
  void shouldBreachTheSlaOfTheOrdersAStallHoldsUp() {
    double normalBreaches = sum(hourly(normal, "sla_breaches", NYC), h -> true);
    double stalledBreaches = sum(hourly(disturbed, "sla_breaches", NYC), h -> true);

    assertThat(stalledBreaches)
        .isGreaterThan(3 * normalBreaches)
        .isGreaterThan(normalBreaches + 50);
    assertThat(
            disturbed.alerts().stream()
                .filter(a -> a.rule().equals("order_sla_breach"))
                .filter(a -> a.status() == AlertStatus.FIRING)
                .filter(a -> a.labels().get("warehouse").equals("nyc-1")))
        .hasSize((int) stalledBreaches);
  }

  @Test
  void shouldShowTheCatchUpAsLongerCycleTimes() {
    Map<String, String> p90 =
        Map.of("warehouse", "nyc-1", "region", "us", "stage", "shipped", "quantile", "p90");
    double normalCycle = hourly(normal, "order_cycle_time", p90).get(21);
    double stalledCycle = hourly(disturbed, "order_cycle_time", p90).get(21);

    assertThat(stalledCycle).isGreaterThan(1.5 * normalCycle);
  }

  @Test
  void shouldCountAndAlertTheStockOutOfTheWrittenOffSku() {
    assertThat(sum(hourly(normal, "stock_outs", SKU_1001_AMS), h -> true)).isZero();
    assertThat(sum(hourly(disturbed, "stock_outs", SKU_1001_AMS), h -> h >= 3 && h < 6))
        .isEqualTo(1);

    List<AlertSignal> stockOuts =
        disturbed.alerts().stream()
            .filter(a -> a.rule().equals("stock_out") && a.labels().equals(SKU_1001_AMS))
            .toList();
    assertThat(stockOuts).extracting(AlertSignal::status).startsWith(AlertStatus.FIRING);
    assertThat(stockOuts.get(0).startsAt()).isEqualTo(STOCKOUT.start());
    assertThat(normal.alerts()).noneMatch(a -> a.labels().equals(SKU_1001_AMS));
  }
}
