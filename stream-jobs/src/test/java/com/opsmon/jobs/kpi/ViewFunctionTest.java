package com.opsmon.jobs.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.orders.OrderTotals;
import com.opsmon.model.kpi.KpiPoint;
import com.opsmon.model.kpi.SeriesKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
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
  void shouldFoldAnHoursSettledMinutesAndStillCountEveryOneOfThem() throws Exception {
    // an hour is longer than the lateness (10 min): its settled minutes are folded
    Duration hour = Duration.ofHours(1);
    String view = EU + "|" + hour.toMillis() + "|" + T0.toEpochMilli();
    try (var hourly =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new ViewFunction<>(
                    OrderTotals::new,
                    TypeInformation.of(OrderTotals.class),
                    LATENESS,
                    PartialScope.all(FIVE, "orders"))),
            Routed<OrderTotals>::target,
            Types.STRING)) {
      hourly.open();
      for (int m = 0; m < 50; m++) {
        hourlyMinute(hourly, view, m, 1);
        hourly.processWatermark(
            new Watermark(T0.plus(Duration.ofMinutes(m + 1)).toEpochMilli() - 1));
      }

      // the fold due at 10:45 ran with the watermark at 10:45:59.999: minutes 0 to 35 had ended
      // the lateness before, 36 to 49 are held apart
      assertThat(minutesHeld(hourly, view)).isEqualTo(14);

      // minute 3 re-fired too late to replace itself, minute 45 in time: 5 orders, not 1
      hourlyMinute(hourly, view, 3, 5);
      hourlyMinute(hourly, view, 45, 5);
      for (int m = 50; m < 60; m++) {
        hourlyMinute(hourly, view, m, 1);
      }
      hourly.processWatermark(new Watermark(T0.plus(hour).toEpochMilli() - 1));

      assertThat(hourly.extractOutputValues())
          .filteredOn(p -> p.kpi().equals("orders"))
          .extracting(KpiPoint::value)
          .containsExactly(64.0);
    }
  }

  private static void hourlyMinute(
      KeyedOneInputStreamOperatorTestHarness<String, Routed<OrderTotals>, KpiPoint> harness,
      String view,
      int m,
      long orders)
      throws Exception {
    long minuteStart = T0.plus(Duration.ofMinutes(m)).toEpochMilli();
    harness.processElement(
        new StreamRecord<>(
            new Routed<>(
                view,
                EU,
                T0.toEpochMilli(),
                Duration.ofHours(1).toMillis(),
                EU + "@" + minuteStart,
                created(orders),
                false),
            minuteStart + 59_999));
  }

  /** The minutes a view holds apart, not yet folded. */
  private static int minutesHeld(
      KeyedOneInputStreamOperatorTestHarness<String, Routed<OrderTotals>, KpiPoint> harness,
      String view)
      throws Exception {
    KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
    backend.setCurrentKey(view);
    MapState<String, OrderTotals> minutes =
        backend.getPartitionedState(
            VoidNamespace.INSTANCE,
            VoidNamespaceSerializer.INSTANCE,
            new MapStateDescriptor<>(
                "minutes", Types.STRING, TypeInformation.of(OrderTotals.class)));
    int held = 0;
    for (String ignored : minutes.keys()) {
      held++;
    }
    return held;
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
