package com.opsmon.jobs.health;

import static com.opsmon.jobs.TestEvents.call;
import static com.opsmon.jobs.TestEvents.opened;
import static com.opsmon.jobs.TestEvents.session;
import static com.opsmon.jobs.TestOrders.created;
import static com.opsmon.jobs.TestPoints.all;
import static com.opsmon.jobs.TestPoints.last;
import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.FiniteRun;
import com.opsmon.jobs.Pipelines;
import com.opsmon.model.deadletter.DeadLetterReason;
import com.opsmon.model.events.Event;
import com.opsmon.model.events.EventType;
import com.opsmon.model.events.InventoryEvent;
import com.opsmon.model.events.OrderEvent;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The data-health KPIs over every source on a MiniCluster, event time advancing with each event: a
 * late order corrects its minute and counts as late where it arrived, a too-late one counts as late
 * only, and the orders' event time is measured against the wall clock as minutes close.
 */
class DataHealthIT {
  /** 10:00 the day before yesterday, placed relative to the clock, never a fixed date. */
  private static final Instant T0 =
      Instant.now()
          .truncatedTo(ChronoUnit.DAYS)
          .minus(Duration.ofDays(2))
          .plus(Duration.ofHours(10));

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Duration LATENESS = Duration.ofMinutes(5);

  private static final OrderEvent TOO_LATE = created(T0.plusSeconds(65), "jp", "1.00", "JPY");

  private static FiniteRun.Result result;
  private static long wallBefore;
  private static long wallAfter;

  @BeforeAll
  static void run() throws Exception {
    List<Event> events =
        List.of(
            new InventoryEvent(
                EventType.STOCK_SNAPSHOT, "i-1", T0.plusSeconds(5), "sku-1", "ams-1", null, 7L, 2L),
            session(T0.plusSeconds(15), "eu", "web"),
            call(T0.plusSeconds(40), "payments", "eu", 200, 100),
            opened(T0.plusSeconds(45), "h1", "inquiry", "web", "eu"),
            created(T0.plusSeconds(10), "eu", "1.00", "EUR"),
            created(T0.plusSeconds(20), "eu", "1.00", "EUR"),
            created(T0.plusSeconds(30), "us", "1.00", "USD"),
            // the orders' event time passes 10:02:55
            created(T0.plusSeconds(180), "eu", "1.00", "EUR"),
            // late in minute 2: corrects minute 0
            created(T0.plusSeconds(50), "eu", "1.00", "EUR"),
            // the orders' event time passes 10:19:55
            created(T0.plusSeconds(1200), "eu", "1.00", "EUR"),
            // late in minute 19, beyond the lateness of minute 1
            TOO_LATE);
    wallBefore = System.currentTimeMillis();
    result =
        FiniteRun.run(
            events,
            Duration.ofSeconds(5),
            new Pipelines.Settings(LATENESS),
            FiniteRun.EventTime.EVERY_EVENT);
    wallAfter = System.currentTimeMillis();
  }

  private static double value(String kpi, int minute, String source, String region) {
    return last(
        result.kpis(),
        kpi,
        MINUTE,
        T0.plus(Duration.ofMinutes(minute)),
        Map.of("source", source, "region", region));
  }

  @Test
  void shouldCountEventsPerSourceAndRegionIncludingCorrections() {
    assertThat(value("events_in", 0, "orders", "eu")).isEqualTo(3);
    assertThat(value("events_in", 0, "orders", "all")).isEqualTo(4);
    assertThat(value("events_in", 0, "inventory", "unknown")).isEqualTo(1);
    assertThat(value("events_in", 0, "service", "eu")).as("a call and a ticket").isEqualTo(2);
    assertThat(value("events_in", 0, "storefront", "all")).isEqualTo(1);
  }

  @Test
  void shouldCountLateEventsInTheMinuteTheyArrivedInCorrectedOrTooLate() {
    assertThat(value("late_events", 2, "orders", "eu")).isEqualTo(1);
    assertThat(value("late_events", 19, "orders", "jp")).isEqualTo(1);
    assertThat(value("late_events", 19, "orders", "all")).isEqualTo(1);
    assertThat(result.kpis())
        .filteredOn(p -> p.kpi().equals("late_events"))
        .extracting(p -> Duration.between(T0, p.windowStart()).toMinutes())
        .containsOnly(0L, 2L, 15L, 19L);
  }

  @Test
  void shouldLeaveATooLateEventOutOfEventsInAndDeadLetterItForTheKpisItMissed() {
    assertThat(all(result.kpis(), "events_in", MINUTE, Map.of("source", "orders", "region", "jp")))
        .isEmpty();
    assertThat(result.deadLetters())
        .isNotEmpty()
        .allSatisfy(
            d -> {
              assertThat(d.reason()).isEqualTo(DeadLetterReason.TOO_LATE);
              assertThat(d.payload()).contains(TOO_LATE.eventId());
            })
        .anySatisfy(d -> assertThat(d.detail()).contains("orders KPIs"));
  }

  @Test
  void shouldMeasureHowFarTheOrdersEventTimeTrailsTheWallClockAsMinutesClose() {
    List<KpiPoint> lag =
        all(result.kpis(), "watermark_lag", MINUTE, Map.of("source", "orders", "region", "all"));

    assertThat(lag)
        .extracting(p -> Duration.between(T0, p.windowStart()).toMinutes())
        .containsExactly(1L, 18L);
    long[] watermarks = {
      T0.plusSeconds(175).toEpochMilli() - 1, T0.plusSeconds(1195).toEpochMilli() - 1
    };
    for (int i = 0; i < 2; i++) {
      assertThat(lag.get(i).value())
          .isBetween((wallBefore - watermarks[i]) / 1000.0, (wallAfter - watermarks[i]) / 1000.0);
    }
  }
}
