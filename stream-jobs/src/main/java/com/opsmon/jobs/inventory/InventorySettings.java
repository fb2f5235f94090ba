package com.opsmon.jobs.inventory;

import java.io.Serializable;
import java.time.Duration;

/**
 * How stock is followed.
 *
 * @param cellRetention a SKU in a warehouse with no stock event for this long in event time is
 *     forgotten (its gauges stop). Longer than the time between stock snapshots. The state's TTL
 *     (processing time) is a day longer, a backstop for state that event time never reaches.
 */
public record InventorySettings(Duration cellRetention) implements Serializable {
  public static final Duration DEFAULT_CELL_RETENTION = Duration.ofDays(7);

  public InventorySettings {
    if (cellRetention == null || cellRetention.isNegative() || cellRetention.isZero()) {
      throw new IllegalArgumentException("the cell retention must be positive");
    }
  }

  public static InventorySettings defaults() {
    return new InventorySettings(DEFAULT_CELL_RETENTION);
  }
}
