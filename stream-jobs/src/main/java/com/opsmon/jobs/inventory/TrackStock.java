package com.opsmon.jobs.inventory;

import com.opsmon.jobs.kpi.Minute;
import com.opsmon.jobs.kpi.TagCaps;
import com.opsmon.jobs.time.EventTime;
import com.opsmon.model.alerts.AlertSignal;
import com.opsmon.model.events.InventoryEvent;
import com.opsmon.model.kpi.KpiCatalog;
import com.opsmon.model.kpi.SeriesKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Follows the stock of one SKU in one warehouse and, when event time passes the end of each minute,
 * emits what the minute did ({@link StockMinute}) for every minute, changed or not (gauges and
 * totals of levels need every cell in every minute). On-hand is the latest snapshot plus the
 * changes since; each minute is replayed from its events in event-time order, so events that come
 * out of order within the out-of-orderness are placed where they happened.
 *
 * <p>An event in a minute already emitted but still within the allowed lateness replays that minute
 * and every one after it, and emits them again (the views replace them). Events later than that are
 * dead-lettered ({@link #TOO_LATE}) and ignored: the next snapshot puts the level right.
 *
 * <p>Rule {@code stock_out} ({@link #ALERTS}): FIRING when on-hand reaches 0, RESOLVED when it is
 * back above, at the times it happened, signalled as each minute is emitted. A correction that
 * changes whether the SKU is out now signals that; an episode begun and ended inside corrected
 * minutes is counted in {@code stock_outs} but not signalled.
 *
 * <p>At the end of a bounded input the minutes up to the last event are emitted and no more. A cell
 * with no event for the retention is forgotten; the state's TTL, in processing time, is a day
 * longer.
 */
public final class TrackStock
    extends KeyedProcessFunction<String, InventoryEvent, Minute<StockMinute>> {
  public static final OutputTag<AlertSignal> ALERTS =
      new OutputTag<>("inventory-alerts", TypeInformation.of(AlertSignal.class));
  public static final OutputTag<InventoryEvent> TOO_LATE =
      new OutputTag<>("inventory-too-late", TypeInformation.of(InventoryEvent.class));

  /**
   * How often a cell drops the minutes no event can correct any more. Scanning its maps every
   * minute took a twentieth of the pipeline's CPU in a backfill; this keeps at most a quarter of an
   * hour more of them, which nothing reads.
   */
  static final long FORGET_EVERY_MS = 15 * EventTime.MINUTE;

  /** An emitted minute that ended with the level unknown. */
  private static final long UNKNOWN = Long.MIN_VALUE;

  private final long allowedLatenessMs;
  private final Duration retention;

  private transient ValueState<StockCell> cell;
  private transient MapState<Long, StockChanges> changes;
  private transient MapState<Long, Long> emitted;
  private transient MapState<Long, Long> soldPerHour;

  public TrackStock(Duration allowedLateness, InventorySettings settings) {
    this.allowedLatenessMs = allowedLateness.toMillis();
    this.retention = settings.cellRetention();
  }

  @Override
  public void open(OpenContext openContext) {
    StateTtlConfig ttl =
        StateTtlConfig.newBuilder(retention.plusDays(1))
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build();
    ValueStateDescriptor<StockCell> cellDescriptor =
        new ValueStateDescriptor<>("cell", TypeInformation.of(StockCell.class));
    MapStateDescriptor<Long, StockChanges> changesDescriptor =
        new MapStateDescriptor<>(
            "changes-per-minute", Types.LONG, TypeInformation.of(StockChanges.class));
    MapStateDescriptor<Long, Long> emittedDescriptor =
        new MapStateDescriptor<>("level-at-minute-end", Types.LONG, Types.LONG);
    MapStateDescriptor<Long, Long> soldDescriptor =
        new MapStateDescriptor<>("sold-per-hour", Types.LONG, Types.LONG);
    cellDescriptor.enableTimeToLive(ttl);
    changesDescriptor.enableTimeToLive(ttl);
    emittedDescriptor.enableTimeToLive(ttl);
    soldDescriptor.enableTimeToLive(ttl);
    cell = getRuntimeContext().getState(cellDescriptor);
    changes = getRuntimeContext().getMapState(changesDescriptor);
    emitted = getRuntimeContext().getMapState(emittedDescriptor);
    soldPerHour = getRuntimeContext().getMapState(soldDescriptor);
  }

  @Override
  public void processElement(InventoryEvent event, Context ctx, Collector<Minute<StockMinute>> out)
      throws Exception {
    long t = event.occurredAt().toEpochMilli();
    if (EventTime.tooLate(t, allowedLatenessMs, ctx.timerService().currentWatermark())) {
      ctx.output(TOO_LATE, event);
      return;
    }
    byte kind;
    long value;
    switch (event.type()) {
      case STOCK_SNAPSHOT -> {
        kind = StockChanges.SNAPSHOT;
        value = event.onHand() == null ? Long.MIN_VALUE : event.onHand();
      }
      case STOCK_SOLD -> {
        kind = StockChanges.SOLD;
        value = event.quantityDelta() == null ? Long.MIN_VALUE : Math.abs(event.quantityDelta());
      }
      case STOCK_RECEIVED -> {
        kind = StockChanges.RECEIVED;
        value = event.quantityDelta() == null ? Long.MIN_VALUE : Math.abs(event.quantityDelta());
      }
      case STOCK_ADJUSTED -> {
        kind = StockChanges.ADJUSTED;
        value = event.quantityDelta() == null ? Long.MIN_VALUE : event.quantityDelta();
      }
      default -> {
        return;
      }
    }
    if (value == Long.MIN_VALUE) {
      return; // the validator requires the field; nothing to add without it
    }
    StockCell c = cell.value();
    if (c == null) {
      c = new StockCell();
      c.sku = orUnknown(event.sku());
      c.warehouse = orUnknown(event.warehouse());
    }
    if (event.reorderPoint() != null) {
      c.reorderPoint = event.reorderPoint();
    }
    c.lastEvent = Math.max(c.lastEvent, t);
    long minute = EventTime.minuteOf(t);
    StockChanges inMinute = changes.get(minute);
    if (inMinute == null) {
      inMinute = new StockChanges();
    }
    inMinute.add(t, kind, value);
    changes.put(minute, inMinute);
    if (kind == StockChanges.SOLD) {
      long hour = EventTime.hourOf(t);
      Long sold = soldPerHour.get(hour);
      soldPerHour.put(hour, (sold == null ? 0 : sold) + value);
    }
    if (c.nextMinute == StockCell.NONE) {
      c.nextMinute = minute;
    }
    if (minute >= c.nextMinute) {
      // a minute with events is emitted even if the input ends before the chain gets there
      ctx.timerService().registerEventTimeTimer(minute + EventTime.MINUTE - 1);
    } else {
      correct(ctx.getCurrentKey(), c, minute, ctx, out);
    }
    cell.update(c);
  }

  /** Replays the emitted minutes from {@code minute} on and emits them again. */
  private void correct(
      String series, StockCell c, long minute, Context ctx, Collector<Minute<StockMinute>> out)
      throws Exception {
    Long before = emitted.get(minute - EventTime.MINUTE);
    boolean known = before != null && before != UNKNOWN;
    StockCell carry = StockCell.at(known, known ? before : 0);
    long[] lastOut = {StockCell.NONE};
    long[] lastBack = {StockCell.NONE};
    StockMinute.Transitions seen =
        new StockMinute.Transitions() {
          @Override
          public void out(long at, long level) {
            lastOut[0] = at;
          }

          @Override
          public void back(long at, long level) {
            lastBack[0] = at;
          }
        };
    for (long m = minute; m < c.nextMinute; m += EventTime.MINUTE) {
      emit(series, m, carry, c.reorderPoint, seen, out);
    }
    c.known = carry.known;
    c.level = carry.level;
    boolean outNow = c.known && c.level <= 0;
    if (outNow && !c.alerting) {
      c.alerting = true;
      c.outSince = lastOut[0] == StockCell.NONE ? minute : lastOut[0];
      signal(ctx, c, StockOut.firing(c, c.outSince, c.level));
    } else if (!outNow && c.alerting) {
      c.alerting = false;
      long at = Math.max(c.outSince, lastBack[0] == StockCell.NONE ? minute : lastBack[0]);
      signal(ctx, c, StockOut.resolved(c, c.outSince, at, c.level));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Minute<StockMinute>> out)
      throws Exception {
    StockCell c = cell.value();
    if (c == null) {
      return;
    }
    long watermark = ctx.timerService().currentWatermark();
    long target = EventTime.minuteOf(timestamp);
    StockMinute.Transitions signal =
        new StockMinute.Transitions() {
          @Override
          public void out(long at, long level) {
            if (!c.alerting) {
              c.alerting = true;
              c.outSince = at;
              signal(ctx, c, StockOut.firing(c, at, level));
            }
          }

          @Override
          public void back(long at, long level) {
            if (c.alerting) {
              c.alerting = false;
              signal(ctx, c, StockOut.resolved(c, c.outSince, at, level));
            }
          }
        };
    for (long m = c.nextMinute; m <= target; m += EventTime.MINUTE) {
      emit(ctx.getCurrentKey(), m, c, c.reorderPoint, signal, out);
    }
    c.nextMinute = Math.max(c.nextMinute, target + EventTime.MINUTE);
    if (target % FORGET_EVERY_MS == 0) {
      forgetUncorrectable(c, watermark);
    }
    if (!EventTime.endOfInput(watermark)) {
      if (timestamp - c.lastEvent >= retention.toMillis()) {
        if (c.alerting) {
          signal(ctx, c, StockOut.forgotten(c, c.outSince, timestamp, retention));
        }
        cell.clear();
        changes.clear();
        emitted.clear();
        soldPerHour.clear();
        return;
      }
      ctx.timerService().registerEventTimeTimer(c.nextMinute + EventTime.MINUTE - 1);
    }
    cell.update(c);
  }

  /** Replays minute {@code m} from {@code carry}, records where it ended, and emits it. */
  private void emit(
      String series,
      long m,
      StockCell carry,
      long reorderPoint,
      StockMinute.Transitions transitions,
      Collector<Minute<StockMinute>> out)
      throws Exception {
    StockMinute minute =
        StockMinute.replay(m, carry, changes.get(m), reorderPoint, sold24h(m), transitions);
    emitted.put(m, carry.known ? carry.level : UNKNOWN);
    out.collect(new Minute<>(series, m, minute));
  }

  /** Units sold in the hours from 23 before {@code minute}'s to its own. */
  private long sold24h(long minute) throws Exception {
    long last = EventTime.hourOf(minute);
    long first = last - 23 * EventTime.HOUR;
    long sum = 0;
    for (Map.Entry<Long, Long> e : soldPerHour.entries()) {
      if (e.getKey() >= first && e.getKey() <= last) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  /**
   * Drops the emitted minutes no accepted event can reach any more: one stays before the oldest
   * minute the views still take, to replay from. Minutes not emitted yet are kept whatever the
   * watermark (at the end of the input it is the greatest there is).
   */
  private void forgetUncorrectable(StockCell c, long watermark) throws Exception {
    List<Long> old = new ArrayList<>();
    for (Long m : changes.keys()) {
      if (m < c.nextMinute && m + EventTime.MINUTE - 1 + allowedLatenessMs < watermark) {
        old.add(m);
      }
    }
    for (Long m : old) {
      changes.remove(m);
    }
    old.clear();
    for (Long m : emitted.keys()) {
      if (m + 2 * EventTime.MINUTE - 1 + allowedLatenessMs < watermark) {
        old.add(m);
      }
    }
    for (Long m : old) {
      emitted.remove(m);
    }
    old.clear();
    // the oldest minute a correction can replay still needs the 23 hours before its own
    long oldestHour =
        EventTime.hourOf(
                Math.min(watermark, c.nextMinute) - allowedLatenessMs - 2 * EventTime.MINUTE)
            - 23 * EventTime.HOUR;
    for (Long h : soldPerHour.keys()) {
      if (h < oldestHour) {
        old.add(h);
      }
    }
    for (Long h : old) {
      soldPerHour.remove(h);
    }
  }

  /** The series a stock event counts in. */
  static String series(InventoryEvent event) {
    return SeriesKey.of(KpiCatalog.SKU, event.sku(), KpiCatalog.WAREHOUSE, event.warehouse());
  }

  /** {@code event} as if it named the SKU and warehouse of {@code series}. */
  static InventoryEvent withSeries(InventoryEvent event, String series) {
    Map<String, String> tags = SeriesKey.decode(series);
    return new InventoryEvent(
        event.type(),
        event.eventId(),
        event.occurredAt(),
        tags.get(KpiCatalog.SKU),
        tags.get(KpiCatalog.WAREHOUSE),
        event.quantityDelta(),
        event.onHand(),
        event.reorderPoint());
  }

  /**
   * Signals a stock-out of a real SKU. The cell of SKUs folded into {@code other} (beyond the tag
   * caps) mixes their snapshots and changes: its level is no SKU's, and a stock-out of it means
   * nothing to page on.
   */
  private static void signal(Context ctx, StockCell c, AlertSignal signal) {
    if (!TagCaps.OTHER.equals(c.sku) && !TagCaps.OTHER.equals(c.warehouse)) {
      ctx.output(ALERTS, signal);
    }
  }

  private static String orUnknown(String value) {
    return value == null ? SeriesKey.UNKNOWN : value;
  }
}
