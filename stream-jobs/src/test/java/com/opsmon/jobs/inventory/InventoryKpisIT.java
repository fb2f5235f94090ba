package com.opsmon.jobs.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.opsmon.jobs.FiniteRun;
import com.opsmon.jobs.JobSignalRules;
import com.opsmon.jobs.Pipelines;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.deadletter.DeadLetter;
import com.opsmon.model.events.EventType;
import com.opsmon.model.events.InventoryEvent;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.KpiDefinition;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two SKUs of one warehouse over an hour through every job on a MiniCluster: levels each minute and
 * their warehouse total, a stock-out and its alert, and the hourly ratios, exactly.
 */
class InventoryKpisIT {
  /** The day before yesterday, placed relative to the clock, never a fixed date. */
  private static final Instant DAY =
      Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration HOUR = Duration.ofHours(1);
  private static final long SKU1_REORDER_POINT = 5;
  private static final long SKU2_REORDER_POINT = 2;

  private static FiniteRun.Result run;
  private static int ids;

  private static Instant at(String hhmmss) {
    return DAY.plus(Duration.parse("PT" + hhmmss.replaceFirst(":", "H").replace(":", "M") + "S"));
  }

  private static InventoryEvent snapshot(String hhmmss, String sku, long onHand) {
    return new InventoryEvent(
        EventType.STOCK_SNAPSHOT, "e-" + ++ids, at(hhmmss), sku, "ams-1", null, onHand, rp(sku));
  }

  private static InventoryEvent change(String hhmmss, EventType type, String sku, long delta) {
    return new InventoryEvent(type, "e-" + ++ids, at(hhmmss), sku, "ams-1", delta, null, rp(sku));
  }

  private static long rp(String sku) {
    return sku.equals("sku-1") ? SKU1_REORDER_POINT : SKU2_REORDER_POINT;
  }

  @BeforeAll
  static void runTheHour() throws Exception {
    List<InventoryEvent> events =
        List.of(
            snapshot("09:59:30", "sku-1", 10),
            snapshot("09:59:30", "sku-2", 3),
            change("10:00:30", EventType.STOCK_SOLD, "sku-1", -4),
            change("10:01:10", EventType.STOCK_SOLD, "sku-2", -3),
            change("10:02:00", EventType.STOCK_RECEIVED, "sku-2", 10),
            change("10:30:00", EventType.STOCK_SOLD, "sku-1", -2),
            snapshot("11:00:00", "sku-1", 4),
            snapshot("11:00:00", "sku-2", 10),
            // more than the hour's lateness behind the watermark: a dead letter
            change("09:58:00", EventType.STOCK_SOLD, "sku-1", -1));
    run =
        FiniteRun.run(
            events,
            JobSignalRules.ONLY,
            Duration.ofSeconds(5),
            new Pipelines.Settings(HOUR),
            true,
            FiniteRun.EventTime.EVERY_EVENT);
  }

  private static double value(String kpi, Duration window, String start, String sku) {
    return run.kpis().stream()
        .filter(
            p ->
                p.kpi().equals(kpi)
                    && p.window().equals(window)
                    && p.windowStart().equals(at(start))
                    && p.tags().equals(Map.of("sku", sku, "warehouse", "ams-1")))
        .reduce((a, b) -> b)
        .map(KpiPoint::value)
        .orElseThrow(
            () -> new AssertionError("no " + kpi + " " + window + " " + start + " " + sku));
  }

  @Test
  void shouldEmitExactlyItsCatalogKpisWithTheirTags() {
    // the data-health job counts the same events under its own KPIs
    List<String> health =
        List.of(
            KpiCatalog.EVENTS_IN.name(),
            KpiCatalog.LATE_EVENTS.name(),
            KpiCatalog.WATERMARK_LAG.name());
    assertThat(run.kpis().stream().map(KpiPoint::kpi).filter(k -> !health.contains(k)).distinct())
        .containsExactlyInAnyOrderElementsOf(
            InventoryJob.KPIS.stream().map(KpiDefinition::name).toList());
    assertThat(run.kpis())
        .filteredOn(p -> !health.contains(p.kpi()))
        .allSatisfy(
            p ->
                assertThat(p.tags().keySet())
                    .as(p.kpi())
                    .containsExactlyInAnyOrderElementsOf(
                        KpiCatalog.find(p.kpi()).orElseThrow().tags()));
  }

  @Test
  void shouldReadOnHandAtTheEndOfEachMinuteAndTotalItOverSkus() {
    assertThat(value("on_hand", MINUTE, "09:59:00", "sku-1")).isEqualTo(10);
    assertThat(value("on_hand", MINUTE, "10:00:00", "sku-1")).isEqualTo(6);
    assertThat(value("on_hand", MINUTE, "10:30:00", "sku-1")).isEqualTo(4);
    assertThat(value("on_hand", MINUTE, "10:00:00", "all")).isEqualTo(9);
    assertThat(value("on_hand", MINUTE, "10:01:00", "all")).isEqualTo(6);
    assertThat(value("on_hand", MINUTE, "10:02:00", "all")).isEqualTo(16);
    assertThat(value("on_hand", MINUTE, "10:45:00", "all")).isEqualTo(14);
  }

  @Test
  void shouldCountTheStockOutAndTheSkusBelowTheirReorderPoint() {
    assertThat(value("stock_outs", MINUTE, "10:01:00", "sku-2")).isEqualTo(1);
    assertThat(value("stock_outs", HOUR, "10:00:00", "all")).isEqualTo(1);
    assertThat(value("stock_outs", HOUR, "10:00:00", "sku-1")).isZero();
    assertThat(value("low_stock", MINUTE, "10:01:00", "all")).isEqualTo(1);
    assertThat(value("low_stock", MINUTE, "10:02:00", "all")).isZero();
    assertThat(value("low_stock", MINUTE, "10:29:00", "sku-1")).isZero();
    assertThat(value("low_stock", MINUTE, "10:30:00", "sku-1")).isEqualTo(1);
  }

  @Test
  void shouldRaiseAStockOutAlertNamingTheSkuAndResolveItWhenStockArrives() {
    Map<String, String> sku2 = Map.of("sku", "sku-2", "warehouse", "ams-1");

    assertThat(run.alerts().stream().filter(a -> a.rule().equals("stock_out")))
        .extracting(
            AlertSignal::status, AlertSignal::labels, AlertSignal::startsAt, AlertSignal::endsAt)
        .containsExactly(
            tuple(AlertStatus.FIRING, sku2, at("10:01:10"), null),
            tuple(AlertStatus.RESOLVED, sku2, at("10:01:10"), at("10:02:00")));
  }

  @Test
  void shouldDeriveSellThroughFromTheStockAtTheHoursStartAndWhatCameIn() {
    assertThat(value("sell_through", HOUR, "10:00:00", "sku-1")).isEqualTo(6 / 10.0);
    assertThat(value("sell_through", HOUR, "10:00:00", "sku-2")).isEqualTo(3 / 13.0);
    assertThat(value("sell_through", HOUR, "10:00:00", "all")).isEqualTo(9 / 23.0);
  }

  @Test
  void shouldDeriveDaysOfCoverFromTheLastDaysSales() {
    assertThat(value("days_of_cover", HOUR, "10:00:00", "sku-1")).isEqualTo(4 / 6.0);
    assertThat(value("days_of_cover", HOUR, "10:00:00", "sku-2")).isEqualTo(10 / 3.0);
    assertThat(value("days_of_cover", HOUR, "10:00:00", "all")).isEqualTo(14 / 9.0);
    assertThat(value("days_of_cover", Duration.ofDays(1), "00:00:00", "all")).isEqualTo(14 / 9.0);
  }

  @Test
  void shouldDeriveTurnoverFromTheTimeWeightedOnHand() {
    // sku-1: 10 for 30 s, 6 for 1770 s, 4 for 1800 s; sku-2: 3 for 70 s, 0 for 50 s, 10 for 3480 s
    double sku1 = 10 * 30 + 6 * 1770 + 4 * 1800;
    double sku2 = 3 * 70 + 10 * 3480;

    assertThat(value("inventory_turnover", HOUR, "10:00:00", "sku-1")).isEqualTo(6 / (sku1 / 3600));
    assertThat(value("inventory_turnover", HOUR, "10:00:00", "sku-2")).isEqualTo(3 / (sku2 / 3600));
    assertThat(value("inventory_turnover", HOUR, "10:00:00", "all"))
        .isEqualTo(9 / ((sku1 + sku2) / 3600));
  }

  @Test
  void shouldDeadLetterAStockEventBeyondTheLateness() {
    List<DeadLetter> inventory =
        run.deadLetters().stream().filter(d -> d.detail().contains("inventory KPIs")).toList();

    assertThat(inventory).hasSize(1);
    assertThat(inventory.get(0).payload()).contains("09:58:00");
  }
}
