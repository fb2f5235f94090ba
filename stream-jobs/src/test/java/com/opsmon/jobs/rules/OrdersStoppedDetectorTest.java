package com.opsmon.jobs.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrdersStoppedDetectorTest {
  private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private KeyedOneInputStreamOperatorTestHarness<String, KpiPoint, AlertSignal> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new OrdersStoppedDetector(MINUTE), p -> p.tags().get("region"), Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private static Instant minute(int n) {
    return T0.plus(MINUTE.multipliedBy(n));
  }

  /**
   * A window's orders point, as the window operator emits it when the watermark passes the window.
   */
  private void windowResult(int n, String region, long orders) throws Exception {
    KpiPoint point =
        new KpiPoint(
            "orders", minute(n), MINUTE, Map.of("region", region, "channel", "all"), orders);
    harness.processElement(new StreamRecord<>(point, minute(n + 1).toEpochMilli() - 1));
  }

  private void windowClosed(int n) throws Exception {
    harness.processWatermark(new Watermark(minute(n + 1).toEpochMilli() - 1));
  }

  @Test
  void shouldFireOnceWhenARegionWithOrdersHasNoneInTheNextWindowAndResolveWhenTheyReturn()
      throws Exception {
    windowResult(0, "eu", 5);
    windowClosed(0);
    windowClosed(1);
    windowClosed(2);
    windowResult(3, "eu", 2);
    windowClosed(3);

    assertThat(harness.extractOutputValues())
        .extracting(
            AlertSignal::status, AlertSignal::startsAt, AlertSignal::endsAt, AlertSignal::labels)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                AlertStatus.FIRING, minute(1), null, Map.of("region", "eu")),
            org.assertj.core.groups.Tuple.tuple(
                AlertStatus.RESOLVED, minute(1), minute(3), Map.of("region", "eu")));
  }

  @Test
  void shouldReportASilenceThatOneWatermarkJumpClosedAsFiredAndResolved() throws Exception {
    windowResult(0, "eu", 5);
    windowResult(3, "eu", 2);
    windowClosed(3);

    assertThat(harness.extractOutputValues())
        .extracting(AlertSignal::status, AlertSignal::startsAt, AlertSignal::endsAt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AlertStatus.FIRING, minute(1), null),
            org.assertj.core.groups.Tuple.tuple(AlertStatus.RESOLVED, minute(1), minute(3)));
  }

  @Test
  void shouldStayQuietWhileEveryWindowHasOrders() throws Exception {
    for (int n = 0; n < 5; n++) {
      windowResult(n, "eu", 1);
      windowClosed(n);
    }

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(harness.numEventTimeTimers()).isEqualTo(1);
  }

  @Test
  void shouldNotFireForARegionThatNeverHadOrders() throws Exception {
    windowResult(0, "eu", 1);
    windowClosed(0);
    windowResult(1, "eu", 1);
    windowClosed(1);

    assertThat(harness.extractOutputValues()).isEmpty();
  }

  @Test
  void shouldResolveWhenALateCorrectionShowsTheSilentWindowHadOrdersAfterAll() throws Exception {
    windowResult(0, "eu", 3);
    windowClosed(0);
    windowClosed(1);
    windowResult(1, "eu", 1);

    assertThat(harness.extractOutputValues())
        .extracting(AlertSignal::status)
        .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
  }

  @Test
  void shouldNotResolveOnALateCorrectionOfAWindowBeforeTheSilence() throws Exception {
    windowResult(0, "eu", 3);
    windowClosed(0);
    windowClosed(1);
    windowResult(0, "eu", 4);

    assertThat(harness.extractOutputValues())
        .extracting(AlertSignal::status)
        .containsExactly(AlertStatus.FIRING);
  }
}
