package com.opsmon.ingest.simulator;

import java.time.Duration;

/**
 * The retailer's habits as numbers, and what they imply: how many events one session brings on
 * average (itself, its service calls, a checkout, an order and its life, tickets), hence how many
 * sessions per second give the requested event rate.
 */
final class Behaviour {
  static final double SEARCH_CALL_PER_SESSION = 0.5;
  static final double CHECKOUT_PER_SESSION = 0.09;
  static final double ORDER_PER_CHECKOUT = 0.38;

  /** Weights of 1, 2, 3, 4 lines in an order. */
  static final double[] LINE_COUNT_WEIGHTS = {0.60, 0.25, 0.10, 0.05};

  /** Weights of quantity 1, 2, 3 on a line. */
  static final double[] QUANTITY_WEIGHTS = {0.80, 0.15, 0.05};

  static final double PAYMENT_DECLINE = 0.015;
  static final double CANCEL_AFTER_PAYMENT = 0.03;
  static final double RETURN_AFTER_DELIVERY = 0.02;
  static final double TICKET_BEFORE_RETURN = 0.5;
  static final double TICKET_PER_ORDER = 0.05;
  static final double TICKET_AFTER_FAILED_PAYMENT = 0.1;
  static final double INQUIRY_PER_BROWSING_SESSION = 0.002;
  static final double TICKET_REOPENED = 0.06;

  /** Checkouts abandoned in a full payment outage: customers see errors and give up. */
  static final double GIVE_UP_IN_OUTAGE = 0.6;

  static final Duration MIN_SNAPSHOT_INTERVAL = Duration.ofMinutes(15);

  /** Snapshots take at most this share of the event budget at low rates. */
  static final double SNAPSHOT_BUDGET = 0.04;

  private Behaviour() {}

  /**
   * The rates a requested event rate implies.
   *
   * @param ordersPerSecond the expected average order rate, which sizes the stock
   */
  record Rates(double sessionsPerSecond, double ordersPerSecond, Duration snapshotEvery) {}

  static Rates rates(double eventsPerSecond, int skus) {
    int cells = skus * World.WAREHOUSES.size();
    long minutes = (long) Math.ceil(cells / (SNAPSHOT_BUDGET * eventsPerSecond) / 60);
    Duration snapshotEvery =
        Duration.ofMinutes(Math.max(MIN_SNAPSHOT_INTERVAL.toMinutes(), minutes));
    double snapshotRate = cells / (double) snapshotEvery.toSeconds();
    double sessions = (eventsPerSecond - snapshotRate) / expectedEventsPerSession();
    return new Rates(sessions, sessions * CHECKOUT_PER_SESSION * orderPerCheckout(), snapshotEvery);
  }

  /** The average share of checkouts that become orders, over the channel mix. */
  static double orderPerCheckout() {
    double factor = 0;
    for (World.Channel channel : World.CHANNELS) {
      factor += channel.share() * channel.conversionFactor();
    }
    return ORDER_PER_CHECKOUT * factor;
  }

  static double meanLines() {
    return mean(LINE_COUNT_WEIGHTS);
  }

  static double meanQuantity() {
    return mean(QUANTITY_WEIGHTS);
  }

  /** Mirrors the branches of the storefront, order flow and ticket desk. */
  static double expectedEventsPerSession() {
    double lines = meanLines();
    double ticket = 3 + TICKET_REOPENED * 2;
    double paymentErrors = TechServices.PAYMENTS.errorRate();
    double failed = paymentErrors + (1 - paymentErrors) * PAYMENT_DECLINE;
    double delivered = 3 + RETURN_AFTER_DELIVERY * (1 + TICKET_BEFORE_RETURN * ticket);
    double paid =
        TICKET_PER_ORDER * ticket
            + CANCEL_AFTER_PAYMENT * (1 + lines)
            + (1 - CANCEL_AFTER_PAYMENT) * delivered;
    double order =
        1 // order_created
            + lines // stock_sold
            + 2 // the payments call and its outcome
            + failed * (lines + TICKET_AFTER_FAILED_PAYMENT * ticket)
            + (1 - failed) * paid;
    double checkout = 3 + orderPerCheckout() * order; // checkout_started and two service calls
    return 1
        + SEARCH_CALL_PER_SESSION
        + CHECKOUT_PER_SESSION * checkout
        + (1 - CHECKOUT_PER_SESSION) * INQUIRY_PER_BROWSING_SESSION * ticket;
  }

  /** The mean of 1, 2, 3, ... drawn with these weights. */
  private static double mean(double[] weights) {
    double total = 0;
    double sum = 0;
    for (int i = 0; i < weights.length; i++) {
      total += weights[i];
      sum += (i + 1) * weights[i];
    }
    return sum / total;
  }
}
