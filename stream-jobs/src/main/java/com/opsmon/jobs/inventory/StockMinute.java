package com.opsmon.jobs.inventory;

import com.opsmon.jobs.kpi.KpiAccumulator;
import com.opsmon.jobs.kpi.KpiPoints;
import com.opsmon.jobs.time.EventTime;
import com.opsmon.model.kpi.KpiCatalog;

/**
 * What the stock of one or more cells (a SKU in a warehouse) did over one or more minutes: units
 * sold and received, stock-outs, the time-weighted on-hand, and the levels at the start of the
 * first minute and at the end of the last. Merging minutes of one cell keeps the earliest start and
 * the latest end; merging cells adds levels taken at the same minute, so a view over a window and
 * over SKUs reads the on-hand at the window's start and end as the sum over the SKUs.
 *
 * <p>Levels count only while known: a cell's level is known from its first {@code stock_snapshot}.
 */
public final class StockMinute implements KpiAccumulator<StockMinute> {
  /** Units sold ({@code stock_sold}) and received ({@code stock_received}). */
  public long sold;

  public long received;

  /** Times on-hand reached 0 (or a cell was first seen at 0). */
  public long stockOuts;

  /** On-hand integrated over time, unit-milliseconds, while the level was known. */
  public double onHandMs;

  /** The earliest minute merged in, and the on-hand at its start (cells known then). */
  public long startMinute = Long.MAX_VALUE;

  public long onHandAtStart;

  /** The latest minute merged in, and at its end: on-hand, cells known, cells low, their sales. */
  public long endMinute = Long.MIN_VALUE;

  public long onHandAtEnd;
  public long knownAtEnd;
  public long lowAtEnd;

  /** Units the cells known at the end sold in the 24 hours up to it. */
  public long sold24hAtEnd;

  public StockMinute() {}

  /** Told of each time the level reaches 0 ({@code out}) or rises above it again. */
  public interface Transitions {
    void out(long at, long level);

    void back(long at, long level);

    Transitions NONE =
        new Transitions() {
          @Override
          public void out(long at, long level) {}

          @Override
          public void back(long at, long level) {}
        };
  }

  /**
   * Replays one cell's minute from the level at its start ({@code carry}, left at the level at its
   * end).
   *
   * @param changes the minute's events, in order; null for none
   * @param reorderPoint -1 if unknown
   * @param sold24h units sold in the 24 hours up to the minute's end
   */
  public static StockMinute replay(
      long start,
      StockCell carry,
      StockChanges changes,
      long reorderPoint,
      long sold24h,
      Transitions transitions) {
    StockMinute m = new StockMinute();
    m.startMinute = start;
    m.endMinute = start;
    if (carry.known) {
      m.onHandAtStart = carry.level;
    }
    long since = start;
    int n = changes == null ? 0 : changes.size;
    for (int i = 0; i < n; i++) {
      long t = changes.at[i];
      long v = changes.value[i];
      if (carry.known) {
        m.onHandMs += (double) carry.level * (t - since);
      }
      since = t;
      boolean wasOut = carry.known && carry.level <= 0;
      switch (changes.kind[i]) {
        case StockChanges.SOLD -> {
          m.sold += v;
          carry.level -= v;
        }
        case StockChanges.RECEIVED -> {
          m.received += v;
          carry.level += v;
        }
        case StockChanges.ADJUSTED -> carry.level += v;
        default -> {
          carry.level = v;
          carry.known = true;
        }
      }
      if (carry.known) {
        boolean out = carry.level <= 0;
        if (out && !wasOut) {
          m.stockOuts++;
          transitions.out(t, carry.level);
        } else if (!out && wasOut) {
          transitions.back(t, carry.level);
        }
      }
    }
    if (carry.known) {
      m.onHandMs += (double) carry.level * (start + EventTime.MINUTE - since);
      m.onHandAtEnd = carry.level;
      m.knownAtEnd = 1;
      m.lowAtEnd = reorderPoint >= 0 && carry.level < reorderPoint ? 1 : 0;
      m.sold24hAtEnd = sold24h;
    } else {
      carry.level = 0; // deltas before the first snapshot say nothing of the level
    }
    return m;
  }

  @Override
  public void addAll(StockMinute other) {
    sold += other.sold;
    received += other.received;
    stockOuts += other.stockOuts;
    onHandMs += other.onHandMs;
    if (other.startMinute < startMinute) {
      startMinute = other.startMinute;
      onHandAtStart = other.onHandAtStart;
    } else if (other.startMinute == startMinute) {
      onHandAtStart += other.onHandAtStart;
    }
    if (other.endMinute > endMinute) {
      endMinute = other.endMinute;
      onHandAtEnd = other.onHandAtEnd;
      knownAtEnd = other.knownAtEnd;
      lowAtEnd = other.lowAtEnd;
      sold24hAtEnd = other.sold24hAtEnd;
    } else if (other.endMinute == endMinute) {
      onHandAtEnd += other.onHandAtEnd;
      knownAtEnd += other.knownAtEnd;
      lowAtEnd += other.lowAtEnd;
      sold24hAtEnd += other.sold24hAtEnd;
    }
  }

  @Override
  public void emit(KpiPoints out) {
    out.point(KpiCatalog.STOCK_OUTS, stockOuts);
    if (knownAtEnd > 0) {
      out.point(KpiCatalog.ON_HAND, onHandAtEnd);
      out.point(KpiCatalog.LOW_STOCK, lowAtEnd);
      // on-hand ÷ units sold per day, the day being the 24 hours up to the window's end
      out.ratio(KpiCatalog.DAYS_OF_COVER, onHandAtEnd, sold24hAtEnd);
    }
    out.ratio(KpiCatalog.INVENTORY_TURNOVER, sold, onHandMs / out.window().toMillis());
    out.ratio(KpiCatalog.SELL_THROUGH, sold, onHandAtStart + received);
  }
}
