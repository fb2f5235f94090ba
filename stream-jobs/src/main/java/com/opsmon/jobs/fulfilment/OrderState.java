package com.opsmon.jobs.fulfilment;

/**
 * What {@link TrackOrders} remembers of one order, times in epoch milliseconds ({@link #NONE} until
 * known). Its events may arrive in any order: a shipment seen before its creation waits here for
 * it.
 */
public final class OrderState {
  static final long NONE = Long.MIN_VALUE;

  /** How an order left the backlog. */
  public enum Exit {
    SHIPPED,
    CANCELLED,
    PAYMENT_FAILED,
    /** delivered without a shipment ever seen */
    DELIVERED
  }

  static final int SHIPMENT_REPORTED = 1;
  static final int DELIVERY_REPORTED = 2;
  static final int EXIT_REPORTED = 4;

  public long createdAt = NONE;

  /** When the SLA expires: fixed when the order is created. */
  public long dueAt = NONE;

  /** When it was picked (its first pick): from then until it leaves it awaits shipment. */
  public long pickedAt = NONE;

  /** When it stopped counting as awaiting shipment (its exit, or the dispatch horizon). */
  public long awaitingLeftAt = NONE;

  public long shippedAt = NONE;
  public long deliveredAt = NONE;

  /** When it left the backlog, and how. */
  public long endedAt = NONE;

  public Exit exit;

  /** Cancelled or refused payment: nothing more will happen to it. */
  public boolean withdrawn;

  /** FIRING was signalled and stands (a withdrawn breach clears it). */
  public boolean breached;

  /** RESOLVED was signalled for the breach. */
  public boolean resolved;

  /** The latest event time of the order's events, and when it is forgotten if nothing follows. */
  public long lastSeen = NONE;

  public long forgetAt = NONE;

  /** Which facts were reported already: {@link #SHIPMENT_REPORTED} and so on. */
  public int reported;

  public String warehouse;
  public String region;

  public OrderState() {}

  boolean known() {
    return createdAt != NONE;
  }

  boolean left() {
    return endedAt != NONE;
  }

  /**
   * Picked before it left (or not left yet): it spent {@code [pickedAt, endedAt)} awaiting
   * shipment.
   */
  boolean awaitedShipment() {
    return pickedAt != NONE && (!left() || pickedAt <= endedAt);
  }

  boolean has(int fact) {
    return (reported & fact) != 0;
  }

  /** No further event is expected: delivered, cancelled or refused. */
  boolean complete() {
    return deliveredAt != NONE || withdrawn;
  }

  /** Everything its events say has been reported, and its SLA is decided for good. */
  boolean settled() {
    return known()
        && left()
        && has(EXIT_REPORTED)
        && (shippedAt == NONE || has(SHIPMENT_REPORTED))
        && (deliveredAt == NONE || has(DELIVERY_REPORTED))
        && (endedAt < dueAt ? !breached : breached && resolved);
  }
}
