package com.opsmon.jobs.inventory;

/**
 * What {@link TrackStock} remembers of one SKU in one warehouse besides its recent minutes: where
 * it stands at the start of the next minute to emit, and whether its stock-out alert is firing.
 */
public final class StockCell {
  static final long NONE = Long.MIN_VALUE;

  public String sku;
  public String warehouse;

  /** The latest reorder point an event carried, or -1. */
  public long reorderPoint = -1;

  /** The next minute to emit (its start, epoch milliseconds). */
  public long nextMinute = NONE;

  /** Whether a snapshot has told the level yet; until then deltas cannot give one. */
  public boolean known;

  /** On-hand at the start of {@link #nextMinute}. */
  public long level;

  /** The latest event time of the cell's events. */
  public long lastEvent = NONE;

  /** The stock_out alert is firing, since {@link #outSince}. */
  public boolean alerting;

  public long outSince = NONE;

  public StockCell() {}

  /** A level to replay from: {@code level} if known. */
  static StockCell at(boolean known, long level) {
    StockCell carry = new StockCell();
    carry.known = known;
    carry.level = level;
    return carry;
  }
}
