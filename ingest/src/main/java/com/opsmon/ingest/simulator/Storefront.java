package com.opsmon.ingest.simulator;

import com.opsmon.model.events.EventType;

/**
 * Shoppers. Sessions arrive as a Poisson process per region and channel whose rate follows the
 * local time of day and week, wandering noise and traffic surges. A session searches, a few percent
 * check out, and some of those order (fewer during a payment outage or a slow leak).
 */
final class Storefront {
  private static final long SECOND = 1000L;
  private static final long MINUTE = 60 * SECOND;

  /**
   * Longest gap drawn at one rate: a longer one is re-drawn at the rate of then, so a quiet night
   * cannot skip the morning (exact, since arrivals are memoryless).
   */
  private static final long MAX_GAP_MS = MINUTE;

  private final SimContext ctx;
  private final double sessionsPerSecond;
  private final TrafficNoise noise;
  private final OrderFlow orders;
  private final TechServices services;
  private final CustomerService care;
  private final double[] cumulativeRates = new double[World.REGIONS.size() * World.CHANNELS.size()];
  private long ratesSecond = Long.MIN_VALUE;

  /** The exact, fractional time of the latest arrival; events round it up to the millisecond. */
  private double arrivalClock;

  Storefront(
      SimContext ctx,
      double sessionsPerSecond,
      OrderFlow orders,
      TechServices services,
      CustomerService care) {
    this.ctx = ctx;
    this.sessionsPerSecond = sessionsPerSecond;
    this.noise = new TrafficNoise(ctx);
    this.orders = orders;
    this.services = services;
    this.care = care;
  }

  void start() {
    noise.start();
    arrivalClock = ctx.now();
    scheduleNextArrival();
  }

  private void scheduleNextArrival() {
    refreshRates((long) Math.ceil(arrivalClock));
    double total = cumulativeRates[cumulativeRates.length - 1];
    double gap = total > 0 ? ctx.dice().exponential(SECOND / total) : Double.POSITIVE_INFINITY;
    if (gap > MAX_GAP_MS) {
      arrivalClock += MAX_GAP_MS;
      ctx.timeline().at((long) Math.ceil(arrivalClock), this::scheduleNextArrival);
    } else {
      arrivalClock += gap;
      ctx.timeline().at((long) Math.ceil(arrivalClock), this::arrive);
    }
  }

  private void arrive() {
    refreshRates(ctx.now());
    int series = ctx.dice().pick(cumulativeRates);
    World.Region region = World.REGIONS.get(series / World.CHANNELS.size());
    World.Channel channel = World.CHANNELS.get(series % World.CHANNELS.size());
    // a number, rendered as an id when an event carries it: sessions wait minutes for checkout
    long session = ctx.ids().nextSession();
    emit(EventType.SESSION_STARTED, session, region, channel);
    if (ctx.dice().chance(Behaviour.SEARCH_CALL_PER_SESSION)) {
      ctx.timeline()
          .after(
              ctx.dice().millis(4 * SECOND, 0.8, 100, 5 * MINUTE),
              () -> services.call(TechServices.SEARCH, region));
    }
    if (ctx.dice().chance(Behaviour.CHECKOUT_PER_SESSION)) {
      ctx.timeline()
          .after(
              ctx.dice().millis(4 * MINUTE, 0.7, 20 * SECOND, 60 * MINUTE),
              () -> checkout(session, region, channel));
    } else if (ctx.dice().chance(Behaviour.INQUIRY_PER_BROWSING_SESSION)) {
      ctx.timeline()
          .after(
              ctx.dice().millis(30 * MINUTE, 1.0, MINUTE, 24 * 60 * MINUTE),
              () -> care.open(CustomerService.INQUIRY, region, channel, null));
    }
    scheduleNextArrival();
  }

  private void checkout(long session, World.Region region, World.Channel channel) {
    long t = ctx.now();
    emit(EventType.CHECKOUT_STARTED, session, region, channel);
    services.call(TechServices.CHECKOUT, region);
    services.call(TechServices.INVENTORY, region);
    double orderChance =
        Behaviour.ORDER_PER_CHECKOUT
            * channel.conversionFactor()
            * (1 - Behaviour.GIVE_UP_IN_OUTAGE * ctx.incidents().paymentOutage(region.code(), t))
            * ctx.incidents().conversionFactor(region.code(), t);
    if (ctx.dice().chance(orderChance)) {
      ctx.timeline()
          .after(
              ctx.dice().millis(90 * SECOND, 0.6, 10 * SECOND, 30 * MINUTE),
              () -> orders.place(region, channel));
    }
  }

  /** Rates change slowly: recomputed once per simulated second. */
  private void refreshRates(long t) {
    long second = Math.floorDiv(t, SECOND);
    if (second == ratesSecond) {
      return;
    }
    ratesSecond = second;
    double total = 0;
    for (World.Region region : World.REGIONS) {
      double regional =
          sessionsPerSecond
              * region.trafficShare()
              * Seasonality.factor(t, region.utcOffsetHours())
              * ctx.incidents().trafficMultiplier(region.code(), t);
      for (World.Channel channel : World.CHANNELS) {
        total += regional * channel.share() * noise.factor(region, channel);
        cumulativeRates[region.index() * World.CHANNELS.size() + channel.index()] = total;
      }
    }
  }

  private void emit(EventType type, long session, World.Region region, World.Channel channel) {
    ctx.events()
        .emit(
            type,
            ctx.now(),
            region,
            e -> {
              e.put("sessionId", ctx.ids().session(session));
              e.put("region", region.code());
              e.put("channel", channel.code());
            });
  }
}
