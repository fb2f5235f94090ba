package com.opsmon.jobs.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.opsmon.jobs.kpi.KpiPoints;
import com.opsmon.model.kpi.KpiPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StockMinuteTest {
  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final long S = T0.toEpochMilli();
  private static final long SECOND = 1000;
  private static final long MINUTE = 60 * SECOND;
  private static final Map<String, String> AMS = Map.of("sku", "all", "warehouse", "ams-1");

  private final List<String> transitions = new ArrayList<>();
  private final StockMinute.Transitions log =
      new StockMinute.Transitions() {
        @Override
        public void out(long at, long level) {
          transitions.add("out@" + (at - S) / SECOND + "s=" + level);
        }

        @Override
        public void back(long at, long level) {
          transitions.add("back@" + (at - S) / SECOND + "s=" + level);
        }
      };

  private static StockChanges changes(long[]... atKindValue) {
    StockChanges changes = new StockChanges();
    for (long[] c : atKindValue) {
      changes.add(S + c[0] * SECOND, (byte) c[1], c[2]);
    }
    return changes;
  }

  private static long[] sold(long second, long units) {
    return new long[] {second, StockChanges.SOLD, units};
  }

  private static long[] received(long second, long units) {
    return new long[] {second, StockChanges.RECEIVED, units};
  }

  private static long[] adjusted(long second, long delta) {
    return new long[] {second, StockChanges.ADJUSTED, delta};
  }

  private static long[] snapshot(long second, long onHand) {
    return new long[] {second, StockChanges.SNAPSHOT, onHand};
  }

  private static Map<String, Double> emitted(StockMinute m, Duration window) {
    List<KpiPoint> points = new ArrayList<>();
    m.emit(new KpiPoints(T0, window, AMS, points::add));
    Map<String, Double> byName = new TreeMap<>();
    points.forEach(p -> byName.put(p.kpi(), p.value()));
    return byName;
  }

  @Test
  void shouldReplayAMinuteFromItsStartingLevelWithSnapshotsSettingIt() {
    StockCell carry = StockCell.at(true, 10);

    StockMinute m =
        StockMinute.replay(
            S,
            carry,
            changes(sold(15, 3), received(30, 5), snapshot(45, 20)),
            15,
            40,
            StockMinute.Transitions.NONE);

    assertThat(m.sold).isEqualTo(3);
    assertThat(m.received).isEqualTo(5);
    assertThat(m.onHandAtStart).isEqualTo(10);
    assertThat(m.onHandAtEnd).isEqualTo(20);
    assertThat(m.onHandMs).isEqualTo((10 + 7 + 12 + 20) * 15.0 * SECOND);
    assertThat(m.knownAtEnd).isEqualTo(1);
    assertThat(m.lowAtEnd).isZero();
    assertThat(m.sold24hAtEnd).isEqualTo(40);
    assertThat(carry.known).isTrue();
    assertThat(carry.level).isEqualTo(20);
  }

  @Test
  void shouldCountEachTimeOnHandReachesZeroAndTellWhenItReturns() {
    StockMinute m =
        StockMinute.replay(
            S,
            StockCell.at(true, 2),
            changes(sold(10, 2), adjusted(40, 3), sold(50, 3)),
            5,
            0,
            log);

    assertThat(m.stockOuts).isEqualTo(2);
    assertThat(transitions).containsExactly("out@10s=0", "back@40s=3", "out@50s=0");
    assertThat(m.lowAtEnd).isEqualTo(1);
  }

  @Test
  void shouldKnowNoLevelBeforeTheFirstSnapshotButCountSalesAllTheSame() {
    StockCell carry = StockCell.at(false, 0);

    StockMinute before =
        StockMinute.replay(S, carry, changes(sold(10, 2)), 5, 2, StockMinute.Transitions.NONE);
    StockMinute from =
        StockMinute.replay(
            S + MINUTE,
            carry,
            changes(sold(70, 1), snapshot(90, 5), sold(100, 1)),
            5,
            4,
            StockMinute.Transitions.NONE);

    assertThat(before.sold).isEqualTo(2);
    assertThat(before.knownAtEnd).isZero();
    assertThat(before.onHandMs).isZero();
    assertThat(emitted(before, Duration.ofMinutes(1)))
        .containsExactly(Map.entry("stock_outs", 0.0));
    assertThat(from.sold).isEqualTo(2);
    assertThat(from.onHandAtStart).isZero();
    assertThat(from.onHandAtEnd).isEqualTo(4);
    assertThat(from.onHandMs).isEqualTo(5 * 10.0 * SECOND + 4 * 20.0 * SECOND);
    assertThat(from.lowAtEnd).isEqualTo(1);
  }

  @Test
  void shouldCountACellFirstSeenEmptyAsAStockOut() {
    StockMinute m =
        StockMinute.replay(S, StockCell.at(false, 0), changes(snapshot(5, 0)), 5, 0, log);

    assertThat(m.stockOuts).isEqualTo(1);
    assertThat(transitions).containsExactly("out@5s=0");
  }

  @Test
  void shouldReadAViewsLevelsAtItsFirstMinutesStartAndItsLastMinutesEndSummedOverCells() {
    StockMinute a0 =
        StockMinute.replay(
            S,
            StockCell.at(true, 100),
            changes(sold(30, 10)),
            50,
            10,
            StockMinute.Transitions.NONE);
    StockMinute a1 =
        StockMinute.replay(
            S + MINUTE, StockCell.at(true, 90), null, 50, 10, StockMinute.Transitions.NONE);
    StockMinute b0 =
        StockMinute.replay(
            S,
            StockCell.at(true, 50),
            changes(received(0, 50)),
            60,
            0,
            StockMinute.Transitions.NONE);
    StockMinute b1 =
        StockMinute.replay(
            S + MINUTE,
            StockCell.at(true, 100),
            changes(sold(90, 20)),
            90,
            20,
            StockMinute.Transitions.NONE);
    StockMinute view = new StockMinute();
    for (StockMinute part : List.of(a1, b0, a0, b1)) {
      view.addAll(part);
    }

    assertThat(view.onHandAtStart).isEqualTo(100 + 50);
    assertThat(view.onHandAtEnd).isEqualTo(90 + 80);
    assertThat(view.knownAtEnd).isEqualTo(2);
    assertThat(view.lowAtEnd).isEqualTo(1);
    assertThat(view.sold).isEqualTo(30);
    assertThat(view.received).isEqualTo(50);
    assertThat(view.sold24hAtEnd).isEqualTo(30);
    assertThat(view.onHandMs).isEqualTo((57 + 54 + 60 + 54) * 100.0 * SECOND);
  }

  @Test
  void shouldDeriveCoverTurnoverAndSellThroughOverHoursAndDays() {
    StockMinute hour = new StockMinute();
    hour.sold = 30;
    hour.received = 50;
    hour.onHandMs = 150.0 * Duration.ofHours(1).toMillis();
    hour.onHandAtStart = 150;
    hour.onHandAtEnd = 170;
    hour.knownAtEnd = 2;
    hour.lowAtEnd = 1;
    hour.sold24hAtEnd = 340;

    assertThat(emitted(hour, Duration.ofHours(1)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "stock_outs", 0.0,
                "days_of_cover", 0.5,
                "inventory_turnover", 0.2,
                "sell_through", 0.15));
    assertThat(emitted(hour, Duration.ofMinutes(1)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("stock_outs", 0.0, "on_hand", 170.0, "low_stock", 1.0));
  }

  @Test
  void shouldGiveNoCoverWithoutSalesAndNoRatiosWithoutStock() {
    StockMinute hour = new StockMinute();
    hour.knownAtEnd = 1;
    hour.onHandAtEnd = 12;

    assertThat(emitted(hour, Duration.ofHours(1)))
        .containsExactlyInAnyOrderEntriesOf(Map.of("stock_outs", 0.0));
  }

  @Test
  void shouldKeepChangesInEventTimeOrderWithSnapshotsAfterChangesOfTheSameMillisecond() {
    StockChanges changes = new StockChanges();
    changes.add(S + 30, StockChanges.SNAPSHOT, 7);
    changes.add(S + 10, StockChanges.SOLD, 1);
    changes.add(S + 30, StockChanges.SOLD, 2);
    changes.add(S + 20, StockChanges.RECEIVED, 3);

    List<String> order = new ArrayList<>();
    for (int i = 0; i < changes.size; i++) {
      order.add((changes.at[i] - S) + ":" + changes.kind[i] + ":" + changes.value[i]);
    }
    assertThat(order).containsExactly("10:0:1", "20:1:3", "30:0:2", "30:3:7");
  }
}
