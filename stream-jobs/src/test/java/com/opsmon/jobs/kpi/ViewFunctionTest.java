package com.opsmon.jobs.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.orders.OrderTotals;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.kpi.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A 5-minute view of orders, its minutes pushed in by hand and event time moved explicitly. */
class ViewFunctionTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final Duration FIVE = Duration.ofMinutes(5);
  private static final Duration LATENESS = Duration.ofMinutes(10);
  private static final String EU = SeriesKey.of("region", "eu", "channel", "all");

  private KeyedOneInputStreamOperatorTestHarness<String, Routed<OrderTotals>, KpiPoint> harness;

  @BeforeEach
  void setUp() throws Exception {
    TypeInformation<OrderTotals> type = TypeInformation.of(OrderTotals.class);
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new ViewFunction<>(
                    OrderTotals::new, type, LATENESS, PartialScope.all(FIVE, "orders"))),
            Routed::target,
            Types.STRING);
    harness.open();
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private static OrderTotals created(long n) {
    OrderTotals totals = new OrderTotals();
    totals.created = n;
    return totals;
  }

  /** Minute {@code m}'s totals of the web channel, routed into the 5-minute eu view. */
  private void minute(int m, long orders) throws Exception {
    minute(m, orders, false);
  }

  private void partialMinute(int m, long orders) throws Exception {
    minute(m, orders, true);
  }

  private void minute(int m, long orders, boolean partial) throws Exception {
    minute(m, "web", orders, partial);
  }

  private void minute(int m, String channel, long orders, boolean partial) throws Exception {
    long start = T0.toEpochMilli();
    long minuteStart = T0.plus(Duration.ofMinutes(m)).toEpochMilli();
    Routed<OrderTotals> routed =
        new Routed<>(
            EU + "|" + FIVE.toMillis() + "|" + start,
            EU,
            start,
            FIVE.toMillis(),
            SeriesKey.of("region", "eu", "channel", channel) + "@" + minuteStart,
            created(orders),
            partial);
    harness.processElement(new StreamRecord<>(routed, minuteStart + 59_999));
  }

  private void watermarkAt(Instant t) throws Exception {
    harness.processWatermark(new Watermark(t.toEpochMilli()));
  }

  private List<Double> partialOrders() {
    var partials = harness.getSideOutput(ViewFunction.PARTIAL);
    return (partials == null ? List.<StreamRecord<KpiPoint>>of() : List.copyOf(partials))
        .stream()
            .map(StreamRecord::getValue)
            .filter(p -> p.kpi().equals("orders"))
            .map(KpiPoint::value)
            .toList();
  }

  private List<Double> orders() {
    return harness.extractOutputValues().stream()
        .filter(p -> p.kpi().equals("orders"))
        .map(KpiPoint::value)
        .toList();
  }

  @Test
  void shouldEmitTheMergedMinutesOnceEventTimePassesTheViewsEnd() throws Exception {
    for (int m = 0; m < 5; m++) {
      minute(m, m + 1);
    }
    watermarkAt(T0.plus(FIVE).minusMillis(2));
    assertThat(harness.extractOutputValues()).isEmpty();

    watermarkAt(T0.plus(FIVE).minusMillis(1));

    assertThat(harness.extractOutputValues())
        .containsExactly(
            new KpiPoint("orders", T0, FIVE, Map.of("region", "eu", "channel", "all"), 15),
            new KpiPoint(
                "cancellation_rate", T0, FIVE, Map.of("region", "eu", "channel", "all"), 0));
  }

  @Test
  void shouldReplaceCorrectedMinutesAndEmitTheViewAgainOnceForAllCorrectedTogether()
      throws Exception {
    harness.setProcessingTime(0);
    for (int m = 0; m < 5; m++) {
      minute(m, 1);
    }
    watermarkAt(T0.plus(FIVE));

    // minutes 2 and 4 re-fired by late events: 3 orders instead of 1, not 1 more
    minute(2, 3);
    minute(4, 2);
    assertThat(orders()).containsExactly(5.0);
    harness.setProcessingTime(ViewFunction.PARTIAL_GATHER_MS);

    assertThat(orders()).containsExactly(5.0, 8.0);
    assertThat(partialOrders()).as("a closed window's correction is final").isEmpty();
    harness.setProcessingTime(10 * ViewFunction.PARTIAL_GATHER_MS);
    assertThat(orders()).as("nothing corrected since").hasSize(2);
  }

  @Test
  void shouldEmitAPendingCorrectionBeforeForgettingTheView() throws Exception {
    harness.setProcessingTime(0);
    minute(0, 4);
    watermarkAt(T0.plus(FIVE));
    minute(1, 2);

    // a backfill moves event time past the allowed lateness before the gathering ends
    watermarkAt(T0.plus(FIVE).plus(LATENESS));

    assertThat(orders()).containsExactly(4.0, 6.0);
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void shouldForgetTheViewAfterTheAllowedLatenessAndIgnoreMinutesArrivingLaterStill()
      throws Exception {
    minute(0, 4);
    watermarkAt(T0.plus(FIVE).plus(LATENESS));
    assertThat(orders()).containsExactly(4.0);
    assertThat(harness.numKeyedStateEntries()).isZero();

    minute(1, 9);

    assertThat(orders()).containsExactly(4.0);
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void shouldShowWhatTheWindowHoldsSoFarEverySecondWithoutKeepingItInTheFinalPoint()
      throws Exception {
    harness.setProcessingTime(0);
    minute(0, 4);
    minute(1, 2);
    watermarkAt(T0.plus(Duration.ofMinutes(2)));

    partialMinute(2, 1);
    partialMinute(2, 3); // the same open minute, fuller: replaces, never adds up
    assertThat(partialOrders()).as("gathered first, for the other series' open minutes").isEmpty();
    harness.setProcessingTime(1_000);
    assertThat(partialOrders()).containsExactly(9.0);
    assertThat(orders()).isEmpty();

    // the minute closes with 5 orders: the final point counts it once, the partials not at all
    minute(2, 5);
    watermarkAt(T0.plus(FIVE));
    assertThat(orders()).containsExactly(11.0);
    harness.setProcessingTime(2_000);
    assertThat(partialOrders()).containsExactly(9.0);
  }

  @Test
  void shouldAddTheOpenMinutesOfEverySeriesInATotal() throws Exception {
    harness.setProcessingTime(0);
    minute(0, "web", 4, false);
    minute(1, "web", 2, true);
    minute(1, "app", 5, true);

    harness.setProcessingTime(1_000);

    assertThat(partialOrders()).containsExactly(11.0);
  }

  @Test
  void shouldShowNoPartialPointOnceTheViewsWindowHasClosed() throws Exception {
    harness.setProcessingTime(0);
    minute(0, 4);
    watermarkAt(T0.plus(FIVE));

    partialMinute(4, 1);
    harness.setProcessingTime(1_000);

    assertThat(partialOrders()).isEmpty();
    assertThat(orders()).containsExactly(4.0);
  }

  @Test
  void shouldForgetOpenMinutesWithTheRestOfTheView() throws Exception {
    harness.setProcessingTime(0);
    partialMinute(0, 4);
    watermarkAt(T0.plus(FIVE).plus(LATENESS));

    assertThat(harness.numKeyedStateEntries()).isZero();
  }
}
