package com.opsmon.jobs.inventory;

/**
 * The stock events of one SKU in one warehouse in one minute, kept in event-time order so the
 * minute can be replayed: sales, receipts and adjustments change the level, a snapshot sets it. At
 * the same millisecond changes come before a snapshot, which is taken to include them.
 */
public final class StockChanges {
  public static final byte SOLD = 0;
  public static final byte RECEIVED = 1;
  public static final byte ADJUSTED = 2;
  public static final byte SNAPSHOT = 3;

  public long[] at = new long[2];

  /** Units sold or received (positive), an adjustment's signed delta, or a snapshot's on-hand. */
  public long[] value = new long[2];

  public byte[] kind = new byte[2];
  public int size;

  public StockChanges() {}

  /** Inserts in order; events mostly come in order, so this rarely moves anything. */
  public void add(long t, byte k, long v) {
    if (size == at.length) {
      at = java.util.Arrays.copyOf(at, 2 * size);
      value = java.util.Arrays.copyOf(value, 2 * size);
      kind = java.util.Arrays.copyOf(kind, 2 * size);
    }
    int i = size;
    while (i > 0 && (at[i - 1] > t || (at[i - 1] == t && kind[i - 1] > k))) {
      at[i] = at[i - 1];
      value[i] = value[i - 1];
      kind[i] = kind[i - 1];
      i--;
    }
    at[i] = t;
    value[i] = v;
    kind[i] = k;
    size++;
  }
}
