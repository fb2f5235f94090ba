package com.opsmon.jobs.fulfilment;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * How fulfilment is judged.
 *
 * @param defaultSla how long after {@code order_created} an order must have shipped, unless its
 *     warehouse has its own
 * @param slaByWarehouse shipping SLAs of particular warehouses, by warehouse code
 * @param orderRetention an order untouched this long in event time is forgotten: it leaves the
 *     {@code open_orders} backlog and its state is dropped. Long enough to see a shipped order
 *     delivered. The state's TTL (processing time) is a day longer, a backstop for state that event
 *     time never reaches.
 */
public record FulfilmentSettings(
    Duration defaultSla, Map<String, Duration> slaByWarehouse, Duration orderRetention)
    implements Serializable {

  /**
   * Ship within a day. The simulated warehouses ship half their orders within 2 hours and 99%
   * within 8; their slowest order in twelve simulated days took 19 hours (picked during a thin
   * night shift), so a normal day breaches nothing and a stalled warehouse does.
   */
  public static final Duration DEFAULT_SLA = Duration.ofHours(24);

  /**
   * An order picked this long ago and still not shipped is stuck (or its shipment was never
   * reported), not queued: it leaves {@code awaiting_shipment} (it stays in {@code open_orders}).
   * The simulated warehouses ship half their picked orders within an hour and 99.7% within four (a
   * simulated day, seed 7).
   */
  public static final Duration DISPATCH_HORIZON = Duration.ofHours(4);

  /** Deliveries arrive up to 5 days after shipping; a week sees them in with room to spare. */
  public static final Duration DEFAULT_ORDER_RETENTION = Duration.ofDays(7);

  public FulfilmentSettings {
    slaByWarehouse = Map.copyOf(slaByWarehouse);
    requirePositive(defaultSla, "the default SLA");
    slaByWarehouse.forEach((warehouse, sla) -> requirePositive(sla, "the SLA of " + warehouse));
    requirePositive(orderRetention, "the order retention");
    Duration longest =
        slaByWarehouse.values().stream().reduce(defaultSla, (a, b) -> a.compareTo(b) >= 0 ? a : b);
    if (orderRetention.compareTo(longest) <= 0) {
      throw new IllegalArgumentException(
          "the order retention ("
              + orderRetention
              + ") must be longer than every SLA ("
              + longest
              + ")");
    }
  }

  public static FulfilmentSettings defaults() {
    return new FulfilmentSettings(DEFAULT_SLA, Map.of(), DEFAULT_ORDER_RETENTION);
  }

  /** The same, with {@code sla} for {@code warehouse}. */
  public FulfilmentSettings withSla(String warehouse, Duration sla) {
    Map<String, Duration> all = new java.util.HashMap<>(slaByWarehouse);
    all.put(warehouse, sla);
    return new FulfilmentSettings(defaultSla, all, orderRetention);
  }

  /** The shipping SLA of orders from {@code warehouse} (null: the default). */
  public Duration sla(String warehouse) {
    Duration own = warehouse == null ? null : slaByWarehouse.get(warehouse);
    return own == null ? defaultSla : own;
  }

  private static void requirePositive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, not " + d);
    }
  }
}
