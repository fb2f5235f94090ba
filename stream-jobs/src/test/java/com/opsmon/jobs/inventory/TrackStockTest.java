package com.opsmon.jobs.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.kpi.Minute;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.alerts.AlertStatus;
import com.opsmon.model.events.EventType;
import com.opsmon.model.events.InventoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One SKU in one warehouse through {@link TrackStock}, event time moved by hand. */
class TrackStockTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final Duration LATENESS = Duration.ofMinutes(10);
  private static final Duration RETENTION = Duration.ofDays(2);
  private static final long REORDER_POINT = 5;

  private KeyedOneInputStreamOperatorTestHarness<String, InventoryEvent, Minute<StockMinute>>
      harness;
  private int events;

  @BeforeEach
  void setUp() throws Exception {
    harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new TrackStock(LATENESS, new InventorySettings(RETENTION)),
            TrackStock::series,
            Types.STRING);
  }

  @AfterEach
  void tearDown() throws Exception {
    harness.close();
  }

  private static Instant at(int minutes, int seconds) {
    return T0.plus(Duration.ofMinutes(minutes)).plusSeconds(seconds);
  }

  private void snapshot(Instant at, long onHand) throws Exception {
    push(
        new InventoryEvent(
            EventType.STOCK_SNAPSHOT, id(), at, "sku-1", "ams-1", null, onHand, REORDER_POINT));
  }

  private void delta(EventType type, Instant at, long delta) throws Exception {
    push(new InventoryEvent(type, id(), at, "sku-1", "ams-1", delta, null, REORDER_POINT));
  }

  private String id() {
    return "e-" + ++events;
  }

  private void push(InventoryEvent e) throws Exception {
    harness.processElement(e, e.occurredAt().toEpochMilli());
  }

  private void minuteEnds(int m) throws Exception {
    harness.processWatermark(at(m + 1, 0).toEpochMilli() - 1);
  }

  /** Each emitted minute as m{index}={on-hand at its end}. */
  private List<String> onHand() {
    return harness.extractOutputValues().stream()
        .map(
            m ->
                "m"
                    + Duration.between(T0, Instant.ofEpochMilli(m.start())).toMinutes()
                    + "="
                    + (m.totals().knownAtEnd > 0 ? m.totals().onHandAtEnd : "?"))
        .toList();
  }

  private StockMinute last(int minute) {
    long start = at(minute, 0).toEpochMilli();
    return harness.extractOutputValues().stream()
        .filter(m -> m.start() == start)
        .reduce((a, b) -> b)
        .orElseThrow()
        .totals();
  }

  private <T> List<T> side(OutputTag<T> tag) {
    Queue<StreamRecord<T>> records = harness.getSideOutput(tag);
    return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
  }

  private List<String> alerts() {
    return side(TrackStock.ALERTS).stream()
        .map(
            a ->
                a.status()
                    + " "
                    + Duration.between(T0, a.startsAt())
                    + ".."
                    + (a.endsAt() == null ? "" : Duration.between(T0, a.endsAt())))
        .toList();
  }

  @Test
  void shouldEmitOnHandAsTheLatestSnapshotPlusTheChangesSinceEveryMinute() throws Exception {
    delta(EventType.STOCK_SOLD, at(0, 2), -1); // before any snapshot: no level yet
    snapshot(at(0, 5), 10);
    delta(EventType.STOCK_SOLD, at(0, 20), -3);
    delta(EventType.STOCK_RECEIVED, at(2, 10), 4);
    delta(EventType.STOCK_ADJUSTED, at(2, 40), -2);

    minuteEnds(3);

    assertThat(onHand()).containsExactly("m0=7", "m1=7", "m2=9", "m3=9");
    assertThat(last(0).sold).isEqualTo(4);
    assertThat(last(2).received).isEqualTo(4);
    assertThat(last(3).sold24hAtEnd).isEqualTo(4);
    assertThat(harness.extractOutputValues())
        .allMatch(m -> m.series().equals("sku=sku-1,warehouse=ams-1"));
  }

  @Test
  void shouldFireStockOutWhenOnHandReachesZeroAndResolveWhenStockIsBack() throws Exception {
    snapshot(at(0, 5), 2);
    delta(EventType.STOCK_SOLD, at(0, 30), -2);
    minuteEnds(0);

    assertThat(alerts()).containsExactly("FIRING PT30S..");
    AlertSignal firing = side(TrackStock.ALERTS).get(0);
    assertThat(firing.rule()).isEqualTo("stock_out");
    assertThat(firing.labels()).isEqualTo(Map.of("sku", "sku-1", "warehouse", "ams-1"));
    assertThat(firing.runbookUrl()).isEqualTo("docs/runbooks/stock_out.md");
    assertThat(last(0).stockOuts).isEqualTo(1);
    assertThat(last(0).lowAtEnd).isEqualTo(1);

    delta(EventType.STOCK_RECEIVED, at(2, 15), 20);
    minuteEnds(2);

    assertThat(alerts()).containsExactly("FIRING PT30S..", "RESOLVED PT30S..PT2M15S");
    assertThat(side(TrackStock.ALERTS).get(1).value()).isEqualTo(20.0);
    assertThat(last(2).stockOuts).isZero();
    assertThat(last(2).lowAtEnd).isZero();
  }

  @Test
  void shouldRewriteTheMinuteOfALateSaleWithinTheLatenessAndTheMinutesAfterIt() throws Exception {
    snapshot(at(0, 5), 10);
    minuteEnds(2);

    delta(EventType.STOCK_SOLD, at(1, 30), -4);
    minuteEnds(3);

    assertThat(onHand()).containsExactly("m0=10", "m1=10", "m2=10", "m1=6", "m2=6", "m3=6");
    assertThat(last(1).sold).isEqualTo(4);
    assertThat(last(1).onHandMs).isEqualTo(10 * 30_000.0 + 6 * 30_000.0);
  }

  @Test
  void shouldSignalAStockOutALateSaleReveals() throws Exception {
    snapshot(at(0, 5), 3);
    minuteEnds(2);

    delta(EventType.STOCK_SOLD, at(1, 30), -3);

    assertThat(alerts()).containsExactly("FIRING PT1M30S..");
    assertThat(last(1).stockOuts).isEqualTo(1);
  }

  @Test
  void shouldDeadLetterAnEventBeyondTheLatenessAndLeaveTheLevelToTheNextSnapshot()
      throws Exception {
    snapshot(at(0, 5), 10);
    minuteEnds(30);

    delta(EventType.STOCK_SOLD, at(1, 0), -4);
    minuteEnds(31);

    assertThat(side(TrackStock.TOO_LATE))
        .extracting(InventoryEvent::type)
        .containsExactly(EventType.STOCK_SOLD);
    assertThat(onHand()).hasSize(32).allMatch(m -> m.endsWith("=10"));
  }

  @Test
  void shouldSumTheSalesOfTheTwentyFourHoursUpToEachMinute() throws Exception {
    snapshot(at(0, 5), 100);
    delta(EventType.STOCK_SOLD, at(10, 0), -2);
    delta(EventType.STOCK_SOLD, at(70, 0), -3);

    minuteEnds(24 * 60 + 59);

    assertThat(last(59).sold24hAtEnd).isEqualTo(2);
    assertThat(last(119).sold24hAtEnd).isEqualTo(5);
    assertThat(last(24 * 60 - 1).sold24hAtEnd).isEqualTo(5);
    assertThat(last(24 * 60 + 59).sold24hAtEnd).isEqualTo(3);
  }

  @Test
  void shouldStillCorrectAtTheEdgeOfTheLatenessRightAfterForgettingOldMinutes() throws Exception {
    snapshot(at(0, 5), 10);
    for (int m = 0; m <= 30; m++) {
      delta(EventType.STOCK_SOLD, at(m, 30), -1 - (m % 2));
      minuteEnds(m); // minute 30 ends on a quarter hour: the cell forgets what is out of reach
    }

    // minute 21 is the oldest still within the 10 minutes of lateness; it replays from minute 20
    delta(EventType.STOCK_RECEIVED, at(21, 0), 100);

    assertThat(last(20).onHandAtEnd).isEqualTo(10 - 31);
    assertThat(last(21).onHandAtEnd).isEqualTo(10 - 31 + 100 - 2);
    assertThat(last(30).onHandAtEnd).isEqualTo(10 - 46 + 100);
  }

  @Test
  void shouldStopAfterTheLastEventsMinuteWhenTheInputEnds() throws Exception {
    snapshot(at(0, 5), 10);
    minuteEnds(0);
    delta(EventType.STOCK_SOLD, at(3, 0), -1);

    harness.processWatermark(Long.MAX_VALUE);

    assertThat(onHand()).containsExactly("m0=10", "m1=10", "m2=10", "m3=9");
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void shouldForgetACellWithNoEventForTheRetention() throws Exception {
    snapshot(at(0, 5), 0);

    harness.processWatermark(at(0, 5).plus(RETENTION).toEpochMilli() - 1);
    assertThat(harness.numKeyedStateEntries()).isPositive();
    harness.processWatermark(at(0, 5).plus(RETENTION).plusSeconds(60).toEpochMilli());

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
    // an alert on a cell nobody reports on any more would fire for ever
    assertThat(side(TrackStock.ALERTS))
        .extracting(AlertSignal::status)
        .containsExactly(AlertStatus.FIRING, AlertStatus.RESOLVED);
    assertThat(side(TrackStock.ALERTS).get(1).summary()).contains("no longer followed");
  }
}
